# Course tasks. Two commands set everything up on a fresh machine:
#   make book   -> builds the site into _build/html
#   make test   -> clean strict build + every test (installs Debian's chromium when missing)
SHELL := /bin/bash
VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed
# Default ports differ, so the site, Voila and JupyterLab can run side by side.
PORT  ?= 8000
LIVE_PORT ?= 8866
LAB_PORT ?= 8888
CHAPTER ?= chapters/01-origins.md
# Warnings are errors; every broken reference is reported; keep going to list them all.
JB_FLAGS := -W -n --keep-going

.PHONY: help book book-clean test bench data serve live lab clean requirements static chromium \
        classroom bench-classroom requirements-classroom

help:
	@echo "make book   build the site (uses the execution cache)"
	@echo "make test   clean strict build + all tests (unit, data, notebooks, browser)"
	@echo "make serve  preview the built site on http://127.0.0.1:$(PORT)"
	@echo "make live   CHAPTER=$(CHAPTER) (or CHAPTER=all) as a Voila app, live widgets, http://127.0.0.1:$(LIVE_PORT)"
	@echo "make lab    JupyterLab on the chapters (MyST rendered, .md opens as a notebook), http://127.0.0.1:$(LAB_PORT)"
	@echo "make bench  print benchmark figures: model sums (Model 4A, runs up to 10^12 units),"
	@echo "            explorers (live latency, frames), page bytes, frame switch,"
	@echo "            Lighthouse mobile/desktop per page (npm lighthouse@12.8.2 into .bench/ on first use)"
	@echo "make data   regenerate data/ from data/raw/ (tidy CSVs + datapackage.json)"
	@echo "make clean  remove _build and caches (keeps .venv)"
	@echo "make classroom        a JupyterHub for one class on this machine, http://127.0.0.1:$(CLASS_PORT)"
	@echo "                      (CLASS_ARGS e.g. \"--ip 0.0.0.0\" for the school network; docs/classroom.md)"
	@echo "make bench-classroom  load test: CLASS_N (default 30) simulated students on loopback; prints figures"

$(STAMP): requirements.txt pyproject.toml scripts/bootstrap.sh
	@scripts/bootstrap.sh
	@touch $(STAMP)

static: $(STAMP)
	@$(BIN)/python scripts/vendor_static.py --check-or-fetch
	@$(BIN)/python scripts/vendor_test_tools.py --check-or-fetch

book: $(STAMP) static
	@$(BIN)/python scripts/check_toc.py
	COURSE_BUILD=1 $(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "==> notebook copies (notebooks/*.ipynb) from the book (sphinx-tojupyter)"
	@$(BIN)/python scripts/make_notebooks.py | tail -1

# Clean strict build: no stale page, cached output or precomputed frame survives.
book-clean: $(STAMP) static
	@$(BIN)/python scripts/check_toc.py
	rm -rf _build
	COURSE_BUILD=1 $(BIN)/jupyter-book build . $(JB_FLAGS)
	$(BIN)/python scripts/make_notebooks.py --build

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "==> installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || { \
	    echo "ERROR: could not install chromium (apt-get install -y chromium); run it as root with access to Debian's packages." >&2; exit 1; }; }

test: $(STAMP) static chromium book-clean
	$(BIN)/python -m pytest

# Prints figures, asserts nothing. First the models' long exact sums (scripts/bench_models.py,
# BENCH_MODELS_ARGS e.g. "--repeat 3"), then explorers and pages (scripts/bench.py). Needs a built
# site (make book) for the page figures; BENCH_ARGS e.g. "--pages 01-origins intro --runs 1" or
# "--no-lighthouse".
bench: $(STAMP)
	$(BIN)/python scripts/bench_models.py $(BENCH_MODELS_ARGS)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python scripts/bench.py $(BENCH_ARGS)

data: $(STAMP)
	$(BIN)/python scripts/make_data.py

serve:
	@test -d _build/html || { echo "No built site: run 'make book' first." >&2; exit 1; }
	@$(BIN)/python -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", $(PORT)))' 2>/dev/null || { \
	  echo "ERROR: port $(PORT) on 127.0.0.1 is busy. Choose another: make serve PORT=$$(( $(PORT) + 1 ))" >&2; exit 2; }
	@echo "Serving _build/html on http://127.0.0.1:$(PORT) (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

live: $(STAMP)
	@$(BIN)/python scripts/local_server.py live --port $(LIVE_PORT) --chapter "$(CHAPTER)"

lab: $(STAMP)
	@$(BIN)/python scripts/local_server.py lab --port $(LAB_PORT)

requirements:
	@echo "Recompiling requirements.txt from requirements.in in a scratch venv"
	rm -rf /tmp/course-req-venv && python3 -m venv /tmp/course-req-venv
	# Existing pins are kept (constraints); delete a line of requirements.txt to let it move.
	/tmp/course-req-venv/bin/pip install -q -r requirements.in -c requirements.txt
	{ echo "# Pinned from requirements.in by 'make requirements' (Python 3.11)."; \
	  /tmp/course-req-venv/bin/pip freeze --exclude-editable | LC_ALL=C sort -f; } > requirements.txt

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +

# ---- A class on one machine (docs/classroom.md). The hub's packages are pinned apart from
# requirements.txt (docs/decisions/0060) and installed by the launcher on first use.
CLASS_PORT ?= 8020
CLASS_TEACHER ?= teacher
CLASS_N ?= 30
classroom: $(STAMP)
	@$(BIN)/python scripts/classroom/launch.py --port $(CLASS_PORT) --teacher $(CLASS_TEACHER) $(CLASS_ARGS)

# Prints figures, asserts nothing; loopback only, bounded (BENCH_CLASS_ARGS e.g. "--levels 1,5").
bench-classroom: $(STAMP)
	@$(BIN)/python scripts/classroom/loadtest.py --students $(CLASS_N) $(BENCH_CLASS_ARGS)

requirements-classroom:
	@echo "Recompiling requirements-classroom.txt on top of requirements.txt in a scratch venv"
	rm -rf /tmp/course-req-venv && python3 -m venv /tmp/course-req-venv
	/tmp/course-req-venv/bin/pip install -q -r requirements.txt
	/tmp/course-req-venv/bin/pip freeze --exclude-editable | LC_ALL=C sort -f > /tmp/course-req-before.txt
	/tmp/course-req-venv/bin/pip install -q -r requirements-classroom.in -c requirements.txt
	{ echo "# Pinned from requirements-classroom.in by 'make requirements-classroom' (Python 3.11), on top of"; \
	  echo "# requirements.txt (its constraints): only the packages requirements.txt does not hold."; \
	  /tmp/course-req-venv/bin/pip freeze --exclude-editable | LC_ALL=C sort -f \
	    | LC_ALL=C comm -13 /tmp/course-req-before.txt -; } > requirements-classroom.txt
