"""Local servers that notices are sent to (a webhook, a mail server with STARTTLS and a login), and the real
refresh job run against a Dagster instance. Everything binds 127.0.0.1 and is torn down after its test."""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import ssl
import threading
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from demandgen.settings import Settings

SMTP_USER, SMTP_PASSWORD = "demand-health", "s3cret-smtp-passw0rd"


# --- the webhook -------------------------------------------------------------------------------------


class _Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass  # no request lines in the test output


@pytest.fixture
def webhook():
    """A local webhook: `.url`, `.received` (content type, JSON body) in order, `.status` it answers with.

    Each POST is answered before the sender goes on, so messages are all here once a refresh returns."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Webhook)
    server.received, server.status = [], 200
    server.url = f"http://127.0.0.1:{server.server_port}/hooks/demandgen"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_port_url() -> str:
    return f"http://127.0.0.1:{closed_port()}/nobody-listens"


# --- the mail server ---------------------------------------------------------------------------------


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made for this test only."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


class _Mailbox:
    def __init__(self):
        self.messages = []  # SimpleNamespace(sender, recipients, mail, login, tls)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            SimpleNamespace(
                sender=envelope.mail_from,
                recipients=list(envelope.rcpt_tos),
                # Lines end in CRLF on the wire; a mail client shows them as lines.
                mail=BytesParser(policy=policy.default).parsebytes(envelope.original_content.replace(b"\r\n", b"\n")),
                login=session.auth_data.login.decode() if session.auth_data else None,
                tls=session.ssl is not None,
            )
        )
        return "250 OK"


def _check_login(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@pytest.fixture
def smtp_server(tmp_path, monkeypatch):
    """A mail server on 127.0.0.1 that offers STARTTLS with a self-signed certificate (which this test's
    client trusts through SSL_CERT_FILE), requires TLS before a login, and accepts SMTP_USER/SMTP_PASSWORD.
    `.port`, `.messages` (what it received, parsed), `.cert`."""
    cert, key = self_signed_certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    mailbox = _Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=closed_port(),
        tls_context=tls,
        require_starttls=True,
        authenticator=_check_login,
        auth_require_tls=True,
        server_hostname="127.0.0.1",
        ready_timeout=10,
    )
    controller.start()
    yield SimpleNamespace(port=controller.port, messages=mailbox.messages, cert=cert)
    controller.stop()


# --- the refresh job, as Dagster runs it ------------------------------------------------------------------


def run_refresh_job(config: Path, inbox: Path, warehouse: Path, instance: dg.DagsterInstance):
    """The refresh job itself (its name, tags and failure hook), run against the given paths and recorded in
    `instance`, as the schedule and the inbox sensor run it."""
    from orchestration.assets import inbox_exports, marketing_config, serving_warehouse
    from orchestration.dbt_models import demandgen_dbt_models
    from orchestration.dbt_project import dbt_resource
    from orchestration.jobs import refresh_job
    from orchestration.resources import WarehouseResource

    settings = Settings(config.resolve(), inbox.resolve(), warehouse.resolve())
    defs = dg.Definitions(
        assets=[marketing_config, inbox_exports, demandgen_dbt_models, serving_warehouse],
        jobs=[refresh_job],
        resources={"warehouse": WarehouseResource.from_settings(settings), "dbt": dbt_resource()},
    )
    return defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False)
