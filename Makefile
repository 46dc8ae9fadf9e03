# The README's two commands: `make demo` and `make test`. Each creates .venv when
# missing and installs what it needs; a second run reuses it.
# torch is pinned to the CPU wheel this machine provides, in the same pip command
# as the project, so the resolver never pulls a multi-GB CUDA build.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TORCH  ?= torch==2.13.0
STAMP  := $(VENV)/.lrkit-installed
PYTEST_ARGS ?=

.PHONY: demo test test-fast test-peers bench docs-figures clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/pip install -q -e ".[dev]" "$(TORCH)"
	touch $(STAMP)

demo: $(STAMP)
	MPLBACKEND=Agg $(BIN)/lrkit demo

test: $(STAMP)
	$(BIN)/lint-imports
	MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

test-fast: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 -q -m "not slow" $(PYTEST_ARGS)

# timm imports torchvision, which here exists only as a CUDA build with its own torch:
# the peer tests get a separate venv so `make test` never needs it.
PEERS_VENV := .venv-peers
$(PEERS_VENV)/.installed: pyproject.toml
	test -x $(PEERS_VENV)/bin/python || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q -e ".[dev]" timm "torch==2.14.1" "torchvision==0.29.1"
	touch $@

test-peers: $(PEERS_VENV)/.installed
	LRKIT_PEERS=1 $(PEERS_VENV)/bin/python -m pytest -q tests/peers

# the figures of docs/schedules.md: every `lrkit plot … -o docs/img/…` line written there
docs-figures: $(STAMP)
	mkdir -p docs/img
	grep -h '^lrkit plot .* -o docs/img/' docs/schedules.md | sed 's|^lrkit |MPLBACKEND=Agg $(BIN)/lrkit |' | sh -e

bench: $(STAMP)
	for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) $(PEERS_VENV) build src/*.egg-info
