"""Shared test set-up: single-threaded torch, peers kept out of `make test`."""

import os

collect_ignore = []
if not os.environ.get("LRKIT_PEERS"):
    # timm needs torchvision, which only exists here as a CUDA build: `make test-peers`.
    collect_ignore.append("peers")

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("OMP_NUM_THREADS", "1")
