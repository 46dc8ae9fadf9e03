"""``lrkit find --task NAME``: run the LR range test on a built-in task and print the suggestions."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from ..errors import LRKitError, LRKitWarning
from . import print_json

_PLOT_FORMATS = (".png", ".svg", ".pdf")


def _check_output(flag: str, path: str, suffixes: tuple[str, ...] | None = None) -> None:
    """Fail before the sweep, not after it, on an output file that cannot be written."""
    p = Path(path)
    if suffixes is not None and p.suffix.lower() not in suffixes:
        raise LRKitError(f"{flag} must end in {', '.join(suffixes)} (the format is taken from the extension), "
                         f"got {path!r}")
    if not p.parent.is_dir():
        raise LRKitError(f"{flag}: the folder of the output file does not exist: {str(p.parent)!r}")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "find", help="LR range test on a built-in task",
        description="Run the LR range test (lrkit.find_lr) on a built-in task and print every rule's "
                    "suggested LR, the (min_lr, max_lr) range for cyclic/one-cycle schedules, and whether "
                    "the curve can be trusted. See docs/finder.md for the rules.")
    p.add_argument("--task", required=True, help="built-in task (see `lrkit tasks`)")
    p.add_argument("--optimizer", choices=("sgd", "adamw"), default=None,
                   help="optimizer (default: the task's)")
    p.add_argument("--seed", type=int, default=0, help="model init and data order (default 0)")
    p.add_argument("--start-lr", type=float, default=1e-7, help="first LR of the sweep (default 1e-7)")
    p.add_argument("--end-lr", type=float, default=10.0, help="last LR of the sweep (default 10)")
    p.add_argument("--num-iter", type=int, default=100, help="sweep length in steps (default 100)")
    p.add_argument("--mode", choices=("exp", "linear"), default="exp", help="LR spacing (default exp)")
    p.add_argument("--repeats", type=int, default=1, help="sweeps with fresh data order (default 1)")
    p.add_argument("--quick-confirm", choices=("auto", "always", "never"), default="auto",
                   help="find_lr's own short runs around a low-confidence suggestion (find_lr(confirm=...): "
                        "'auto' when the confidence is low, the default; see docs/finder.md)")
    p.add_argument("--confirm", type=int, default=0, metavar="K",
                   help="then train K short runs at the suggestion and around it (/3, x3, ...; the task's "
                        "budget and this seed) and report the best; the cost is printed first (lrkit.confirm_lr)")
    p.add_argument("--confirm-epochs", type=int, default=None, metavar="E",
                   help="epochs of each --confirm run (default: the task's budget)")
    p.add_argument("--confirm-extend", type=int, default=None, metavar="N",
                   help="up to N more --confirm runs past an edge when the best is the lowest or highest LR "
                        "tried (default: 4 when the confidence is low, else 0)")
    p.add_argument("--confirm-refine", type=int, default=None, metavar="R",
                   help="then up to R rounds of 2 --confirm runs around the best (x1.73, then x1.32, ...; "
                        "default: 2 when the confidence is low, else 0)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("-o", "--output", default=None, help="save the plot here (PNG/SVG/PDF; needs matplotlib)")
    p.add_argument("--save", default=None, help="save the result as JSON here (FinderResult.load reads it)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..experiments.runner import TaskFinder
    from ..experiments.tasks import get_task

    task = get_task(args.task, args.optimizer)
    if args.output:
        _check_output("-o/--output", args.output, _PLOT_FORMATS)
    if args.save:
        _check_output("--save", args.save)
    if args.confirm < 0:
        raise LRKitError(f"--confirm must be an integer >= 1 (runs), or 0 for none, got {args.confirm}")
    if args.confirm_epochs is not None and args.confirm_epochs < 1:
        raise LRKitError(f"--confirm-epochs must be an integer >= 1, got {args.confirm_epochs}")
    if args.confirm_extend is not None and args.confirm_extend < 0:
        raise LRKitError(f"--confirm-extend must be an integer >= 0 (extra runs), got {args.confirm_extend}")
    if args.confirm_refine is not None and not 0 <= args.confirm_refine <= 6:
        raise LRKitError(f"--confirm-refine must be an integer from 0 to 6 (rounds of 2 runs), got {args.confirm_refine}")
    import torch

    torch.set_num_threads(1)
    res = TaskFinder(task.name, task.optimizer, args.seed, progress=not args.json).run(
        start_lr=args.start_lr, end_lr=args.end_lr, num_iter=args.num_iter, mode=args.mode, repeats=args.repeats,
        confirm={"auto": "auto", "always": True, "never": False}[args.quick_confirm])
    if args.output:
        import matplotlib

        matplotlib.use("Agg")
        ax = res.plot()
        ax.figure.savefig(args.output, dpi=120, bbox_inches="tight")
    if args.save:
        res.save(args.save)
    with warnings.catch_warnings():  # the sweep note is printed below, not warned
        warnings.simplefilter("ignore", LRKitWarning)
        lo, hi = res.suggest_range()
    if args.json:
        d = res.to_dict()
        d.update(task=task.name, optimizer=task.optimizer, seed=args.seed, suggested_lr=d["suggestions"].get("confirmed", d["suggestions"]["lrkit"]),
                 range=[lo, hi], sweep_note=res.sweep_note)
        if args.repeats > 1:
            d["spread"] = res.spread()
        if args.confirm:
            d["confirm"] = _confirm(task, res, args, announce=lambda m: print(m, file=sys.stderr)).to_dict()
        print_json(d)
        return 0
    how = f" ({res.stop_rule})" if res.stop_rule in ("sustained rise",) else ""
    print(f"LR range test on {task.name} ({task.optimizer}, seed {args.seed}): {len(res.lrs)} steps, "
          f"stopped: {res.stop_reason}{how}")
    for note in res.adaptations:
        print(f"  adapted: {note}")
    got = res.suggestions()
    for rule, lr in got.items():
        mark = "  <- suggested" if rule == ("confirmed" if "confirmed" in got else "lrkit") else ""
        print(f"  {rule:<9} {'-' if lr is None else f'{lr:.3e}'}{mark}")
    print(f"  range     {lo:.3e} .. {hi:.3e}  (cyclic / one-cycle min_lr .. max_lr)")
    if args.repeats > 1:
        sp = res.spread()
        print(f"  spread    {sp['min']:.3e} .. {sp['max']:.3e} over {args.repeats} repeats ({sp['ratio']:.2f}x)")
    why = [r for r in res.confidence_reasons if not r.startswith("sweep density:")]  # the note below says it
    print(f"  confidence {res.confidence}" + "".join(f"\n    - {r}" for r in why))
    if res.sweep_note:
        print(f"  note: {res.sweep_note}")
    if args.output:
        print(f"plot: {args.output}")
    if args.confirm:
        c = _confirm(task, res, args, announce=print)
        for lr, m in zip(c.lrs, c.metrics):
            mark = "  <- best" if lr == c.best_lr else ""
            print(f"  lr {lr:.3e}  {task.metric} {m:.4f}{mark}")
        print(f"confirmed: lr {c.best_lr:.3e} ({task.metric} {c.best_metric:.4f}"
              + (", not the suggestion" if c.moved else ", the suggestion") + f"); {c.seconds:.1f} s")
    return 0


def _confirm(task, res, args, announce):
    """``lrkit.confirm_lr`` with the task's own training run (its budget, this seed) as the short run."""
    import math

    from ..finder import confirm_lr

    epochs = args.confirm_epochs or task.epochs

    def train(lr: float) -> float:
        r = task.train(None, seed=args.seed, lr=lr, epochs=epochs)
        return math.nan if r["diverged"] else float(r["final"][task.metric])

    extend = "auto" if args.confirm_extend is None else args.confirm_extend
    refine = "auto" if args.confirm_refine is None else args.confirm_refine
    return confirm_lr(train, res, args.confirm, mode=task.mode, extend=extend, refine=refine,
                      seconds_per_run=task.seconds_per_run * epochs / task.epochs, what=f"{task.name} ({task.optimizer}, {epochs} epochs, seed {args.seed})", announce=announce)
