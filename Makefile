# msqory: `make run` serves the demo portal, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The demo runs on an embedded PostgreSQL (scripts/with-embedded-postgres) with Celery eager,
# unless DATABASE_URL / REDIS_URL say otherwise.
RUN_ENV := DEBUG=true
TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key SECURE_SSL_REDIRECT=false
PYTEST_ARGS ?=

.PHONY: run test lint messages venv assets bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	  $(PY) -m pip --version >/dev/null 2>&1 || { echo "Creating $(VENV) with $$python"; \
	    rm -rf $(VENV) && "$$python" -m venv $(VENV); } || { \
	    echo "$$python cannot create a virtual environment: apt-get install -y python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

run: venv
	$(RUN_ENV) $(MANAGE) compilemessages --ignore=$(VENV) -v 0
	@# The demo applications' notification e-mails would flood the console: seed_demo drops them.
	$(RUN_ENV) $(PY) scripts/with-embedded-postgres bash -c '$(MANAGE) migrate --no-input -v 0 \
	  && EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend $(MANAGE) seed_demo \
	  && $(MANAGE) create_demo_admin \
	  && echo "Serving http://127.0.0.1:8000/ (Ctrl-C stops)" \
	  && $(MANAGE) runserver 127.0.0.1:8000' 

# axe-core for the browser tests' accessibility checks (tests/e2e); without npm they say so.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility checks in tests/e2e will be skipped"; fi

# What a fresh clone lacks and the production settings (DEBUG=false) need: compiled catalogues
# and the static files' manifest (without it every page fails on {% static %}).
assets: venv
	$(TEST_ENV) $(MANAGE) compilemessages --ignore=$(VENV) -v 0
	$(TEST_ENV) $(MANAGE) collectstatic --no-input -v 0

test: assets node_modules/.installed
	@# loadgroup: the fault tests (tests/faults) share one stack of servers, in one worker.
	$(TEST_ENV) scripts/with-services $(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(RUN_ENV) $(MANAGE) makemigrations --check --dry-run
	@for po in locale/*/LC_MESSAGES/django.po locale/overrides/*/LC_MESSAGES/django.po; do \
	  printf '%s: ' $$po; msgfmt --statistics -o /dev/null $$po; done

messages: venv
	@# The languages by name: -a would take locale/overrides for one.
	$(RUN_ENV) $(MANAGE) makemessages -l kk -l ru -l en --no-obsolete --add-location file \
	  --ignore=node_modules
	@# The installed libraries' untranslated messages (Django, DRF, simple-history, axes, otp…):
	@# new ones appear in locale/overrides with an empty msgstr to fill in.
	$(RUN_ENV) $(MANAGE) update_overrides
	$(RUN_ENV) $(MANAGE) compilemessages --ignore=$(VENV) -v 0

# Every benchmark script (or some: make bench BENCHMARKS=bench/x.py BENCH_ARGS="--repeat 2"); the
# others in bench/ are modules they share.
BENCH_ARGS ?=
BENCHMARKS := $(filter-out bench/common.py bench/status_lookup_settings.py bench/status_lookup_urls.py bench/status_scale.py,$(wildcard bench/*.py))
# The growth benchmark runs apart, without the streaming replica (it would double its disk:
# about 57 GB with head room at 4 million persons, and about 50 minutes for that size);
# SCALE_PERSONS=20000,40000 for a quick run, SCALE_PERSONS= (empty) to leave it out.
SCALE_PERSONS ?= 1000000,2000000,4000000

# Benchmarks run on a durable PostgreSQL tuned as production would be for this machine's memory
# (shared_buffers a quarter of it, the planner told the OS cache holds three quarters).
MEMORY_MB := $(shell awk '/MemTotal/ {print int($$2 / 1024)}' /proc/meminfo 2>/dev/null || echo 4096)
BENCH_PG_OPTIONS := -c shared_buffers=$(shell expr $(MEMORY_MB) / 4)MB \
	-c effective_cache_size=$(shell expr $(MEMORY_MB) \* 3 / 4)MB -c work_mem=64MB \
	-c maintenance_work_mem=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min

bench: assets
	$(TEST_ENV) PG_OPTIONS="$(BENCH_PG_OPTIONS)" scripts/with-services \
		bash -c '$(MANAGE) migrate -v 0 && for b in $(BENCHMARKS); do $(PY) $$b $(BENCH_ARGS) || exit 1; done'
	$(if $(SCALE_PERSONS),$(TEST_ENV) WITH_REPLICA=0 PG_OPTIONS="$(BENCH_PG_OPTIONS)" \
		scripts/with-services $(PY) bench/status_scale.py --persons $(SCALE_PERSONS))

clean:
	rm -rf $(VENV) staticfiles build .pytest_cache .pgdata
