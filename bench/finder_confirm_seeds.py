"""The LR confirm_lr chose, trained on every seed: is a confirmation below 98% a worse LR or a noisy seed?

Run (after bench/finder_quality.py wrote its --out JSON and cache):
    .venv/bin/python bench/finder_confirm_seeds.py QUALITY.json --cache CACHE.json [--all]

bench/finder_quality.py scores a confirmation by the metric of its best run on the call's own
seed against the grid-best metric (the mean over seeds at the grid-best LR). On a metric that
moves a few percent from seed to seed at one LR, that mixes the LR's quality with the seed's
luck. Here each chosen LR (by default only of the confirmations below 98%; --all: every one) is
trained on every seed of the record (cached runs reused, new ones added to the cache) and its
mean metric is compared with the grid-best's mean, the same measure the grid uses.

--two-seeds CELL ...: for every call of those cells, confirm_lr (refine="auto"'s 2 rounds) is run
again judging each LR on the mean of two seeds (the call's seed s and s + 3, a seed outside the
grid's), to see whether averaging a noisy metric picks better LRs; the chosen LR is scored on
seed s and over the grid's seeds, beside the one-seed confirmation's.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import finder_quality as fq  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report", help="bench/finder_quality.py's --out JSON")
    ap.add_argument("--cache", required=True, help="its cache (new runs are added)")
    ap.add_argument("--all", action="store_true", help="every confirmation, not only those below 98%%")
    ap.add_argument("--two-seeds", nargs="*", default=[], metavar="CELL",
                    help="also confirm these cells' calls judging each LR on two seeds (see above)")
    a = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    with open(a.report) as f:
        rep = json.load(f)
    with open(a.cache) as f:
        cache = json.load(f)
    seeds = rep["seeds"]
    print("| cell | seed | confirm_lr's LR / grid-best | its run on this seed: metric / grid-best "
          "| that LR, mean over seeds " + "-".join(map(str, (seeds[0], seeds[-1]))) + ": metric / grid-best |")
    print("|---|---:|---:|---:|---:|")
    for call in rep["confirm"]:
        if "confirm_lr" not in call or (call["confirm_frac"] >= 0.98 and not a.all):
            continue
        c, lr = call["cell"], float(call["confirm_lr"])
        sm = rep["cells"][c]
        ms = []
        for s in seeds:
            key = fq._key(("train", c, lr, s))
            if key not in cache:
                cache[key] = fq.job_train(c, lr, s)
            got = cache[key]
            ms.append(math.nan if got["diverged"] else got["metric"])
        frac = _frac(sm, statistics.mean(ms))
        print(f"| {c} | {call['seed']} | {call['confirm_ratio']:.2f} | {call['confirm_frac']:.4f} | {frac:.4f} |")
    if a.two_seeds:
        _two_seeds(rep, cache, [x for x in rep["confirm"] if x["cell"] in a.two_seeds and "confirm_lr" in x])
    with open(a.cache + ".tmp", "w") as f:
        json.dump(cache, f)
    os.replace(a.cache + ".tmp", a.cache)
    return 0


def _frac(sm, m):
    return 0.0 if not math.isfinite(m) else (m / sm["best"] if sm["mode"] == "max" else sm["best"] / m)


def _two_seeds(rep, cache, calls):
    from lrkit.finder import confirm_lr
    from lrkit.finder.confirm import AUTO_EXTEND, AUTO_REFINE

    def run(c, lr, s):
        key = fq._key(("train", c, float(lr), s))
        if key not in cache:
            cache[key] = fq.job_train(c, float(lr), s)
        return math.nan if cache[key]["diverged"] else cache[key]["metric"]

    print()
    print("| cell | seed | judged on one seed: LR / grid-best, metric / grid-best on the seed, mean over the grid's seeds "
          "| judged on two seeds (s, s + 3): the same | runs |")
    print("|---|---:|---|---|---:|")
    for call in calls:
        c, s, sm = call["cell"], call["seed"], rep["cells"][call["cell"]]
        conf = confirm_lr(lambda lr: statistics.mean((run(c, lr, s), run(c, lr, s + 3))),
                          rep["finders"][f"{c}/{s}"]["suggestions"]["lrkit"], 3, mode=sm["mode"],
                          extend=AUTO_EXTEND, refine=AUTO_REFINE, announce=lambda m: None)
        one, two = call["confirm_lr"], conf.best_lr
        print(f"| {c} | {s} | {one / sm['best_lr']:.2f}, {call['confirm_frac']:.3f}, "
              f"{_frac(sm, statistics.mean(run(c, one, x) for x in rep['seeds'])):.3f} | {two / sm['best_lr']:.2f}, "
              f"{_frac(sm, run(c, two, s)):.3f}, {_frac(sm, statistics.mean(run(c, two, x) for x in rep['seeds'])):.3f} "
              f"| {len(conf.lrs)} x 2 |")


if __name__ == "__main__":
    sys.exit(main())
