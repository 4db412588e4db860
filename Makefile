# 博士后创新实践基地管理系统 — two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test setup setup-dev fonts browser lint check-migrations messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

setup: $(VENV)/.runtime
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput

setup-dev: $(VENV)/.dev
	$(PY) manage.py compile_translations

# Debian packages for official documents (issue 13): Pango for WeasyPrint's PDF, the CJK fonts the PDF embeds
# (fonts-noto-cjk: Noto Serif CJK SC for titles and page numbers; fonts-arphic-gkai00mp: AR PL KaitiM GB for
# the 仿宋-style body) and poppler-utils (pdftotext, pdftoppm) with which the tests read the PDFs back.
DOC_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk fonts-arphic-gkai00mp poppler-utils
fonts:
	@if ! fc-list 2>/dev/null | grep -qi "Noto Serif CJK SC" || ! fc-list 2>/dev/null | grep -qi "AR PL KaitiM GB" \
	  || ! command -v pdftoppm >/dev/null || ! /sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $(DOC_PACKAGES); \
	fi

# Debian's Chromium and CJK fonts for the browser tests; browsers are never downloaded by Playwright here.
browser: fonts
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium fonts-noto-cjk; \
	fi

# The demo shows what production shows (POSTDOC_DEMO: DEBUG off, Chinese error pages) on SQLite.
run: setup fonts
	POSTDOC_DEMO=1 $(PY) manage.py load_demo
	POSTDOC_DEMO=1 $(PY) manage.py serve --host $(HOST) --port $(PORT)

test: setup-dev browser
	$(BIN)/pytest -q -n 2 --dist loadfile --no-loadscope-reorder

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: $(VENV)/.runtime
	$(PY) manage.py makemigrations --check --dry-run

messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l en --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(PY) manage.py makemessages -d djangojs -l en --ignore '.venv/*' --ignore 'static/*' || true

clean:
	rm -rf $(VENV) staticfiles
