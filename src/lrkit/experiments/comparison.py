"""The result of :func:`lrkit.compare`: every run, the summary over seeds, the verdict.

:class:`Comparison` reads the runs from the Optuna study (:meth:`Comparison.from_study`),
summarizes each schedule over seeds (:meth:`Comparison.summary`), says which differences
exceed seed noise (:meth:`Comparison.verdict`, :meth:`Comparison.sentence`) and gives the
table and plain data the report is made of (:meth:`Comparison.table`, :meth:`Comparison.to_json`).

>>> def runs(label, losses):
...     return [{"label": label, "seed": i, "spec": label, "lr": None, "history": [{"epoch": 1, "val_loss": v}],
...              "final": {"val_loss": v}, "best": {"val_loss": v}, "seconds": 1.0} for i, v in enumerate(losses)]
>>> res = Comparison(runs("cosine", [0.20, 0.21, 0.22]) + runs("constant", [0.30, 0.31, 0.29]),
...                  ["cosine", "constant"], metric="val_loss", mode="min")
>>> res, res.best_label
(Comparison(2 schedules x 3 seeds, val_loss), 'cosine')
>>> print(res.table())
| schedule | final val_loss (mean ± std) | 95% interval | best val_loss | epochs to val_loss ≤ 0.3 | s/run |
|---|---|---|---|---|---|
| `cosine` | 0.21 ± 0.01 | [0.1852, 0.2348] | 0.21 ± 0.01 | 1.0 (3/3) | 1 |
| `constant` | 0.3 ± 0.01 | [0.2752, 0.3248] | 0.3 ± 0.01 | 1.0 (2/3) | 1 |
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from ..errors import LRKitError
from .contract import fmt_metric
from .storage import WORKER_ATTR
from .trials import KEY_ATTR, Run

__all__ = ["Comparison"]


class Comparison:
    """The runs of a comparison and their summary over seeds.

    ``runs``: one dict per run (``label``, ``spec`` resolved, ``seed``, ``lr``,
    ``history`` per-epoch metrics, ``final``, ``best``, ``seconds``, ``trial``).
    ``labels``: the schedules in the order given. ``summary()``: per schedule,
    the final and best metric over seeds (mean, std, 95% interval) and epochs
    to reach ``target``. ``verdict()``: which differences exceed seed noise.
    ``auto_lr``: the finder's suggestion that ``auto`` stood for, ``auto_range``:
    ``(min_lr, max_lr)`` that ``auto.min``/``auto.max`` stood for (None where unused).
    """

    def __init__(self, runs: list[dict], labels: list[str], *, metric: str, mode: str, epochs: int | None = None,
                 steps_per_epoch: int | None = None, base_lr: float | None = None, target: float | None = None,
                 title: str | None = None, storage: str | None = None, study_name: str | None = None,
                 auto_lr: float | None = None, auto_range: tuple | None = None, meta: dict | None = None):
        self.runs, self.labels = runs, labels
        self.metric, self.mode = metric, mode
        self.epochs, self.steps_per_epoch, self.base_lr = epochs, steps_per_epoch, base_lr
        self.title, self.storage, self.study_name = title, storage, study_name
        self.auto_lr, self.meta = auto_lr, meta or {}
        self.auto_range = tuple(auto_range) if auto_range is not None else None
        self.target = self._default_target() if target is None else float(target)

    @classmethod
    def from_study(cls, study, runs: Sequence[Run], **kw: Any) -> "Comparison":
        from optuna.trial import TrialState

        by_key: dict[str, Any] = {}
        for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
            k = t.user_attrs.get(KEY_ATTR)
            if k is not None and (k not in by_key or t.number < by_key[k].number):
                by_key[k] = t
        out = []
        for r in runs:
            t = by_key.get(r.key)
            if t is None:
                raise LRKitError(f"compare: run {r.key!r} is not complete in the storage")
            ua = t.user_attrs
            hist = [ua[k] for k in sorted(k for k in ua if k.startswith("epoch:"))]
            worker = t.system_attrs.get(WORKER_ATTR) or {}
            out.append({"label": r.label, "spec": ua.get("spec", r.spec), "seed": r.seed, "lr": ua.get("lr"),
                        "history": hist, "final": ua.get("final", {}), "best": ua.get("best", {}),
                        "seconds": ua.get("seconds"), "trial": t.number,
                        "worker": {"host": worker.get("host"), "pid": worker.get("pid")}})
        labels = list(dict.fromkeys(r.label for r in runs))
        return cls(out, labels, **kw)

    # ---- summary ----
    def values(self, label: str, which: str = "final") -> list[float]:
        """The metric of each seed's run of ``label`` (``which``: ``"final"`` or ``"best"``)."""
        return [float(r[which].get(self.metric, float("nan"))) for r in self.runs if r["label"] == label]

    def _sign(self) -> float:
        return 1.0 if self.mode == "max" else -1.0

    def _default_target(self) -> float:
        """The level every schedule reaches on average: the worst schedule's mean best metric."""
        from .stats import summarize

        means = [summarize(self.values(lb, "best"))["mean"] for lb in self.labels]
        means = [m for m in means if math.isfinite(m)]
        if not means:
            return float("nan")
        return min(means) if self.mode == "max" else max(means)

    def epochs_to_target(self, run: Mapping[str, Any]) -> int | None:
        """First epoch at which ``run`` reaches ``self.target`` (None if never)."""
        s = self._sign()
        for h in run["history"]:
            v = h.get(self.metric, float("nan"))
            if math.isfinite(v) and s * v >= s * self.target - 1e-12:
                return int(h["epoch"])
        return None

    def summary(self) -> list[dict]:
        """One row per schedule: ``final``/``best`` statistics, epochs to target, mean seconds."""
        from .stats import summarize

        rows = []
        for lb in self.labels:
            runs = [r for r in self.runs if r["label"] == lb]
            reach = [self.epochs_to_target(r) for r in runs]
            hit = [e for e in reach if e is not None]
            secs = [r["seconds"] for r in runs if r.get("seconds") is not None]
            rows.append({"label": lb, "spec": runs[0]["spec"], "lr": runs[0]["lr"], "seeds": len(runs),
                         "final": summarize(self.values(lb, "final")), "best": summarize(self.values(lb, "best")),
                         "epochs_to_target": (sum(hit) / len(hit)) if hit else None,
                         "reached": f"{len(hit)}/{len(runs)}",
                         "seconds": sum(secs) / len(secs) if secs else None})
        return rows

    @property
    def best_label(self) -> str:
        """The schedule with the best mean final metric."""
        rows = self.summary()
        s = self._sign()
        return max(rows, key=lambda r: s * r["final"]["mean"] if math.isfinite(r["final"]["mean"])
                   else -math.inf)["label"]

    def verdict(self) -> dict:
        """Welch's t-test of the best schedule against each other one (final metric over seeds)."""
        from .stats import ALPHA, summarize, welch_p

        best = self.best_label
        a = self.values(best)
        tests = []
        for lb in self.labels:
            if lb == best:
                continue
            b = self.values(lb)
            p = welch_p(a, b)
            tests.append({"label": lb, "p": p, "beyond_noise": bool(math.isfinite(p) and p < ALPHA),
                          "best_mean": summarize(a)["mean"], "mean": summarize(b)["mean"]})
        return {"best": best, "alpha": ALPHA, "tests": tests, "seeds": len(a)}

    def sentence(self) -> str:
        """A plain sentence on which differences exceed seed noise, and how that was decided."""
        v = self.verdict()
        best, n = v["best"], v["seeds"]
        m = self.metric
        if not v["tests"]:
            return f"Only one schedule ({best}); nothing to compare."
        if n < 2:
            return (f"{best} has the best final {m}, but with one seed there is no estimate of seed noise: "
                    "run more seeds before trusting any difference.")
        beyond = [t for t in v["tests"] if t["beyond_noise"]]
        within = [t for t in v["tests"] if not t["beyond_noise"]]
        fmt = lambda t: f"{t['label']} ({fmt_metric(t['mean'])}, p={_p(t['p'])})"  # noqa: E731
        parts = []
        bm = v["tests"][0]["best_mean"]
        if beyond:
            parts.append(f"{best} (final {m} {fmt_metric(bm)}) is better than " + ", ".join(map(fmt, beyond))
                         + " by more than seed noise")
        if within:
            lead = ("its difference from " if beyond
                    else f"{best} has the best mean final {m} ({fmt_metric(bm)}), but its difference from ")
            parts.append(lead + ", ".join(map(fmt, within)) + " is within seed noise")
        return ("; ".join(parts) + f". (Welch's t-test on the final {m} of {n} seeds per schedule, "
                f"p < {v['alpha']} counts as beyond noise; not corrected for {len(v['tests'])} comparisons; "
                f"with {n} seeds only large differences can be shown.)")

    def table(self) -> str:
        """The summary as a Markdown table."""
        m = self.metric
        tgt = fmt_metric(self.target)
        lines = [f"| schedule | final {m} (mean ± std) | 95% interval | best {m} "
                 f"| epochs to {m} {'≥' if self.mode == 'max' else '≤'} {tgt} | s/run |",
                 "|---|---|---|---|---|---|"]
        for r in self.summary():
            f, b = r["final"], r["best"]
            ci = f"[{fmt_metric(f['ci95'][0])}, {fmt_metric(f['ci95'][1])}]" if math.isfinite(f["ci95"][0]) else "–"
            ett = (f"{r['epochs_to_target']:.1f} ({r['reached']})" if r["epochs_to_target"] is not None
                   else f"never (0/{r['seeds']})")
            secs = f"{r['seconds']:.2g}" if r["seconds"] is not None else "–"
            name = f"`{r['label']}`"
            if r["spec"] != r["label"].split(";")[0].strip():
                name += f" → `{r['spec']}`"
            elif r["lr"] is not None and "auto" in r["label"]:
                name += f" → lr={r['lr']:.4g}"
            lines.append(f"| {name} | {fmt_metric(f['mean'])} ± {fmt_metric(f['std'])} | {ci} "
                         f"| {fmt_metric(b['mean'])} ± {fmt_metric(b['std'])} | {ett} | {secs} |")
        return "\n".join(lines)

    def to_json(self) -> dict:
        """Everything as plain data (what ``results.json`` holds)."""
        return {"metric": self.metric, "mode": self.mode, "epochs": self.epochs,
                "steps_per_epoch": self.steps_per_epoch, "base_lr": self.base_lr, "target": self.target,
                "auto_lr": self.auto_lr, "auto_range": list(self.auto_range) if self.auto_range else None,
                "title": self.title, "storage": self.storage,
                "study_name": self.study_name, "meta": self.meta, "schedules": self.labels,
                "summary": self.summary(), "verdict": self.verdict(), "sentence": self.sentence(),
                "runs": self.runs}

    def __repr__(self) -> str:
        return (f"Comparison({len(self.labels)} schedules x {len(self.runs) // max(len(self.labels), 1)} seeds, "
                f"{self.metric})")


def _p(p: float) -> str:
    if not math.isfinite(p):
        return "n/a"
    return f"{p:.2g}" if p >= 0.001 else "<0.001"
