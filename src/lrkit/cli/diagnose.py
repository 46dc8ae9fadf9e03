"""``lrkit diagnose PATH…``: read a run's logs and say what went wrong with its learning rate.

Exit codes: 0 no findings, 1 findings, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diagnose", help="read training logs and say what went wrong with the learning rate",
        description="Read a run's logs (TensorBoard event files, HF trainer_state.json or a checkpoint folder, "
                    "Lightning metrics.csv, CSV / JSONL such as a W&B export) and report learning-rate problems: "
                    "a code, the step, the evidence, the likely causes and the fix as code. With --spec and "
                    "--total-steps the logged LR is compared with the plan; without, the schedule is identified "
                    "from the log. A folder with several runs diagnoses each. Docs: docs/diagnose.md. "
                    "Exit 0: no findings, 1: findings, 2: usage error or unreadable input.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="log files or folders of runs")
    p.add_argument("--spec", help="the planned schedule, e.g. 'warmup(5%%) >> cosine' (needs --total-steps)")
    p.add_argument("--total-steps", type=int, metavar="N", help="the planned run length in optimizer steps")
    p.add_argument("--steps-per-epoch", type=int, metavar="K", help="optimizer steps per epoch (for 'ep' units)")
    p.add_argument("--base-lr", type=float, metavar="LR", help="the planned base LR (enables the constant-factor check)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--plot", metavar="FILE.png", help="write a figure: loss and LR by step, findings marked "
                                                      "(one run; several runs: FILE-<n>.png)")
    p.add_argument("--run", metavar="NAME", help="only the runs whose name contains NAME")
    for col, what in (("step", "optimizer step"), ("lr", "learning rate"), ("loss", "training loss"),
                      ("val-loss", "validation loss"), ("val-metric", "validation metric (accuracy, ...)")):
        p.add_argument(f"--{col}", metavar="COLUMN", help=f"the {what} column, when its name is not a common one")
    p.add_argument("--no-sketch", action="store_true", help="text: leave out the terminal sketch of the LR")
    p.set_defaults(func=run)


def _plot_paths(path: str, n: int) -> list[str]:
    if n == 1:
        return [path]
    stem, dot, ext = path.rpartition(".")
    if not dot:
        stem, ext = path, "png"
    return [f"{stem}-{i + 1}.{ext}" for i in range(n)]


def run(args: argparse.Namespace) -> int:
    from ..diagnosis import diagnose
    from ..errors import LRKitError
    from . import print_json

    if args.spec is None and (args.total_steps or args.steps_per_epoch or args.base_lr):
        raise LRKitError("diagnose: --total-steps, --steps-per-epoch and --base-lr describe a plan: pass --spec too")
    if args.plot is not None and not args.plot.lower().endswith(".png"):
        raise LRKitError(f"diagnose: --plot must name a .png file, got {args.plot!r}")
    result = diagnose(args.paths, spec=args.spec, total_steps=args.total_steps, steps_per_epoch=args.steps_per_epoch,
                      base_lr=args.base_lr, run=args.run, step=args.step, lr=args.lr, loss=args.loss,
                      val_loss=args.val_loss, val_metric=args.val_metric)
    if args.plot:
        for i, out in enumerate(_plot_paths(args.plot, len(result.runs))):
            result.plot(out, run=i)
            print(f"wrote {out}", file=sys.stderr)
    if args.format == "json":
        print_json(result.to_dict())
    else:
        print(result.text(sketch=not args.plot and not args.no_sketch))
    return result.exit_code
