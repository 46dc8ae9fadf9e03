"""Read a run's logs into named columns: TensorBoard, HF ``trainer_state.json``, Lightning ``metrics.csv``,
plain CSV / JSONL (W&B's exported CSV is one), each with the library made for it.

A :class:`Log` holds every numeric column as ``(steps, values)`` with missing cells left out and
NaN/inf kept (they are evidence). Steps that go backwards split a file into several runs.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "log.csv").write_text("step,lr,loss\\n1,0.1,2.0\\n2,0.1,nan\\n")
>>> [log] = read_logs(d / "log.csv")
>>> log.source, sorted(log.columns), log.columns["loss"][1].tolist()
('csv', ['loss', 'lr'], [2.0, nan])
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import LRKitError

__all__ = ["Log", "LogError", "read_logs", "find_logs"]

_SKIP_DIRS = {".git", "__pycache__", ".ipynb_checkpoints", "wandb", ".hydra"}
_HF_SKIP = {"train_runtime", "train_samples_per_second", "train_steps_per_second", "total_flos", "train_loss",
            "epoch", "step", "grad_norm", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second"}
_STEP_NAMES = ("step", "global_step", "_step", "trainer/global_step", "iteration", "iter", "steps", "train/global_step")


class LogError(LRKitError):
    """A log that cannot be read (exit 2 on the CLI)."""


@dataclass
class Log:
    """One run's columns: ``name -> (steps, values)``; ``source`` says which reader made it."""

    name: str
    path: str
    source: str
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ---- discovery ---------------------------------------------------------------------------------------
def _kind(p: Path) -> str | None:
    n = p.name
    if n.startswith("events.out.tfevents"):
        return "tensorboard"
    if n == "trainer_state.json":
        return "hf"
    if n.endswith(".csv"):
        return "csv"
    if n.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return None


def find_logs(path: str | os.PathLike) -> list[tuple[str, Path, str]]:
    """``(name, path, kind)`` for every log under ``path`` (a file or a folder, walked in sorted order).

    A folder of TensorBoard event files is one run; an HF output folder is one run (its own
    ``trainer_state.json``, else its latest ``checkpoint-N``); every CSV/JSONL file is a run.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for sub in ("out/checkpoint-100", "out/checkpoint-200", "lightning_logs/version_0"):
    ...     (d / sub).mkdir(parents=True)
    >>> _ = (d / "out/checkpoint-100/trainer_state.json").write_text("{}")
    >>> _ = (d / "out/checkpoint-200/trainer_state.json").write_text("{}")
    >>> _ = (d / "lightning_logs/version_0/metrics.csv").write_text("step,lr-SGD\\n0,0.1\\n")
    >>> [(name, kind, p.parent.name) for name, p, kind in find_logs(d)]
    [('lightning_logs/version_0', 'csv', 'version_0'), ('out', 'hf', 'checkpoint-200')]
    """
    root = Path(path)
    if not root.exists():
        raise LogError(f"diagnose: no such file or directory: {os.fspath(path)}")
    if root.is_file():
        kind = _kind(root) or ("jsonl" if root.suffix == ".json" else None)
        if kind is None:
            raise LogError(f"diagnose: {root}: not a log lrkit reads; accepted: TensorBoard event files "
                           "(events.out.tfevents.*), trainer_state.json, .csv, .jsonl")
        return [(root.name, root, kind)]
    out: list[tuple[str, Path, str]] = []
    hf_dirs: set[Path] = set()
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in _SKIP_DIRS and not x.startswith("."))
        here = Path(d)
        if any(h in here.parents for h in hf_dirs):
            continue
        rel = os.path.relpath(here, root)
        name = root.name if rel == "." else rel
        if "trainer_state.json" in files:
            if not here.name.startswith("checkpoint-"):
                hf_dirs.add(here)
            out.append((name, here / "trainer_state.json", "hf"))
            continue
        ckpts = [x for x in dirs if re.fullmatch(r"checkpoint-\d+", x) and (here / x / "trainer_state.json").exists()]
        if ckpts:
            last = max(ckpts, key=lambda x: int(x.split("-")[1]))
            out.append((name, here / last / "trainer_state.json", "hf"))
            hf_dirs.add(here)
            dirs[:] = [x for x in dirs if x not in ckpts]
        if any(f.startswith("events.out.tfevents") for f in files):
            out.append((name, here, "tensorboard"))
        for f in sorted(files):
            k = _kind(here / f)
            if k in ("csv", "jsonl"):   # a Lightning metrics.csv is named by its run folder
                nm = rel if f == "metrics.csv" and rel != "." else (f if rel == "." else f"{rel}/{f}")
                out.append((nm, here / f, k))
    if not out:
        raise LogError(f"diagnose: no logs found under {root}; accepted: TensorBoard event files, "
                       "trainer_state.json (or checkpoint-N folders), metrics.csv and other .csv, .jsonl")
    return out


# ---- columns -----------------------------------------------------------------------------------------
def _to_float(cells: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """Strings -> (present mask, float values); None when no cell is a number."""
    if isinstance(cells, np.ndarray) and cells.dtype.kind == "f":
        return np.ones(len(cells), dtype=bool), cells
    arr = cells if isinstance(cells, np.ndarray) and cells.dtype.kind == "U" else np.asarray(cells, dtype=str)
    present = arr != ""
    if not present.any():
        return None
    out = np.full(len(arr), np.nan)
    try:
        out[present] = arr[present].astype(float)
        return present, out
    except ValueError:
        pass
    ok = np.zeros(len(arr), dtype=bool)
    for i in np.flatnonzero(present):
        try:
            out[i] = float(arr[i])
            ok[i] = True
        except ValueError:
            pass
    return (ok, out) if ok.any() else None


def _step_column(names: list[str], forced: str | None) -> str | None:
    if forced:
        return forced
    low = {n.lower().strip(): n for n in names}
    for s in _STEP_NAMES:
        if s in low:
            return low[s]
    return None


def _split(name: str, path: str, source: str, steps: np.ndarray, cols: dict[str, tuple[np.ndarray, np.ndarray]],
           notes: list[str]) -> list[Log]:
    """One Log per stretch of non-decreasing steps (runs appended to one file)."""
    back = np.flatnonzero(np.diff(steps) < 0) + 1
    if not len(back):
        return [Log(name, path, source, {k: (steps[m], v[m]) for k, (m, v) in cols.items() if m.any()}, notes)]
    bounds = [0, *back.tolist(), len(steps)]
    n = len(bounds) - 1
    out = []
    for i in range(n):
        a, b = bounds[i], bounds[i + 1]
        part = {k: (steps[a:b][m[a:b]], v[a:b][m[a:b]]) for k, (m, v) in cols.items() if m[a:b].any()}
        note = (f"steps go backwards at row {a + 1} (step {int(steps[a - 1])} -> {int(steps[a])}): several runs "
                f"appended to one file, split into {n}; this is run {i + 1}" if i else
                f"steps go backwards {n - 1} time(s): several runs appended to one file, split into {n}")
        out.append(Log(f"{name}#{i + 1}", path, source, part, notes + [note]))
    return out


def _columns(header: list[str], rows: list[list[Any]]) -> list[Any]:
    width = len(header)
    return list(zip(*[r + [""] * (width - len(r)) if len(r) < width else r[:width] for r in rows]))


def _table(name: str, path: Path, source: str, header: list[str], cols_raw: list[Any], nrows: int,
           step_col: str | None, notes: list[str]) -> list[Log]:
    if not nrows:
        raise LogError(f"diagnose: {path}: no data rows (only a header: {', '.join(header) or 'none'})")
    sc = _step_column(header, step_col)
    if step_col and step_col not in header:
        raise LogError(f"diagnose: {path}: --step column {step_col!r} not found; columns: {', '.join(header)}")
    cols: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for h, cells in zip(header, cols_raw):
        got = _to_float(cells)
        if got is not None and h != sc:
            cols[h] = got
    if sc is not None:
        got = _to_float(cols_raw[header.index(sc)])
        if got is None:
            raise LogError(f"diagnose: {path}: step column {sc!r} holds no numbers")
        present, steps = got
        if not present.all():   # rows without a step (rare): carry the previous one
            idx = np.maximum.accumulate(np.where(present, np.arange(len(steps)), 0))
            steps = steps[idx]
        steps = steps.astype(np.int64)
    else:
        steps = np.arange(1, nrows + 1, dtype=np.int64)
        notes = notes + ["no step column: the row number is the step"]
    return _split(name, os.fspath(path), source, steps, cols, notes)


def _fast_csv(text: str) -> tuple[list[str], list[np.ndarray], int] | None:
    """A plain table (no quotes, every row complete) split with numpy: header, columns, rows; else None."""
    if '"' in text:
        return None
    text = text.replace("\r", "").rstrip("\n")
    head, _, body = text.partition("\n")
    header = head.split(",")
    if not body:
        return None
    nrows = body.count("\n") + 1
    try:   # every cell a number (NaN/inf included): numpy's C reader
        table = np.loadtxt(io.StringIO(body), delimiter=",", ndmin=2, dtype=float)
        if table.shape == (nrows, len(header)):
            return header, [table[:, i] for i in range(len(header))], nrows
    except ValueError:
        pass
    cells = body.replace("\n", ",").split(",")
    if len(cells) != nrows * len(header):
        return None
    table = np.asarray(cells, dtype=str).reshape(nrows, len(header))
    return header, [table[:, i] for i in range(len(header))], nrows


def _read_csv(name: str, path: Path, step_col: str | None) -> list[Log]:
    text = _text(path)
    fast = _fast_csv(text)
    if fast is not None:
        header, cols, nrows = fast
        header = [_wandb_name(h.strip()) for h in header]
        keep = [i for i, h in enumerate(header) if not h.endswith(("__MIN", "__MAX"))]
        source = "lightning" if path.name == "metrics.csv" and any(h.startswith("lr-") for h in header) else "csv"
        return _table(name, path, source, [header[i] for i in keep], [cols[i] for i in keep], nrows, step_col, [])
    lines = text.splitlines()
    notes = []
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise LogError(f"diagnose: {path}: the file is empty") from None
    rows = list(reader)
    if rows and len(rows[-1]) < len(header) and not text.endswith("\n"):
        rows.pop()
        notes.append(f"the last line ({len(lines)}) is incomplete (a truncated file?): left out")
    header = [_wandb_name(h) for h in header]
    keep = [i for i, h in enumerate(header) if not h.endswith(("__MIN", "__MAX"))]
    if len(keep) < len(header):
        header = [header[i] for i in keep]
        rows = [[r[i] if i < len(r) else "" for i in keep] for r in rows]
    source = "lightning" if path.name == "metrics.csv" and any(h.startswith("lr-") for h in header) else "csv"
    return _table(name, path, source, header, _columns(header, rows), len(rows), step_col, notes)


def _wandb_name(h: str) -> str:
    """W&B chart exports name columns ``"<run> - <metric>"``; keep the metric."""
    return h.split(" - ", 1)[1] if " - " in h else h


def _read_jsonl(name: str, path: Path, step_col: str | None) -> list[Log]:
    text = _text(path)
    records, bad = [], []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            bad.append(i)
            continue
        if isinstance(r, dict):
            records.append(_flat(r))
    notes = []
    if bad:
        where = "the last line" if bad == [len(text.splitlines())] else f"{len(bad)} line(s) (first: {bad[0]})"
        notes.append(f"{where} not valid JSON (a truncated file?): left out")
    if not records:
        raise LogError(f"diagnose: {path}: no JSON records" + (f" ({len(bad)} unreadable lines)" if bad else ""))
    return _records(name, path, "jsonl", records, step_col, notes)


def _flat(r: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in r.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}/"))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _records(name: str, path: Path, source: str, records: list[dict], step_col: str | None,
             notes: list[str]) -> list[Log]:
    keys: dict[str, None] = {}
    for r in records:
        for k, v in r.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) or k in _STEP_NAMES:
                keys.setdefault(k)
    header = list(keys)
    rows = [[_cell(r.get(k)) for k in header] for r in records]
    return _table(name, path, source, header, _columns(header, rows), len(rows), step_col, notes)


def _cell(v: Any) -> str:
    if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
        return ""
    return repr(float(v)) if isinstance(v, float) else str(v)


def _read_hf(name: str, path: Path, step_col: str | None) -> list[Log]:
    text = _text(path)
    try:
        state = json.loads(text)
    except json.JSONDecodeError as e:
        raise LogError(f"diagnose: {path}: not valid JSON at line {e.lineno} column {e.colno} "
                       f"(a truncated trainer_state.json?)") from None
    hist = state.get("log_history") if isinstance(state, dict) else None
    if not isinstance(hist, list):
        raise LogError(f"diagnose: {path}: no log_history list (is this an HF trainer_state.json?)")
    records = []
    for h in hist:
        if isinstance(h, dict) and "train_runtime" not in h and "step" in h:
            records.append({k: v for k, v in h.items() if k not in _HF_SKIP or k == "step"})
    if not records:
        raise LogError(f"diagnose: {path}: log_history is empty (logging_steps larger than the run?)")
    notes = [f"HF checkpoint {path.parent.name}"] if path.parent.name.startswith("checkpoint-") else []
    return _records(name, path, "hf", records, step_col or "step", notes)


def _read_tensorboard(name: str, path: Path) -> list[Log]:
    from .tensorboard import read_scalars

    cols, notes = read_scalars(path)
    logs = _split_tags(name, os.fspath(path), cols)
    for log in logs:
        log.notes[:0] = notes
    return logs


def _split_tags(name: str, path: str, cols: dict[str, tuple[np.ndarray, np.ndarray]]) -> list[Log]:
    """TensorBoard: a tag whose steps go backwards was written by a second run into the same folder."""
    parts: list[dict[str, tuple[np.ndarray, np.ndarray]]] = []
    for tag, (s, v) in cols.items():
        back = np.flatnonzero(np.diff(s) < 0) + 1
        bounds = [0, *back.tolist(), len(s)]
        for i in range(len(bounds) - 1):
            while len(parts) <= i:
                parts.append({})
            a, b = bounds[i], bounds[i + 1]
            parts[i][tag] = (s[a:b], v[a:b])
    if len(parts) == 1:
        return [Log(name, path, "tensorboard", parts[0])]
    n = len(parts)
    return [Log(f"{name}#{i + 1}", path, "tensorboard", p,
                [f"steps go backwards: {n} runs written into one TensorBoard folder, split; this is run {i + 1}"])
            for i, p in enumerate(parts)]


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LogError(f"diagnose: cannot read {path}: {e.strerror}") from None
    if not data.strip():
        raise LogError(f"diagnose: {path}: the file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LogError(f"diagnose: {path}: not a text file (not UTF-8)") from None


def read_logs(path: str | os.PathLike, run: str | None = None, step_col: str | None = None) -> list[Log]:
    """Every run's :class:`Log` under ``path``; ``run`` keeps the runs whose name contains it."""
    found = find_logs(path)
    if run is not None:
        picked = [f for f in found if f[0] == run] or [f for f in found if run in f[0]]
        if not picked:
            raise LogError(f"diagnose: --run {run!r} matches none of the runs under {path}: "
                           f"{', '.join(f[0] for f in found)}")
        found = picked
    out: list[Log] = []
    for name, p, kind in found:
        if kind == "tensorboard":
            out += _read_tensorboard(name, p)
        elif kind == "hf":
            out += _read_hf(name, p, step_col)
        elif kind == "jsonl":
            out += _read_jsonl(name, p, step_col)
        else:
            out += _read_csv(name, p, step_col)
    return out
