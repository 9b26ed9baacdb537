"""Measure the pipeline on scaled inboxes, in one run, against issue 18's targets (and issue 7's).

Steps: write the scaled inbox (seeds.scale), time our ingest of the Search Console bulk files
against a bare DuckDB read_csv of the same files, run a full `demandgen refresh` (wall time, peak
memory of its process tree, time per step), add one day of exports and refresh again, time the
dashboard's page loads, callbacks and downloads through the WSGI app, and time `demandgen
scorecard`. Then the same full and incremental refresh on half the history (does history cost?),
and a full refresh at scale 4 for its memory. Prints a table and writes JSON
(bench/results/latest.json unless --json says otherwise).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "latest.json"
SAMPLE_EVERY = 0.2  # seconds between memory samples
TARGETS = {  # (measurement, how it is compared, limit): issue 18's, then issue 7's still measured
    "full_over_bare_read_csv": ("<=", 8.0),
    "incremental_ratio": ("<=", 0.2),
    "incremental_history_growth": ("<=", 1.1),
    "dashboard_first_ms": ("<=", 150.0),
    "dashboard_repeated_p95_ms": ("<=", 50.0),
    "full_refresh_peak_rss_gb": ("<", 2.0),
    "memory_scale_peak_rss_gb": ("<", 3.0),
    "ingest_ratio": ("<=", 1.5),
    "scorecard_seconds": ("<", 2.0),
}
STEP_START, STEP_DONE = re.compile(r"- (\S+)"), re.compile(r"  done in ([\d.]+) s")


def _cli(*args: str) -> list[str]:
    # The same code as the `demandgen` console script, whichever environment runs the bench.
    return [sys.executable, "-m", "demandgen.cli", *args]


# --- memory of a process tree ----------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    # The command name, in parentheses, may hold spaces: the parent pid follows its ')'.
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss_bytes(pid: int) -> int:
    """VmRSS of pid and all its descendants, summed (0 once the process is gone)."""
    tree, todo, total = _children(), [pid], 0
    while todo:
        p = todo.pop()
        todo += tree.get(p, [])
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def run_measured(cmd: list[str], log: Path) -> dict:
    """Run cmd, sampling its process tree's memory every SAMPLE_EVERY s; wall time and peak."""
    peak = 0
    began, wall_began = time.perf_counter(), time.time()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            peak = max(peak, tree_rss_bytes(proc.pid))
            time.sleep(SAMPLE_EVERY)
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "peak_rss_bytes": peak,
        "exit_code": proc.returncode,
        "log": str(log),
        "steps": step_seconds(log),
        "dbt": dbt_timings(log, wall_began, time.time()),
    }


def step_seconds(log: Path) -> dict[str, float]:
    """Each Dagster step's time, as the refresh printed it ("- step", its messages and dbt's, "  done in 1.2 s")."""
    steps, step = {}, None
    for line in log.read_text(errors="replace").splitlines():
        if started := STEP_START.fullmatch(line):
            step = started.group(1)
        elif (done := STEP_DONE.fullmatch(line)) and step:
            steps[step] = float(done.group(1))
    return steps


# --- the measurements ------------------------------------------------------------------------------


def measure_ingest(inbox: Path, config_path: Path, work: Path) -> dict:
    """Our ingester vs a bare read_csv of the same Search Console bulk files, each into a fresh file."""
    from orchestration.config import load_config
    from orchestration.ingest.landing import ingest_inbox

    files = sorted((inbox / "bulk_export").glob("*.csv"))
    only_bulk = work / "ingest_inbox"
    shutil.rmtree(only_bulk, ignore_errors=True)
    only_bulk.mkdir(parents=True)
    for f in files:  # hard links: the inbox skips symbolic links, and copying would cost time and disk
        os.link(f, only_bulk / f.name)
    config = load_config(config_path)

    ours_db, bare_db = work / "ingest_ours.duckdb", work / "ingest_bare.duckdb"
    for db in (ours_db, bare_db):
        db.unlink(missing_ok=True)
    began = time.perf_counter()
    con = duckdb.connect(str(ours_db))
    report = ingest_inbox(con, only_bulk, config, "bench")
    con.close()
    ours = time.perf_counter() - began

    began = time.perf_counter()
    con = duckdb.connect(str(bare_db))
    listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    con.execute(f"create table t as select * from read_csv([{listed}])")
    con.close()
    bare = time.perf_counter() - began

    with duckdb.connect(str(bare_db), read_only=True) as con:
        bare_rows = con.execute("select count(*) from t").fetchall()[0][0]
    return {
        "files": len(files),
        "ours_seconds": ours,
        "bare_read_csv_seconds": bare,
        "ratio": ours / bare,
        "ours_rows": sum(f["rows"] for f in report.loaded),
        "bare_rows": bare_rows,
        "ours_files_loaded": len(report.loaded),
        "ours_files_rejected": len(report.rejected),
    }


def _percentile(values: list[float], q: float) -> float:
    # Nearest rank: the smallest value with at least q of the values at or below it.
    return sorted(values)[max(0, math.ceil(len(values) * q) - 1)]


def _router_payload(pathname: str) -> dict:
    """The body the browser POSTs for the Dash pages router when it opens pathname."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }


def _nav_payload(pathname: str, pages: list[str]) -> dict:
    outputs = [{"id": f"nav-{p}", "property": "className"} for p in pages]
    return {
        "output": ".." + "...".join(f"nav-{p}.className" for p in pages) + "..",
        "outputs": outputs,
        "inputs": [{"id": "nav-location", "property": "pathname", "value": pathname}],
        "changedPropIds": ["nav-location.pathname"],
        "state": [],
    }


def measure_dashboard(warehouse: Path, repeat: int) -> dict:
    """Server-side time of every page load, callback and download, through the Flask test client."""
    import dash

    from dashboard import queries
    from dashboard.app import create_app
    from dashboard.downloads import DOWNLOADS

    app = create_app(warehouse)
    client = app.server.test_client()
    # Dash registers the pages router on the first request a server gets: that one request (the HTML
    # shell, which a browser fetches before anything else) is made untimed.
    assert client.get("/").status_code == 200
    pages = [(p["relative_path"], p["module"].split(".")[-1]) for p in dash.page_registry.values()]
    requests = [
        (f"page {path}", "page", lambda path=path: client.post("/_dash-update-component", json=_router_payload(path)))
        for path, _ in pages
    ]
    requests.append(
        (
            "callback nav highlight",
            "callback",
            lambda: client.post("/_dash-update-component", json=_nav_payload("/traffic", [m for _, m in pages])),
        )
    )
    requests += [
        (f"download {name}.csv", "download", lambda name=name: client.get(f"/download/{name}.csv"))
        for name in DOWNLOADS
    ]
    results = []
    for name, kind, call in requests:
        # Each endpoint starts with nothing remembered, so its first request reads the warehouse as the first
        # request after a refresh does (cold_ms), and the rest are served as later requests are.
        queries.forget_all()
        times, size = [], 0
        for _ in range(repeat):
            began = time.perf_counter()
            response = call()
            body = response.get_data()
            times.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{name}: HTTP {response.status_code}: {body[:200]!r}")
            size = len(body)
        results.append(
            {
                "name": name,
                "kind": kind,
                "n": repeat,
                "p50_ms": statistics.median(times),
                "p95_ms": _percentile(times, 0.95),
                "max_ms": max(times),
                "cold_ms": times[0],
                # The requests after the first, which find the page's results remembered.
                "repeated_p95_ms": _percentile(times[1:], 0.95) if len(times) > 1 else times[0],
                "bytes": size,
            }
        )
    return {
        "method": "pages router callback (POST /_dash-update-component as the browser sends it) per page; "
        "the nav highlight callback; GET /download/<table>.csv; every timed request counted; "
        "remembered results dropped before each endpoint, so its first request (cold_ms) reads "
        "the warehouse as the first one after a refresh does",
        "requests": results,
        "worst_p95_ms": max(r["p95_ms"] for r in results),
        "worst_cold_ms": max(r["cold_ms"] for r in results),
        "pages_first_ms": max(r["cold_ms"] for r in results if r["kind"] == "page"),
        "pages_repeated_p95_ms": max(r["repeated_p95_ms"] for r in results if r["kind"] == "page"),
    }


# --- the run ---------------------------------------------------------------------------------------


def run(scale: float, work: Path, repeat: int, years: int, history_scale: float, memory_scale: float) -> dict:
    from seeds import scale as scaled

    work.mkdir(parents=True, exist_ok=True)
    out = {
        "scale": scale,
        "years": years,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "work_dir": str(work),
    }
    print(f"writing the scale {scale} inbox to {work / 'inbox'} ...", flush=True)
    began = time.perf_counter()
    out["generated"] = scaled.generate(work, scale, years)
    out["generation_seconds"] = time.perf_counter() - began
    inbox, config = work / "inbox", work / "demandgen.yaml"

    print("ingest: ours vs bare read_csv ...", flush=True)
    out["ingest"] = measure_ingest(inbox, config, work)

    warehouse = work / "warehouse" / "demandgen.duckdb"
    out["full_refresh"], out["next_day"], out["incremental_refresh"] = full_then_next_day(work, scale, years)
    out["full_refresh"]["over_bare_read_csv"] = out["full_refresh"]["seconds"] / out["ingest"]["bare_read_csv_seconds"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        out["warehouse"] = {
            "bytes": warehouse.stat().st_size,
            "ingested_files": dict(
                con.execute("select status, count(*) from marts.ingested_files group by status").fetchall()
            ),
        }

    print("dashboard ...", flush=True)
    out["dashboard"] = measure_dashboard(warehouse, repeat)

    print("scorecard ...", flush=True)
    began = time.perf_counter()
    scorecard = subprocess.run(_cli("scorecard", "--warehouse", str(warehouse)), cwd=REPO, capture_output=True)
    out["scorecard"] = {"seconds": time.perf_counter() - began, "exit_code": scorecard.returncode}
    if scorecard.returncode != 0:
        raise RuntimeError(f"demandgen scorecard failed: {scorecard.stderr.decode()[-500:]}")

    # Does history cost? The same refreshes on an inbox with the traffic of `history_scale`.
    print(f"history: the scale {history_scale} inbox, full and incremental refresh ...", flush=True)
    smaller = work / f"scale-{history_scale}"
    generated = scaled.generate(smaller, history_scale, years)
    full, _, incremental = full_then_next_day(smaller, history_scale, years)
    out["history"] = {
        "scale": history_scale,
        "bulk_rows": generated["bulk_rows"],
        "full_refresh": full,
        "incremental_refresh": incremental,
        "incremental_growth": out["incremental_refresh"]["seconds"] / incremental["seconds"],
    }
    shutil.rmtree(smaller, ignore_errors=True)

    if memory_scale:
        print(f"memory: the scale {memory_scale} inbox, full refresh ...", flush=True)
        larger = work / f"scale-{memory_scale}"
        generated = scaled.generate(larger, memory_scale, years)
        out["memory"] = {"scale": memory_scale, "bulk_rows": generated["bulk_rows"], "full_refresh": _refresh(larger)}
        _require_published(out["memory"]["full_refresh"], f"scale {memory_scale} full refresh")
        shutil.rmtree(larger, ignore_errors=True)

    out["verdicts"] = verdicts(out)
    return out


def _refresh(work: Path, name: str = "full_refresh") -> dict:
    """`demandgen refresh` of work/inbox into work/warehouse, measured."""
    warehouse = work / "warehouse" / "demandgen.duckdb"
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    config, inbox = work / "demandgen.yaml", work / "inbox"
    refresh = _cli("refresh", "--config", str(config), "--inbox", str(inbox), "--warehouse", str(warehouse))
    return run_measured(refresh, work / f"{name}.log")


def full_then_next_day(work: Path, scale: float, years: int) -> tuple[dict, dict, dict]:
    """A full refresh of a fresh warehouse, then one after the next day's exports arrive."""
    from seeds import scale as scaled

    shutil.rmtree(work / "warehouse", ignore_errors=True)
    print("  full refresh ...", flush=True)
    full = _refresh(work)
    _require_published(full, f"scale {scale} full refresh")
    next_day = scaled.add_next_day(work, scale, years)
    print("  incremental refresh after one new day ...", flush=True)
    incremental = _refresh(work, "incremental_refresh")
    _require_published(incremental, f"scale {scale} incremental refresh")
    incremental["ratio"] = incremental["seconds"] / full["seconds"]
    return full, next_day, incremental


def _require_published(result: dict, what: str) -> None:
    # 2 = published with some files rejected: still a refresh to time; the JSON keeps the count.
    if result["exit_code"] not in (0, 2):
        tail = Path(result["log"]).read_text(errors="replace")[-1500:]
        raise RuntimeError(f"{what} failed (exit {result['exit_code']}), see {result['log']}:\n{tail}")


def dbt_timings(log: Path, since: float, until: float, top: int = 10) -> dict:
    """dbt's own per-node timings for the build of the refresh that wrote log.

    Each refresh's dbt build writes target/<job>-<run id>/run_results.json. The refresh names that
    folder in its log when it copies dbt's parse cache there; failing that, the one file written in
    the refresh's time window is ours, unless another refresh on this machine wrote one then too.
    """
    target = REPO / "dbt_project" / "target"
    named = re.search(r"target/(demandgen_dbt_models-[\w-]+)/", log.read_text(errors="replace"))
    if named and (target / named.group(1) / "run_results.json").exists():
        found = [target / named.group(1) / "run_results.json"]
    else:
        found = [p for p in target.glob("*/run_results.json") if since <= p.stat().st_mtime <= until]
    if len(found) != 1:
        return {"note": f"{len(found)} dbt run_results.json written during the refresh: not attributed"}
    run_results = json.loads(found[0].read_text())
    results = run_results["results"]
    by_type: dict[str, float] = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        by_type[kind] = by_type.get(kind, 0.0) + (r.get("execution_time") or 0.0)
    slowest = sorted(results, key=lambda r: -(r.get("execution_time") or 0.0))[:top]
    return {
        "file": str(found[0]),
        "elapsed_seconds": run_results["elapsed_time"],
        "nodes": len(results),
        "seconds_by_type": by_type,
        "slowest": [{"node": r["unique_id"], "seconds": r.get("execution_time") or 0.0} for r in slowest],
    }


def verdicts(out: dict) -> dict:
    values = {
        "full_over_bare_read_csv": out["full_refresh"]["over_bare_read_csv"],
        "incremental_ratio": out["incremental_refresh"]["ratio"],
        "incremental_history_growth": out["history"]["incremental_growth"],
        "dashboard_first_ms": out["dashboard"]["pages_first_ms"],
        "dashboard_repeated_p95_ms": out["dashboard"]["pages_repeated_p95_ms"],
        "full_refresh_peak_rss_gb": out["full_refresh"]["peak_rss_bytes"] / 1e9,
        "ingest_ratio": out["ingest"]["ratio"],
        "scorecard_seconds": out["scorecard"]["seconds"],
    }
    if "memory" in out:
        values["memory_scale_peak_rss_gb"] = out["memory"]["full_refresh"]["peak_rss_bytes"] / 1e9
    return {
        key: {
            "value": value,
            "target": f"{TARGETS[key][0]} {TARGETS[key][1]:g}",
            "pass": value <= TARGETS[key][1] if TARGETS[key][0] == "<=" else value < TARGETS[key][1],
        }
        for key, value in values.items()
    }


def table(out: dict) -> str:
    v, i, f, n, h = out["verdicts"], out["ingest"], out["full_refresh"], out["incremental_refresh"], out["history"]

    def mark(key: str) -> str:
        return "PASS" if v[key]["pass"] else "MISS"

    lines = [
        f"Benchmark at scale {out['scale']} ({out['generated']['bulk_rows']:,} Search Console bulk rows, "
        f"{out['cpus']} CPUs; inbox written in {out['generation_seconds']:.0f} s)",
        f"{'measurement':<54}{'value':>14}  {'target':<8}verdict",
    ]

    def row(label: str, value: str, key: str | None = None) -> None:
        lines.append(f"{label:<54}{value:>14}  {v[key]['target'] if key else '':<8}{mark(key) if key else ''}")

    row(f"ingest {i['files']} bulk files: ours", f"{i['ours_seconds']:.1f} s")
    row("ingest: bare DuckDB read_csv", f"{i['bare_read_csv_seconds']:.1f} s")
    row(f"ingest ratio (rows {i['ours_rows']:,} / {i['bare_rows']:,})", f"{i['ratio']:.2f}x", "ingest_ratio")
    row("full refresh wall time", f"{f['seconds']:.1f} s")
    lines += step_rows(f)
    row("full refresh / bare read_csv", f"{f['over_bare_read_csv']:.1f}x", "full_over_bare_read_csv")
    row("full refresh peak RSS (process tree)", f"{f['peak_rss_bytes'] / 1e9:.2f} GB", "full_refresh_peak_rss_gb")
    row("incremental refresh (one new day)", f"{n['seconds']:.1f} s")
    lines += step_rows(n)
    row("incremental / full", f"{n['ratio']:.2f}", "incremental_ratio")
    row(f"incremental at scale {h['scale']} ({h['bulk_rows']:,} rows)", f"{h['incremental_refresh']['seconds']:.1f} s")
    row(
        f"incremental at scale {out['scale']} / at scale {h['scale']}",
        f"{h['incremental_growth']:.2f}",
        "incremental_history_growth",
    )
    if "memory" in out:
        m = out["memory"]
        row(f"full refresh at scale {m['scale']} ({m['bulk_rows']:,} rows)", f"{m['full_refresh']['seconds']:.0f} s")
        row(
            "  its peak RSS (process tree)",
            f"{m['full_refresh']['peak_rss_bytes'] / 1e9:.2f} GB",
            "memory_scale_peak_rss_gb",
        )
    lines += dashboard_rows(out["dashboard"])
    row("dashboard pages: slowest first request", f"{out['dashboard']['pages_first_ms']:.0f} ms", "dashboard_first_ms")
    row(
        "dashboard pages: worst p95 of repeated requests",
        f"{out['dashboard']['pages_repeated_p95_ms']:.0f} ms",
        "dashboard_repeated_p95_ms",
    )
    row("demandgen scorecard wall time", f"{out['scorecard']['seconds']:.2f} s", "scorecard_seconds")
    lines.append(
        f"Peak RSS: the sum of VmRSS over the refresh process and its descendants, sampled every "
        f"{SAMPLE_EVERY} s (/proc), maximum over the run. Steps: as the refresh printed them; start-up is the "
        "rest of the wall time (the interpreter, imports, Dagster's instance and run)."
    )
    lines.append(
        "Dashboard: server-side time through the WSGI app (Flask test client), every timed request "
        "counted; one untimed GET / first, the request on which Dash registers its pages router."
    )
    return "\n".join(lines)


def step_rows(refresh: dict) -> list[str]:
    """Where a refresh's time went: each step, dbt's share split into its nodes and the rest, start-up."""
    steps, rows = refresh.get("steps", {}), []
    for step, seconds in steps.items():
        rows.append(f"{'  ' + step:<54}{seconds:>12.1f} s")
        dbt = refresh["dbt"]
        if step == "demandgen_dbt_models" and "elapsed_seconds" in dbt:
            # Node times are summed over dbt's threads, so they are shown beside the build's wall time.
            by_type = dbt["seconds_by_type"]
            label = (
                f"dbt build, {dbt['nodes']} nodes "
                f"(models {by_type.get('model', 0):.1f} s, tests {by_type.get('test', 0):.1f} s)"
            )
            rows.append(f"{'    ' + label:<54}{dbt['elapsed_seconds']:>12.1f} s")
            rows.append(f"{'    dbt start and parse, docs, Dagster':<54}{seconds - dbt['elapsed_seconds']:>12.1f} s")
    rows.append(f"{'  start-up and the rest':<54}{refresh['seconds'] - sum(steps.values()):>12.1f} s")
    return rows


def dashboard_rows(dashboard: dict) -> list[str]:
    """p50/p95 of each endpoint, then its first request (nothing remembered yet)."""
    return [
        f"{'  ' + r['name'] + ' (n=' + str(r['n']) + ')':<50}"
        f"{_ms(r['p50_ms']) + '/' + _ms(r['p95_ms']) + ' ms':>16}  first {_ms(r['cold_ms'])} ms"
        for r in dashboard["requests"]
    ]


def dashboard_only(work: Path, repeat: int) -> dict:
    """Only the dashboard measurement, on the warehouse an earlier `--work DIR` run left in DIR."""
    warehouse = work / "warehouse" / "demandgen.duckdb"
    if not warehouse.is_file():
        raise SystemExit(f"--only dashboard: no warehouse at {warehouse}; run `python -m bench --work {work}` first")
    out = {
        "only": "dashboard",
        "work_dir": str(work),
        "cpus": os.cpu_count(),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": {"bytes": warehouse.stat().st_size},
    }
    out["dashboard"] = measure_dashboard(warehouse, repeat)
    return out


def dashboard_table(out: dict) -> str:
    d = out["dashboard"]
    lines = [
        f"Dashboard on {out['work_dir']} ({out['warehouse']['bytes'] / 1e6:.0f} MB warehouse, {out['cpus']} CPUs)",
        f"{'request':<50}{'p50/p95':>16}  first request",
        *dashboard_rows(d),
        f"pages: worst p95 of repeated requests {d['pages_repeated_p95_ms']:.0f} ms "
        f"(target <= {TARGETS['dashboard_repeated_p95_ms'][1]:.0f} ms), slowest first request "
        f"{d['pages_first_ms']:.0f} ms (target <= {TARGETS['dashboard_first_ms'][1]:.0f} ms)",
    ]
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: about 5 million Search Console rows")
    parser.add_argument("--years", type=int, default=3, help="years of history (default 3)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per dashboard endpoint (default 20)")
    parser.add_argument(
        "--history-scale", type=float, help="the smaller inbox whose incremental refresh is compared (default: half)"
    )
    parser.add_argument(
        "--memory-scale",
        type=float,
        help="the large inbox whose full refresh's memory is measured (default: 4 times --scale; 0 leaves it out)",
    )
    parser.add_argument(
        "--work", type=Path, help="where the inbox and warehouses go (default: a temporary folder, removed afterwards)"
    )
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    parser.add_argument(
        "--only", choices=["dashboard"], help="only the dashboard, on the warehouse an earlier run left in --work DIR"
    )
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1 or (args.history_scale or 1) <= 0 or (args.memory_scale or 0) < 0:
        parser.error("--scale and --history-scale must be positive, --repeat at least 1, --memory-scale 0 or more")
    if args.only:
        if args.work is None:
            parser.error("--only dashboard needs --work DIR, the folder of an earlier run")
        out = dashboard_only(args.work, args.repeat)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n")
        print(dashboard_table(out))
        print(f"results: {args.json}")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="demandgen-bench-"))
    try:
        history_scale = args.history_scale or args.scale / 2
        memory_scale = 4 * args.scale if args.memory_scale is None else args.memory_scale
        out = run(args.scale, work, args.repeat, args.years, history_scale, memory_scale)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=2) + "\n")
    print(table(out))
    print(f"results: {args.json}")
    return 0
