"""gunicorn settings for the dashboard: `gunicorn -c deploy/gunicorn.conf.py dashboard.wsgi:server`.

Flags and GUNICORN_CMD_ARGS override these, e.g. GUNICORN_CMD_ARGS="--bind 0.0.0.0:8050" to open
it to the network (set the dashboard credentials first, and put TLS in front).
"""

import multiprocessing

# This machine only, like `demandgen serve`; a reverse proxy on the same machine adds TLS.
bind = "127.0.0.1:8050"
# Pages wait on DuckDB, not on each other: a few processes serve a team. More than 4 only costs memory.
workers = min(2 * multiprocessing.cpu_count() + 1, 4)
# A page runs a handful of queries on a small file; a worker stuck for a minute is restarted.
timeout = 60
graceful_timeout = 30
# Access and error logs to stdout/stderr: systemd's journal keeps them.
accesslog = "-"
errorlog = "-"
# gunicorn's control socket lives in the user's home or runtime folder, where two instances would
# collide; systemctl's signals do all the dashboard needs.
control_socket_disable = True


def when_ready(server):
    """The warning `demandgen serve` gives, for an address beyond this machine without credentials."""
    from dashboard.app import credentials_from_env, network_warning

    try:
        credentials = credentials_from_env()
    except ValueError:
        return  # a half-set pair: each worker refuses to start and logs why
    for address in server.cfg.address:
        if isinstance(address, tuple) and (warning := network_warning(address[0], credentials)):
            server.log.warning(warning)
