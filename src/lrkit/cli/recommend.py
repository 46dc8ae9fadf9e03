"""``lrkit recommend``: a schedule, base LR, warmup and code for a training context."""

from __future__ import annotations

import argparse

from . import print_json


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..advisor import GOALS, MODELS, OPTIMIZERS

    p = sub.add_parser(
        "recommend", help="recommend a schedule for a training run, with reasons and code",
        description="Turn a training context into a schedule spec, a base LR, a warmup, the stepping, "
                    "the reasons and ready-to-paste code (torch, HF Trainer, Lightning, Keras).")
    p.add_argument("--model", default=None, help=f"model family: {', '.join(MODELS)}")
    p.add_argument("--epochs", type=float, help="training length in epochs")
    p.add_argument("--steps-per-epoch", type=int, help="optimizer steps per epoch (len(train_loader))")
    p.add_argument("--total-steps", type=int, help="training length in optimizer steps")
    p.add_argument("--batch-size", type=int, help="your batch size")
    p.add_argument("--base-batch-size", type=int, help="the batch size your base LR was tuned at")
    p.add_argument("--base-lr", type=float, help="a base LR you already trust (at --base-batch-size)")
    p.add_argument("--optimizer", help=f"one of {', '.join(OPTIMIZERS)}")
    p.add_argument("--finetune", action="store_true", help="starting from pre-trained weights")
    p.add_argument("--goal", default="best", help=f"one of {', '.join(GOALS)} (default: best)")
    p.add_argument("--warmup", help="a warmup length you want (steps, '5ep' or '5%%')")
    p.add_argument("--recipe", help="use a named recipe exactly (see `lrkit recipes`)")
    p.add_argument("--code", choices=("torch", "hf_trainer", "lightning", "keras"),
                   help="also print the code for this framework")
    p.add_argument("--json", action="store_true", help="print the recommendation as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..advisor import recommend
    from ..errors import LRKitError

    if args.model is None and args.recipe is None:
        raise LRKitError("give --model (or --recipe NAME); see `lrkit recommend --help`")
    rec = recommend(model=args.model or "cnn", epochs=args.epochs, steps_per_epoch=args.steps_per_epoch,
                    total_steps=args.total_steps, batch_size=args.batch_size, optimizer=args.optimizer,
                    finetune=args.finetune, goal=args.goal, base_batch_size=args.base_batch_size,
                    base_lr=args.base_lr, warmup=args.warmup, recipe=args.recipe)
    if args.json:
        print_json(rec.to_dict())
        return 0
    print(rec)
    if args.code:
        print(f"\n# --- {args.code} ---")
        print(rec.code[args.code])
    return 0
