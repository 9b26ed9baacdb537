"""Reading the dashboard's pages without a browser: a page's layout rendered as Dash's router renders it, the
component with an id, and the text a marketer reads."""

from __future__ import annotations

from pathlib import Path

import dash
import duckdb


def render(app: dash.Dash, path: str):
    """A page's layout, rendered the way Dash's router does: inside a request to that app."""
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    with app.server.test_request_context(path):
        return page["layout"]()


def element(component, element_id: str):
    """The component with that id inside a rendered layout, or None."""
    if getattr(component, "id", None) == element_id:
        return component
    children = getattr(component, "children", None) if not isinstance(component, (list, tuple)) else component
    if isinstance(children, (list, tuple)):
        return next((found for child in children if (found := element(child, element_id)) is not None), None)
    return element(children, element_id) if children is not None and not isinstance(children, str) else None


def text_of(component) -> str:
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(child) for child in component)
    return text_of(getattr(component, "children", None))


def page_text(app: dash.Dash, path: str) -> str:
    return text_of(render(app, path))


def rows_of(table) -> list:
    """The body rows of a components.table."""
    return table.children[1].children


def change(warehouse: Path, *statements: str, params: list | None = None) -> None:
    """Run SQL against a copy of a warehouse (as an older, emptier or damaged warehouse would be)."""
    with duckdb.connect(str(warehouse)) as con:
        for statement in statements:
            con.execute(statement, params or [])
