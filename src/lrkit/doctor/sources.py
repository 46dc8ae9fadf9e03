"""Reading what the doctor checks: Python files as Python reads them, notebooks as nbformat defines them.

A ``.py`` file is decoded with :func:`tokenize.open`, so a PEP 263 coding cookie
(``# -*- coding: latin-1 -*-``) and a UTF-8 byte-order mark are honoured exactly
as the interpreter honours them. A notebook is JSON whose ``cells`` (nbformat 4)
or ``worksheets[].cells`` (nbformat 3) must be a list of cell objects, each with
a ``source`` (``input`` in nbformat 3) that is a string or a list of strings;
anything else is a :class:`DoctorInputError` that names the file, the cell and
what was wrong, never a silent "no findings".

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "nb.ipynb"
>>> _ = p.write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "oops"}')
>>> try:
...     read_notebook(p)
... except DoctorInputError as e:
...     print(e.reason)
not a valid notebook: 'cells' must be a list of cell objects, got str
"""

from __future__ import annotations

import json
import os
import re
import tokenize
from pathlib import Path
from typing import Any

from ..errors import LRKitError
from .ipysyntax import as_python

__all__ = ["DoctorInputError", "read_python", "read_notebook", "split_lines", "SourceLines"]

_NEWLINE = re.compile(r"\r\n|\r|\n")


class DoctorInputError(LRKitError):
    """A file that cannot be read or parsed.

    ``path``, ``line``, ``col`` and ``cell`` say where (each may be ``None``) and
    ``reason`` what went wrong; ``str(error)`` is ``path[:cell N][:line:col]: reason``.
    """

    def __init__(self, message: str, *, path: str | None = None, reason: str | None = None,
                 line: int | None = None, col: int | None = None, cell: int | None = None) -> None:
        super().__init__(message)
        self.path, self.line, self.col, self.cell = path, line, col, cell
        self.reason = reason if reason is not None else message

    @classmethod
    def at(cls, path: str, reason: str, *, line: int | None = None, col: int | None = None,
           cell: int | None = None) -> "DoctorInputError":
        """The error for ``reason`` at a place, its message led by the location like a finding's."""
        parts = [path] + ([f"cell {cell}"] if cell is not None else [])
        parts += [str(line), str(col or 1)] if line is not None else []
        return cls(f"{':'.join(parts)}: {reason}", path=path, reason=reason, line=line, col=col, cell=cell)

    def to_dict(self) -> dict[str, Any]:
        """``path, line, col, message`` (and ``cell``): the JSON form of the error."""
        d: dict[str, Any] = {"path": self.path, "line": self.line, "col": self.col, "message": self.reason}
        if self.cell is not None:
            d["cell"] = self.cell
        return d


def split_lines(source: str) -> list[str]:
    """Lines as Python's tokenizer counts them (``\\n``, ``\\r\\n`` and ``\\r``; not form feeds)."""
    return _NEWLINE.split(source)


def read_python(path: str | os.PathLike, shown: str | None = None) -> str:
    """The text of a Python file, decoded as the interpreter decodes it (coding cookie, BOM)."""
    shown = str(path) if shown is None else shown
    try:
        with tokenize.open(path) as fh:
            return fh.read()
    except OSError as e:
        raise DoctorInputError.at(shown, f"cannot read: {e.strerror or e}") from None
    except SyntaxError as e:  # bytes that are not UTF-8 and no cookie, an unknown cookie, BOM against cookie
        msg = re.sub(r" for '.*?'", "", e.msg or "")   # tokenize repeats the path
        if msg.startswith("invalid or missing encoding declaration"):
            msg = "not UTF-8 and no coding declaration; declare the file's coding (PEP 263)"
        raise DoctorInputError.at(shown, f"cannot decode: {msg}") from None
    except UnicodeDecodeError as e:
        raise DoctorInputError.at(shown, f"cannot decode: {e.reason} (byte {e.start}, as {e.encoding}); "
                                         "declare the file's coding (PEP 263)") from None


def cell_lines_of(src: str) -> list[str]:
    """A cell's lines as the parser counts them once the cells are joined (no trailing empty line)."""
    lines = split_lines(src)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _cells(nb: Any, shown: str) -> list[tuple[int, str, str]]:
    """``(cell number, cell type, source)`` of every cell, after checking the nbformat structure."""
    def bad(reason: str, cell: int | None = None) -> DoctorInputError:
        return DoctorInputError.at(shown, f"not a valid notebook: {reason}", cell=cell)

    if not isinstance(nb, dict):
        raise bad(f"the top level must be a JSON object, got {_kind(nb)}")
    version = nb.get("nbformat")
    if isinstance(version, bool) or not isinstance(version, int) or version < 3:
        raise bad(f"'nbformat' must be a whole number >= 3, got {version!r}")
    if version == 3:
        sheets = nb.get("worksheets")
        if not isinstance(sheets, list) or not all(isinstance(w, dict) and isinstance(w.get("cells"), list)
                                                   for w in sheets):
            raise bad("nbformat 3 needs 'worksheets', a list of objects that each hold a 'cells' list")
        cells: Any = [c for w in sheets for c in w["cells"]]
        key = "input"
    else:
        cells, key = nb.get("cells"), "source"
        if not isinstance(cells, list):
            raise bad(f"'cells' must be a list of cell objects, got {_kind(cells)}")
    out = []
    for i, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise bad("a cell must be an object with a 'cell_type' string", i)
        src = cell.get(key, "" if cell["cell_type"] != "code" else None)
        if isinstance(src, list) and all(isinstance(s, str) for s in src):
            src = "".join(src)
        if not isinstance(src, str):
            raise bad(f"a cell's '{key}' must be a string or a list of strings, got {_kind(src)}", i)
        out.append((i, cell["cell_type"], src))
    return out


def _load_notebook(path: str | os.PathLike, shown: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise DoctorInputError.at(shown, f"cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise DoctorInputError.at(shown, f"not a valid notebook: not UTF-8 ({e.reason}, byte {e.start})") from None
    try:
        return json.loads(text)
    except ValueError as e:
        line, col = getattr(e, "lineno", None), getattr(e, "colno", None)
        raise DoctorInputError.at(shown, f"not a valid notebook: not JSON: {getattr(e, 'msg', e)}",
                                  line=line, col=col) from None


def notebook_cells(path: str | os.PathLike, shown: str | None = None) -> list[tuple[int, str, str]]:
    """Every cell of a notebook as ``(number, cell_type, source)``; a broken notebook raises."""
    shown = str(path) if shown is None else shown
    return _cells(_load_notebook(path, shown), shown)


def _is_python(nb: Any) -> bool:
    """Whether the notebook's metadata leaves its kernel Python: ``language_info`` (name, ``.py`` extension,
    ``text/x-python``; a PySpark kernel's ``pyspark``), else ``kernelspec.language``; unsaid is Python."""
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    info, spec = meta.get("language_info"), meta.get("kernelspec")
    if isinstance(info, dict) and info.get("name"):
        said = [str(info.get(k, "")).strip().lower() for k in ("name", "file_extension", "mimetype")]
    elif isinstance(spec, dict) and spec.get("language"):
        said = [str(spec["language"]).strip().lower()]
    else:
        return True
    return any("python" in v or v in ("pyspark", ".py") for v in said)


def read_notebook(path: str | os.PathLike, shown: str | None = None) -> tuple[str, list[tuple[int, int]]]:
    """The code cells joined into one module, and for each of its lines the (cell number, line in cell).

    IPython syntax is turned into Python line for line, as IPython itself reads a cell (see
    :mod:`lrkit.doctor.ipysyntax`), so the module parses and every line keeps its place. A notebook
    whose metadata names another language (an R or Julia kernel) has no Python code to check.
    """
    shown = str(path) if shown is None else shown
    nb = _load_notebook(path, shown)
    cells = _cells(nb, shown)
    python = _is_python(nb)
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    for i, kind, src in cells:
        if kind != "code" or not python:
            continue
        cell_lines = cell_lines_of(src)
        lines += as_python(cell_lines)
        where += [(i, j) for j in range(1, len(cell_lines) + 1)]
        lines.append("")
        where.append((i, len(cell_lines) + 1))
    return "\n".join(lines) + "\n", where


class SourceLines:
    """The lines of checked files, each file read once (for ``--show-source`` and SARIF fingerprints).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.py"
    >>> _ = p.write_bytes("# -*- coding: latin-1 -*-\\nname = 'café'\\n".encode("latin-1"))
    >>> SourceLines().line(str(p), 2)
    "name = 'café'"
    """

    def __init__(self) -> None:
        self._files: dict[str, dict[tuple[int | None, int], str] | None] = {}

    def _load(self, path: str) -> dict[tuple[int | None, int], str] | None:
        try:
            if path.endswith(".ipynb"):
                return {(i, j): line for i, _, src in notebook_cells(path)
                        for j, line in enumerate(cell_lines_of(src), 1)}
            return {(None, j): line for j, line in enumerate(split_lines(read_python(path)), 1)}
        except DoctorInputError:
            return None

    def line(self, path: str | None, line: int | None, cell: int | None = None) -> str | None:
        """The text of ``line`` (1-based; in ``cell`` for a notebook), or ``None`` when unknown."""
        if path is None or line is None:
            return None
        if path not in self._files:
            self._files[path] = self._load(path)
        lines = self._files[path]
        return None if lines is None else lines.get((cell, line))
