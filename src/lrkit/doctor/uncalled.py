"""Functions a file defines but never calls or names: entry points that another module (or a framework) calls.

A training file that is imported by a separate ``main.py`` defines ``train_model(model, criterion, scheduler,
optimizer, loader)`` and never calls it itself; the walk follows calls from loops, so the order of the steps in
such a body (``scheduler.step()`` as its first statement, then the batch loop's ``optimizer.step()``) is checked on
the body itself (LR010).
"""

from __future__ import annotations

import ast

__all__ = ["unread_functions"]


def unread_functions(nodes: list[ast.AST]) -> set[int]:
    """The ids of the function definitions whose name no call, reference or attribute in the file reads.

    >>> tree = ast.parse("def a():\\n    b()\\ndef b():\\n    pass\\ndef c():\\n    pass\\n")
    >>> sorted(n.name for n in tree.body if id(n) in unread_functions(list(ast.walk(tree))))
    ['a', 'c']
    """
    read: set[str] = set()
    for n in nodes:
        if isinstance(n, ast.Name):
            read.add(n.id)
        elif isinstance(n, ast.Attribute):
            read.add(n.attr)
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            read.add(n.value)   # `getattr(self, "train_" + mode)`, a name in a registry of strings
    return {id(n) for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name not in read}


def step_outside_loops(call: ast.Call, where: ast.AST, fn: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """``call`` is written in ``fn``'s own body (not in a function it calls) outside every loop there: it runs once
    per call of ``fn``, before whatever the loops below it do. A ``for _ in range(start_epoch): sched.step()``
    that winds a resumed schedule forward is in a loop, and left alone."""
    if where is not call:
        return False
    n = parents.get(id(call))
    while n is not None and n is not fn:
        if isinstance(n, (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return False
        n = parents.get(id(n))
    return n is fn
