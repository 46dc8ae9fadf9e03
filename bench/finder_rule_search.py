"""Can *any* simple rule read from the range-test curve meet the finder's quality goal?

Run (after ``bench/finder_quality.py --seeds 5``, whose cache this reads; no training here):
    .venv/bin/python bench/finder_rule_search.py [--cache PATH] [--seeds N] [--top 8]

The quality goal (issue 5): a suggestion within 3x of the grid-best LR (median over seeds)
and >= 98% of its final metric (mean over seeds) on every cell. ``finder_quality.py``
measures lrkit's rule against it; this script asks whether the miss is the rule's fault or
the curve's, by scoring a whole family of rules on the same cached curves:

    rule = min(m * geometric_mean(f1, ..., fk), cap)      k = 1..3

over the features below (every one an LR read from the curve), multipliers m in
{1/3, 1/2, 1, 2, 3} and cap in {none, half-drop point}; lrkit's current rule is one member.
Features: on the EMA the finder records (smoothing 0.05, trimmed like the rules):
``steep_c`` (steepest before the minimum), ``min10``, ``valley23``, ``h50``, ``h75`` (first
LR where the smoothed loss has made 50% / 75% of its drop); on a lag-free (zero-phase)
Gaussian smoothing of the raw loss with sigma 1, 2, 4 points: the minimum ``zmin{s}``, the
steepest point before it ``zsteep{s}``, and the 50/75/90/95% drop points ``zh{p}_{s}``.

A rule's metric at an LR that was not trained is *estimated*: per seed, linearly
interpolated in log-LR between the LRs that were trained for that cell and seed (the
grid and every suggestion ``finder_quality.py`` trained); next to a diverged run, the
nearer trained LR's value. At trained LRs it is exact.

Reported: how many rules pass every cell, which cells block the best ones, how well
the rules that pass lrkit's missed cells do elsewhere, and a leave-one-cell-out test: for each cell, the rule that does best on the other
cells is chosen and scored on the one left out -- what choosing a rule by search on these
cells would be worth on a new one.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import math
import os
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from finder_quality import CELLS as _ALL, HELD_OUT, RECORD  # noqa: E402

CELLS = {c: _ALL[c] for c in RECORD}  # the 12-cell record the rules were searched on

from lrkit.experiments.tasks import get_task  # noqa: E402
from lrkit.finder import rules as R  # noqa: E402

SIGMAS = (1, 2, 4)
DROPS = (0.5, 0.75, 0.9, 0.95)
MULTS = (1 / 3, 1 / 2, 1.0, 2.0, 3.0)


def zero_phase(x, sigma: float) -> np.ndarray:
    """Gaussian smoothing with edge padding: no lag, unlike the EMA."""
    r = int(4 * sigma)
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    return np.convolve(np.pad(x, r, mode="edge"), k, mode="valid")


def features(lrs, losses, num_iter=100) -> dict[str, float]:
    """Every feature (an LR) of one curve."""
    lrs = np.asarray(lrs, dtype=np.float64)
    losses = np.asarray(losses, dtype=np.float64)
    sm = R.ema(losses, 0.05)
    f = dict(R.estimates(lrs, sm, num_iter))  # the lrkit rule's own pieces: steep_c, min10, valley23, h50
    f["h75"] = R.drop_lr(lrs, sm, 0.75, num_iter)
    f["lrkit"] = R.suggest(lrs, sm, "lrkit", num_iter)
    ok = np.isfinite(losses)
    lr_raw, raw = lrs[ok], losses[ok]
    skip = num_iter // 10
    for sig in SIGMAS:
        z = zero_phase(raw, sig)[skip:]
        lz = lr_raw[skip:]
        im = int(np.argmin(z))
        f[f"zmin{sig}"] = float(lz[im])
        f[f"zsteep{sig}"] = float(lz[int(np.argmin(np.gradient(z)[: im + 1]))])
        for p in DROPS:
            f[f"zh{int(p * 100)}_{sig}"] = R.first_drop(lz, z, im, p)
    return f


class Cell:
    """One cell's grid-best, its trained runs per seed and its curves' features."""

    def __init__(self, name, cache, seeds):
        task, opt, epochs, grid = CELLS[name]
        self.name, self.seeds = name, seeds
        self.mode = get_task(task).mode
        self.runs = {s: {} for s in seeds}
        for key, v in cache.items():
            p = key.split("|")
            if p[0] == "train" and (p[1], p[2], int(p[3])) == (task, opt, epochs) and int(p[5]) in self.runs:
                self.runs[int(p[5])][float(p[4])] = v["metric"]
        means = {float(lr): statistics.mean(self.runs[s][float(lr)] for s in seeds) for lr in grid}
        finite = [lr for lr in means if math.isfinite(means[lr])]
        pick = max if self.mode == "max" else min
        self.best_lr = pick(finite, key=means.get)
        self.best = means[self.best_lr]
        self.feats = {}
        for s in seeds:
            c = cache[f"finder|{task}|{opt}|{s}"]["curve"]
            losses = [float("nan") if x is None else x for x in c["losses"]]
            self.feats[s] = features(c["lrs"], losses)

    def metric(self, seed, lr):
        """The seed's metric at ``lr``: exact where trained, else interpolated in log-LR."""
        pts = sorted(self.runs[seed].items())
        xs = np.log10([p[0] for p in pts])
        ys = [p[1] for p in pts]
        x = math.log10(lr)
        if x <= xs[0]:
            return ys[0]
        if x >= xs[-1]:
            return ys[-1]
        j = int(np.searchsorted(xs, x))
        a, b = xs[j - 1], xs[j]
        if not (math.isfinite(ys[j - 1]) and math.isfinite(ys[j])):
            return ys[j - 1] if x - a < b - x else ys[j]
        return ys[j - 1] + (ys[j] - ys[j - 1]) * (x - a) / (b - a)

    def frac(self, m):
        if not math.isfinite(m):
            return 0.0
        return m / self.best if self.mode == "max" else self.best / m

    def score(self, rule):
        """(passes, median LR ratio, mean metric fraction) of ``rule(features) -> lr``."""
        lrs = [rule(self.feats[s]) for s in self.seeds]
        ratio = statistics.median(lr / self.best_lr for lr in lrs)
        fr = statistics.mean(self.frac(self.metric(s, lr)) for s, lr in zip(self.seeds, lrs))
        return (1 / 3 <= ratio <= 3 and fr >= 0.98), ratio, fr


def family(names):
    for k in (1, 2, 3):
        for combo in itertools.combinations(names, k):
            for m in MULTS:
                for cap in (None, "h50"):
                    yield (combo, m, cap)


def make_rule(spec):
    combo, m, cap = spec

    def rule(f):
        v = m * math.exp(sum(math.log(f[c]) for c in combo) / len(combo))
        return min(v, f[cap]) if cap else v

    return rule


def label(spec):
    combo, m, cap = spec
    s = ("gmean(" + ", ".join(combo) + ")") if len(combo) > 1 else combo[0]
    s = s if m == 1 else f"{m:.2g} * {s}"
    return f"min({s}, {cap})" if cap else s


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default=os.path.join("bench-out", "finder_quality", "cache.json"))
    ap.add_argument("--seeds", type=int, default=None,
                    help="seeds 0..N-1 (default: every seed whose curves the cache holds for every cell)")
    ap.add_argument("--top", type=int, default=8)
    a = ap.parse_args(argv)
    if not os.path.exists(a.cache):
        sys.exit(f"finder_rule_search: no cache at {a.cache}: run bench/finder_quality.py (without --no-cache) first")
    with open(a.cache) as f:
        cache = json.load(f)

    def have(s):
        return all(f"finder|{t}|{o}|{s}" in cache for t, o, _, _ in CELLS.values())

    n_seeds = a.seeds if a.seeds is not None else next(i for i in range(10**6) if not have(i))
    if n_seeds < 1 or not all(have(s) for s in range(n_seeds)):
        sys.exit(f"finder_rule_search: the cache {a.cache} lacks finder curves of seeds 0..{max(n_seeds, 1) - 1} for "
                 f"every cell: run bench/finder_quality.py --seeds N first")
    seeds = list(range(n_seeds))
    cells = [Cell(c, cache, seeds) for c in CELLS]
    names = [n for n in cells[0].feats[0] if n != "lrkit"]
    specs = list(family(names))
    table = {}  # spec -> [(passes, ratio, frac) per cell]
    for spec in specs:
        rule = make_rule(spec)
        table[spec] = [c.score(rule) for c in cells]
    v4 = [c.score(lambda f: f["lrkit"]) for c in cells]

    n = len(cells)
    print(f"# Rule family: {len(specs)} rules x {n} cells x {len(seeds)} seeds (features: {', '.join(names)})\n")
    passes = collections.Counter(sum(p for p, _, _ in r) for r in table.values())
    print("| cells passed | rules |\n|---:|---:|")
    for k in sorted(passes, reverse=True):
        print(f"| {k}/{n} | {passes[k]} |")
    top = max(passes)
    if top < n:
        missed = collections.Counter(c.name for r in table.values() if sum(p for p, _, _ in r) == top
                                     for c, (p, _, _) in zip(cells, r) if not p)
        print(f"\nNo rule passes every cell. The cells missed by the {passes[top]} rules that pass {top}/{n}: "
              + ", ".join(f"{c} {k}" for c, k in missed.most_common()))

    def key(rows):
        return (sum(p for p, _, _ in rows), min(f for _, _, f in rows), statistics.mean(f for _, _, f in rows))

    print(f"\nBest {a.top} rules on all cells (passed, worst-cell metric, mean metric) and lrkit's v4:\n")
    print("| rule | cells passed | worst cell | mean | misses |\n|---|---:|---:|---:|---|")
    for spec in sorted(specs, key=lambda s: key(table[s]), reverse=True)[: a.top]:
        rows = table[spec]
        miss = ", ".join(c.name for c, (p, _, _) in zip(cells, rows) if not p)
        print(f"| {label(spec)} | {key(rows)[0]}/{n} | {key(rows)[1]:.4f} | {key(rows)[2]:.4f} | {miss} |")
    miss = ", ".join(c.name for c, (p, _, _) in zip(cells, v4) if not p)
    print(f"| lrkit v4 (current) | {key(v4)[0]}/{n} | {key(v4)[1]:.4f} | {key(v4)[2]:.4f} | {miss} |")

    print("\nThe cells lrkit v4 misses: how many rules pass each, and the most cells any of those passes:\n")
    print("| cell | rules passing it | most cells passed by one of them |\n|---|---:|---:|")
    for i, c in enumerate(cells):
        if not v4[i][0]:
            ok = [sum(p for p, _, _ in r) for r in table.values() if r[i][0]]
            print(f"| {c.name} | {len(ok)} | {max(ok, default=0)}/{n} |")

    print("\nLeave one cell out: the best rule on the other cells, scored on the one left out:\n")
    print("| left out | rule chosen on the others | its cells passed there | LR / grid-best | metric | passes "
          "| lrkit v4: LR / grid-best | metric |")
    print("|---|---|---:|---:|---:|---|---:|---:|")
    held = 0
    for i, c in enumerate(cells):
        spec = max(specs, key=lambda s: key(table[s][:i] + table[s][i + 1:]))
        p, ratio, fr = table[spec][i]
        held += p
        _, r4, f4 = v4[i]
        tag = " (held out)" if c.name in HELD_OUT else ""
        print(f"| {c.name}{tag} | {label(spec)} | {key(table[spec][:i] + table[spec][i + 1:])[0]}/{n - 1} "
              f"| {ratio:.2f} | {fr:.4f} | {'yes' if p else 'no'} | {r4:.2f} | {f4:.4f} |")
    print(f"\nLeft-out cells passed by the rule chosen on the others: {held}/{n}; "
          f"lrkit v4: {sum(p for p, _, _ in v4)}/{n} (its rule was chosen with the cells before "
          f"{HELD_OUT[0]} in view)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
