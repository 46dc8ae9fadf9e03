"""The report of a comparison: Markdown, HTML (figures inlined), PNG figures and results.json.

``write_report(comparison, out)`` writes into the folder ``out``:

- ``report.md`` and ``report.html``: the setup, the summary table (final and
  best metric, mean ± std over seeds, 95% t-interval, epochs to reach a
  target), a sentence on which differences exceed seed noise and how that was
  decided, and the figures (inlined as base64 in the HTML);
- ``lr.png`` (the LR curves), ``curve_<metric>.png`` for each recorded metric
  (mean over seeds with a ± std band and each seed as a thin line) and
  ``final.png`` (each seed's final metric with the 95% interval);
- ``results.json``: every run (schedule, resolved spec, seed, per-epoch
  metrics, final metrics) and the summary.
"""

from __future__ import annotations

import base64
import html
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import LRKitError

__all__ = ["write_report", "figures"]

_SKIP = {"epoch", "seconds"}


def _plt():
    try:
        from matplotlib.figure import Figure
    except ImportError as e:  # pragma: no cover - matplotlib is in the experiments extra
        raise LRKitError("the report's figures need matplotlib: pip install 'lrkit[experiments]'") from e
    return Figure


def _colors(n: int) -> list:
    import matplotlib

    cmap = matplotlib.colormaps["tab10"]
    return [cmap(i % 10) for i in range(n)]


def _lr_series(cmp, label: str) -> tuple[np.ndarray, np.ndarray, str] | None:
    """(x, lr, x-unit) for a schedule: the exact per-step curve when the run's shape is known."""
    runs = [r for r in cmp.runs if r["label"] == label]
    base = runs[0].get("lr") or cmp.base_lr
    if cmp.epochs and cmp.steps_per_epoch:
        try:
            from ..spec.parser import parse

            total = cmp.epochs * cmp.steps_per_epoch
            curve = parse(runs[0]["spec"]).bind(total_steps=total, steps_per_epoch=cmp.steps_per_epoch)
            steps = np.arange(total)
            if "plateau" not in runs[0]["spec"]:
                return steps / cmp.steps_per_epoch, np.asarray(curve(steps, base if base else 1.0), float), "epoch"
        except LRKitError:
            pass  # a spec the core cannot bind here: fall back to the LR the runs recorded
    hist = runs[0]["history"]
    if hist and all("lr" in h for h in hist):
        return np.array([h["epoch"] - 1 for h in hist], float), np.array([h["lr"] for h in hist]), "epoch"
    return None


def figures(cmp, out: Path) -> list[tuple[str, str]]:
    """Write the PNG figures of ``cmp`` into ``out``; return ``[(file name, caption)]``."""
    Figure = _plt()
    out = Path(out)
    colors = dict(zip(cmp.labels, _colors(len(cmp.labels))))
    made: list[tuple[str, str]] = []

    # LR curves
    series = {lb: _lr_series(cmp, lb) for lb in cmp.labels}
    if any(s is not None for s in series.values()):
        fig = Figure(figsize=(7, 3.6), dpi=110)
        ax = fig.add_subplot()
        for lb, s in series.items():
            if s is not None:
                ax.plot(s[0], s[1], label=lb, color=colors[lb], lw=1.6)
        ax.set_xlabel("epoch")
        ax.set_ylabel("learning rate" if (cmp.base_lr or any(r.get("lr") for r in cmp.runs)) else "LR / base LR")
        ax.set_title("Learning-rate schedules")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "lr.png")
        made.append(("lr.png", "Learning rate over training, per schedule."))

    # metric curves
    keys: list[str] = []
    for r in cmp.runs:
        for h in r["history"]:
            for k in h:
                if k not in _SKIP and k != "lr" and k not in keys:
                    keys.append(k)
    keys.sort(key=lambda k: (k != cmp.metric, not k.startswith("val"), k))
    for k in keys:
        fig = Figure(figsize=(7, 3.8), dpi=110)
        ax = fig.add_subplot()
        for lb in cmp.labels:
            runs = [r for r in cmp.runs if r["label"] == lb]
            n_ep = max(len(r["history"]) for r in runs)
            mat = np.full((len(runs), n_ep), np.nan)
            for i, r in enumerate(runs):
                for j, h in enumerate(r["history"]):
                    mat[i, j] = h.get(k, np.nan)
            x = np.arange(1, n_ep + 1)
            with np.errstate(all="ignore"):
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    mean = np.nanmean(mat, axis=0)
                    std = np.nanstd(mat, axis=0, ddof=1) if len(runs) > 1 else np.zeros(n_ep)
            for row in mat:
                ax.plot(x, row, color=colors[lb], lw=0.5, alpha=0.35)
            ax.plot(x, mean, color=colors[lb], lw=1.8, label=lb)
            if len(runs) > 1:
                ax.fill_between(x, mean - std, mean + std, color=colors[lb], alpha=0.18, lw=0)
        if k.endswith("loss") and np.nanmin([h.get(k, np.nan) for r in cmp.runs for h in r["history"]] + [np.inf]) > 0:
            ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel(k)
        ax.set_title(f"{k}: mean over seeds, band = ± 1 std, thin lines = seeds")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        name = f"curve_{_safe(k)}.png"
        fig.savefig(out / name)
        made.append((name, f"{k} per epoch (mean over {len(cmp.runs) // max(len(cmp.labels), 1)} seeds, "
                           "band ± 1 std, thin lines the individual seeds)."))

    # final metric per seed with the 95% interval
    from .stats import summarize

    fig = Figure(figsize=(7, 0.6 + 0.55 * len(cmp.labels)), dpi=110)
    ax = fig.add_subplot()
    for i, lb in enumerate(cmp.labels):
        vals = cmp.values(lb, "final")
        s = summarize(vals)
        ax.scatter(vals, [i] * len(vals), color=colors[lb], s=18, zorder=3)
        if math.isfinite(s["ci95"][0]):
            ax.plot(s["ci95"], [i, i], color=colors[lb], lw=2.5, alpha=0.5)
        if math.isfinite(s["mean"]):
            ax.plot([s["mean"]], [i], marker="|", color="k", ms=14)
    ax.set_yticks(range(len(cmp.labels)), [lb[:40] for lb in cmp.labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"final {cmp.metric}")
    ax.set_title("Final metric: dots = seeds, bar = 95% interval of the mean")
    ax.grid(alpha=0.3, axis="x")
    fig.tight_layout()
    fig.savefig(out / "final.png")
    made.append(("final.png", f"Final {cmp.metric} of every seed, with the 95% t-interval of the mean."))
    return made


def _safe(k: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in k)


def _setup_lines(cmp) -> list[str]:
    seeds = sorted({r["seed"] for r in cmp.runs})
    lines = []
    if cmp.meta.get("task"):
        desc = f" ({cmp.meta['description']})" if cmp.meta.get("description") else ""
        lines.append(f"Task: `{cmp.meta['task']}`" + desc)
    if cmp.meta.get("optimizer"):
        lines.append(f"Optimizer: {cmp.meta['optimizer']}, base LR {cmp.base_lr:g}" if cmp.base_lr
                     else f"Optimizer: {cmp.meta['optimizer']}")
    if cmp.epochs:
        lines.append(f"Epochs: {cmp.epochs}" + (f" × {cmp.steps_per_epoch} steps" if cmp.steps_per_epoch else ""))
    lines.append(f"Seeds: {', '.join(map(str, seeds))} (the seed sets the initialization and the data order)")
    finder = f" ({cmp.meta['finder']})" if cmp.meta.get("finder") else ""
    if cmp.auto_lr is not None:
        lines.append(f"`auto` = the LR finder's suggestion, {cmp.auto_lr:.4g}{finder}")
        finder = ""
    if cmp.auto_range:
        ends = [f"`auto.{n}` = {v:.4g}" for n, v in zip(("min", "max"), cmp.auto_range) if v is not None]
        lines.append(", ".join(ends) + f" (from the LR finder's suggested range, its suggest_range()){finder}")
    lines.append(f"Ranked by: {cmp.metric} ({'higher' if cmp.mode == 'max' else 'lower'} is better)")
    lines.append(f"Runs stored in: `{cmp.storage}`, study `{cmp.study_name}`")
    if cmp.meta.get("command"):
        lines.append(f"Command: `{cmp.meta['command']}`")
    return lines


_METHOD = ("Method: each number is over seeds; std is the sample standard deviation (n−1); the 95% interval is "
           "mean ± t(0.975, n−1)·std/√n, an interval for the mean, not for a single run. The target for "
           "\"epochs to\" is the worst schedule's mean best {m} unless set (the level every schedule reaches on "
           "average); the column shows the mean over the seeds that reached it and how many did. \"Beyond seed "
           "noise\" means Welch's t-test between the best schedule and each other one on the per-seed final {m} "
           "gives p < 0.05.")


def _run_rows(cmp) -> list[str]:
    m = cmp.metric
    rows = [f"| schedule | resolved spec | seed | final {m} | best {m} (epoch) | seconds |",
            "|---|---|---|---|---|---|"]
    for r in cmp.runs:
        b = r["best"]
        secs = f"{r['seconds']:.1f}" if r.get("seconds") is not None else "–"
        rows.append(f"| `{r['label']}` | `{r['spec']}`" + (f" lr={r['lr']:.4g}" if r.get("lr") else "")
                    + f" | {r['seed']} | {r['final'].get(m, float('nan')):.4g} | {b.get(m, float('nan')):.4g} "
                    f"({int(b.get('epoch', 0))}) | {secs} |")
    return rows


def write_report(cmp, out) -> dict[str, Path]:
    """Write ``report.md``, ``report.html``, the figures and ``results.json`` of ``cmp`` into ``out``."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise LRKitError(f"out: cannot write to {str(out)!r}: {e.strerror or e}") from None
    figs = [(f, c) for f, c in cmp.meta.get("extra_figures", []) if (out / f).is_file()] + figures(cmp, out)
    title = cmp.title or "Schedule comparison"
    setup = _setup_lines(cmp)
    method = _METHOD.format(m=cmp.metric)

    md = [f"# {title}", ""] + [f"- {s}" for s in setup] + ["", "## Summary", "", cmp.table(), "",
                                                           cmp.sentence(), "", f"_{method}_", "", "## Figures", ""]
    for name, cap in figs:
        md += [f"![{cap}]({name})", "", cap, ""]
    md += ["## Every run", ""] + _run_rows(cmp) + ["", "All per-epoch metrics: `results.json`.", ""]
    (out / "report.md").write_text("\n".join(md))

    css = ("body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}"
           "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px}"
           "th{background:#f3f3f3}code{background:#f5f5f5;padding:0 3px}img{max-width:100%}"
           ".verdict{background:#eef6ee;padding:.6em 1em;border-left:4px solid #4a4}.method{color:#555;font-size:13px}")
    h = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
         f"<style>{css}</style></head><body><h1>{html.escape(title)}</h1><ul>"]
    h += [f"<li>{_inline(s)}</li>" for s in setup]
    h += ["</ul><h2>Summary</h2>", _md_table_html(cmp.table()), f"<p class='verdict'>{html.escape(cmp.sentence())}</p>",
          f"<p class='method'>{html.escape(method)}</p><h2>Figures</h2>"]
    for name, cap in figs:
        data = base64.b64encode((out / name).read_bytes()).decode("ascii")
        h.append(f"<figure><img alt='{html.escape(cap)}' src='data:image/png;base64,{data}'>"
                 f"<figcaption>{html.escape(cap)}</figcaption></figure>")
    h += ["<h2>Every run</h2>", _md_table_html("\n".join(_run_rows(cmp))),
          "<p>All per-epoch metrics: <code>results.json</code>.</p></body></html>"]
    (out / "report.html").write_text("\n".join(h))

    (out / "results.json").write_text(json.dumps(_jsonable(cmp.to_json()), indent=1))
    paths = {"report.md": out / "report.md", "report.html": out / "report.html", "results.json": out / "results.json"}
    paths.update({name: out / name for name, _ in figs})
    return paths


def _inline(s: str) -> str:
    parts = s.split("`")
    return "".join(f"<code>{html.escape(p)}</code>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def _md_table_html(table: str) -> str:
    rows = [r.strip().strip("|").split(" | ") for r in table.splitlines() if r.strip()]
    head, body = rows[0], rows[2:]
    out = ["<table><tr>" + "".join(f"<th>{_inline(c.strip())}</th>" for c in head) + "</tr>"]
    for r in body:
        out.append("<tr>" + "".join(f"<td>{_inline(c.strip())}</td>" for c in r) + "</tr>")
    return "".join(out) + "</table>"


def _jsonable(x: Any) -> Any:
    """Plain JSON: non-finite floats become null (strict JSON has no NaN/Infinity)."""
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, (np.floating, np.integer)):
        return _jsonable(x.item())
    return x
