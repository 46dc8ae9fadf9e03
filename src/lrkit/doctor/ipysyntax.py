"""A notebook cell's IPython syntax turned into Python, line for line, as IPython reads the cell.

Jupyter runs code cells through IPython, which accepts more than Python: line magics and shell
escapes (``%pip install timm``, ``!nvidia-smi``), their results assigned (``files = !ls``,
``gpu = %env CUDA_VISIBLE_DEVICES``), help (``OneCycleLR?``, ``??fit``), a shell command continued
with a backslash, and cell magics on the first line, whose body is Python (``%%time``,
``%%capture``) or not (``%%bash``, ``%%html``). IPython applies these transforms only where a
logical line starts, never inside brackets or a string: ``("loss %.3f"`` on one line and
``% loss)`` on the next is Python's ``%`` operator.

Every line of the cell gives exactly one line, so line numbers stay those of the cell; what is
not Python becomes ``pass`` at its indentation (or an empty line), a value from a magic becomes
the opaque call ``get_ipython()``. The behaviour follows IPython's documented input
transformations (``IPython.core.inputtransformer2``: cell magics, escaped commands, ``help_end``,
assignments from system commands and magics); no code was taken from it.
"""

from __future__ import annotations

import ast
import re

__all__ = ["as_python"]

# Cell magics whose body IPython runs as Python, and well-known ones whose body is another language.
_PY_BODY = frozenset({"time", "timeit", "capture", "prun", "debug"})
_NOT_PY = frozenset({"bash", "sh", "script", "system", "sx", "html", "javascript", "js", "latex",
                     "markdown", "svg", "perl", "ruby", "r", "sql", "pypy", "python2", "cmd", "powershell"})
_ASSIGN = re.compile(r"^(\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)[!%]")
_HELP = re.compile(r"^\s*(?:\?{1,2}%{0,2}[\w.*]+|%{0,2}[\w.*]+\?{1,2})\s*$")


def _advance(line: str, depth: int, quote: str | None) -> tuple[int, str | None, bool]:
    """Bracket depth and open triple quote after ``line``, and whether it ends in a backslash continuation."""
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
            elif line.startswith(quote, i):
                i, quote = i + len(quote), None
            else:
                i += 1
            continue
        if c == "#":
            return depth, None, False
        if c in "\"'":
            quote = line[i:i + 3] if line[i:i + 3] in ('"""', "'''") else c
            i += len(quote)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        i += 1
    if quote in ('"', "'"):        # a one-line string ends with its line
        quote = None
    return depth, quote, quote is None and line.rstrip().endswith("\\")


def _parses(lines: list[str]) -> bool:
    try:
        ast.parse("\n".join(lines) + "\n")
    except (SyntaxError, ValueError):
        return False
    return True


def _lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    depth, quote, cont, escaped = 0, None, False, False
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if escaped:                     # the continuation of a shell command or magic
            escaped = line.rstrip().endswith("\\")
            out.append("")
            continue
        if depth == 0 and quote is None and not cont:
            m = _ASSIGN.match(line)
            if stripped.startswith(("%", "!")) or m:
                escaped = line.rstrip().endswith("\\")
                out.append(m.group(1) + "get_ipython()" if m else indent + "pass")
                continue
            if _HELP.match(line):
                out.append(indent + "pass")
                continue
        depth, quote, cont = _advance(line, depth, quote)
        out.append(line)
    return out


def as_python(lines: list[str]) -> list[str]:
    """The lines of one code cell with IPython's syntax turned into Python, one line for each line.

    >>> as_python(["%%time", "files = !ls data", "OneCycleLR?", "msg = ('%d'", "       % 3)"])
    ['pass', 'files = get_ipython()', 'pass', "msg = ('%d'", '       % 3)']
    >>> as_python(["%%bash", "pip install -q timm"])
    ['pass', '']
    """
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].lstrip().startswith("%%"):
        return _lines(lines)
    name = lines[first].lstrip()[2:].split(maxsplit=1)[0].lower() if lines[first].strip() != "%%" else ""
    head = lines[: first] + ["pass"]
    body = lines[first + 1:]
    if name in _NOT_PY:
        return head + [""] * len(body)
    python = _lines(body)
    if name in _PY_BODY or _parses(python):
        return head + python
    return head + [""] * len(body)   # an unknown cell magic whose body is not Python (%%writefile config.yaml)
