# The two commands of the README's quick start, and the checks CI runs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint venv

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,ray]'

demo: venv  ## set up and analyse a bundled example article
	$(BIN)/claimscope analyze examples/sahel-convoy-ambush.md

lint: venv
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

test: venv lint  ## set up and run the tests (what CI runs)
	$(BIN)/pytest -q
