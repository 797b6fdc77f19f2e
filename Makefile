# Vindplaats: `make run` serves the demo, `make test` runs the suite. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
INDEX  ?= var/index
SAMPLE := corpus/sample
# The sample's libraries (names, branches, opening hours, reservations); set it empty to go without.
VINDPLAATS_LIBRARIES ?= $(SAMPLE)/libraries.json
export VINDPLAATS_LIBRARIES

.PHONY: run test lint bench bench-large bench-national relevance index soak clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $@

$(INDEX)/CURRENT: | $(VENV)/.installed
	$(BIN)/vindplaats index build --index-dir $(INDEX) \
		--source jsonl:$(SAMPLE)/catalogue.jsonl --source articles:$(SAMPLE)/articles

index: $(VENV)/.installed
	$(BIN)/vindplaats index build --index-dir $(INDEX) \
		--source jsonl:$(SAMPLE)/catalogue.jsonl --source articles:$(SAMPLE)/articles

run: $(VENV)/.installed $(INDEX)/CURRENT
	$(BIN)/vindplaats serve --index-dir $(INDEX) --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all

bench-large: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all --large

# 18 million records, the national catalogue: ~16 GB of JSON lines and ~1 hour on two cores.
bench-national: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all --national

relevance: $(VENV)/.installed-test
	$(BIN)/python -m bench.relevance

# 30 minutes of mixed traffic on 2 workers: rebuilds, updates, a SIGKILLed worker, a full disk (MINUTES=2: a short one)
soak: $(VENV)/.installed-test
	$(BIN)/python -m bench.soak --minutes $(or $(MINUTES),30)

clean:
	rm -rf var/ .pytest_cache build *.egg-info
