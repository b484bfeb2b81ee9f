# The two commands of the README:
#   make demo   sets everything up, imports the bundled Wales example and writes its report
#   make test   sets everything up (test extras, headless Chromium) and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= netan.db

.PHONY: demo test lint bench clean chromium poppler

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/netan import examples/wales-1998 --db $(DB) --replace
	$(BIN)/netan report --db $(DB) --out report

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# Debian's Chromium for the browser tests of `netan view` (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium) \
	  || echo "netan: could not install Debian's chromium (not root?); browser tests will be skipped"

# Debian's poppler-utils (pdftoppm, pdftotext) for the test of `netan report --format pdf`.
poppler:
	@command -v pdftoppm >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q poppler-utils) \
	  || echo "netan: could not install poppler-utils (not root?); the PDF test will be skipped"

test: $(VENV)/.installed-test chromium poppler
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Benchmarks (not tests): figures go to benchmarks/RESULTS.md by hand, with machine and date.
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .ruff_cache
