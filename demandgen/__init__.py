"""Demand-generation health: what the orchestration, the dashboard and the CLI share.

The arrows run one way: `demandgen.settings` (where things are) is imported by `orchestration/` and
`dashboard/`, which never import each other; `demandgen.cli` imports both, lazily, per command.
"""
