"""The evidence page: the field's rules of thumb about LR schedules, measured on the built-in tasks.

Runs every claim of :mod:`lrkit.experiments.evidence_claims` through ``lrkit.compare``
into the committed store ``bench/results/evidence/evidence.db`` (only what the store
lacks is trained) and rewrites docs/evidence.md and docs/img/evidence_*.png from it:

    python bench/evidence.py                              # the page from the stored runs (seconds)
    python bench/evidence.py --claim warmup-transformers  # one claim (trains it if not stored)
    python bench/evidence.py --claim step-vs-cosine --rerun   # that claim from scratch
    python bench/evidence.py --rerun --workers 2          # everything from scratch
    python bench/evidence.py --storage postgresql://user:pw@host/db --workers 2   # shared by several machines

The same as ``lrkit evidence`` with this repository's paths as defaults.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lrkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "evidence"
DEFAULTS = ["--storage", str(RESULTS / "evidence.db"), "--page", str(ROOT / "docs" / "evidence.md"),
            "--img", str(ROOT / "docs" / "img"), "--runtime", str(RESULTS / "runtime.json")]

if __name__ == "__main__":
    sys.exit(main(["evidence", *DEFAULTS, *sys.argv[1:]]))
