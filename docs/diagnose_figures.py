"""The figures and printed reports of docs/diagnose.md, from real runs of the built-in tasks.

Run: ``PYTHONPATH=src .venv/bin/python docs/diagnose_figures.py`` (about a minute, CPU).

Each symptom's run is trained for real by ``tests/diagnosis/_diagnose_logs.py`` (the same code the
tests use: an HF Trainer, Lightning with CSVLogger, or a torch loop writing TensorBoard), then
diagnosed; the figure goes to ``docs/img/diagnose/<name>.png`` and what ``lrkit diagnose`` prints
(without the sketch) to ``docs/img/diagnose/<name>.txt``, which docs/diagnose.md quotes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "diagnose")]

import lrkit as lk  # noqa: E402
from _diagnose_logs import make_logs  # noqa: E402

OUT = ROOT / "docs" / "img" / "diagnose"

# figure name -> (framework, run, spec and total_steps for a plan, if any)
FIGURES = {
    "fast-cycles": ("tensorboard", "cosine_epochs", None),
    "floor-early": ("tensorboard", "linear_tiny", None),
    "floor-reached": ("tensorboard", "linear_one_epoch", None),
    "staircase": ("tensorboard", "cosine_per_epoch", None),
    "constant": ("hf", "never_stepped", None),
    "plateau": ("lightning", "plateau_unfed", None),
    "restart": ("hf", "resume_restart", None),
    "restart-lightning": ("lightning", "resume_restart", None),
    "onecycle-10x": ("lightning", "onecycle_10x", None),
    "no-warmup": ("tensorboard", "postln_nowarmup", None),
    "healthy": ("hf", "healthy", None),
    "plan-restart": ("tensorboard", "resume_restart", ("warmup(16, start_factor=0.01) >> cosine", 160)),
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wanted: dict[str, set[str]] = {}
        for fw, run, _ in FIGURES.values():
            wanted.setdefault(fw, set()).add(run)
        paths = {}
        for fw, runs in wanted.items():
            paths.update(make_logs(tmp, (fw,), sorted(runs)))
        for name, (fw, run, plan) in FIGURES.items():
            kw = dict(spec=plan[0], total_steps=plan[1]) if plan else {}
            d = lk.diagnose(paths[(fw, run)], **kw)
            d.runs[0].name = f"{fw}/{run}"
            d.plot(OUT / f"{name}.png")
            text = d.text(sketch=name == "healthy")
            (OUT / f"{name}.txt").write_text(text.replace(tmp, "runs") + "\n")
            print(f"{name}: {[f.code for f in d.findings]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
