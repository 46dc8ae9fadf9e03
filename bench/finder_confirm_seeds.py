"""The LR confirm_lr chose, trained on every seed: is a confirmation below 98% a worse LR or a noisy seed?

Run (after bench/finder_quality.py wrote its --out JSON and cache):
    .venv/bin/python bench/finder_confirm_seeds.py QUALITY.json --cache CACHE.json [--all]

bench/finder_quality.py scores a confirmation by the metric of its best run on the call's own
seed against the grid-best metric (the mean over seeds at the grid-best LR). On a metric that
moves a few percent from seed to seed at one LR, that mixes the LR's quality with the seed's
luck. Here each chosen LR (by default only of the confirmations below 98%; --all: every one) is
trained on every seed of the record (cached runs reused, new ones added to the cache) and its
mean metric is compared with the grid-best's mean, the same measure the grid uses.
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
        m = statistics.mean(ms)
        best = sm["best"]
        frac = 0.0 if not math.isfinite(m) else (m / best if sm["mode"] == "max" else best / m)
        print(f"| {c} | {call['seed']} | {call['confirm_ratio']:.2f} | {call['confirm_frac']:.4f} | {frac:.4f} |")
    with open(a.cache + ".tmp", "w") as f:
        json.dump(cache, f)
    os.replace(a.cache + ".tmp", a.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
