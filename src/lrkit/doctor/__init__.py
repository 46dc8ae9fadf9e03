"""Static checks of training scripts for learning-rate scheduling mistakes.

``lrkit.doctor.check_paths(["train.py"])`` reads Python files and notebooks with
:mod:`ast` (it never imports or runs them) and returns
:class:`~lrkit.diagnostics.Finding` objects with the rule codes of
:mod:`lrkit.diagnostics`. A directory is walked (``.py`` files and the code cells
of ``.ipynb`` notebooks). :func:`check` does what ``lrkit doctor`` does: it also
reads ``[tool.lrkit.doctor]`` from ``pyproject.toml`` (:mod:`lrkit.doctor.config`)
and returns a :class:`Report` in which a file that cannot be read or parsed is an
error entry instead of an exception.

``lrkit.doctor`` is this package, always (it is not callable): the function is
``lrkit.doctor.check_paths``.

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
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..diagnostics import Finding
from ..errors import LRKitError
from .config import Settings, SettingsFinder, codes_from
from .project import Project
from .sources import DoctorInputError, read_notebook, read_python, split_lines

__all__ = ["check", "check_paths", "check_source", "check_file", "iter_files", "parse_codes", "Report", "OPT_IN",
           "DoctorInputError"]

_NOQA = re.compile(r"#\s*lrkit:\s*noqa\b(?::?\s*(?P<codes>[A-Z]+[0-9]+(?:\s*[,\s]\s*[A-Z]+[0-9]+)*))?", re.I)
_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox", "node_modules", "site-packages",
              ".ipynb_checkpoints", ".mypy_cache", ".pytest_cache", "build", "dist"}


def parse_codes(spec: str | Iterable[str] | None, where: str = "doctor") -> set[str] | None:
    """``"LR001,LR003"`` -> ``{"LR001", "LR003"}``; a prefix like ``LR00`` selects every code it starts.

    >>> sorted(parse_codes("lr001, LR003"))
    ['LR001', 'LR003']
    """
    if spec is None:
        return None
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    return set(codes_from(items, where, LRKitError))


def _char_col(lines: Sequence[str], line: int, byte_col: int) -> int:
    """``ast`` columns count UTF-8 bytes; findings count characters (SARIF ``unicodeCodePoints``)."""
    if 1 <= line <= len(lines) and not lines[line - 1].isascii():
        return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))
    return byte_col


def _analyze(source: str, path: str, resolve=None) -> tuple[list[Finding], list[tuple[int, int, str]]]:
    from .deadcode import prune
    from .rules import Checker
    from .walk import Module

    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        raise DoctorInputError.at(path, f"cannot parse: {e.msg}", line=e.lineno or 1, col=e.offset or 1) from None
    except (ValueError, RecursionError, MemoryError) as e:   # null bytes; nesting too deep for the parser
        raise DoctorInputError.at(path, f"cannot parse: {e}") from None
    try:
        module = Module(prune(tree), resolve=resolve, source=source)
        checker = Checker(module)
        checker.run()
    except Exception as e:   # a shape the analysis cannot follow must not stop the run over the other files
        raise DoctorInputError.at(path, f"internal error, the file was not checked ({type(e).__name__}: "
                                        f"{str(e)[:200]}); please report it with the file") from e
    lines = split_lines(source)

    def where(node) -> tuple[int, int]:
        line = getattr(node, "lineno", 1)
        if id(node) in module.node_path:   # a sibling module's node: its own file's columns
            return line, getattr(node, "col_offset", 0) + 1
        return line, _char_col(lines, line, getattr(node, "col_offset", 0)) + 1

    seen: set[tuple[str, str, int, int]] = set()
    out = []
    for node, f in checker.findings:
        line, col = where(node)
        at = module.node_path.get(id(node), path)
        if (f.code, at, line, col) in seen:
            continue
        seen.add((f.code, at, line, col))
        out.append(replace(f, path=at, line=line, col=col))
    notes = sorted({(*where(n), msg) for n, msg in checker.notes})
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
                 ignore: Iterable[str] | None = None, notes: list[str] | None = None,
                 resolve=None) -> list[Finding]:
    """Check Python source text; ``notes`` (when a list) receives the "could not determine" notes.

    ``resolve`` (from :meth:`lrkit.doctor.project.Project.resolver`) lets the walk follow functions
    imported from sibling modules; a finding inside one carries that module's path.

    >>> src = "import torch\\n" \\
    ...       "scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\\n" \\
    ...       "for epoch in range(10):\\n" \\
    ...       "    scheduler.step()\\n"
    >>> [f.code for f in check_source(src, "train.py")]
    ['LR003']
    >>> check_source(src, "train.py", ignore=["LR003"])
    []
    """
    findings, nts = _analyze(source, path, resolve)
    lines = split_lines(source)
    if notes is not None:
        notes.extend(f"{path}:{ln}:{col}: note: {msg}" for ln, col, msg in nts)
    kept = [f for f in findings if not _suppressed(f, lines if f.path == path else _lines_of(f.path))]
    return _filter(kept, select, ignore)


def _lines_of(path: str | None) -> list[str]:
    try:
        return split_lines(read_python(Path(path or ""), str(path)))
    except DoctorInputError:
        return []


# Opinions rather than bugs, reported only when selected (`--select LR008`, or a prefix such as `LR0`): one-cycle
# over a long run is a choice some recipes make on purpose, and so is a constant LR (GANs at Adam's 2e-4).
OPT_IN = frozenset({"LR008", "LR009"})


def _filter(findings: list[Finding], select, ignore) -> list[Finding]:
    sel = parse_codes(select) if select is not None and not isinstance(select, (set, frozenset)) else select
    ign = parse_codes(ignore) if ignore is not None and not isinstance(ignore, (set, frozenset)) else ignore
    return [f for f in findings if (f.code not in OPT_IN if sel is None else f.code in sel)
            and (ign is None or f.code not in ign)]


def _check_notebook(p: Path, shown: str, select, ignore, notes: list[str] | None) -> list[Finding]:
    source, where = read_notebook(p, shown)
    bad: list[DoctorInputError] = []
    while True:
        try:
            raw, nts = _analyze(source, shown)
            break
        except DoctorInputError as e:
            if e.line is None or e.line > len(where) or len(bad) >= len({c for c, _ in where}):
                raise
            cell, ln = where[e.line - 1]
            bad.append(DoctorInputError.at(shown, e.reason, cell=cell, line=ln, col=e.col))
            # Jupyter runs the other cells: blank this one and check the rest
            source = "\n".join("" if where[i][0] == cell else line
                               for i, line in enumerate(source.split("\n")[:len(where)])) + "\n"
    lines = source.splitlines()
    out = []
    for f in raw:
        if _suppressed(f, lines):
            continue
        cell, ln = where[f.line - 1] if f.line and f.line <= len(where) else (None, f.line)
        out.append(replace(f, cell=cell, line=ln))
    if notes is not None:
        for ln, col, msg in nts:
            cell, cl = where[ln - 1] if ln <= len(where) else (0, ln)
            notes.append(f"{shown}:cell {cell}:{cl}:{col}: note: {msg}")
    found = _filter(out, select, ignore)
    if bad:   # the cells that parse were checked: their findings ride on the error
        bad[0].findings = found  # type: ignore[attr-defined]
        raise bad[0]
    return found


def check_file(path: str | os.PathLike, select=None, ignore=None, notes: list[str] | None = None,
               resolve=None) -> list[Finding]:
    """Check one ``.py`` file or ``.ipynb`` notebook (findings in a notebook carry ``cell``).

    A ``.py`` file is decoded as Python decodes it (PEP 263 coding cookie, UTF-8 BOM); a file
    that cannot be read, decoded or parsed, or a notebook that is not valid nbformat, raises
    :class:`DoctorInputError`.
    """
    p, shown = Path(path), str(path)
    if p.suffix == ".ipynb":
        return _check_notebook(p, shown, select, ignore, notes)
    return check_source(read_python(p, shown), shown, select, ignore, notes, resolve)


def iter_files(paths: Iterable[str | os.PathLike],
               exclude: Callable[[Path], bool] | None = None) -> list[Path]:
    """The files to check: the given files, and ``.py``/``.ipynb`` files under given directories (sorted).

    ``exclude(path)`` (for a file or a folder) leaves out what it returns true for, the files named
    in ``paths`` included. A path that does not exist raises :class:`DoctorInputError`.
    """
    out: list[Path] = []
    skip = exclude or (lambda _: False)
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                                 and not skip(Path(root) / d))
                out += [Path(root) / f for f in sorted(files)
                        if f.endswith((".py", ".ipynb")) and not skip(Path(root) / f)]
        elif p.exists():
            if not skip(p):
                out.append(p)
        else:
            raise DoctorInputError(f"doctor: no such file or directory: {raw}", path=str(raw))
    return out


@dataclass
class Report:
    """What :func:`check` found: ``findings``, the files it ``checked``, those that could not be
    read or parsed (``errors``, one :class:`DoctorInputError` each) and those ``excluded`` by
    configuration."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[DoctorInputError] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


def check(paths: str | os.PathLike | Iterable[str | os.PathLike], select: Iterable[str] | str | None = None,
          ignore: Iterable[str] | str | None = None, *, config: bool = True,
          notes: list[str] | None = None) -> Report:
    """Check files and directories as ``lrkit doctor`` does, and report errors instead of raising.

    With ``config`` each file gets the ``[tool.lrkit.doctor]`` settings of the nearest
    ``pyproject.toml`` above it (:mod:`lrkit.doctor.config`): ``select`` and ``ignore`` given
    here replace the file's ``select``/``ignore``; its ``per-file-ignores`` and ``exclude``
    always apply. A missing path, or a bad code or configuration, still raises.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ok.py").write_text("print('no training here')\\n")
    >>> _ = (d / "broken.py").write_text("def f(:\\n")
    >>> r = check(d)
    >>> r.findings, [e.reason for e in r.errors], len(r.checked)
    ([], ['cannot parse: invalid syntax'], 2)
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    sel = parse_codes(select, "select")
    ign = parse_codes(ignore, "ignore")
    settings_for: Callable[[Path], Settings] = SettingsFinder() if config else (lambda _: Settings())
    report = Report()

    def excluded(p: Path) -> bool:
        if settings_for(p).excludes(p):
            report.excluded.append(str(p))
            return True
        return False

    project = Project(paths)   # functions imported from sibling modules of a checked folder are followed
    seen: set[tuple] = set()
    for f in iter_files(paths, excluded if config else None):
        s = settings_for(f)
        per_file = s.per_file_ignored(f)
        report.checked.append(str(f))
        try:
            found = check_file(f, sel if sel is not None else s.select,
                               (ign if ign is not None else s.ignore) | per_file, notes, project.resolver(f))
        except DoctorInputError as e:
            report.errors.append(e)
            found = getattr(e, "findings", [])   # a notebook's cells that parse are still checked
        for x in found:   # a helper module's finding, reached from two scripts, is reported once
            key = (x.code, x.path, x.cell, x.line, x.col)
            if key not in seen:
                seen.add(key)
                report.findings.append(x)
    return report


def check_paths(paths: str | os.PathLike | Iterable[str | os.PathLike], select: Iterable[str] | str | None = None,
                ignore: Iterable[str] | str | None = None, *, config: bool = False) -> list[Finding]:
    """Check files and directories; raises :class:`DoctorInputError` on an unreadable or unparseable file.

    ``config=True`` also applies ``[tool.lrkit.doctor]`` from ``pyproject.toml`` (see :func:`check`).

    >>> import lrkit as lk, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ok.py").write_text("print('no training here')\\n")
    >>> lk.doctor.check_paths([d])
    []
    """
    report = check(paths, select, ignore, config=config)
    if report.errors:
        raise report.errors[0]
    return report.findings
