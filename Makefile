# The two commands of the README:
#   make demo   sets everything up, imports the bundled Wales example and writes its report
#   make test   sets everything up (test extras, headless Chromium) and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= netan.db

.PHONY: demo test lint bench clean chromium reference

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

test: $(VENV)/.installed-test chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The R reference values the tests compare with (tests/reference/, committed): R's sna,
# igraph and network from Debian. Not part of `make test`, which reads the committed files.
reference: $(VENV)/.installed-test
	@command -v Rscript >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q \
	  r-cran-sna r-cran-igraph r-cran-network r-cran-jsonlite)
	$(BIN)/python tests/reference/make_inputs.py
	Rscript tests/reference/make_reference.R

# Benchmarks (not tests): figures go to benchmarks/RESULTS.md by hand, with machine and date.
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .ruff_cache
