# Two entry points a newcomer needs: `make demo` and `make test`. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
lang ?= fi

.PHONY: demo test lint typecheck i18n i18n-update i18n-status bench chat run clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

i18n: $(STAMP)
	$(BIN)/kylabot i18n compile

i18n-update: $(STAMP)
	$(BIN)/kylabot i18n update

i18n-status: i18n
	$(BIN)/kylabot i18n status

demo: i18n
	$(BIN)/kylabot demo --lang $(lang)

chat: i18n
	$(BIN)/kylabot chat --lang $(lang)

# Four workers on 2 cores: most tests wait on the emulator, a child process, SQLite or
# PostgreSQL rather than compute, so four keep both cores busy (6.5 min; 10 in two workers).
# Each worker has its own migrated templates and databases.
test: i18n
	$(BIN)/pytest -q -n 4

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint deploy/Dockerfile
	@# The unit names /opt/kylabot; verify it as installed here (systemd checks the binaries).
	@if command -v systemd-analyze >/dev/null 2>&1; then \
		tmp=$$(mktemp -d) && sed "s#/opt/kylabot#$(CURDIR)#g" deploy/kylabot.service \
			> $$tmp/kylabot.service && systemd-analyze verify $$tmp/kylabot.service \
			&& echo "deploy/kylabot.service verified"; \
	else echo "systemd-analyze not found: deploy/kylabot.service not verified"; fi

bench: i18n
	$(BIN)/python -m bench

bench-broadcast: i18n
	$(BIN)/python -m bench broadcast

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	find locales -name '*.mo' -delete
