# Two commands on a fresh machine: `make run` serves the demo, `make test` runs
# the whole suite. Everything else is here for the curious.

# Python 3.11 exactly (pyproject.toml): python3.11 when it is on PATH, else
# python3 if that is 3.11; PYTHON=/path/to/python3.11 chooses another.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py

.PHONY: run install install-dev python-check migrate seed test test-fast lint format e2e bench cluster services-start services-stop clean

python-check:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed and none was found: install python3.11 or run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
		echo "Python 3.11 is needed (pyproject.toml); $(PYTHON) is $$($(PYTHON) -V 2>&1). Install python3.11 or run make PYTHON=/path/to/python3.11" >&2; \
		exit 1; }

# The runtime only: what `make run` serves the demo with.
$(STAMP): requirements.txt | python-check
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-[0-9]*
	touch $(STAMP)

# The runtime plus the tests, browser journeys, benchmarks and linters.
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

## Serve the demo marketplace at http://127.0.0.1:8000 (SQLite, everything local).
run: seed
	$(MANAGE) runserver 127.0.0.1:8000

## Lint, start the services, run the suite on PostgreSQL, a short SQLite pass
## for the embedded default, the browser journeys, stop the services.
test: lint
	bash scripts/test.sh

## The suite on SQLite only, reusing the migrated test database.
test-fast: install-dev
	TEST_SQLITE_NAME=.test-db.sqlite3 $(BIN)/pytest --reuse-db -m "not browser and not cluster"

## The browser journeys alone: Debian's Chromium (installed if missing), localstripe, the CMI simulator.
e2e: install-dev
	bash scripts/browser.sh test

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Every benchmark under bench/ at quick sizes, then one table (FULL=1: full
## sizes, ONLY=load,search: some). Starts the services they need.
bench: install-dev
	bash scripts/services.sh start
	. .services/env && $(BIN)/python bench/run_all.py $(if $(FULL),--full) \
		$(if $(ONLY),--only $(ONLY))

## The multi-node run on loopback (bench/cluster.py): HAProxy, three app
## servers, a PostgreSQL primary and replica, two Elasticsearch nodes, Redis,
## two RQ workers, the scheduler, SeaweedFS; load with faults, then figures.
## Its own ports and temporary folder; everything stopped at the end.
cluster: install-dev
	$(BIN)/python bench/cluster.py $(if $(JSON),--json $(JSON))

services-start:
	bash scripts/services.sh start

services-stop:
	bash scripts/services.sh stop

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media staticfiles .test-db.sqlite3
