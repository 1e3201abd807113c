# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Two test processes per core: the app tests spend much of their time waiting on timers and threads, so twice the
# cores keeps them busy (measured on 2 cores: 4 processes ran the suite in 5.7 minutes, 2 in 7.7).
WORKERS := $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) * 2 )))
PYTEST_ARGS ?= -n $(WORKERS)
PYTEST := $(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: run test test-fast test-sqlite test-postgresql soak check format bench clean

# (Re)install when the project's metadata changes; the install is editable, so code changes need none.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,check]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/crm

# The whole suite on SQLite, then on a PostgreSQL server the run starts itself (tests/postgres_server.py).
# Both always run, so that one engine's failures do not hide the other's; the target fails if either did.
# Without the server's programs the PostgreSQL run is left out, loudly (.ci/run installs them).
# The long trials (marked `soak`) are left to `make soak`; pyproject.toml's addopts deselects them.
HAS_POSTGRESQL := $(BIN)/python -c "from tests.postgres_server import server_bindir; raise SystemExit(server_bindir() is None)"
define on_both_engines
	@status=0; \
	echo "$(PYTEST) --engine sqlite $(1)"; $(PYTEST) --engine sqlite $(1) || status=$$?; \
	if $(HAS_POSTGRESQL); then \
		echo "$(PYTEST) --engine postgresql $(1)"; $(PYTEST) --engine postgresql $(1) || status=$$?; \
	else \
		echo "*** NOT RUN on PostgreSQL: its server is not installed (apt-get install postgresql; .ci/run does it)"; \
	fi; \
	exit $$status
endef

test: $(STAMP)
	$(call on_both_engines,)

# The inner loop: the domain and command-line tests on SQLite (no Pilot, tmux or snapshots), in under 2 minutes.
test-fast: $(STAMP)
	$(PYTEST) --engine sqlite tests/domain tests/cli

test-sqlite: $(STAMP)
	$(PYTEST) --engine sqlite

test-postgresql: $(STAMP)
	$(PYTEST) --engine postgresql

# The long trials: stateful soaks, big round trips, many processes at once; on both engines. .ci/run runs it after
# `make test`.
soak: $(STAMP)
	$(call on_both_engines,-m soak)

# Lint, format, import contracts and types: what .ci/run checks before any test runs.
check: $(STAMP)
	$(BIN)/ruff check tui tests bench
	$(BIN)/ruff format --check tui tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

# Apply the formatter and the safe lint fixes.
format: $(STAMP)
	$(BIN)/ruff check --fix tui tests bench
	$(BIN)/ruff format tui tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py --contacts 100000

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
