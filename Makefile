# mhnotebook: `make app` sets up and opens the web app; `make lab` opens JupyterLab;
# `make test` sets up and runs every test.
# Works from a bare machine with Python 3.11 and pip (and make). Override PYTHON to pick another.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXTRAS ?= app,pdf,test
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-tools

.PHONY: help setup app lab test test-fast lint format notebooks dictionary clean

help:
	@echo "make app        set up (first time) and open the web app on 127.0.0.1:8866 (PORT=, HOST=, TOKEN= to change)"
	@echo "                ARGS= adds options to mhnotebook app, e.g. make app ARGS=--no-browser"
	@echo "make lab        set up (first time) and open JupyterLab on notebooks/00-start-here.ipynb"
	@echo "make test       set up (first time) and run every test, notebooks included"
	@echo "make notebooks  re-execute the stored notebooks (sample outputs only)"
	@echo "make dictionary regenerate the data dictionary in data/samples/README.md"
	@echo "make lint       ruff and mypy"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "mhnotebook needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependency list changes. System libraries first (pango, for PDF export).
$(STAMP): pyproject.toml tools/system-packages.sh | $(BIN)/python
	PYTHON=$(PYTHON) tools/system-packages.sh
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	@touch $@

# What only the tests need beyond pip: the browser the app tests drive (Debian's chromium), and
# axe-core (pinned in tests/app/package-lock.json), which the accessibility test injects into pages.
$(TEST_STAMP): tools/system-packages.sh tests/app/package.json tests/app/package-lock.json | $(STAMP)
	PYTHON=$(PYTHON) tools/system-packages.sh --tests
	npm ci --prefix tests/app --no-audit --no-fund
	@touch $@

setup: $(STAMP)

# The web app. `make app PORT=9000 HOST=127.0.0.1`; `make app TOKEN=` turns the token off (tests only).
# `make app ARGS=--no-browser` passes options through (a server with no screen; benchmarks/app_startup.py).
HOST ?= 127.0.0.1
PORT ?= 8866
ARGS ?=
app: $(STAMP)
	$(BIN)/mhnotebook app --host "$(HOST)" --port "$(PORT)" $(if $(filter undefined,$(origin TOKEN)),,--token "$(TOKEN)") $(ARGS)

lab: $(STAMP)
	$(BIN)/mhnotebook lab

test: $(STAMP) $(TEST_STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env -p no:cacheprovider

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -x -q

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff mypy
	$(BIN)/ruff check src tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests

# In a throwaway data folder: a notebook run must never pick up (or save) someone's real drafts.
notebooks: $(STAMP)
	MHNOTEBOOK_DATA_DIR=$$(mktemp -d) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.store_widget_state=False notebooks/*.ipynb

dictionary: $(STAMP)
	$(BIN)/mhnotebook dictionary --write data/samples/README.md

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
