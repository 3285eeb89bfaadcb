# The whole set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test bench lint browser clean serve

$(VENV)/.base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(PIP) install -e '.[test]'
	touch $@

$(VENV)/.bench: $(VENV)/.test
	$(PIP) install -e '.[test,bench]'
	touch $@

demo: $(VENV)/.base
	@scripts/ensure-pango
	$(VENV)/bin/redline annotations revisions/2016-01.txt | tail -n 12
	$(VENV)/bin/redline report revisions -o reports --annex-since 2015-12-07
	@echo "open reports/index.html; make serve starts the site"
	@echo "run redline: . $(VENV)/bin/activate (then redline --help), or $(VENV)/bin/redline"

serve: $(VENV)/.base
	scripts/serve-demo

browser:
	@scripts/ensure-chromium
	@scripts/ensure-libreoffice
	@scripts/ensure-postgres

# The site's tests a second time on PostgreSQL (a throw-away cluster; .ci/run requires it).
test: $(VENV)/.test browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo 'scripts/with-postgres $(PY) -m pytest tests/web -q -m "not browser"'; \
	  scripts/with-postgres $(PY) -m pytest tests/web -q -m "not browser"; \
	else \
	  echo "make test: PostgreSQL is not installed: the site's tests ran on SQLite only" >&2; \
	fi

bench: $(VENV)/.bench
	$(PY) bench/run.py --repeat 3
	$(PY) bench/hostile.py
	$(PY) bench/word.py
	$(PY) bench/batch.py
	$(PY) bench/site.py
	scripts/with-postgres $(PY) bench/site.py --database postgres

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
