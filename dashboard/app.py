"""The dashboard: a Dash multi-page app over the serving warehouse, built by a factory.

`create_app` is all `demandgen serve`, the WSGI server (dashboard/wsgi.py) and the browser tests
need; each app carries its own warehouse path in its Flask config, so two apps in one process never
see each other's data. With DEMANDGEN_DASHBOARD_USER and DEMANDGEN_DASHBOARD_PASSWORD set, every
request (pages, Dash's own endpoints, assets, CSV downloads) needs them.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path

import dash
from dash import Dash, Input, Output, dcc, html
from flask import Flask, Response, current_app, request, send_file

from demandgen.settings import docs_beside

from . import downloads
from .components import WAREHOUSE_CONFIG_KEY

PAGES_FOLDER = Path(__file__).parent / "pages"
USER_VARIABLE = "DEMANDGEN_DASHBOARD_USER"
PASSWORD_VARIABLE = "DEMANDGEN_DASHBOARD_PASSWORD"
REALM = "Demand-gen health"


class CredentialsError(ValueError):
    """Only one of the two credential variables is set."""


def credentials_from_env(environ: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """(user, password) when both variables are set, None when neither is (an empty value is unset)."""
    user, password = environ.get(USER_VARIABLE, ""), environ.get(PASSWORD_VARIABLE, "")
    if user and password:
        return user, password
    if not user and not password:
        return None
    missing, present = (USER_VARIABLE, PASSWORD_VARIABLE) if password else (PASSWORD_VARIABLE, USER_VARIABLE)
    raise CredentialsError(f"{present} is set but {missing} is not: set both to require a password, or neither")


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only (127.0.0.1, ::1, localhost)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name or an address of a network interface


def network_warning(host: str, credentials: tuple[str, str] | None) -> str | None:
    """What to say when the dashboard listens beyond this machine with no password; None when it doesn't."""
    if credentials or is_loopback(host):
        return None
    return (
        f"warning: the dashboard on {host} is open to the network without a password; "
        f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} to require one"
    )


def require_credentials(server: Flask, user: str, password: str) -> None:
    """HTTP Basic authentication in front of every request the Flask server answers."""
    expected = (user.encode(), password.encode())

    def check_credentials():
        given = request.authorization
        if given is not None and given.type == "basic":
            # Both compared in constant time, and both always compared, so the time taken says nothing
            # about which part or how much of it was right.
            user_ok = hmac.compare_digest((given.username or "").encode(), expected[0])
            password_ok = hmac.compare_digest((given.password or "").encode(), expected[1])
            if user_ok & password_ok:
                return None
        return Response(
            "Sign in to see the demand-gen dashboard.\n",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": f'Basic realm="{REALM}"'},
        )

    # First in line, ahead of the hooks Dash registers, so nothing runs for a request without credentials.
    server.before_request_funcs.setdefault(None, []).insert(0, check_credentials)


def serve_docs(server: Flask) -> None:
    """The warehouse's documentation (every mart, column and test, as dbt documents them) at /docs: the page
    each refresh publishes beside the serving file. Behind the same login as everything else."""

    @server.route("/docs")
    def docs() -> Response:
        page = docs_beside(current_app.config[WAREHOUSE_CONFIG_KEY])
        if not page.is_file():
            return Response(
                "No documentation yet: run `demandgen refresh`, which publishes it with the warehouse.\n",
                status=404,
                mimetype="text/plain",
            )
        return send_file(page, mimetype="text/html", max_age=0)


def create_app(warehouse_path: str | Path) -> Dash:
    credentials = credentials_from_env()  # refuses a half-set pair before anything is built
    app = Dash(
        # The package name, not __name__: Dash then loads the pages as `dashboard.pages.<page>`, the name a
        # plain import gives them, rather than as a second copy called `pages.<page>`.
        __package__,
        use_pages=True,
        pages_folder=str(PAGES_FOLDER),
        title="Demand-gen health",
        # Page layouts are functions that query the warehouse. Without this, Dash calls every page's
        # layout on the first request just to check callback ids, and the pages have no callbacks.
        suppress_callback_exceptions=True,
    )
    app.server.config[WAREHOUSE_CONFIG_KEY] = str(warehouse_path)
    if credentials:
        require_credentials(app.server, *credentials)
    downloads.register(app.server)
    serve_docs(app.server)
    pages = list(dash.page_registry.values())
    app.layout = html.Div(
        [
            dcc.Location(id="nav-location"),
            html.Header(
                className="nav",
                children=[
                    html.Span("Demand-gen health", className="nav-title"),
                    html.Nav(
                        [
                            *[
                                dcc.Link(
                                    page["name"],
                                    href=page["relative_path"],
                                    id=f"nav-{page['module'].split('.')[-1]}",
                                    className="nav-link",
                                )
                                for page in pages
                            ],
                            # dbt's documentation of the warehouse, a page of its own outside the Dash app
                            html.A(
                                "Warehouse docs", href="/docs", id="nav-docs", className="nav-link", target="_blank"
                            ),
                        ]
                    ),
                ],
            ),
            html.Main(dash.page_container, className="page"),
        ]
    )

    # Registered on this app (app.callback), not through dash.callback's process-wide list: Dash hands
    # that list to whichever app serves a request first, which breaks a second app in the same process.
    @app.callback(
        [Output(f"nav-{page['module'].split('.')[-1]}", "className") for page in pages],
        Input("nav-location", "pathname"),
    )
    def highlight_current_page(pathname):
        return ["nav-link active" if page["relative_path"] == pathname else "nav-link" for page in pages]

    return app


def main(warehouse: str | Path, host: str = "127.0.0.1", port: int = 8050) -> None:
    app = create_app(warehouse)
    print(f"Dashboard: http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=False)
