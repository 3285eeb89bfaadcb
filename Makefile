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
	$(VENV)/bin/redline annotations revisions/2016-01.txt | tail -n 12
	$(VENV)/bin/redline report revisions -o reports --annex-since 2015-12-07
	@echo "open reports/index.html; make serve starts the site"

serve: $(VENV)/.base
	scripts/serve-demo

browser:
	@scripts/ensure-chromium
	@scripts/ensure-libreoffice

test: $(VENV)/.test browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest

bench: $(VENV)/.bench
	$(PY) bench/run.py --repeat 3
	$(PY) bench/hostile.py
	$(PY) bench/word.py
	$(PY) bench/batch.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
