"""``[tool.lrkit.doctor]`` in ``pyproject.toml``: the doctor's settings for a project.

For each checked file the settings come from the nearest ``pyproject.toml`` above
it that has a ``[tool.lrkit.doctor]`` table (a ``pyproject.toml`` without one is
passed over, as ruff does with ``[tool.ruff]``)::

    [tool.lrkit.doctor]
    select = ["LR001", "LR003"]          # only these codes (prefixes such as "LR00" work)
    ignore = ["LR008"]                   # never these
    per-file-ignores = { "tests/**" = ["LR009"], "legacy_*.py" = ["LR001"] }
    exclude = ["third_party/", "notebooks/old_*.ipynb"]
    format = "sarif"                     # text, json or sarif

Patterns are globs relative to the folder of that ``pyproject.toml`` (``*`` and
``?`` stay inside one folder name, ``**`` crosses folders); a pattern without a
``/`` matches a file or folder name at any depth; a pattern that matches a
folder covers everything under it. An unknown key, a value of the wrong type or
an unknown rule code is a :class:`DoctorConfigError` that names the file, the key,
the value and what is accepted.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "pyproject.toml").write_text('[tool.lrkit.doctor]\\nignore = ["LR008"]\\n'
...                                           'per-file-ignores = {"tests/**" = ["LR009"]}\\n')
>>> s = find_settings(root / "tests" / "test_train.py")
>>> sorted(s.ignored_for(root / "tests" / "test_train.py")), sorted(s.ignored_for(root / "train.py"))
(['LR008', 'LR009'], ['LR008'])
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import RULES
from ..errors import LRKitError

import tomllib

__all__ = ["Settings", "DoctorConfigError", "load_settings", "find_settings", "SettingsFinder", "KEYS", "FORMATS"]

KEYS = ("select", "ignore", "per-file-ignores", "exclude", "format")
FORMATS = ("text", "json", "sarif")


class DoctorConfigError(LRKitError):
    """A ``[tool.lrkit.doctor]`` table that cannot be used (unknown key or code, wrong type, bad TOML)."""


def codes_from(items: Any, where: str, error: type[LRKitError] | None = None) -> frozenset[str]:
    """Rule codes (or prefixes) from a list of strings; ``where`` leads the error message."""
    error = error or DoctorConfigError
    if isinstance(items, str) or not isinstance(items, (list, tuple, set, frozenset)) \
            or not all(isinstance(c, str) for c in items):
        raise error(f"{where} must be a list of rule codes such as [\"LR001\", \"LR00\"], "
                                f"got {items!r}")
    out: set[str] = set()
    for raw in items:
        code = raw.strip().upper()
        if not code:
            continue
        hits = {c for c in RULES if c.startswith(code)}
        if not hits:
            raise error(f"{where}: unknown rule code {raw.strip()!r}; known: {', '.join(RULES)}")
        out |= hits
    return frozenset(out)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``*``/``?``/``[...]`` inside one path part, ``**`` across parts; matched on ``/``-joined paths."""
    out, i, pat = [], 0, pattern.strip("/")
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[" and "]" in pat[i + 2:]:
            end = pat.index("]", i + 2)
            body = pat[i + 1:end]
            out.append("[" + ("^" + re.escape(body[1:]) if body[:1] == "!" else re.escape(body)) + "]")
            i = end + 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return re.compile("".join(out))


def _matches(pattern: str, rel: tuple[str, ...]) -> bool:
    """Does ``pattern`` match the relative path ``rel`` (its parts) or a folder above it?"""
    if "/" not in pattern.strip("/"):
        return any(fnmatch.fnmatchcase(part, pattern.strip("/")) for part in rel)
    rx = _glob_regex(pattern)
    return any(rx.fullmatch("/".join(rel[:k])) for k in range(1, len(rel) + 1))


@dataclass(frozen=True)
class Settings:
    """One ``[tool.lrkit.doctor]`` table, checked; ``path`` is its ``pyproject.toml`` (``None``: no file)."""

    path: Path | None = None
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    exclude: tuple[str, ...] = ()
    format: str | None = None

    def _rel(self, file: str | os.PathLike) -> tuple[str, ...] | None:
        if self.path is None:
            return None
        try:
            return Path(os.path.abspath(file)).relative_to(self.path.parent).parts
        except ValueError:
            return None

    def per_file_ignored(self, file: str | os.PathLike) -> frozenset[str]:
        """The ``per-file-ignores`` codes whose pattern matches ``file``."""
        rel = self._rel(file)
        return frozenset().union(*[codes for pat, codes in self.per_file_ignores
                                   if rel is not None and _matches(pat, rel)])

    def ignored_for(self, file: str | os.PathLike) -> frozenset[str]:
        """``ignore`` plus the ``per-file-ignores`` codes whose pattern matches ``file``."""
        return self.ignore | self.per_file_ignored(file)

    def excludes(self, path: str | os.PathLike) -> bool:
        """Whether an ``exclude`` pattern matches ``path`` (a file or a folder)."""
        rel = self._rel(path)
        return bool(rel) and any(_matches(pat, rel) for pat in self.exclude)


def _parse(table: Any, path: Path) -> Settings:
    where = f"{path}: [tool.lrkit.doctor]"
    if not isinstance(table, dict):
        raise DoctorConfigError(f"{where} must be a table, got {table!r}")
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise DoctorConfigError(f"{where}: unknown key {key!r}{hint}; accepted: {', '.join(KEYS)}")
    select = codes_from(table["select"], f"{where} select") if "select" in table else None
    ignore = codes_from(table.get("ignore", []), f"{where} ignore")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise DoctorConfigError(f"{where} per-file-ignores must be a table of glob = [codes], got {pfi!r}")
    per_file = tuple((pat, codes_from(codes, f"{where} per-file-ignores[{pat!r}]")) for pat, codes in pfi.items())
    exclude = table.get("exclude", [])
    if isinstance(exclude, str) or not isinstance(exclude, list) or not all(isinstance(e, str) for e in exclude):
        raise DoctorConfigError(f"{where} exclude must be a list of glob patterns such as [\"build/\", "
                                f"\"legacy_*.py\"], got {exclude!r}")
    fmt = table.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise DoctorConfigError(f"{where} format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    return Settings(path=path, select=select, ignore=ignore, per_file_ignores=per_file,
                    exclude=tuple(exclude), format=fmt)


def load_settings(pyproject: str | os.PathLike) -> Settings | None:
    """The checked ``[tool.lrkit.doctor]`` table of one ``pyproject.toml``, ``None`` when it has none."""
    path = Path(os.path.abspath(pyproject))
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as e:
        raise DoctorConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise DoctorConfigError(f"{path}: not valid TOML: {e}") from None
    tool = data.get("tool", {})
    lrkit = tool.get("lrkit", {}) if isinstance(tool, dict) else {}
    if not isinstance(lrkit, dict) or "doctor" not in lrkit:
        return None
    return _parse(lrkit["doctor"], path)


class SettingsFinder:
    """Finds the settings for each path by walking up its folders; every folder is looked at once."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, Settings] = {}

    def __call__(self, path: str | os.PathLike) -> Settings:
        p = Path(os.path.abspath(path))
        start = p if p.is_dir() else p.parent
        walked = []
        found = Settings()
        for d in (start, *start.parents):
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            walked.append(d)
            candidate = d / "pyproject.toml"
            if candidate.is_file():
                s = load_settings(candidate)
                if s is not None:
                    found = s
                    break
        for d in walked:
            self._by_dir[d] = found
        return found


def find_settings(path: str | os.PathLike) -> Settings:
    """The settings that apply to ``path``: the nearest ``pyproject.toml`` with ``[tool.lrkit.doctor]``."""
    return SettingsFinder()(path)
