# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?= -n auto
PYTEST := $(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: run test test-sqlite test-postgresql bench clean

# (Re)install when the project's metadata changes; the install is editable, so code changes need none.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/crm

# The whole suite on SQLite, then on a PostgreSQL server the run starts itself (tests/postgres_server.py).
# Both always run, so that one engine's failures do not hide the other's; the target fails if either did.
# Without the server's programs the PostgreSQL run is left out, loudly (.ci/run installs them).
HAS_POSTGRESQL := $(BIN)/python -c "from tests.postgres_server import server_bindir; raise SystemExit(server_bindir() is None)"
test: $(STAMP)
	@status=0; \
	echo "$(PYTEST) --engine sqlite"; $(PYTEST) --engine sqlite || status=$$?; \
	if $(HAS_POSTGRESQL); then \
		echo "$(PYTEST) --engine postgresql"; $(PYTEST) --engine postgresql || status=$$?; \
	else \
		echo "*** NOT RUN on PostgreSQL: its server is not installed (apt-get install postgresql; .ci/run does it)"; \
	fi; \
	exit $$status

test-sqlite: $(STAMP)
	$(PYTEST) --engine sqlite

test-postgresql: $(STAMP)
	$(PYTEST) --engine postgresql

bench: $(STAMP)
	$(BIN)/python bench/run.py --contacts 100000

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
