# Two commands for a new user: `make run` and `make test`. Both install into .venv/ first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint index eval bench bench-bot bench-load bench-summary quality fit weights overlap clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

index: setup
	$(PY) -m retrieval index --if-needed

run: index
	$(PY) -m bot

test: setup
	$(PY) -m pytest -q

# Everything but the tests marked slow (the real model's index, the benchmark, a Chroma server).
test-fast: setup
	$(PY) -m pytest -q -m "not slow"

lint: setup
	$(PY) -m ruff check corpus retrieval bot prompts tests benchmarks
	$(PY) -m ruff format --check corpus retrieval bot prompts tests benchmarks
	$(PY) -m mypy

eval: index
	$(PY) -m retrieval eval ../shared/eval/dev.jsonl
	$(PY) -m retrieval eval eval/heldout.jsonl
	$(PY) -m retrieval eval eval/heldout2.jsonl
	$(PY) -m retrieval eval eval/heldout3.jsonl
	$(PY) -m retrieval eval eval/heldout4.jsonl
	$(PY) -m retrieval eval eval/heldout_lookups.jsonl
	$(PY) -m retrieval eval eval/heldout_lookups2.jsonl

# Refit the ranker and the abstention classifier on eval/train.jsonl and eval/negatives.jsonl.
fit: index
	$(PY) -m retrieval fit

weights: setup
	$(PY) -m retrieval weights

# Are the held-out sets independent of the others? Rewritten questions and shared gold sets.
overlap: setup
	$(PY) -m retrieval overlap eval/heldout.jsonl --against ../shared/eval/dev.jsonl eval/train.jsonl eval/negatives.jsonl
	$(PY) -m retrieval overlap eval/heldout2.jsonl --against ../shared/eval/dev.jsonl eval/train.jsonl \
	  eval/negatives.jsonl eval/validation.jsonl eval/validation2.jsonl eval/heldout.jsonl
	$(PY) -m retrieval overlap eval/heldout3.jsonl --against ../shared/eval/dev.jsonl eval/train.jsonl \
	  eval/negatives.jsonl eval/validation.jsonl eval/validation2.jsonl eval/heldout.jsonl eval/heldout2.jsonl \
	  eval/lookups.jsonl
	$(PY) -m retrieval overlap eval/heldout4.jsonl --against ../shared/eval/dev.jsonl eval/train.jsonl \
	  eval/negatives.jsonl eval/validation.jsonl eval/validation2.jsonl eval/heldout.jsonl eval/heldout2.jsonl \
	  eval/heldout3.jsonl eval/lookups.jsonl eval/lookups2.jsonl eval/lookups3.jsonl

bench: index
	$(PY) -m retrieval bench

# Reply latency through a fake Bot API server on 127.0.0.1, 100 questions.
bench-bot: index
	$(PY) benchmarks/bot_latency.py

# Many users, floods and Telegram's 429s through a fake Bot API on 127.0.0.1; embedded store and a chroma run.
bench-load: index
	$(PY) benchmarks/load.py

# Written summaries from a scripted fake model on 127.0.0.1: citations kept, and the time they add.
bench-summary: index
	$(PY) benchmarks/summary_check.py

# The quality report the project keeps: per-type figures and every miss, on each question set.
quality: index
	{ echo "# Retrieval quality"; echo; echo "Written by \`make quality\`; each section is \`python -m retrieval eval FILE --report\`."; \
	  for f in ../shared/eval/dev.jsonl eval/train.jsonl eval/validation.jsonl eval/validation2.jsonl eval/lookups.jsonl eval/lookups2.jsonl eval/lookups3.jsonl eval/lookups4.jsonl eval/lookups5.jsonl; do \
	    echo; echo "## $$f"; echo; $(PY) -m retrieval eval $$f --report; done; \
	  for f in eval/heldout.jsonl eval/heldout2.jsonl eval/heldout3.jsonl eval/heldout4.jsonl eval/heldout_lookups.jsonl eval/heldout_lookups2.jsonl; do \
	    echo; echo "## $$f (totals only: its misses are not read)"; echo; $(PY) -m retrieval eval $$f; done; \
	} > benchmarks/quality.md

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
