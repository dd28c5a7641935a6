# The two commands: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run PORT=8502 ADDRESS=0.0.0.0`; the store is $GAMEDAY_DATABASE_URL, else .gameday/gameday.db
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test check bench loadtest lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gameday serve --port $(PORT) --address $(ADDRESS)

# The tiers (README, "Tests"): `make check` for the inner loop (lint, types, unit tests; under
# two minutes), `make test` for everything CI needs, `make bench` for the benchmarks.
# Tests that do not start the app run on two processes; browser tests run one at a time.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not e2e and not slow and not bench"

test: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not e2e and not bench" --durations=15
	$(BIN)/python -m pytest -m "e2e and not bench" --durations=15

bench: $(STAMP)
	$(BIN)/python -m pytest -m bench --benchmark-enable -s

# `make loadtest`: incident consoles at the protocol level on one `gameday serve` (tests/load);
# prints the refresh interval each sees and the server's CPU per participant-second.
LOAD_ARGS ?= --participants 60 --at 20m
loadtest: $(STAMP)
	$(BIN)/python -m tests.load $(LOAD_ARGS)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
