"""The dashboard: a Dash multi-page app over the serving warehouse, built by a factory.

`create_app` is all `demandgen serve` and the browser tests need; each app carries its own
warehouse path in its Flask config, so two apps in one process never see each other's data.
"""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Dash, Input, Output, dcc, html

from .components import WAREHOUSE_CONFIG_KEY

PAGES_FOLDER = Path(__file__).parent / "pages"


def create_app(warehouse_path: str | Path) -> Dash:
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
    pages = list(dash.page_registry.values())
    app.layout = html.Div([
        dcc.Location(id="nav-location"),
        html.Header(className="nav", children=[
            html.Span("Demand-gen health", className="nav-title"),
            html.Nav([dcc.Link(page["name"], href=page["relative_path"], id=f"nav-{page['module'].split('.')[-1]}",
                               className="nav-link") for page in pages]),
        ]),
        html.Main(dash.page_container, className="page"),
    ])

    # Registered on this app (app.callback), not through dash.callback's process-wide list: Dash hands
    # that list to whichever app serves a request first, which breaks a second app in the same process.
    @app.callback([Output(f"nav-{page['module'].split('.')[-1]}", "className") for page in pages],
                  Input("nav-location", "pathname"))
    def highlight_current_page(pathname):
        return ["nav-link active" if page["relative_path"] == pathname else "nav-link" for page in pages]

    return app


def main(warehouse: str | Path, host: str = "127.0.0.1", port: int = 8050) -> None:
    app = create_app(warehouse)
    print(f"Dashboard: http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=False)
