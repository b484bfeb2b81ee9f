# The two commands of the README:
#   make demo   sets everything up and runs netan on the bundled Wales example
#   make test   sets everything up (test extras, headless Chromium) and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= netan.db

.PHONY: demo test lint bench clean chromium

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
	$(BIN)/netan query --db $(DB) --format table \
	  "MATCH (p:Person {role: 'gp'})-[m:MEMBER_OF]->(g:Group {level: 'area'}) RETURN m.role AS membership, count(DISTINCT g) AS area_groups ORDER BY membership"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# Debian's Chromium for the browser tests of `netan view` (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium) \
	  || echo "netan: could not install Debian's chromium (not root?); browser tests will be skipped"

test: $(VENV)/.installed-test chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_import.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .ruff_cache
