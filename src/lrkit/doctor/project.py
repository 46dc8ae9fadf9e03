"""Sibling modules of a checked folder, so that the walk can follow ``from engine import train_one_epoch``.

When a folder is checked, a call to a function imported from another file of that folder is
followed like a call to a function of the same file (with the caller's loops and the objects it
passes); a finding inside the other file is reported at its own path and line.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "engine.py").write_text("def train_one_epoch(model, loader, optimizer, scheduler):\\n    pass\\n")
>>> project = Project([d])
>>> tree, path = project.resolver(d / "train.py")("engine", 0)
>>> pathlib.Path(path).name, [f.name for f in tree.body]
('engine.py', ['train_one_epoch'])
"""

from __future__ import annotations

import ast
import os
import tokenize
from pathlib import Path
from typing import Callable, Iterable

__all__ = ["Project"]


class Project:
    """The ``.py`` files under the checked folders, parsed on demand (each at most once)."""

    def __init__(self, roots: Iterable[str | os.PathLike]):
        self.given = [Path(r) for r in roots if Path(r).is_dir()]
        self.roots = [r.resolve() for r in self.given]
        self._trees: dict[Path, ast.Module | None] = {}

    def _parse(self, path: Path) -> ast.Module | None:
        if path not in self._trees:
            try:
                with tokenize.open(path) as fh:
                    self._trees[path] = ast.parse(fh.read(), filename=str(path))
            except (OSError, SyntaxError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
                self._trees[path] = None
        return self._trees[path]

    def _inside(self, path: Path) -> bool:
        return any(path == r or r in path.parents for r in self.roots)

    def resolver(self, file: str | os.PathLike) -> Callable[[str, int], tuple[ast.Module, str] | None]:
        """A function ``(module, level) -> (tree, path)`` for the imports of ``file``; None when the module
        is not a file of a checked folder."""
        here = Path(file).resolve().parent
        shown_base = Path(file).parent

        def resolve(module: str, level: int) -> tuple[ast.Module, str] | None:
            if not self.roots:
                return None
            parts = [p for p in module.split(".") if p]
            if level:
                base, shown = here, shown_base
                for _ in range(level - 1):
                    base, shown = base.parent, shown.parent
                bases = [(base, shown)]
            else:
                bases = [(here, shown_base)] + list(zip(self.roots, self.given))
            for base, shown in bases:
                for rel in (Path(*parts).with_suffix(".py") if parts else None,
                            Path(*parts, "__init__.py") if parts else None):
                    if rel is None:
                        continue
                    cand = base / rel
                    if cand.is_file() and self._inside(cand.resolve()):
                        tree = self._parse(cand.resolve())
                        if tree is not None:
                            return tree, str(shown / rel)
            return None

        return resolve
