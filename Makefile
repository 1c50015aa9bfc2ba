# Marsad: `make demo` and `make test` do all the setup on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEEDS  ?= ../shared/corpus/seeds
OUT    ?= out/demo

.PHONY: install demo test lint format bench clean

$(BIN)/marsad: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(BIN)/marsad

install: $(BIN)/marsad

demo: install
	$(BIN)/marsad analyze $(SEEDS) --out $(OUT) --db $(OUT)/marsad.db

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	$(BIN)/python bench/bench_spine.py

clean:
	rm -rf out build dist *.egg-info src/*.egg-info .pytest_cache
