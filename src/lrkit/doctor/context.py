"""Where a call sits: the loops and ``if`` arms around it, and the context the walk carries into calls."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .symbols import Obj, Scope, ident

__all__ = ["Loop", "Branch", "Ctx", "StepCall", "ITEMS", "WRAPPERS", "unwrap", "leaves_early"]

#: Calls that wrap a loop's iterable without changing what one pass yields: progress bars, ``enumerate``,
#: ``zip``, prefetchers, accelerate's ``prepare`` ... (the walk reads ``zip`` argument by argument).
WRAPPERS = frozenset({
    "enumerate", "tqdm", "track", "iter", "zip", "islice", "prepare", "log_every", "skip_first_batches",
    "tqdm_notebook", "notebook", "auto", "progress", "chain", "cycle", "Prefetcher", "DataPrefetcher",
    "BackgroundGenerator", "CudaDataLoader", "MultiEpochsDataLoader", "list", "trange_wrap", "progressbar",
    "ProgressBar", "progress_bar", "master_bar", "alive_it", "prefetch", "sample_loader", "pbar"})


def unwrap(it: ast.AST, keep: frozenset[str] = frozenset({"zip"})) -> ast.AST:
    """The iterable inside the :data:`WRAPPERS` around it (their first argument), stopping at those in ``keep``.

    >>> ast.unparse(unwrap(ast.parse("tqdm(enumerate(range(start, n)))", mode="eval").body))
    'range(start, n)'
    """
    while isinstance(it, ast.Call) and it.args and ident(it.func) in WRAPPERS - keep:
        it = it.args[0]
    return it

# a binding key for the items of a list argument: `train(optimizers=[opt_g, opt_d])` binds "*optimizers"
ITEMS = "*"



def range_bounds(loop: ast.AST) -> tuple[ast.expr | None, ast.expr] | None:
    """``(start, stop)`` of ``for ... in range(...)`` (also ``trange``, through wrappers); start None for
    ``range(n)``.

    >>> [ast.unparse(b) for b in range_bounds(ast.parse("for e in tqdm(range(1, n + 1)): pass").body[0])]
    ['1', 'n + 1']
    """
    rng = unwrap(loop.iter) if isinstance(loop, ast.For) else None
    if not (isinstance(rng, ast.Call) and ident(rng.func) in ("range", "trange", "tnrange") and rng.args):
        return None
    return (rng.args[0], rng.args[1]) if len(rng.args) >= 2 else (None, rng.args[0])

@dataclass(frozen=True)
class Loop:
    kind: str | None          # "epoch" | "batch" | "other" (a fixed literal list) | None (could not tell)
    node: ast.AST
    stop: ast.expr | None     # the range() bound, when the loop is over a range
    scope: Scope


@dataclass(frozen=True)
class Branch:
    """One arm of an ``if`` (``key`` True/False), an ``x if c else y`` or a ``match`` case (``key`` its index)."""

    node: ast.AST
    key: object
    test: ast.AST | None


@dataclass(frozen=True)
class Ctx:
    scope: Scope
    cls: str | None = None
    bindings: tuple[tuple[str, Obj], ...] = ()   # parameter -> object (ITEMS + parameter: an item of a list)
    loops: tuple[Loop, ...] = ()
    guards: tuple[ast.If, ...] = ()   # ifs inside the innermost loop
    stack: tuple[ast.AST, ...] = ()
    cond: bool = False                # under an if (any level) of the current root or callee
    path: tuple[Loop | Branch, ...] = ()   # every loop and branch from the root, outermost first
    root: int = 0                     # id of the function (or module) the walk started from
    in_accumulate: bool = False       # inside ``with accelerator.accumulate(...)``


@dataclass
class StepCall:
    obj: Obj
    call: ast.Call
    ctx: Ctx
    conditional: bool = False         # under an if/else expression or statement
    path: tuple[Loop | Branch, ...] = ()
    order: int = 0                    # position in the walk (execution order within one root)
    by: str = "hand"                  # "hand", or the framework that steps it: "deepspeed", "lightning"

    @property
    def via_argument(self) -> bool:
        """The scheduler reached this call as a function argument (one of several possible values)."""
        return any(o is self.obj for _, o in self.ctx.bindings)


def epoch_gated(ev: StepCall) -> bool:
    """The call sits under an ``if`` on the epoch loop's variable: it runs on some epochs only."""
    for i, x in enumerate(ev.path):
        if isinstance(x, Loop) and x.kind == "epoch" and isinstance(x.node, ast.For):
            names = {n.id for n in ast.walk(x.node.target) if isinstance(n, ast.Name)}
            if any(isinstance(b, Branch) and b.test is not None and names & {
                    n.id for n in ast.walk(b.test) if isinstance(n, ast.Name)} for b in ev.path[i + 1:]):
                return True
    return False


def leaves_early(loop: ast.AST, *, returns: bool = False) -> bool:
    """A ``break`` of this loop itself (not of a loop or function nested in it); with ``returns``, a ``return``
    out of it too (early stopping written either way)."""
    stop = (ast.Break, ast.Return) if returns else (ast.Break,)
    stack = list(getattr(loop, "body", []))
    while stack:
        n = stack.pop()
        if isinstance(n, stop):
            return True
        if not isinstance(n, (ast.For, ast.While, ast.AsyncFor, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                              ast.Lambda)):
            stack.extend(ast.iter_child_nodes(n))
    return False
