"""The call a name is unpacked from: ``train_loader, val_loader = create_dataloaders(args)``.

The walk keeps a placeholder for a name bound by tuple unpacking (which element is which is the callee's business);
rules that only need to know *what made* the value (a loader factory, ``accelerator.prepare``) read the call here.
"""

from __future__ import annotations

import ast

from .symbols import walk_no_defs


def unpacked_from(scope_node: ast.AST, name: str) -> ast.Call | None:
    """The one call whose result is unpacked into ``name`` (``a, name = f(...)``) in the body of ``scope_node``
    (a function or the module), or None when there is none or more than one.

    >>> tree = ast.parse("tr, va = create_dataloaders(args)\\nx = 1")
    >>> ast.unparse(unpacked_from(tree, "va"))
    'create_dataloaders(args)'
    >>> unpacked_from(tree, "x") is None
    True
    """
    found = [n.value for n in walk_no_defs(scope_node) if isinstance(n, ast.Assign) and len(n.targets) == 1
             and isinstance(n.targets[0], (ast.Tuple, ast.List)) and isinstance(n.value, ast.Call)
             and any(isinstance(e, ast.Name) and e.id == name for e in n.targets[0].elts)]
    return found[0] if len(found) == 1 else None
