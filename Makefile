# RSR Toolkit: the two commands a newcomer needs are `make run` and `make test`.
# Python packages install into .venv from .ci/requirements-dev.lock: every package pinned, with
# hashes, made from pyproject.toml's ranges by `make lock` (.ci/requirements.lock is the part an
# app server installs). The Debian packages the project needs are in .ci/debian-packages.txt:
# checked first, installed when run as root.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
LOCK := .ci/requirements.lock
DEV_LOCK := .ci/requirements-dev.lock
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run setup test lint format bench reset-db migrate e2e serve-prod demo-code \
	system-packages lock mutate messages compile-messages

# Development targets run with DEBUG on; production never uses this Makefile's defaults.
run setup test bench reset-db migrate e2e mutate: export DEBUG ?= true

# pytest's exit status 5 means it ran no test at all: that fails too, and says so.
NO_TEST_RAN = { status=$$?; [ $$status -ne 5 ] || echo "FAILED: pytest ran no test (exit status 5)." >&2; exit $$status; }

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# pip refuses hashes for an editable install, so the project itself comes last, without its
# dependencies: they all came from the lock file. `pip check` then catches a lock file that no
# longer matches pyproject.toml.
$(STAMP): pyproject.toml $(DEV_LOCK) | system-packages
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "Python 3.11 is needed ('$(PYTHON)' not found). Install it, or run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "'$(PYTHON)' is not Python 3.11; run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install -qq --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "$(DEV_LOCK) does not match pyproject.toml: run 'make lock', then the same make command again."; exit 1; }
	touch $(STAMP)

# The compiled message catalogues (locale/<language>/LC_MESSAGES/*.mo) are built from the .po
# files that are committed, whenever a .po is newer: msgfmt comes with Debian's gettext.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po
	msgfmt --check-format --output-file $@ $<

install: $(STAMP) $(MO_FILES) ## Create .venv and install the project with its development tools

messages: $(STAMP) ## Update the .po catalogues from the code and templates (docs/translation.md), then compile them
	$(MANAGE) makemessages --no-obsolete --no-location --extension html,txt,py \
	  --ignore '.venv/*' --ignore 'tests/*' --ignore 'var/*' --ignore 'staticfiles/*' \
	  --locale id --locale th --locale vi --locale ar
	$(MAKE) --no-print-directory compile-messages

compile-messages: $(MO_FILES)

migrate: $(STAMP) $(MO_FILES) ## Apply database migrations
	$(MANAGE) migrate --noinput

setup: migrate ## Load the framework, member states and demo data (what make run does first)
	$(MANAGE) load_framework
	$(MANAGE) load_member_states
	@echo ""
	$(MANAGE) load_demo

run: system-packages setup ## Set up and start the development server and its worker on http://127.0.0.1:8000/ (PORT=8001: another port)
	@echo ""
	@echo "  RSR Toolkit is starting at  http://$(HOST):$(PORT)/"
	@echo "  Administration:             http://$(HOST):$(PORT)/admin/  (admin@demo.example / demo-admin-2026)"
	@echo "  Sign in with one of the demo logins listed above; stop the server with Ctrl+C."
	@echo "  Administrator and RSO accounts ask for a two-factor code: run 'make demo-code' in another terminal."
	@HOST=$(HOST) PORT=$(PORT) bash .ci/serve-dev

# The slowest tests are listed after every run, so that the suite stays within CI's time.
test: system-packages $(STAMP) $(MO_FILES) ## Run the whole test suite (SQLite unless DATABASE_URL is set; PYTEST_ARGS=tests/roadmap for a part)
	$(BIN)/pytest --durations=15 $(PYTEST_ARGS) || $(NO_TEST_RAN)

demo-code: $(STAMP) ## Print the current two-factor codes of the demo administrator and RSO account
	@DEBUG=true $(MANAGE) demo_code

e2e: system-packages $(STAMP) $(MO_FILES) ## Browser tests in headless Chromium
	$(BIN)/pytest tests/e2e -m e2e || $(NO_TEST_RAN)

serve-prod: $(STAMP) $(MO_FILES) ## Start the production profile (gunicorn, PostgreSQL, Redis) on 127.0.0.1:8080
	bash .ci/serve-prod

lint: $(STAMP) ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

mutate: $(STAMP) ## Mutation testing of one module: make mutate MODULE=assessments/progress.py
	@test -n "$(MODULE)" || { echo "Say which module: make mutate MODULE=assessments/progress.py [TESTS='tests/...']"; exit 2; }
	$(BIN)/python -m tests.mutate $(MODULE) $(TESTS)

bench: $(STAMP) $(MO_FILES) ## Print the benchmark figures and issue 16's goals (docs/performance.md)
	$(BIN)/python -m tests.benchmarks

# The groups of .ci/debian-packages.txt that the goals asked for need: run always, test and e2e
# for those targets; `make system-packages` on its own checks every group.
PACKAGE_GROUPS := $(strip $(if $(filter system-packages,$(MAKECMDGOALS)),,run $(filter test e2e,$(MAKECMDGOALS))))

system-packages: ## Check the Debian packages of .ci/debian-packages.txt (as root: install them)
	@bash .ci/system-packages $(PACKAGE_GROUPS)

# pip-compile reads PyPI only (PIP_CONFIG_FILE=/dev/null): a machine's own wheel folders or
# mirrors must not end up in the lock files. The runtime lock comes first and constrains the
# development one, so both pin the same versions. Pins stay as they are unless UPGRADE=all
# (everything to the newest release pyproject.toml allows) or UPGRADE=<package> (that one).
PIP_COMPILE = env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	CUSTOM_COMPILE_COMMAND="make lock" \
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links \
	$(if $(filter all,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package ,$(UPGRADE)))
lock: ## Write the lock files from pyproject.toml (UPGRADE=all or UPGRADE=<package> to upgrade)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet pip-tools
	$(PIP_COMPILE) --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint $(LOCK) --output-file $(DEV_LOCK) pyproject.toml

reset-db: $(STAMP) ## Delete the local SQLite database and stored documents, load the framework and demo data again
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "reset-db only deletes the local SQLite file; DATABASE_URL is set, so nothing was deleted."; exit 1; fi
	rm -f db.sqlite3
	@# The stored documents and the queued messages belonged to the deleted database's jobs.
	rm -rf var/documents
	find var/queue -maxdepth 1 -type f -name '*.msg' -delete 2>/dev/null || true
	@if [ -n "$$DOCUMENTS_ROOT" ]; then echo "DOCUMENTS_ROOT is set: $$DOCUMENTS_ROOT was left as it is."; fi
	$(MAKE) --no-print-directory setup
