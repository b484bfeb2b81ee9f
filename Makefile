# The two commands of the README:
#   make demo   sets everything up, imports the bundled Wales example and writes its report
#   make test   sets everything up (test extras, headless Chromium) and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= netan.db

.PHONY: demo test lint bench bench-growth clean chromium poppler neo4j neo4j-tools reference

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

# A real Neo4j 5.26 Community for the tests (tests/neo4j_server.py starts and stops it):
# Maven fetches it into ~/.m2 and writes the launcher's classpath, once. With
# NETAN_TEST_NEO4J_URI set the tests use that server instead and need no Java.
NEO4J_LAUNCHER := tests/neo4j-launcher
NEO4J_BUILT    := $(NEO4J_LAUNCHER)/target/classpath.txt
NEO4J_INSTALL  := netan: the tests start a real Neo4j 5.26 and need Java 17 (or 21) and Maven. \
  Install them (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven), \
  or set NETAN_TEST_NEO4J_URI, NETAN_TEST_NEO4J_USER, NETAN_TEST_NEO4J_PASSWORD to a Neo4j 5 server.

neo4j-tools:
	@command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 \
	  && java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])' \
	  || { echo "$(NEO4J_INSTALL)" >&2; exit 1; }

$(NEO4J_BUILT): $(NEO4J_LAUNCHER)/pom.xml $(NEO4J_LAUNCHER)/NetanNeo4j.java | neo4j-tools
	mvn -q -B --no-transfer-progress -f $(NEO4J_LAUNCHER)/pom.xml \
	  compile dependency:build-classpath
	touch $@

ifeq ($(NETAN_TEST_NEO4J_URI),)
TEST_NEO4J := $(NEO4J_BUILT)
endif

# The openCypher TCK's feature files (tests/test_tck.py): Maven fetches org.opencypher:tck
# into ~/.m2 once and unpacks its features/ into tests/tck/target.
TCK_BUILT := tests/tck/target/features

$(TCK_BUILT): tests/tck/pom.xml | neo4j-tools
	mvn -q -B --no-transfer-progress -f tests/tck/pom.xml dependency:unpack
	touch $@

# Start a Neo4j for your own use (prints NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD).
neo4j: $(VENV)/.installed $(NEO4J_BUILT)
	$(BIN)/python tests/neo4j_server.py

test: $(VENV)/.installed-test chromium poppler $(TEST_NEO4J) $(TCK_BUILT)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The R reference values the tests compare with (tests/reference/, committed): R's sna,
# igraph and network from Debian. Not part of `make test`, which reads the committed files.
reference: $(VENV)/.installed-test
	@command -v Rscript >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q \
	  r-cran-sna r-cran-igraph r-cran-network r-cran-jsonlite)
	$(BIN)/python tests/reference/make_inputs.py
	Rscript tests/reference/make_reference.R
	$(BIN)/python -m pytest -m reference

# Benchmarks (not tests): figures go to benchmarks/RESULTS.md by hand, with machine and date.
# make bench BEFORE=<commit>: also the national report by that commit and by this
# checkout, alternately, side by side in the same run (speed, memory, same outputs).
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_report.py
	$(if $(BEFORE),$(BIN)/python benchmarks/bench_report.py --before-ref $(BEFORE) --runs 3)

# make bench-growth: the report at 1, 2, 5 and 10 times the national size, each also
# under an 8 GB limit (a control group when run as root); about 40 minutes on 2 cores.
bench-growth: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_report.py --growth 100000,200000,500000,1000000 --memory-limit 8G

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .ruff_cache $(NEO4J_LAUNCHER)/target tests/tck/target
