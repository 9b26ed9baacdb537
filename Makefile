# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test clean sample-data

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/demandgen demo

test: $(STAMP)
	$(BIN)/python -m pytest

# Rewrites the bundled sample exports in seeds/sample_inbox (deterministic).
sample-data: $(STAMP)
	$(BIN)/python -m seeds.generate

clean:
	rm -rf $(VENV) warehouse dbt_project/target dbt_project/logs
