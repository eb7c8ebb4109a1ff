# Quick start: `make serve` (build and serve on http://127.0.0.1:8000) and `make test`.
# Each target sets itself up: the virtualenv, Python and npm dependencies, Chromium.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: install serve site test validate bench browser java fonts clean

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Leaflet, the cluster plugin, axe-core and vnu-jar come from the npm registry at pinned versions.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests (no browser download). Needs root or sudo.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Java for the Nu Html Checker (vnu-jar, from npm) in the tests. Needs root or sudo.
java:
	@command -v java >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

# Debian's Noto CJK fonts, so the browser tests see the Chinese text as readers do: layout checks,
# screenshots and Lighthouse measure real glyphs, not boxes of missing ones. Needs root or sudo.
fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q "Noto Sans CJK" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null; }

validate: $(STAMP)
	$(BIN)/python -m generator validate

site: install
	$(BIN)/mkdocs build

serve: install
	$(BIN)/mkdocs serve --dirty --no-strict -a 127.0.0.1:8000  # rebuilds only what a save touches

test: install browser java fonts
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m generator.tools.bench

clean:
	rm -rf site $(VENV) node_modules
