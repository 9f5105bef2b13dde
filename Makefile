# KSF certificate B. `make run` and `make test` set up everything they need themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed
export FLASK_APP := ksf_b.app:create_app

.PHONY: help run run-prod audit test test-fast test-browser lint format bench migrate migration translations messages clean venv system-run system-test

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

system-run:
	@scripts/ensure-system.sh run

system-test:
	@scripts/ensure-system.sh test

translations: $(STAMP) ## Compile the translation catalogues
	@$(BIN)/pybabel compile -q -d ksf_b/translations 2>/dev/null || $(BIN)/pybabel compile -d ksf_b/translations

messages: $(STAMP) ## Extract the Dutch source strings and update the English catalogue
	@$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o ksf_b/translations/messages.pot --no-location --sort-output . >/dev/null
	@$(BIN)/pybabel update -i ksf_b/translations/messages.pot -d ksf_b/translations --no-fuzzy-matching

migrate: $(STAMP) ## Apply the database migrations
	@$(BIN)/flask db upgrade

run: system-run $(STAMP) translations migrate ## Set up and serve the site with demo data on PORT (default 5000; e-mail links follow it)
	@PORT=$(PORT) $(BIN)/flask seed-demo --if-empty
	@PORT=$(PORT) $(BIN)/flask serve --port $(PORT)

run-prod: $(STAMP) translations ## The production shape on loopback: gunicorn, PostgreSQL, Redis, S3, worker (PORT, default 8000)
	@scripts/ensure-system.sh prod
	@PORT=$(if $(filter command line environment,$(origin PORT)),$(PORT),8000) $(BIN)/python scripts/run_prod.py

test: system-test $(STAMP) translations ## Set up and run the whole suite (SQLite, PostgreSQL, S3, Redis, Chromium)
	@scripts/run-tests.sh

test-fast: $(STAMP) translations ## Run the suite without browser and slow media tests
	@$(BIN)/pytest -q -m "not browser and not slow"

test-browser: system-test $(STAMP) translations ## Run only the browser tests
	@$(BIN)/pytest -q -m browser

audit: $(STAMP) ## Known vulnerabilities in the installed dependencies (fails on one; skips only when offline)
	@$(BIN)/python scripts/audit.py

lint: $(STAMP) ## ruff check and format check
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

bench: system-test $(STAMP) translations ## Benchmarks: media and finalize-on-S3 ratios, CPU per request, exam-day load, stop→saved (BENCH_COST=0 / BENCH_LOAD=0 / BENCH_STOP=0 skip)
	@$(BIN)/python -m bench

migration: $(STAMP) ## Autogenerate a migration: make migration m="what changed"
	@$(BIN)/flask db migrate -m "$(m)"

clean: ## Remove the virtualenv and local instance data
	rm -rf $(VENV) instance .pytest_cache
