# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean sample-data bench

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/demandgen demo

test: $(STAMP)
	$(BIN)/python -m pytest

# Python: ruff (lint and format); SQL: sqlfluff with the dbt templater. CI runs this before the tests.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEMANDGEN_WORKING_WAREHOUSE=$$(mktemp -d)/lint.duckdb $(BIN)/sqlfluff lint dbt_project/models

# Rewrites the bundled sample exports in seeds/sample_inbox (deterministic).
sample-data: $(STAMP)
	$(BIN)/python -m seeds.generate

# The performance benchmark (issues 7 and 18): writes scaled inboxes (BENCH_SCALE, half and four times it) to a
# temporary folder, measures, prints a table and writes bench/results/latest.json. BENCH_SCALE=1.0 is about
# 5 million Search Console rows.
BENCH_SCALE ?= 1.0
bench: $(STAMP)
	$(BIN)/python -m bench --scale $(BENCH_SCALE)

clean:
	rm -rf $(VENV) warehouse dbt_project/target dbt_project/logs
