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

# The Stanza interop tests run in a venv of their own, after the main suite: torch in .venv would make every
# `import spacy` 3-4x slower. torch goes in before stanza, so pip never pulls a CUDA build (here torch==2.13.0 is a
# local CPU wheel; elsewhere: make test TORCH="torch --index-url https://download.pytorch.org/whl/cpu").
STANZA_VENV ?= .venv-stanza
TORCH ?= torch==2.13.0

test: install-dev
	$(BIN)/python -m pytest
	test -x $(STANZA_VENV)/bin/python || $(PYTHON) -m venv $(STANZA_VENV)
	$(STANZA_VENV)/bin/pip install --quiet $(TORCH)
	$(STANZA_VENV)/bin/pip install --quiet -e ".[stanza]" pytest jsonschema
	$(STANZA_VENV)/bin/python -c "import stanza"
	$(STANZA_VENV)/bin/python -m pytest tests/test_stanza_interop.py

lint: install-dev
	$(BIN)/ruff check ukrnews_nlp tests bench

bench: install
	$(BIN)/python bench/throughput.py --data-dir $(DATA_DIR)

evaluate: install
	$(BIN)/ukrnews-nlp evaluate ud --data-dir $(DATA_DIR)

clean:
	rm -rf out build dist *.egg-info .pytest_cache
