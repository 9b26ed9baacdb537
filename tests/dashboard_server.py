"""The dashboard as production runs it: gunicorn with the deploy config, on a free port (a pytest plugin)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gunicorn(tmp_path):
    """Start `gunicorn -c deploy/gunicorn.conf.py dashboard.wsgi:server` as the dashboard unit does, on a free
    port with two workers; yields (base url, log file); stopped after the test whatever happens."""
    servers = []

    def start(warehouse: Path, env: dict[str, str] | None = None) -> tuple[str, Path]:
        port = free_port()
        log = tmp_path / f"gunicorn-{port}.log"
        environment = {**os.environ, "DEMANDGEN_WAREHOUSE": str(warehouse), **(env or {})}
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "dashboard.wsgi:server",
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
        servers.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90  # a wait for the workers to import Dash, not a timing check
        while True:
            try:
                urllib.request.urlopen(url + "/_dash-dependencies", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break  # answering, if only to refuse
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start (exit {process.poll()}):\n{log.read_text()}")
                time.sleep(0.2)
        return url, log

    yield start
    for process in servers:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
