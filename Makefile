# RSR Toolkit: the two commands a newcomer needs are `make run` and `make test`.
# Everything installs into .venv from pyproject.toml; nothing is installed system-wide.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run test lint format bench reset-db migrate e2e serve-prod demo-code

# Development targets run with DEBUG on; production never uses this Makefile's defaults.
run test bench reset-db migrate e2e: export DEBUG ?= true

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "Python 3.11 is needed ('$(PYTHON)' not found). Install it, or run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "'$(PYTHON)' is not Python 3.11; run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@$(BIN)/python -c 'import weasyprint' >/dev/null 2>&1 || { \
	  echo ""; echo "WeasyPrint (PDF reports) cannot find the Pango library on this machine."; \
	  echo "On Debian or Ubuntu install it with:  sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"; \
	  echo "Then run the same make command again."; exit 1; }
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its development tools

migrate: $(STAMP) ## Apply database migrations
	$(MANAGE) migrate --noinput

run: migrate ## Set up everything and start the development server on http://127.0.0.1:8000/
	$(MANAGE) load_framework
	$(MANAGE) load_member_states
	@echo ""
	$(MANAGE) load_demo
	@echo ""
	@echo "  RSR Toolkit is starting at  http://$(HOST):$(PORT)/"
	@echo "  Administration:             http://$(HOST):$(PORT)/admin/  (admin@demo.example / demo-admin-2026)"
	@echo "  Sign in with one of the demo logins listed above; stop the server with Ctrl+C."
	@echo "  Administrator and RSO accounts ask for a two-factor code: run 'make demo-code' in another terminal."
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP) ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

demo-code: $(STAMP) ## Print the current two-factor codes of the demo administrator and RSO account
	@DEBUG=true $(MANAGE) demo_code

e2e: $(STAMP) ## Browser tests in headless Chromium (needs: apt-get install -y chromium)
	$(BIN)/pytest tests/e2e -m e2e

serve-prod: $(STAMP) ## Start the production profile (gunicorn, PostgreSQL, Redis) on 127.0.0.1:8080
	bash .ci/serve-prod

lint: $(STAMP) ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) ## Print the benchmark figures
	$(BIN)/python -m tests.benchmarks
	$(BIN)/python -m tests.benchmarks.load

reset-db: $(STAMP) ## Delete the local SQLite database and load the framework and demo data again
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "reset-db only deletes the local SQLite file; DATABASE_URL is set, so nothing was deleted."; exit 1; fi
	rm -f db.sqlite3
	$(MANAGE) migrate --noinput
	$(MANAGE) load_framework
	$(MANAGE) load_member_states
	$(MANAGE) load_demo
