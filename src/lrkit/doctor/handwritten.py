"""Rules about learning-rate code written by hand: a step decay applied to the already decayed LR (LR046), and a
plateau metric overwritten batch by batch where it was meant to be summed (LR047)."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .symbols import ident, text, walk_no_defs
from .walk import train_phase

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_LR = re.compile(r"(^|_)lr$|learning_rate")
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


# -- LR046 ------------------------------------------------------------------------------------------
def compounding_decay(chk: "Checker") -> None:
    """``lr = lr * 0.1 ** (epoch // 30)`` (or ``args.lr *= ...``) run again each epoch on the decayed value."""
    for n in chk.m.nodes:
        if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Mult):
            target, factor = n.target, n.value
        elif isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.value, ast.BinOp) \
                and isinstance(n.value.op, ast.Mult):
            target = n.targets[0]
            same = [s for s in (n.value.left, n.value.right) if text(s) == text(target)]
            if not same:
                continue
            factor = n.value.right if same[0] is n.value.left else n.value.left
        else:
            continue
        group = _group_lr(target)
        if not group and (not isinstance(target, (ast.Name, ast.Attribute))
                          or not _LR.search((ident(target) or "").lower())):
            continue
        counter = _counter_power(factor, chk.counters_in(n))
        if counter is None or not (_group_repeats(chk, n) if group else _repeats(chk, n, target)):
            continue
        value = text(n.value) if isinstance(n, ast.Assign) else f"{text(target)} * {text(factor)}"
        chk.add(n, "LR046", target=text(target), value=value, counter=counter, factor=text(factor))


def _counter_power(factor: ast.AST, counters: set[str]) -> str | None:
    """The counter in ``gamma ** (epoch // 30)`` / ``gamma ** epoch`` / ``gamma ** int(epoch / 30)`` (the factor of
    the whole run so far, not of one step)."""
    pows = [p for p in ast.walk(factor) if isinstance(p, ast.BinOp) and isinstance(p.op, ast.Pow)]
    for p in pows:
        e = p.right
        while isinstance(e, ast.Call) and ident(e.func) in ("int", "floor") and len(e.args) == 1:
            e = e.args[0]
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.FloorDiv, ast.Div)) \
                and not _names(e.right) & counters:
            e = e.left
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Sub)) and isinstance(e.right, ast.Constant):
            e = e.left   # (epoch - 1) // 30
        if isinstance(e, ast.Name) and e.id in counters:
            return e.id
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr == "index" \
                and len(e.args) == 1 and isinstance(e.args[0], ast.Name) and e.args[0].id in counters:
            return e.args[0].id   # `gamma ** (milestones.index(epoch) + 1)`: the milestones passed so far
    return None


def _group_lr(target: ast.AST) -> bool:
    """``param_group["lr"]`` (``g["lr"]``): an optimizer's running LR, which keeps what was written last."""
    return isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and target.slice.value == "lr"


def _group_repeats(chk: "Checker", n: ast.AST) -> bool:
    """A param-group write that runs again over the run: in a loop other than the one over the param groups,
    or in a function called in a loop (the optimizer keeps the decayed value between calls)."""
    p = chk.m.parents.get(id(n))
    while p is not None and not isinstance(p, _DEFS):
        if isinstance(p, _LOOPS) and not (isinstance(p, ast.For) and "param_groups" in text(p.iter)):
            return True
        p = chk.m.parents.get(id(p))
    return p is not None and _called_in_loop(chk, p.name)


def _names(e: ast.AST) -> set[str]:
    return {x.id for x in ast.walk(e) if isinstance(x, ast.Name)}


def _repeats(chk: "Checker", n: ast.AST, target: ast.AST) -> bool:
    """The statement runs again on the value it left (in a loop, or in a function called from one), with no
    fresh value put into the target first: a local of a function starts fresh on each call."""
    fn, loop = None, None
    p = chk.m.parents.get(id(n))
    while p is not None and fn is None:
        if isinstance(p, _LOOPS) and loop is None:
            loop = p
        if isinstance(p, _DEFS):
            fn = p
        p = chk.m.parents.get(id(p))
    if loop is None:
        if fn is None or not _called_in_loop(chk, fn.name):
            return False
        if isinstance(target, ast.Name) and not any(isinstance(s, ast.Global) and target.id in s.names
                                                    for s in walk_no_defs(fn)) and not _fed_back(chk, fn, target.id):
            return False   # a local (or a parameter given the base LR) starts fresh on each call
    body = loop if loop is not None else fn
    for s in walk_no_defs(body):   # a reset from the base LR before it, on the same pass
        if isinstance(s, ast.Assign) and s is not n and s.lineno < n.lineno and any(
                text(t) == text(target) for t in s.targets) \
                and text(target) not in {text(x) for x in ast.walk(s.value)}:
            return False
    return True


def _fed_back(chk: "Checker", fn: ast.AST, param: str) -> bool:
    """``def adjust(optimizer, epoch, lr): ... return lr`` called in a loop as ``lr = adjust(optimizer, epoch, lr)``:
    the parameter gets back the value it returned, so it does not start fresh."""
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if param not in params or not any(isinstance(r, ast.Return) and isinstance(r.value, ast.Name)
                                      and r.value.id == param for r in walk_no_defs(fn)):
        return False
    i = params.index(param) - (1 if chk.m.owner.get(id(fn)) and params[0] in ("self", "cls") else 0)
    for a in chk.m.nodes:
        if not (isinstance(a, ast.Assign) and len(a.targets) == 1 and isinstance(a.targets[0], ast.Name)
                and isinstance(a.value, ast.Call) and ident(a.value.func) == fn.name):
            continue
        c = a.value
        given = c.args[i] if 0 <= i < len(c.args) else next((k.value for k in c.keywords if k.arg == param), None)
        if isinstance(given, ast.Name) and given.id == a.targets[0].id and _in_loop(chk, a):
            return True
    return False


def _in_loop(chk: "Checker", n: ast.AST) -> bool:
    p = chk.m.parents.get(id(n))
    while p is not None and not isinstance(p, _DEFS):
        if isinstance(p, _LOOPS):
            return True
        p = chk.m.parents.get(id(p))
    return False


def _called_in_loop(chk: "Checker", name: str) -> bool:
    return any(isinstance(c, ast.Call) and ident(c.func) == name and _in_loop(chk, c) for c in chk.m.nodes)


# -- LR047 ------------------------------------------------------------------------------------------
def overwritten_metric(chk: "Checker") -> None:
    """``val_loss = 0.0`` / ``for ...: val_loss = loss.item() * n`` / ``plateau.step(val_loss)``: ``=`` where
    ``+=`` was meant, so the plateau reduces on the last batch."""
    done: set[int] = set()
    for ev in chk.m.sched_steps:
        call = ev.call
        if id(call) in done or ev.by != "hand" or chk.plateau_kind(ev.obj) is None:
            continue
        metric = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "metrics"), None)
        if metric is None:
            continue
        done.add(id(call))
        body = chk.m.enclosing_function(call) or chk.m.tree
        names = _names(metric)
        for st in walk_no_defs(body):   # `epoch_loss = running_loss / n` then `step(epoch_loss)`: running_loss too
            if isinstance(st, ast.Assign) and st.lineno < call.lineno and any(
                    isinstance(t, ast.Name) and t.id in _names(metric) for t in st.targets):
                names |= _names(st.value)
        for name in sorted(names):
            loop, zeroed = _overwriting_loop(chk, body, name, call, direct=name in _names(metric))
            if loop is None and name in _names(metric):   # `loss = train_one_epoch(...)` returning its loop's loss
                loop, zeroed, name = _returned_from_helper(chk, body, name, call)
            reset = _reset_in_gate(chk, body, name, call) if loop is None else None
            if loop is None and reset is None:   # `running_loss = train_one_epoch(...)` returning its window
                fn, ret = _helper_return(chk, body, name, call)
                reset = _reset_in_gate(chk, fn, ret.id, ret) if fn is not None else None
            if reset is not None:
                lp, gate = reset
                chk.add(call, "LR047", metric=name, loop=str(lp.lineno), scheduler=text(call.func.value),
                        message=f"`{name}` is summed over the batches of the loop at line {lp.lineno} but set back to "
                                f"0 under `if {text(gate.test)}:` (line {gate.lineno}), so "
                                f"`{text(call.func.value)}.step(...)` after that loop reduces on the batches since the "
                                "last reset only (none at all when the loader's length is a multiple of the period)",
                        fix=f"keep an epoch total beside the logging window (`epoch_loss += loss.item()`, never reset "
                            f"inside the loop) and step the plateau with it divided by the batch count, or with a "
                            f"validation loss")
                return
            if loop is not None:
                chk.add(call, "LR047", metric=name, loop=str(loop.lineno), scheduler=text(call.func.value),
                        **({} if zeroed else {"message": (
                            f"`{name}` is one batch's loss, assigned (`=`) in every pass of the loop at line "
                            f"{loop.lineno} and never summed, so `{text(call.func.value)}.step(...)` after that "
                            "loop reduces on the last batch's value only")}))
                return


def _overwriting_loop(chk: "Checker", body: ast.AST, name: str, call: ast.Call,
                      direct: bool = True) -> tuple[ast.AST | None, bool]:
    """The last loop before ``call`` that assigns ``name`` with ``=`` from per-batch values only, right after
    ``name = 0`` (or, for a loss, with nothing before it) and before ``call`` reads it (nothing assigned to it
    between); and whether it was set to 0 first."""
    sets = sorted((s for s in walk_no_defs(body) if isinstance(s, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                   and any(isinstance(t, ast.Name) and t.id == name
                           for t in (s.targets if isinstance(s, ast.Assign) else [s.target]))
                   and s.lineno < call.lineno), key=lambda s: s.lineno)
    loops = [lp for lp in walk_no_defs(body) if isinstance(lp, (ast.For, ast.AsyncFor))
             and (lp.end_lineno or lp.lineno) < call.lineno and chk.m.enclosing_function(lp) is
             chk.m.enclosing_function(call)]
    for lp in sorted(loops, key=lambda x: -x.lineno):
        inside = [s for s in sets if lp.lineno <= s.lineno <= (lp.end_lineno or lp.lineno)]
        if not inside:
            continue
        before = [s for s in sets if s.lineno < lp.lineno]
        after = [s for s in sets if s.lineno > (lp.end_lineno or lp.lineno)]
        if any(name not in _names(s.value) for s in after):
            return None, False
        if (not before and not (direct and _last_batch_loss(chk, lp, name, inside))) or (
                before and not _zero(before[-1])):
            return None, False
        if any(not isinstance(s, ast.Assign) or name in _names(s.value) for s in inside):
            return None, False   # accumulated (`+=`, `x = x + ...`)
        acc = _accumulated(lp)
        per_batch = _names(lp.target) | {t.id for s in walk_no_defs(lp) if isinstance(s, ast.Assign)
                                         for t in s.targets if isinstance(t, ast.Name)}
        for s in inside:
            used = _names(s.value)
            if used & acc or not used & per_batch:
                return None, False   # `acc = correct / total` from running sums is the whole pass, not one batch
        return lp, bool(before)
    return None, False


def _reset_in_gate(chk: "Checker", body: ast.AST, name: str, call: ast.Call) -> tuple[ast.AST, ast.If] | None:
    """``running_loss += loss.item()`` in a batch loop that logs and resets it under a modulo gate (``if i % 100 ==
    99: print(...); running_loss = 0.0``), then ``plateau.step(running_loss)`` after the loop with nothing assigned
    to it between: the plateau reads the partial window since the last reset."""
    loops = [lp for lp in walk_no_defs(body) if isinstance(lp, (ast.For, ast.AsyncFor))
             and (lp.end_lineno or lp.lineno) < call.lineno and chk.m.enclosing_function(lp) is
             chk.m.enclosing_function(call)]
    for lp in sorted(loops, key=lambda x: -x.lineno):
        sets = [st for st in walk_no_defs(lp) if isinstance(st, (ast.Assign, ast.AugAssign)) and any(
            isinstance(t, ast.Name) and t.id == name for t in (st.targets if isinstance(st, ast.Assign) else [st.target]))]
        if not sets:
            continue
        later = [st for st in walk_no_defs(body) if isinstance(st, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                 and (lp.end_lineno or lp.lineno) < st.lineno < call.lineno and any(
                     isinstance(t, ast.Name) and t.id == name
                     for t in (st.targets if isinstance(st, ast.Assign) else [st.target]))]
        if later or not any(isinstance(st, ast.AugAssign) for st in sets):
            return None
        for st in sets:
            gate = chk.m.parents.get(id(st))
            if _zero(st) and isinstance(gate, ast.If) and st in gate.body and any(
                    isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) for n in ast.walk(gate.test)):
                return lp, gate
        return None
    return None


def _returned_from_helper(chk: "Checker", body: ast.AST, name: str,
                          call: ast.Call) -> tuple[ast.AST | None, bool, str]:
    """``name = helper(...)`` before ``call``, where the file's ``helper`` ends with ``return x`` and ``x`` is
    overwritten batch by batch in its last loop (:func:`_overwriting_loop` read inside the helper)."""
    fn, ret = _helper_return(chk, body, name, call)
    if fn is None:
        return None, False, name
    loop, zeroed = _overwriting_loop(chk, fn, ret.id, ret, direct=True)
    return loop, zeroed, name


def _helper_return(chk: "Checker", body: ast.AST, name: str, call: ast.Call) -> tuple[ast.AST | None, ast.Name | None]:
    """For ``name = helper(...)`` before ``call``: the file's ``helper`` and the name its last ``return`` gives."""
    sets = [s for s in walk_no_defs(body) if isinstance(s, ast.Assign) and s.lineno < call.lineno
            and any(isinstance(t, ast.Name) and t.id == name for t in s.targets)]
    v = max(sets, key=lambda s: s.lineno).value if sets else None
    fn = chk.m.functions.get(v.func.id) if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) else None
    last = fn.body[-1] if fn is not None and fn.body else None
    if not (isinstance(last, ast.Return) and isinstance(last.value, ast.Name)):
        return None, None
    return fn, last.value


def _last_batch_loss(chk: "Checker", lp: ast.AST, name: str, inside: list) -> bool:
    """``for x, y in val_loader: loss = criterion(model(x), y)`` with no ``loss`` before the loop: after it,
    ``loss`` is the last validation batch's loss. The loop evaluates: it back-propagates nowhere, or only under a
    phase test (``if phase == "train": loss.backward()`` in a loop the train and val phases share). The last
    training batch's loss after a training loop is left alone."""
    if "loss" not in name.lower() or not all(isinstance(s, ast.Assign) and isinstance(s.value, ast.Call)
                                             for s in inside):
        return False
    kind = next((x.kind for x in chk.m.loops if x.node is lp), None)
    backward = [n for n in walk_no_defs(lp) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                and n.func.attr == "backward"]
    if not backward:
        return kind == "batch"
    return kind in ("batch", None) and all(_under_phase_test(chk, n, lp) for n in backward)


def _under_phase_test(chk: "Checker", n: ast.AST, lp: ast.AST) -> bool:
    while n is not None and n is not lp:
        n = chk.parents.get(id(n))
        if isinstance(n, ast.If) and isinstance(n.test, ast.Compare) and train_phase(n.test):
            return True
    return False


def _zero(s: ast.AST) -> bool:
    v = s.value if isinstance(s, (ast.Assign, ast.AnnAssign)) else None
    return isinstance(s, (ast.Assign, ast.AnnAssign)) and isinstance(v, ast.Constant) and v.value == 0 \
        and not isinstance(v.value, bool)


def _accumulated(lp: ast.AST) -> set[str]:
    out = set()
    for s in walk_no_defs(lp):
        if isinstance(s, ast.AugAssign) and isinstance(s.target, ast.Name):
            out.add(s.target.id)
        elif isinstance(s, ast.Assign):
            out |= {t.id for t in s.targets if isinstance(t, ast.Name) and t.id in _names(s.value)}
    return out
