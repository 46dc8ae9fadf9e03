"""A resume point read back from a progress file the run writes (for LR040).

``current_epoch = self.get_current_epoch(path) + 1`` where ``get_current_epoch`` opens ``current_epoch.txt`` and
returns its number, or ``start = int(open(path).read())``: the epoch loop continues where an interrupted run stopped,
whatever the variable is called. With the model's weights reloaded in the file (``from_pretrained(path)``,
``load_state_dict``), it is a resume, and a scheduler built from step 0 beside it restarts its plan.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import ident

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker
    from .symbols import Obj

_READS = ("read", "readline", "readlines", "read_text")


def read_back(chk: "Checker", start: ast.expr, o: "Obj") -> bool:
    """The loop's start is assigned from a file read (directly, or by a function or method of the file that reads
    one), and the file reloads a model's weights from a path.

    >>> import ast
    >>> _reads_file(ast.parse("n = int(open(p).read().strip())"))
    True
    """
    scope = o.scope or chk.m.module_scope
    names = [n.id for n in ast.walk(start) if isinstance(n, ast.Name)]
    values = [v for name in names for v in scope.assigns.get(name, []) if isinstance(v, ast.AST)]
    if not any(_reads_file(v) or any(_reads_file(fn) for fn in _callees(chk, v)) for v in values):
        return False
    return any(isinstance(n, ast.Call) and (ident(n.func) == "load_state_dict" or ident(n.func) == "from_pretrained"
                                            and n.args and not isinstance(n.args[0], ast.Constant))
               for n in chk.m.nodes)


def _reads_file(node: ast.AST) -> bool:
    """``open(...)`` and a plain read of what it gives (``f.read()``, ``f.readline()``) in ``node``: the number a run
    writes after each epoch, not a config file (``json.load``) that may set a start for a fresh run."""
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
    opens = any(ident(c.func) == "open" for c in calls)
    reads = any(isinstance(c.func, ast.Attribute) and c.func.attr in _READS for c in calls)   # a counter, not a config
    return opens and reads


def _callees(chk: "Checker", v: ast.AST) -> list[ast.AST]:
    """The functions and methods of the file that ``v`` calls (``self.get_current_epoch(path)``)."""
    out = []
    for c in (n for n in ast.walk(v) if isinstance(n, ast.Call)):
        f = c.func
        if isinstance(f, ast.Name) and f.id in chk.m.functions:
            out.append(chk.m.functions[f.id])
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
            out += [m for (_, name), m in chk.m.methods.items() if name == f.attr]
    return out
