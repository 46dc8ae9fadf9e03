"""``lrkit plot``: see a schedule before training with it.

Draws the curve in the terminal (or to a ``.png``/``.svg`` file with ``-o``) and
prints the LR at key points: start, end of warmup, each ``>>`` boundary, the
milestones / peak / decay start / first restarts of a family, middle, last
step and end. ``--compare`` overlays more schedules; ``--json`` prints the
key points (and with ``--all`` every step's LR) as JSON.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import LRKitError
from ..viz import as_schedule, evaluate, key_points, plot_schedules, terminal_plot


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "plot", help="plot a schedule (terminal, PNG or SVG) and print its LR at key points",
        description="Plot a learning-rate schedule over a run and print the LR at key points "
                    "(start, end of warmup, each '>>' boundary, milestones, peak, decay start, middle, "
                    "last step, end).",
        epilog='example: lrkit plot "warmup(5%%) >> cosine(min_lr=1e-5)" --steps 10000 --base-lr 3e-4 '
               '--compare "onecycle(max_lr=3e-4)" -o schedule.png')
    p.add_argument("spec", metavar="SPEC", help="the schedule, in spec text (or its JSON dict form)")
    p.add_argument("--steps", type=int, required=True, metavar="N",
                   help="total optimizer steps of the run (what %% durations are fractions of)")
    p.add_argument("--steps-per-epoch", type=int, default=None, metavar="K",
                   help="optimizer steps per epoch (needed for 'ep' durations and --per epoch)")
    p.add_argument("--per", choices=("step", "epoch"), default="step",
                   help="step the scheduler every optimizer step (default) or once per epoch")
    p.add_argument("--base-lr", type=float, default=1.0, metavar="X",
                   help="the base LR the schedule multiplies (default 1: the curve is the multiplier)")
    p.add_argument("--compare", nargs="+", default=[], metavar="SPEC",
                   help="more schedules to draw on the same axes")
    p.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="write a matplotlib figure to FILE (.png or .svg) instead of the terminal plot")
    p.add_argument("--log", action="store_true", help="log-scale y axis")
    p.add_argument("--width", type=int, default=80, help="terminal plot width in columns (default 80)")
    p.add_argument("--height", type=int, default=16, help="terminal plot height in rows (default 16)")
    p.add_argument("--ascii", action="store_true", help="plain ASCII terminal plot (no unicode braille)")
    p.add_argument("--no-plot", action="store_true", help="print only the key-point table")
    p.add_argument("--json", action="store_true", help="print the key points as JSON (no plot)")
    p.add_argument("--all", action="store_true", help="with --json: also the LR at every step")
    p.set_defaults(func=run)


def _point(p: Any, steps_per_epoch: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"label": p.label, "step": p.step}
    if steps_per_epoch:
        out["epoch"] = p.step / steps_per_epoch
    out["lr"] = p.lr
    return out


def _fmt_lr(v: float) -> str:
    return f"{v:.6g}"


def _table(name: str, points: list, steps_per_epoch: int | None) -> str:
    head = ["point", "step"] + (["epoch"] if steps_per_epoch else []) + ["lr"]
    rows = []
    for p in points:
        row = [p.label, str(p.step)]
        if steps_per_epoch:
            row.append(f"{p.step / steps_per_epoch:g}")
        row.append(_fmt_lr(p.lr))
        rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    align = ["<"] + [">"] * (len(head) - 1)
    lines = [name]
    lines.append("  " + "  ".join(f"{h:{a}{w}}" for h, a, w in zip(head, align, widths)))
    for r in rows:
        lines.append("  " + "  ".join(f"{c:{a}{w}}" for c, a, w in zip(r, align, widths)))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.steps < 1:
        raise LRKitError(f"--steps must be >= 1, got {args.steps}")
    if args.steps_per_epoch is not None and args.steps_per_epoch < 1:
        raise LRKitError(f"--steps-per-epoch must be >= 1, got {args.steps_per_epoch}")
    if args.per == "epoch" and args.steps_per_epoch is None:
        raise LRKitError("--per epoch needs --steps-per-epoch K")
    if args.all and not args.json:
        raise LRKitError("--all goes with --json (it adds every step's LR to the JSON)")
    if args.json and args.output:
        raise LRKitError("choose one output: --json or -o FILE")
    schedules = [as_schedule(s) for s in [args.spec, *args.compare]]
    run_kw = dict(steps_per_epoch=args.steps_per_epoch, per=args.per, base_lr=args.base_lr)
    try:
        points = [key_points(s, args.steps, **run_kw) for s in schedules]
    except LRKitError as e:
        if args.steps_per_epoch is None and "steps_per_epoch" in str(e):
            raise LRKitError(f"{e} (here: --steps-per-epoch K)") from None
        raise

    if args.json:
        from . import print_json

        out = {"total_steps": args.steps, "steps_per_epoch": args.steps_per_epoch, "per": args.per,
               "base_lr": args.base_lr, "schedules": []}
        for s, pts in zip(schedules, points):
            item: dict[str, Any] = {"spec": str(s),
                                    "points": [_point(p, args.steps_per_epoch) for p in pts]}
            if args.all:
                _, lr = evaluate(s, args.steps, max_points=args.steps + 1, **run_kw)
                item["lr"] = lr.tolist()
            out["schedules"].append(item)
        print_json(out)
        return 0

    if args.output:
        plot_schedules(schedules, args.steps, log=args.log, path=args.output, **run_kw)
        print(f"wrote {args.output}")
    elif not args.no_plot:
        color = None if (sys.stdout.isatty() and len(schedules) > 1 and not args.ascii) else False
        print(terminal_plot(schedules, args.steps, log=args.log, width=args.width, height=args.height,
                            ascii=args.ascii, color=color, **run_kw))
    print()
    for i, (s, pts) in enumerate(zip(schedules, points)):
        if i:
            print()
        print(_table(str(s), pts, args.steps_per_epoch))
    return 0
