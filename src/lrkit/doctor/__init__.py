"""Static checks of training scripts for learning-rate scheduling mistakes.

``check_paths(["train.py"])`` reads Python files and notebooks with :mod:`ast`
(it never imports or runs them) and returns :class:`~lrkit.diagnostics.Finding`
objects with the rule codes of :mod:`lrkit.diagnostics`. A directory is walked
(``.py`` files and the code cells of ``.ipynb`` notebooks).

>>> from lrkit.doctor import check_source
>>> src = '''
... import torch
... from torch.optim.lr_scheduler import CosineAnnealingLR
... model = torch.nn.Linear(2, 1)
... opt = torch.optim.SGD(model.parameters(), lr=0.1)
... sched = CosineAnnealingLR(opt, T_max=epochs)
... for epoch in range(epochs):
...     for x, y in train_loader:
...         opt.step()
...         sched.step()
... '''
>>> for f in check_source(src, "train.py"):
...     print(f.code, f.line, f.col)
LR001 10 9

Suppress one line with ``# lrkit: noqa`` (all rules) or ``# lrkit: noqa LR001``.
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from ..diagnostics import RULES, Finding
from ..errors import LRKitError

__all__ = ["check_paths", "check_source", "check_file", "iter_files", "parse_codes", "DoctorInputError"]

_NOQA = re.compile(r"#\s*lrkit:\s*noqa\b(?::?\s*(?P<codes>[A-Z]+[0-9]+(?:\s*[,\s]\s*[A-Z]+[0-9]+)*))?", re.I)
_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox", "node_modules", "site-packages",
              ".ipynb_checkpoints", ".mypy_cache", ".pytest_cache", "build", "dist"}


class DoctorInputError(LRKitError):
    """A file that cannot be read or parsed."""


def parse_codes(spec: str | Iterable[str] | None) -> set[str] | None:
    """``"LR001,LR003"`` -> ``{"LR001", "LR003"}``; a prefix like ``LR00`` selects every code it starts.

    >>> sorted(parse_codes("lr001, LR003"))
    ['LR001', 'LR003']
    """
    if spec is None:
        return None
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    out: set[str] = set()
    for raw in items:
        code = raw.strip().upper()
        if not code:
            continue
        hits = {c for c in RULES if c.startswith(code)}
        if not hits:
            raise LRKitError(f"doctor: unknown rule code {raw.strip()!r}; known: {', '.join(RULES)}")
        out |= hits
    return out


def _analyze(source: str, path: str) -> tuple[list[Finding], list[tuple[int, int, str]]]:
    from .rules import Checker
    from .walk import Module

    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        raise DoctorInputError(f"{path}:{e.lineno or 1}:{e.offset or 1}: cannot parse: {e.msg}") from None
    checker = Checker(Module(tree))
    checker.run()
    seen: set[tuple[str, int, int]] = set()
    out = []
    for node, f in checker.findings:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        if (f.code, line, col) in seen:
            continue
        seen.add((f.code, line, col))
        out.append(replace(f, path=path, line=line, col=col))
    notes = sorted({(getattr(n, "lineno", 1), getattr(n, "col_offset", 0) + 1, msg) for n, msg in checker.notes})
    out.sort(key=lambda f: (f.line, f.col, f.code))
    return out, notes


def _suppressed(f: Finding, lines: Sequence[str]) -> bool:
    if not f.line or f.line > len(lines):
        return False
    m = _NOQA.search(lines[f.line - 1])
    if not m:
        return False
    codes = m.group("codes")
    return codes is None or f.code in {c.upper() for c in re.split(r"[,\s]+", codes) if c}


def check_source(source: str, path: str = "<string>", select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, notes: list[str] | None = None) -> list[Finding]:
    """Check Python source text; ``notes`` (when a list) receives the "could not determine" notes.

    >>> src = "import torch\\n" \\
    ...       "scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\\n" \\
    ...       "for epoch in range(10):\\n" \\
    ...       "    scheduler.step()\\n"
    >>> [f.code for f in check_source(src, "train.py")]
    ['LR003']
    >>> check_source(src, "train.py", ignore=["LR003"])
    []
    """
    findings, nts = _analyze(source, path)
    lines = source.splitlines()
    if notes is not None:
        notes.extend(f"{path}:{ln}:{col}: note: {msg}" for ln, col, msg in nts)
    return _filter([f for f in findings if not _suppressed(f, lines)], select, ignore)


def _filter(findings: list[Finding], select, ignore) -> list[Finding]:
    sel = parse_codes(select) if select is not None and not isinstance(select, set) else select
    ign = parse_codes(ignore) if ignore is not None and not isinstance(ignore, set) else ignore
    return [f for f in findings if (sel is None or f.code in sel) and (ign is None or f.code not in ign)]


def _notebook_source(path: Path) -> tuple[str, list[tuple[int, int]]]:
    """The code cells joined into one module, and for each line its (cell number, line in cell)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        raise DoctorInputError(f"{path}: cannot read notebook: {e}") from None
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    for i, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        for j, line in enumerate(src.splitlines(), 1):
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")):   # IPython magics and shell escapes
                line = line[: len(line) - len(stripped)] + "pass"
            lines.append(line)
            where.append((i, j))
        lines.append("")
        where.append((i, len(src.splitlines()) + 1))
    return "\n".join(lines) + "\n", where


def check_file(path: str | os.PathLike, select=None, ignore=None, notes: list[str] | None = None) -> list[Finding]:
    """Check one ``.py`` file or ``.ipynb`` notebook (findings in a notebook carry ``cell``)."""
    p = Path(path)
    shown = str(path)
    if p.suffix == ".ipynb":
        source, where = _notebook_source(p)
        try:
            raw, nts = _analyze(source, shown)
        except DoctorInputError as e:
            m = re.match(r".*?:(\d+):(\d+): (.*)", str(e))
            if m and int(m.group(1)) <= len(where):
                cell, ln = where[int(m.group(1)) - 1]
                raise DoctorInputError(f"{shown}:cell {cell}:{ln}:{m.group(2)}: {m.group(3)}") from None
            raise
        lines = source.splitlines()
        raw = [f for f in raw if not _suppressed(f, lines)]
        out = []
        for f in raw:
            cell, ln = where[f.line - 1] if f.line and f.line <= len(where) else (None, f.line)
            out.append(replace(f, cell=cell, line=ln))
        if notes is not None:
            for ln, col, msg in nts:
                cell, cl = where[ln - 1] if ln <= len(where) else (0, ln)
                notes.append(f"{shown}:cell {cell}:{cl}:{col}: note: {msg}")
        return _filter(out, select, ignore)
    try:
        source = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DoctorInputError(f"{shown}: cannot read: {e.strerror if isinstance(e, OSError) else e}") from None
    return check_source(source, shown, select, ignore, notes)


def iter_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files to check: the given files, and ``.py``/``.ipynb`` files under given directories (sorted)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                out += [Path(root) / f for f in sorted(files) if f.endswith((".py", ".ipynb"))]
        elif p.exists():
            out.append(p)
        else:
            raise DoctorInputError(f"doctor: no such file or directory: {raw}")
    return out


def check_paths(paths: str | os.PathLike | Iterable[str | os.PathLike], select: Iterable[str] | str | None = None,
                ignore: Iterable[str] | str | None = None) -> list[Finding]:
    """Check files and directories; raises :class:`DoctorInputError` on an unreadable or unparseable file.

    >>> import lrkit as lk, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ok.py").write_text("print('no training here')\\n")
    >>> lk.doctor([d])
    []
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    sel, ign = parse_codes(select), parse_codes(ignore)
    out: list[Finding] = []
    for f in iter_files(paths):
        out += check_file(f, sel, ign)
    return out


class _CallableModule(type(os)):
    """``lrkit.doctor`` is both this package and the function ``lk.doctor(paths)``.

    Importing the subpackage sets the attribute ``lrkit.doctor`` to the module,
    which would hide the lazy ``lk.doctor`` function; calling the module calls
    :func:`check_paths`, so both spellings work.
    """

    def __call__(self, paths, select=None, ignore=None):
        return check_paths(paths, select=select, ignore=ignore)


import sys as _sys  # noqa: E402

_sys.modules[__name__].__class__ = _CallableModule
