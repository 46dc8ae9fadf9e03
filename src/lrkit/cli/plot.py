"""``lrkit plot``: see a schedule before training with it.

Draws the curve in the terminal (or to a ``.png``/``.svg`` file with ``-o``) and
prints the LR at key points: start, end of warmup, each ``>>`` boundary, the
milestones / peak / decay start / first restarts of a family, middle, last
step and end. ``--compare`` overlays more schedules; ``--json`` prints the
key points (and with ``--all`` every step's LR) as JSON. ``--tokens-per-step`` /
``--samples-per-step`` convert ``"375Mtok"`` / ``"50ksp"`` durations, and ``--steps``
may then be the run's budget (``--steps 30Btok``); the table adds the tokens
(samples) seen at each point. ``--param weight_decay=SPEC`` (repeatable, with
``--param-base weight_decay=0.1``) adds other hyperparameters of the run, drawn on
stacked axes under the LR.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from typing import Any

from ..errors import LRKitError
from ..schedules.units import Context, Duration, count_value
from ..viz import as_schedule, evaluate, key_points, plot_hyperparams, plot_schedules, terminal_plot


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "plot", help="plot a schedule (terminal, PNG or SVG) and print its LR at key points",
        description="Plot a learning-rate schedule over a run and print the LR at key points "
                    "(start, end of warmup, each '>>' boundary, milestones, peak, decay start, middle, "
                    "last step, end).",
        epilog='example: lrkit plot "warmup(5%%) >> cosine(min_lr=1e-5)" --steps 10000 --base-lr 3e-4 '
               '--compare "onecycle(max_lr=3e-4)" -o schedule.png; in tokens: lrkit plot '
               '"warmup(375Mtok) >> cosine(min_lr_ratio=0.1)" --steps 30Btok --tokens-per-step 4M')
    p.add_argument("spec", metavar="SPEC", help="the schedule, in spec text (or its JSON dict form)")
    p.add_argument("--steps", required=True, metavar="N",
                   help="total optimizer steps of the run (what %% durations are fractions of), or the run "
                        "as a budget converted by the options below: 3ep, 30Btok, 2Msp")
    p.add_argument("--steps-per-epoch", type=int, default=None, metavar="K",
                   help="optimizer steps per epoch (needed for 'ep' durations and --per epoch)")
    p.add_argument("--tokens-per-step", type=_count, default=None, metavar="T",
                   help="tokens in one optimizer step (global batch x sequence length; 4M or 4194304): "
                        "converts 'tok' durations")
    p.add_argument("--samples-per-step", type=_count, default=None, metavar="S",
                   help="samples in one optimizer step (the global batch, e.g. 1024): converts 'sp' durations")
    p.add_argument("--per", choices=("step", "epoch"), default="step",
                   help="step the scheduler every optimizer step (default) or once per epoch")
    p.add_argument("--base-lr", type=float, default=1.0, metavar="X",
                   help="the base LR the schedule multiplies (default 1: the curve is the multiplier)")
    p.add_argument("--compare", nargs="+", default=[], metavar="SPEC",
                   help="more schedules to draw on the same axes")
    p.add_argument("--param", action="append", default=[], metavar="KEY=SPEC",
                   help="another hyperparameter of the same run on its own schedule (weight_decay=linear), "
                        "drawn on stacked axes under the LR; repeatable")
    p.add_argument("--param-base", action="append", default=[], metavar="KEY=X",
                   help="the initial (peak) value a --param schedule multiplies (default 1)")
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


def _count(text: str) -> float:
    """A per-step count for argparse: ``4194304``, ``4M``, ``1_024`` or ``1.5k`` (k, M, B, T)."""
    m = re.fullmatch(r"\s*([0-9][0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9]+)?)\s*([kMBT]?)\s*", text)
    value = count_value(m.group(1), m.group(2) or None) if m else math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a number > 0 (4194304, 4M, 1.5k), got {text!r}")
    return int(value) if value == int(value) else value


def _budgets(args: argparse.Namespace) -> list[tuple[str, float]]:
    """``(column, per step)`` for the budget columns of the table: tokens, samples."""
    return [(name, per) for name, per in (("tokens", args.tokens_per_step), ("samples", args.samples_per_step))
            if per is not None]


def _point(p: Any, steps_per_epoch: int | None, budgets: list[tuple[str, float]]) -> dict[str, Any]:
    out: dict[str, Any] = {"label": p.label, "step": p.step}
    if steps_per_epoch:
        out["epoch"] = p.step / steps_per_epoch
    for name, per in budgets:
        out[name] = p.step * per
    out["lr"] = p.lr
    return out


def _fmt_lr(v: float) -> str:
    return f"{v:.6g}"


def _table(name: str, points: list, steps_per_epoch: int | None, budgets: list[tuple[str, float]],
           value: str = "lr") -> str:
    head = ["point", "step"] + (["epoch"] if steps_per_epoch else []) + [n for n, _ in budgets] + [value]
    rows = []
    for p in points:
        row = [p.label, str(p.step)]
        if steps_per_epoch:
            row.append(f"{p.step / steps_per_epoch:g}")
        row += [str(Duration(float(p.step * per), "tokens"))[:-3] if p.step else "0" for _, per in budgets]
        row.append(_fmt_lr(p.lr))
        rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    align = ["<"] + [">"] * (len(head) - 1)
    lines = [name]
    lines.append("  " + "  ".join(f"{h:{a}{w}}" for h, a, w in zip(head, align, widths)))
    for r in rows:
        lines.append("  " + "  ".join(f"{c:{a}{w}}" for c, a, w in zip(r, align, widths)))
    return "\n".join(lines)


def _total_steps(args: argparse.Namespace) -> int:
    """``--steps`` in optimizer steps: a whole number, or a budget converted like every duration (rounded up)."""
    text = args.steps.strip()
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    try:
        return Context(text, args.steps_per_epoch, args.tokens_per_step, args.samples_per_step).total_steps  # type: ignore
    except LRKitError as e:
        msg = str(e).replace("bind: total_steps", "--steps")
        for arg in ("steps_per_epoch", "tokens_per_step", "samples_per_step"):
            msg = msg.replace(f"pass {arg}=… to bind()", f"pass --{arg.replace('_', '-')}")
        raise LRKitError(msg) from None


def run(args: argparse.Namespace) -> int:
    if args.steps_per_epoch is not None and args.steps_per_epoch < 1:
        raise LRKitError(f"--steps-per-epoch must be >= 1, got {args.steps_per_epoch}")
    args.steps = _total_steps(args)
    if args.steps < 1:
        raise LRKitError(f"--steps must be >= 1, got {args.steps}")
    if args.per == "epoch" and args.steps_per_epoch is None:
        raise LRKitError("--per epoch needs --steps-per-epoch K")
    if args.all and not args.json:
        raise LRKitError("--all goes with --json (it adds every step's LR to the JSON)")
    if args.json and args.output:
        raise LRKitError("choose one output: --json or -o FILE")
    if args.param and args.compare:
        raise LRKitError("choose --compare (other schedules for the LR) or --param (other hyperparameters)")
    params, bases = _params(args)
    schedules = [as_schedule(s) for s in [args.spec, *args.compare]]
    run_kw = dict(steps_per_epoch=args.steps_per_epoch, per=args.per, base_lr=args.base_lr,
                  tokens_per_step=args.tokens_per_step, samples_per_step=args.samples_per_step)
    budgets = _budgets(args)
    try:
        points = [key_points(s, args.steps, **run_kw) for s in schedules]
    except LRKitError as e:
        for arg, flag in (("steps_per_epoch", "K"), ("tokens_per_step", "T"), ("samples_per_step", "S")):
            if getattr(args, arg) is None and f"pass {arg}=" in str(e):
                raise LRKitError(f"{e} (here: --{arg.replace('_', '-')} {flag})") from None
        raise

    if args.json:
        from . import print_json

        out = {"total_steps": args.steps, "steps_per_epoch": args.steps_per_epoch, "per": args.per,
               "base_lr": args.base_lr, "schedules": []}
        out.update({f"{name}_per_step": per for name, per in budgets})
        for s, pts in zip(schedules, points):
            item: dict[str, Any] = {"spec": str(s),
                                    "points": [_point(p, args.steps_per_epoch, budgets) for p in pts]}
            if args.all:
                _, lr = evaluate(s, args.steps, max_points=args.steps + 1, **run_kw)
                item["lr"] = lr.tolist()
            out["schedules"].append(item)
        if params:
            out["params"] = [{"key": k, "spec": str(s), "base": bases[k],
                              "points": [_point(p, args.steps_per_epoch, budgets)
                                         for p in key_points(s, args.steps, **{**run_kw, "base_lr": bases[k]})]}
                             for k, s in params.items()]
        print_json(out)
        return 0

    if args.output and params:
        rest = {k: v for k, v in run_kw.items() if k != "base_lr"}
        plot_hyperparams({"lr": schedules[0], **params}, args.steps, bases={"lr": args.base_lr, **bases},
                         log=args.log, path=args.output, **rest)
        print(f"wrote {args.output}")
    elif args.output:
        plot_schedules(schedules, args.steps, log=args.log, path=args.output, **run_kw)
        print(f"wrote {args.output}")
    elif not args.no_plot:
        color = None if (sys.stdout.isatty() and len(schedules) > 1 and not args.ascii) else False
        print(terminal_plot(schedules, args.steps, log=args.log, width=args.width, height=args.height,
                            ascii=args.ascii, color=color, **run_kw))
        for k, s in params.items():  # stacked: one plot per hyperparameter, on the same step axis
            text = terminal_plot(s, args.steps, log=args.log, width=args.width, height=max(4, args.height // 2),
                                 ascii=args.ascii, color=color, **{**run_kw, "base_lr": bases[k]})
            head, _, body = text.partition("\n")
            print(f"\n{k} vs step  ({k} at its base: {bases[k]:g})\n{body}")
    print()
    for i, (s, pts) in enumerate(zip(schedules, points)):
        if i:
            print()
        print(_table(str(s), pts, args.steps_per_epoch, budgets))
    for k, s in params.items():
        print()
        print(_table(f"{k}: {s}", key_points(s, args.steps, **{**run_kw, "base_lr": bases[k]}),
                     args.steps_per_epoch, budgets, value=k))
    return 0


def _params(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, float]]:
    """``--param KEY=SPEC`` and ``--param-base KEY=X``, checked: ``({key: schedule}, {key: base})``."""
    params: dict[str, Any] = {}
    for item in args.param:
        key, eq, spec = item.partition("=")
        key = key.strip()
        if not eq or not key.isidentifier() or not spec.strip():
            raise LRKitError(f"--param must be KEY=SPEC (weight_decay='linear(end_factor=0.1)'), got {item!r}")
        if key == "lr" or key in params:
            raise LRKitError(f"--param {key} given twice" if key in params else
                             "--param lr: the LR is the SPEC argument itself")
        params[key] = as_schedule(spec)
    bases = {k: 1.0 for k in params}
    for item in args.param_base:
        key, eq, value = item.partition("=")
        key = key.strip()
        if key not in params:
            raise LRKitError(f"--param-base {item!r} names no --param (given: {', '.join(params) or 'none'})")
        try:
            bases[key] = float(value)
        except ValueError:
            bases[key] = math.nan
        if not eq or not math.isfinite(bases[key]) or bases[key] <= 0:
            raise LRKitError(f"--param-base must be KEY=X with X a number > 0, got {item!r}")
    return params, bases
