# Makefile for the coursebook pipeline, in the style of Sphinx's quickstart Makefile.
# `make all` sets everything up (system packages, .venv from the lock file) and builds every
# edition; `make test` sets up and runs the tests. Each edition is its own target, so
# `make -j all` builds them side by side; stamps make a no-op `make all` skip Sphinx entirely,
# and each edition depends only on the files that can change it (see the lists below).

# You can set these variables from the command line or the environment.
SPHINXOPTS    ?=
PAPER         ?= a4
PYTHON        ?= python3
SOURCEDIR     ?= book
BUILDDIR      ?= build
VENV          = .venv
BIN           = $(VENV)/bin
# One stamp folder per SOURCE_DATE_EPOCH and course: the editions carry that date, so a new
# commit rebuilds them, and `make check` can compare an offline rebuild with them byte for byte;
# a build folder shared by two courses (SOURCEDIR) never takes one's stamps for the other's.
COURSE_KEY    := $(shell printf '%s' "$(abspath $(SOURCEDIR))" | cksum | cut -d' ' -f1)
STAMPS        = $(BUILDDIR)/.stamps/$(SOURCE_DATE_EPOCH)-$(COURSE_KEY)

# Reproducible builds: the date of the last commit unless the caller fixed one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export SOURCE_DATE_EPOCH

# Debian 12 packages: the fonts every edition and the cards use (DejaVu Sans Condensed is in
# -extra), Java for EPUBCheck, Poppler and zbar for the tests (text extraction, QR decoding), venv
# for the virtualenv itself. (Typst, the PDF's typesetter, comes as a Python wheel.)
SYSTEM_PACKAGES = python3-venv \
                  fonts-noto-core fonts-dejavu-core fonts-dejavu-extra default-jre-headless \
                  poppler-utils zbar-tools
# `make bench BENCHOPTS=--peers` only: Sphinx's own LaTeX route, to time ours against it. Trimmed
# to what the book needs (texlive-fonts-extra alone is about 1.5 GB): xelatex and the LaTeX
# packages Sphinx loads, the fonts of Sphinx's xelatex set-up (FreeFont, TeX Gyre), latexmk,
# xindy (Sphinx's index with xelatex), rsvg-convert for the SVG figures; Pango and HarfBuzz for
# sphinx-simplepdf's WeasyPrint.
PEER_PACKAGES = texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
                tex-gyre fonts-freefont-otf latexmk xindy librsvg2-bin \
                libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# `make check` only: a real browser for the website's checks, and libatomic for the Node.js that
# Playwright bundles to drive it; Node.js and npm for DAISY Ace (tests/validators/), which checks the
# ePub in the same chromium, unless the machine has them already (another Node.js, such as
# NodeSource's, bundles its own npm and conflicts with Debian's); iproute2 to run Ace without
# the network (tests/editions.py).
NODE_PACKAGES    = $(if $(shell command -v node),,nodejs) $(if $(shell command -v npm),,npm)
BROWSER_PACKAGES = chromium libatomic1 iproute2 $(NODE_PACKAGES)

# What each edition is made from, so that an edit rebuilds only the editions it can change:
# a chapter does not reprint the cards, the card code does not rerun Sphinx, the PDF's theme does
# not rebuild the website. (Figures are committed SVGs in the book; diagrams/ is not read.)
FILES_IN = $(shell find $(1) -type f -not -path '*/__pycache__/*' -not -name '*.pyc' 2>/dev/null)
# A folder's time changes when a file in it is added, removed or renamed: with the folders as
# prerequisites, deleting a chapter, an exercise or a deck rebuilds what showed it.
FOLDERS_IN = $(shell find $(1) -type d -not -name '__pycache__' 2>/dev/null)
BOOK_FILES := $(call FILES_IN,$(SOURCEDIR)) $(call FOLDERS_IN,$(SOURCEDIR))
CODE       := $(call FILES_IN,source)
CARD_CODE  := $(filter source/coursebook/cards/%,$(CODE))
PDF_CODE   := $(filter source/coursebook/editions/typst/%,$(CODE))
EPUB_CODE  := $(filter source/coursebook/editions/epub%.py source/coursebook/editions/cover.py \
                source/coursebook/editions/navigation.py source/coursebook/editions/page_list.py \
                source/coursebook/editions/static/%,$(CODE))
SPHINX     := $(BOOK_FILES) $(filter-out $(CARD_CODE),$(CODE)) $(VENV)/.installed
CARD_DATA  := $(filter $(SOURCEDIR)/conf.py $(SOURCEDIR)/%.bib \
                $(SOURCEDIR)/exercises $(SOURCEDIR)/exercises/%.yaml \
                $(SOURCEDIR)/decks $(SOURCEDIR)/decks/% \
                $(SOURCEDIR)/figures/pictograms $(SOURCEDIR)/figures/pictograms/%,$(BOOK_FILES))
BUILD = $(BIN)/coursebook build --book $(SOURCEDIR) --out $(BUILDDIR)

.PHONY: help all setup figures html epub pdf cards serve test check bench lock clean FORCE

# Put it first so that "make" without argument is like "make help".
help:
	@echo "Usage: make <target> [PAPER=a4|letter] [SPHINXOPTS=...]"
	@echo "  all     set up, then build the website, the ePub, the PDF and the cards of $(SOURCEDIR)/"
	@echo "          into $(BUILDDIR)/ (SOURCEDIR=another/course BUILDDIR=its/build for another course)"
	@echo "  html    the website in $(BUILDDIR)/html (its download menu serves the PDF and ePub built by make all)"
	@echo "  epub    the ePub 3 in $(BUILDDIR)/epub"
	@echo "  pdf     the tagged PDF in $(BUILDDIR)/pdf (PAPER=letter for US Letter)"
	@echo "  cards   every deck as printable cards in $(BUILDDIR)/cards (A6 on A4, 4x6 in on Letter)"
	@echo "  figures redraw the figures and pictograms from diagrams/ into $(SOURCEDIR)/figures"
	@echo "  serve   live preview on http://127.0.0.1:8000, rebuilt on every edit"
	@echo "  test    set up, then lint, type-check and run the test suite (which builds and checks"
	@echo "          the real book in a temporary folder)"
	@echo "  check   all, then every whole-book check: EPUBCheck, DAISY Ace, PDF, a real browser (axe,"
	@echo "          CSP, search, downloads, keyboard), links, an offline rebuild, readability"
	@echo "  bench   time clean, no-op, incremental, parallel and scaled builds (in a temporary folder)"
	@echo "          BENCHOPTS=--peers also times the PDF against Sphinx's latexpdf and sphinx-simplepdf"
	@echo "  setup   install system packages and the locked Python environment only"
	@echo "  lock    regenerate requirements.lock from pyproject.toml (needs the network)"
	@echo "  clean   remove $(BUILDDIR)/"

# Build every edition. Each publisher refreshes the website's downloads/ folder, so the download
# menu serves the PDF and ePub of this build whichever edition finishes last. The PDF, the
# longest, comes first, so `make -j2` starts it at once instead of after two shorter editions.
all: pdf html epub cards

# Install what the pipeline needs: system packages, then the virtualenv from the lock file.
setup: $(VENV)/.installed

# Install the Debian packages $(1) that are missing: with apt-get as root, otherwise print the
# exact command to run.
define install_packages
	@missing=""; \
	if command -v dpkg-query >/dev/null; then \
	  for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	  done; \
	else echo "note: not a Debian system; make sure the equivalents of these are installed: $(1)"; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "Missing system packages. Run this, then make again:"; \
	    echo "  sudo apt-get install -y --no-install-recommends$$missing"; exit 1; \
	  fi; \
	fi
endef

# The stamp lives with the virtualenv, not in $(BUILDDIR): `make clean` then rebuilds the book
# without checking the system and reinstalling the environment again.
$(VENV)/.system-checked: Makefile
	$(call install_packages,$(SYSTEM_PACKAGES))
	@mkdir -p $(@D) && touch $@

# A .venv moved or copied from another folder keeps running that folder's code: its scripts
# start the other folder's python, its editable install imports the other folder's source/.
# So the stamp holds only while the .venv's `coursebook` script starts this folder's python and
# that python imports this folder's source/; otherwise (or with no .venv) it is rebuilt afresh.
# (pip writes a long interpreter path on an `exec` line instead of after `#!`.)
VENV_OWN_PYTHON := $(shell head -c 512 $(BIN)/coursebook 2>/dev/null | \
  grep -qF -e '!$(abspath $(BIN))/python' -e "exec' $(abspath $(BIN))/python" && echo yes)
VENV_IMPORTS    := $(if $(VENV_OWN_PYTHON),$(shell $(BIN)/python -I -c \
  "import importlib.util as u; print(u.find_spec('coursebook').origin)" 2>/dev/null))
VENV_FOREIGN    := $(if $(filter $(abspath source/coursebook/__init__.py),$(VENV_IMPORTS)),,yes)

$(VENV)/.installed: requirements.lock pyproject.toml $(VENV)/.system-checked $(if $(VENV_FOREIGN),FORCE)
ifeq ($(VENV_FOREIGN),yes)
	@if [ -e $(BIN) ]; then echo "note: $(VENV) runs another folder's code (moved or copied?): rebuilding it"; fi
	$(PYTHON) -m venv --clear $(VENV)
	@touch $(VENV)/.system-checked  # checked just before; --clear removed its stamp
else
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
endif
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# Regenerate the lock file with hashes (run after editing dependencies in pyproject.toml).
lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --quiet -o requirements.lock

# The website: Sphinx's html builder with sphinx-book-theme, published atomically.
html: $(STAMPS)/html
$(STAMPS)/html: $(filter-out $(PDF_CODE) $(EPUB_CODE),$(SPHINX))
	$(BUILD) html -- $(SPHINXOPTS)
	@mkdir -p $(@D) && touch $@

# The ePub 3 edition (EPUBCheck runs in `make check` and the tests, not here). It takes its
# print page numbers (page-list) from the PDF's build, so the PDF comes first.
epub: $(STAMPS)/epub
$(STAMPS)/epub: $(filter-out $(PDF_CODE),$(SPHINX)) $(STAMPS)/pdf-$(PAPER)
	$(BUILD) epub -- $(SPHINXOPTS)
	@mkdir -p $(@D) && touch $@

# The PDF edition: every chapter written as Typst and typeset by Typst (PDF/UA-1).
pdf: $(STAMPS)/pdf-$(PAPER)
$(STAMPS)/pdf-$(PAPER): $(filter-out $(EPUB_CODE),$(SPHINX))
	$(BUILD) pdf --paper $(PAPER) -- $(SPHINXOPTS)
	@rm -f $(STAMPS)/pdf-* && mkdir -p $(@D) && touch $@

# Printable exercise cards: every deck on A4 (A6 cards) and on Letter (4x6 in index cards),
# plus a duplex calibration sheet for each paper. Four targets, so `make -j` runs them side by
# side; the cards read the exercise data, decks, pictograms and conf.py (never the chapters) and
# run Python code only (no theme, CSS or template).
CARDS = $(BIN)/coursebook cards --book $(SOURCEDIR) --out-dir $(BUILDDIR)/cards
CARD_SETS = a6-a4 4x6-letter
cards: $(CARD_SETS:%=$(STAMPS)/cards-%) $(STAMPS)/calibration-a4 $(STAMPS)/calibration-letter
$(STAMPS)/cards-%: $(CARD_DATA) $(filter %.py,$(CODE)) $(VENV)/.installed
	$(CARDS) --all-decks --size $(word 1,$(subst -, ,$*)) --paper $(word 2,$(subst -, ,$*))
	@mkdir -p $(@D) && touch $@
$(STAMPS)/calibration-%: $(filter %.py,$(CODE)) $(VENV)/.installed
	$(CARDS) --calibration --paper $*
	@mkdir -p $(@D) && touch $@

# Figures are drawn by code in diagrams/ and committed (a test checks they are current).
figures: $(VENV)/.installed
	$(BIN)/python diagrams/build.py $(SOURCEDIR)/figures

# Live preview: rebuilds the website on edits to chapters, data, CSS or the extension.
serve: $(VENV)/.installed
	$(BIN)/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/serve -b html -d $(BUILDDIR)/.doctrees/serve \
	  --watch source --watch diagrams --port 8000 -D coursebook_content_security_policy=off \
	  $(SPHINXOPTS)

# Lint, type-check and test (what CI runs). The suite also builds the real book (book/, every
# edition and the cards, into a temporary folder: build/ is left alone) and checks it, so a
# broken chapter fails it. pytest-xdist runs the tests on every core; one process builds and
# checks the real book while the others run the rest.
test: $(VENV)/.installed
	$(BIN)/ruff check source tests scripts diagrams book/conf.py
	$(BIN)/ruff format --check source tests scripts diagrams book/conf.py
	$(BIN)/mypy
	$(BIN)/pytest -n auto -q

# Timings of clean, no-op, incremental, parallel and scaled builds and of 1,000 cards; works in a
# temporary folder and writes only $(BUILDDIR)/bench/ (README, Performance). BENCHOPTS: --help.
BENCHOPTS ?=
bench: $(VENV)/.installed
	$(if $(findstring peers,$(BENCHOPTS)),$(call install_packages,$(PEER_PACKAGES)))
	$(BIN)/python scripts/bench.py --out $(BUILDDIR)/bench $(BENCHOPTS)

# Slower checks of the whole built book.
$(VENV)/.browser-checked: Makefile
	$(call install_packages,$(BROWSER_PACKAGES))
	@mkdir -p $(@D) && touch $@

# DAISY Ace, at the versions tests/validators/package-lock.json pins. Its install steps would download
# a browser (puppeteer) and Electron: skipped, Ace runs on Debian's chromium.
tests/validators/node_modules/.installed: tests/validators/package.json tests/validators/package-lock.json \
                                    $(VENV)/.browser-checked
	cd tests/validators && PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
	  npm ci --no-audit --no-fund --loglevel=error
	@touch $@

check: all $(VENV)/.browser-checked tests/validators/node_modules/.installed
	$(BIN)/pytest tests/book --make-check -q
	$(BIN)/python scripts/readability.py $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)

# Makes a target out of date, whatever the files' times say, when its recipe must run.
FORCE:
