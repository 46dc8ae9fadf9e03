"""Evidence for the advisor: on each built-in task, the recommended schedule against the ones it did not choose.

For every task the advisor is asked for a schedule from the task's own context
(model family, epochs, steps per epoch, batch size, optimizer). That schedule
then runs against constant and two other families (step decay and one-cycle,
plus warmup+cosine where it was not the pick) at the task's base LR, with the
same seeds, through ``lrkit.compare``. The script prints, per task, the table
and whether the recommendation was best or within seed noise of the best
(Welch's t-test, p < 0.05, on the final metric).

    .venv/bin/python bench/advisor_evidence.py --seeds 3 --workers 2 --out bench-out/advisor

Results are stored (resumable) under --out; rerunning reuses finished runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import lrkit as lk
from lrkit.experiments.runner import compare_task
from lrkit.experiments.tasks import get_task

# task -> the advisor's model family for it
TASKS = {
    "digits-mlp": "mlp",
    "digits-cnn": "cnn",
    "mnist1d-mlp": "mlp",
    "mnist1d-cnn": "cnn",
    "charlm": "transformer-nlp",
    "charlm-postln": "transformer-nlp",
}
ALTERNATIVES = ["constant", "multistep([50%, 75%], gamma=0.1)",
                "onecycle(pct_start=0.25, div_factor=25, final_div_factor=10000)", "warmup(5%) >> cosine"]


def evidence(task_name: str, model: str, seeds: int, workers: int, out: Path) -> dict:
    task = get_task(task_name)
    spe = task.steps_per_epoch()
    rec = lk.recommend(model=model, epochs=task.epochs, steps_per_epoch=spe, batch_size=task.batch_size,
                       optimizer=task.optimizer)
    chosen = str(rec.schedule)
    others = [a for a in ALTERNATIVES if lk.parse(a) != lk.parse(chosen)]
    res = compare_task(task_name, [chosen] + others, seeds, workers=workers, out=out / task_name,
                       progress=False, title=f"Advisor evidence on {task_name}")
    verdict = res.verdict()
    best = verdict["best"]
    if best == chosen:
        outcome = "best"
    else:
        vs = next(t for t in verdict["tests"] if t["label"] == chosen)
        outcome = "within seed noise of the best" if not vs["beyond_noise"] else "worse than the best beyond noise"
    return {"task": task_name, "model": model, "recommended": chosen, "reasons": [str(r) for r in rec.reasons],
            "best": best, "outcome": outcome, "table": res.table(), "sentence": res.sentence()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default="bench-out/advisor")
    ap.add_argument("--tasks", nargs="*", default=list(TASKS))
    args = ap.parse_args()
    out = Path(args.out)
    rows = []
    for name in args.tasks:
        r = evidence(name, TASKS[name], args.seeds, args.workers, out)
        rows.append(r)
        print(f"\n## {name} (advisor model={r['model']})\nrecommended: `{r['recommended']}` -> {r['outcome']}\n")
        print(r["table"])
        print("\n" + r["sentence"], flush=True)
    (out / "evidence.json").write_text(json.dumps(rows, indent=2))
    print("\nsummary:")
    for r in rows:
        print(f"  {r['task']:<14} {r['recommended']:<45} {r['outcome']}")


if __name__ == "__main__":
    main()
