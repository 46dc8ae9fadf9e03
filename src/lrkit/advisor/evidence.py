"""Where the advisor's rules rest on measurements: the sections of docs/evidence.md they cite.

A :class:`~lrkit.advisor.rules.Reason` may name the evidence sections behind it
(the claim names of :mod:`lrkit.experiments.evidence_claims`, which are the page's
anchors); its text then ends with ``(see docs/evidence.md#NAME)``.

>>> see(("warmup-transformers",))
'see docs/evidence.md#warmup-transformers'
>>> see(("cosine-default", "step-vs-cosine"))
'see docs/evidence.md#cosine-default, #step-vs-cosine'
>>> see(("warmup",))
Traceback (most recent call last):
...
lrkit.errors.LRKitError: advisor: unknown evidence section 'warmup'; known: adam-schedule, cosine-default, finder-div10, finetune-constant, large-batch-warmup, onecycle-finder-range, onecycle-max-lr, onecycle-short, plateau-conservative, scheduling-gain, small-models, step-vs-cosine, warmup-transformers
"""

from __future__ import annotations

from typing import Sequence

from ..errors import LRKitError

__all__ = ["EVIDENCE_PAGE", "SECTIONS", "see"]

EVIDENCE_PAGE = "docs/evidence.md"
#: the claims measured on the evidence page (its section anchors); a test keeps them in step with the registry
SECTIONS = ("scheduling-gain", "warmup-transformers", "cosine-default", "onecycle-short", "adam-schedule",
            "small-models", "large-batch-warmup", "finetune-constant", "onecycle-max-lr", "onecycle-finder-range",
            "finder-div10", "plateau-conservative", "step-vs-cosine")


def see(anchors: Sequence[str]) -> str:
    """``see docs/evidence.md#A, #B`` for the evidence sections ``anchors`` (each must be a known section)."""
    for a in anchors:
        if a not in SECTIONS:
            raise LRKitError(f"advisor: unknown evidence section {a!r}; known: {', '.join(sorted(SECTIONS))}")
    return f"see {EVIDENCE_PAGE}#" + ", #".join(anchors)
