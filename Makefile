# Mini Candle kit: the two commands are `make lab` and `make test` (see README.md).
# Set-up is idempotent: .venv is built once and rebuilt only when pyproject.toml or setup.py changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PROXY := $(VENV)/node/node_modules/.bin/configurable-http-proxy
DEMO := data/demo
# make lab works in a copy of the demo, so what you type never changes the committed data/demo,
# and serves a copy of the pages (.lab/notebooks, refreshed each time), never the repository's files
LAB_ROOT := .lab
LAB_WORKSPACE := $(LAB_ROOT)/demo
LAB_CONFIG := kit/app/jupyter_server_config.py
CHROMIUM := /usr/bin/chromium
LINT_PATHS := $(wildcard kit tests bench)
# Two workers; tests of one file stay on one worker so module fixtures start once.
PYTEST_WORKERS ?= -n 2 --dist loadfile
PYTEST_ARGS ?=
LAB_ARGS ?=
# JupyterLab refuses to run as root unless told (containers and CI machines often are root).
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help setup lab lab-reset test demo lint bench clean distclean chromium

help:
	@echo "make lab    set up .venv and open the Start-here page as an app (JupyterLab, demo workspace)"
	@echo "make test   set up and run every test (installs Debian chromium if missing)"
	@echo "make demo   compile the demo workspace's tables, make its 2026-Q3 reviews, print where they are"
	@echo "make lab-reset  start the lab's demo copy ($(LAB_WORKSPACE)) afresh from $(DEMO)"
	@echo "make lint | make bench | make clean | make distclean"

setup: $(STAMP) $(PROXY)

# The import-time fix (measured on this stack): without rfc3987-syntax, every import of
# jsonschema (nbformat, papermill, altair) is 1.5-2.5 s faster; nothing needs it.
# The announcements extension is disabled so its toast never covers a form.
$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m pip uninstall --quiet --disable-pip-version-check -y rfc3987-syntax
	$(BIN)/jupyter labextension disable "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1
	@touch $(STAMP)

# JupyterHub's proxy (npm) for the hub integration test, in a local prefix inside .venv.
$(PROXY):
	@if ! command -v npm >/dev/null; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "make: npm is missing. Install Node.js once with:" \
				"sudo apt-get update && sudo apt-get install -y nodejs npm" >&2; \
			exit 1; \
		fi; \
		echo "Installing Debian nodejs and npm for JupyterHub's proxy..."; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; \
	fi
	npm install --silent --no-fund --no-audit --prefix $(VENV)/node configurable-http-proxy@5

# LAB_ARGS passes more options, e.g. make lab LAB_ARGS=--no-browser
# The browser opens Start here as a Voila app; JupyterLab itself is at /lab on the same server.
lab: setup $(LAB_WORKSPACE)/kit.yaml
	@echo "Your workspace: $(CURDIR)/$(LAB_WORKSPACE) (a copy of $(DEMO); make lab-reset starts afresh)"
	@mkdir -p $(LAB_ROOT)/notebooks && cp -R notebooks/. $(LAB_ROOT)/notebooks/
	CANDLE_WORKSPACE=$(CURDIR)/$(LAB_WORKSPACE) $(BIN)/jupyter lab --config=$(CURDIR)/$(LAB_CONFIG) \
		--ServerApp.root_dir=$(CURDIR)/$(LAB_ROOT) \
		--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate $(ROOT_ARGS) $(LAB_ARGS)

$(LAB_WORKSPACE)/kit.yaml: | $(DEMO)/kit.yaml
	mkdir -p $(LAB_WORKSPACE)
	cp -R $(DEMO)/kit.yaml $(DEMO)/records $(DEMO)/private $(LAB_WORKSPACE)/

lab-reset:
	rm -rf $(LAB_WORKSPACE)

# Browser tests drive JupyterLab with Debian's chromium; CI runs as root on a clean clone.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "make test: $(CHROMIUM) is missing. Install it once with:" \
				"sudo apt-get update && sudo apt-get install -y chromium" >&2; \
			exit 1; \
		fi; \
		echo "Installing Debian chromium for the browser tests..."; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

test: setup chromium
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/lint-imports --no-cache
	@$(BIN)/pytest $(PYTEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure." >&2; exit 1; fi; \
	exit $$status

$(DEMO)/kit.yaml: | setup
	$(BIN)/candle init --demo $(DEMO)

# The lead's headless job on the demo workspace: tables, then the demo period's reviews
# (skipped when their inputs are unchanged).
demo: setup $(DEMO)/kit.yaml
	$(BIN)/candle compact $(DEMO)
	$(BIN)/candle status $(DEMO)
	$(BIN)/candle review $(DEMO) --period 2026-Q3 --jobs 2
	@echo ""
	@echo "Outputs:"
	@echo "  tables (Parquet + CSV): $(CURDIR)/$(DEMO)/tables/"
	@echo "  reviews (notebooks + offline HTML, open the .html in a browser): $(CURDIR)/$(DEMO)/reviews/2026-Q3/"

# ruff, then the layer and no-cycle contracts of [tool.importlinter] in pyproject.toml
lint: setup
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/lint-imports --no-cache

bench: setup
	@set -e; found=0; for script in bench/*.py; do \
		[ -f "$$script" ] || continue; found=1; \
		echo "== $$script"; $(BIN)/python "$$script"; \
	done; [ $$found -eq 1 ] || echo "make bench: no bench/*.py scripts yet"

# Derived outputs and caches; records/ and kit.yaml are never touched.
clean:
	rm -rf $(DEMO)/tables $(DEMO)/reviews $(DEMO)/exports $(DEMO)/drafts $(DEMO)/quarantine
	rm -rf test-artifacts bench/out .pytest_cache .ruff_cache .hypothesis build dist
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
