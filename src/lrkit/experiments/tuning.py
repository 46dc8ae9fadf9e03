"""The result of :func:`lrkit.tune`: every trial of a search, the best one, its report.

:class:`Tuning` reads the trials from the Optuna study (:meth:`Tuning.from_study`),
ranks them (complete trials by value, then pruned ones), and writes
``results.json`` and ``tune.png`` (:meth:`Tuning.write`).

>>> res = Tuning([{"number": 0, "state": "complete", "values": {"peak": "0.3"}, "spec": "cosine * 0.3",
...                "lr": None, "value": 0.02, "seeds": {0: 0.02}, "pruned_at": None},
...               {"number": 1, "state": "pruned", "values": {"peak": "0.9"}, "spec": "cosine * 0.9",
...                "lr": None, "value": 0.4, "seeds": {}, "pruned_at": 2}],
...              metric="val_loss", mode="min", template="cosine * ?peak", params=["peak=0.01:1:log"],
...              seeds=[0], requested=2)
>>> res
Tuning(1 complete, 1 pruned, best 'cosine * 0.3' val_loss=0.02)
>>> print(res.table())
| rank | trial | peak | val_loss | state |
|---|---|---|---|---|
| 1 | 0 | 0.3 | 0.02 | complete |
| 2 | 1 | 0.9 | 0.4 | pruned at epoch 2 |
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from ..errors import LRKitError
from ..schedules.units import fmt_number
from .contract import check_writable, fmt_metric
from .space import Param, Template
from .trials import FAILED_ATTR, RETRY_ATTR, SURPLUS_ATTR

__all__ = ["Tuning"]


class Tuning:
    """The trials of a search and its best one.

    ``trials``: one dict per trial (``number``, ``state`` ``"complete"``/
    ``"pruned"``/``"failed"``/``"running"``, ``values`` the placeholder texts,
    ``spec``, ``lr``, ``value`` (mean final metric over seeds; for a pruned
    trial the first seed's metric at ``pruned_at``), ``seeds`` per-seed final
    metric, ``seconds``). ``best``: the complete trial with the best value
    (the earliest on a tie); ``best_spec``, ``best_lr``, ``best_value``,
    ``best_values``: its parts. ``study``: the Optuna study.
    """

    def __init__(self, trials: list[dict], *, metric: str, mode: str, template: str, params: list[str],
                 seeds: list[int], requested: int, storage: str | None = None, study_name: str | None = None,
                 study: Any = None, meta: dict | None = None):
        self.trials, self.metric, self.mode = trials, metric, mode
        self.template, self.params, self.seeds, self.requested = template, params, seeds, requested
        self.storage, self.study_name, self.study, self.meta = storage, study_name, study, meta or {}
        sign = 1.0 if mode == "max" else -1.0
        done = [t for t in trials if t["state"] == "complete"]
        self.best = max(done, key=lambda t: (sign * t["value"], -t["number"])) if done else None

    @classmethod
    def from_study(cls, study, *, metric: str, **kw: Any) -> "Tuning":
        """The trials stored in ``study``; ``metric`` and ``kw``: the other arguments of :class:`Tuning`."""
        rows = []
        for t in study.get_trials(deepcopy=False):
            sa, ua = t.system_attrs, t.user_attrs
            if sa.get(SURPLUS_ATTR) or t.state.name == "WAITING":
                continue
            state = {"COMPLETE": "complete", "PRUNED": "pruned", "FAIL": "failed", "RUNNING": "running"}[t.state.name]
            seeds = {int(k.split(":", 1)[1]): v for k, v in ua.items() if k.startswith("seed:")}
            value = t.value
            if state == "pruned":
                iv = t.intermediate_values
                value = iv[max(iv)] if iv else None
            rows.append({"number": t.number, "state": state, "values": ua.get("values", {}),
                         "params": dict(t.params), "spec": ua.get("spec"), "lr": ua.get("lr"),
                         "value": value, "pruned_at": ua.get("pruned_at"),
                         "seeds": {s: r["final"].get(metric) for s, r in sorted(seeds.items())},
                         "history": {s: r["history"] for s, r in sorted(seeds.items())},
                         "seconds": ua.get("seconds"), "failed": sa.get(FAILED_ATTR),
                         "retry_of": ua.get(RETRY_ATTR)})
        return cls(rows, metric=metric, study=study, **kw)

    # ---- the best trial ----
    def _need_best(self) -> dict:
        if self.best is None:
            raise LRKitError(f"tune: no complete trial in study {self.study_name!r} (every trial was pruned or "
                             "failed): widen the ranges, or pass pruner=False / --no-prune")
        return self.best

    @property
    def best_spec(self) -> str:
        """The best trial's schedule spec (text that :func:`lrkit.parse` reads)."""
        return self._need_best()["spec"]

    @property
    def best_lr(self) -> float | None:
        """The best trial's base LR when the template sets one (``; lr=…``), else None."""
        return self._need_best()["lr"]

    @property
    def best_value(self) -> float:
        """The best trial's value: the mean over seeds of the final metric."""
        return self._need_best()["value"]

    @property
    def best_values(self) -> dict[str, str]:
        """The best trial's placeholder values, as the spec text that was written in."""
        return dict(self._need_best()["values"])

    @property
    def best_entry(self) -> str:
        """The best trial as a :func:`lrkit.compare` entry (``SPEC`` or ``SPEC; lr=VALUE``)."""
        b = self._need_best()
        return b["spec"] + (f"; lr={fmt_number(b['lr'])}" if b["lr"] is not None else "")

    def counts(self) -> dict[str, int]:
        """How many trials are complete, pruned, failed (and redone), running."""
        out = {"complete": 0, "pruned": 0, "failed": 0, "running": 0}
        for t in self.trials:
            out[t["state"]] += 1
        return out

    def ranked(self) -> list[dict]:
        """Complete trials best first, then pruned ones (latest epoch first, then by value)."""
        sign = 1.0 if self.mode == "max" else -1.0
        key = lambda t: (-(t["pruned_at"] or 0), -sign * t["value"] if t["value"] is not None and  # noqa: E731
                         math.isfinite(t["value"]) else math.inf, t["number"])
        done = sorted((t for t in self.trials if t["state"] == "complete"),
                      key=lambda t: (-sign * t["value"] if math.isfinite(t["value"]) else math.inf, t["number"]))
        return done + sorted((t for t in self.trials if t["state"] == "pruned"), key=key)

    def table(self, top: int = 10) -> str:
        """The ``top`` best trials as a Markdown table (pruned ones after the complete ones)."""
        m = self.metric
        names = list(Template.parse(self.template).names)
        head = f"| rank | trial | {' | '.join(names)} | {m} | state |"
        lines = [head, "|" + "---|" * (len(names) + 4)]
        for i, t in enumerate(self.ranked()[:top], 1):
            vals = " | ".join(str(t["values"].get(n, "–")) for n in names)
            if t["state"] == "complete":
                v = fmt_metric(t["value"]) + (f" (seeds: {', '.join(fmt_metric(x) for x in t['seeds'].values())})"
                                      if len(t["seeds"]) > 1 else "")
                state = "complete"
            else:
                v, state = fmt_metric(t["value"]), f"pruned at epoch {t['pruned_at']}"
            lines.append(f"| {i} | {t['number']} | {vals} | {v} | {state} |")
        return "\n".join(lines)

    def summary(self) -> str:
        """Counts and the best spec, in two lines."""
        c = self.counts()
        line = (f"{c['complete'] + c['pruned']} of {self.requested} trials finished: {c['complete']} complete, "
                f"{c['pruned']} pruned" + (f", {c['failed']} failed (redone)" if c["failed"] else "")
                + (f", {c['running']} running" if c["running"] else ""))
        if self.best is None:
            return line + "\nno complete trial: nothing to recommend"
        seeds = f"mean final {self.metric} over {len(self.seeds)} seeds" if len(self.seeds) > 1 \
            else f"final {self.metric}"
        return line + (f"\nbest: {self.best_entry}   ({seeds}: {fmt_metric(self.best_value)}, "
                       f"trial {self.best['number']})")

    def to_json(self) -> dict:
        """Everything as plain data (what ``results.json`` holds)."""
        best = None
        if self.best is not None:
            best = {"spec": self.best_spec, "lr": self.best_lr, "entry": self.best_entry, "value": self.best_value,
                    "values": self.best_values, "trial": self.best["number"]}
        return {"kind": "tune", "metric": self.metric, "mode": self.mode, "template": self.template,
                "params": self.params, "seeds": self.seeds, "trials_requested": self.requested,
                "storage": self.storage, "study_name": self.study_name, "meta": self.meta, "counts": self.counts(),
                "best": best, "trials": self.trials}

    def write(self, out: str | os.PathLike) -> list[Path]:
        """Write ``results.json`` and ``tune.png`` (value against each parameter) into ``out``."""
        out = Path(out)
        check_writable(out)
        files = [out / "results.json"]
        files[0].write_text(json.dumps(self.to_json(), indent=2, default=str) + "\n")
        png = self.plot(out / "tune.png")
        if png is not None:
            files.append(png)
        return files

    def plot(self, path: str | os.PathLike) -> Path | None:
        """Value against each parameter (complete trials as dots, pruned as crosses, the best circled)."""
        try:
            from matplotlib.figure import Figure
        except ImportError:  # pragma: no cover - matplotlib is in the experiments extra
            return None
        names = list(Template.parse(self.template).names)
        ps = {p.name: p for p in (Param.parse(s) for s in self.params)}
        fig = Figure(figsize=(3.6 * len(names), 3.4), dpi=110)
        axes = fig.subplots(1, len(names), squeeze=False)[0]
        for ax, n in zip(axes, names):
            p = ps[n]
            for state, marker, color in (("complete", "o", "tab:blue"), ("pruned", "x", "0.6")):
                pts = [(t["params"].get(n), t["value"]) for t in self.trials
                       if t["state"] == state and t["value"] is not None and math.isfinite(t["value"])
                       and n in t["params"]]
                if pts:
                    xs = [x if p.kind != "choice" else p.choices.index(x) for x, _ in pts]
                    ax.scatter(xs, [y for _, y in pts], marker=marker, color=color, s=22, label=state, zorder=3)
            if self.best is not None and n in self.best["params"]:
                bx = self.best["params"][n]
                ax.scatter([bx if p.kind != "choice" else p.choices.index(bx)], [self.best["value"]], s=120,
                           facecolors="none", edgecolors="tab:red", lw=1.5, label="best", zorder=4)
            if p.log:
                ax.set_xscale("log")
            if p.kind == "choice":
                ax.set_xticks(range(len(p.choices)), [c[:14] for c in p.choices], fontsize=7)
            ax.set_xlabel(n + (f" ({p.unit})" if p.unit else ""))
            ax.grid(alpha=0.3)
        axes[0].set_ylabel(self.metric)
        axes[0].legend(fontsize=7)
        fig.suptitle(f"{self.template}: {self.metric} per trial (pruned: at the epoch they stopped)", fontsize=9)
        fig.tight_layout()
        fig.savefig(path)
        return Path(path)

    def __repr__(self) -> str:
        c = self.counts()
        best = f", best {self.best_entry!r} {self.metric}={fmt_metric(self.best_value)}" if self.best else ""
        return f"Tuning({c['complete']} complete, {c['pruned']} pruned{best})"
