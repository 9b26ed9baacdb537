"""Demand-generation health pipeline: Dagster orchestration, ingestion and the CLI."""
