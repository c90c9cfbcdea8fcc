# Two commands set up everything on a fresh machine with python3 (3.11+) and make:
#   make build   create .venv, install, check the specs, build the site into site/
#   make test    create .venv, install, run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the browser test's accessibility audit, pinned in tests/axe/package-lock.json; needs npm.
AXE := tests/axe/node_modules/axe-core/axe.min.js
# The shipped examples describe handovers as of this date (contracts, pilots, certificates): checked against
# it, they do not age into errors. A playbook repository of your own checks against the real date.
EXAMPLES_DATE ?= 2026-11-23

.PHONY: build test check lint format docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/playbook check --today $(EXAMPLES_DATE) process_specs/
	$(BIN)/playbook build --today $(EXAMPLES_DATE)

check: $(STAMP)
	$(BIN)/playbook check --today $(EXAMPLES_DATE) process_specs/

$(AXE): tests/axe/package-lock.json
	-command -v npm >/dev/null && npm ci --silent --no-audit --no-fund --prefix tests/axe

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests

format: $(STAMP)
	$(BIN)/ruff check --fix generator tests
	$(BIN)/ruff format generator tests

# The spec reference and rule pages are generated from generator/spec/schema.py and the rule docstrings.
docs: $(STAMP)
	$(BIN)/playbook reference --output docs/

clean:
	rm -rf $(VENV) build *.egg-info site playbook/processes playbook/vendors playbook/catalogue tests/axe/node_modules

bench: $(STAMP)
	$(BIN)/python bench/check_bench.py
	$(BIN)/python bench/portfolio_bench.py
	$(BIN)/python bench/measurements_bench.py
	$(BIN)/python bench/render_bench.py
	$(BIN)/python bench/changes_bench.py
