# Two commands set everything up on a fresh machine:
#   make demo   — install, then annotate the bundled examples into out/
#   make test   — install with the test tools, then run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA_DIR ?= ../shared/data

.PHONY: demo test install install-dev lint bench evaluate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

demo: install
	mkdir -p out
	for f in examples/*.txt; do \
	  $(BIN)/ukrnews-nlp annotate "$$f" -o "out/$$(basename "$$f" .txt).json" --format json || exit 1; \
	done
	$(BIN)/python examples/summarize.py out/*.json

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check ukrnews_nlp tests bench

bench: install
	$(BIN)/python bench/throughput.py --data-dir $(DATA_DIR)

evaluate: install
	$(BIN)/ukrnews-nlp evaluate ud --data-dir $(DATA_DIR)

clean:
	rm -rf out build dist *.egg-info .pytest_cache
