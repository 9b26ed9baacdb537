"""Ingest reads as one family of parsers: each source family is a module with the same contract
(parsed.Family), reading its exports with the shared helpers (reading.py, values.py), never with another
family's code."""

from __future__ import annotations

import ast

from demandgen.settings import PROJECT_ROOT
from orchestration.ingest import landing
from orchestration.ingest.parsed import Family

INGEST = PROJECT_ROOT / "orchestration" / "ingest"
FAMILY_MODULES = {"search_console", "web_analytics", "surveys", "trends", "mentions"}


def ingest_imports(module: str) -> set[str]:
    """The orchestration.ingest modules a module imports (relative imports: `from .x import`, `from . import x`)."""
    tree = ast.parse((INGEST / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("orchestration.ingest"):
            found |= {node.module.split(".")[2]} if node.module.count(".") >= 2 else {a.name for a in node.names}
    return found


def test_landing_reads_every_family_and_each_keeps_the_family_contract():
    assert {family.__name__.rsplit(".", 1)[1] for family in landing.FAMILIES} == FAMILY_MODULES
    for family in landing.FAMILIES:
        assert isinstance(family, Family), family.__name__
        assert all(s.family == family.FAMILY for s in family.SIGNATURES), family.__name__


def test_no_family_imports_another():
    offenders = {module: ingest_imports(module) & (FAMILY_MODULES - {module}) for module in sorted(FAMILY_MODULES)}
    assert {m: found for m, found in offenders.items() if found} == {}
