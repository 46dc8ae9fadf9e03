"""Peers kept out of `make test` (see the root conftest.py for the environment)."""

import os

collect_ignore = []
# the doctor's corpus scripts are data the doctor reads, never imported or run (not even for doctests)
collect_ignore_glob = ["doctor/corpus/*"]
if not os.environ.get("LRKIT_PEERS"):
    # timm needs torchvision, which only exists here as a CUDA build: `make test-peers`.
    collect_ignore.append("peers")
