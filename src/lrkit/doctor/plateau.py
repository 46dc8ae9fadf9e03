"""ReduceLROnPlateau (and lrkit's plateau): a step without a metric (LR003), a mode that does not match the
metric it is fed (LR004). The metric is read through expressions: ``-acc``, ``1 - acc``,
``math.ceil(val_loss * 1000) / 1000``, ``metrics["val_loss"]``, ``loss.item()``."""

from __future__ import annotations

import ast
import re

from . import loggedmetric
from .symbols import Obj, ident, text, walk_no_defs
from .context import unwrap
from .walk import Loop, StepCall

_MAX_WORDS = {"acc", "accuracy", "top1", "top5", "f1", "auc", "auroc", "map", "iou", "miou", "dice", "bleu",
              "rouge", "precision", "recall", "psnr", "ssim", "r2", "mcc"}
_MIN_WORDS = {"loss", "err", "error", "perplexity", "ppl", "mse", "mae", "rmse", "nll", "wer", "cer", "fid"}
_EVAL = re.compile(r"val|test|eval|(^|[^a-z])dev")
_EPOCH_NAME = re.compile(r"^(self\.|trainer\.)?(cur_|current_|i_)?(epoch|ep)(_?(idx|num|id|no|i))?$")
_WRAP_FUNCS = {"float", "round", "ceil", "floor", "abs", "mean", "tensor", "array", "asarray", "item", "sum",
               "average", "min", "max", "detach", "cpu", "numpy", "tolist", "get"}



def _same_data_each_pass(loop: ast.AST) -> bool:
    """``for it in range(n_iters):`` whose body draws no batch (no ``next()``, the counter used only to log): every
    pass computes the loss on the same data, a full-batch optimization, whose loss is no noisy batch loss."""
    if not (isinstance(loop, ast.For) and isinstance(loop.iter, ast.Call) and ident(loop.iter.func) in ("range", "trange")
            and isinstance(loop.target, ast.Name)):
        return False
    logging = {id(m) for n in walk_no_defs(loop) if isinstance(n, ast.Call) and (ident(n.func) or "") in (
        "print", "info", "debug", "log", "add_scalar", "set_description", "set_postfix", "write")
        for m in ast.walk(n)}
    for n in walk_no_defs(loop):
        if isinstance(n, ast.Call) and re.search(r"next|batch|sample|load|fetch|data|rand|shuffle|perm",
                                                 (ident(n.func) or "").lower()):
            return False   # `next(it)`, `get_batch("train")`, `torch.randperm(n)`: a new batch each pass
        if isinstance(n, ast.Name) and n.id == loop.target.id and isinstance(n.ctx, ast.Load) and id(n) not in logging:
            return False
    return not any(isinstance(n, (ast.For, ast.AsyncFor, ast.While)) for n in walk_no_defs(loop) if n is not loop)

class PlateauRules:
    """The checker's plateau rules (mixed into :class:`~lrkit.doctor.rules.Checker`)."""

    # -- LR003 / LR004 --------------------------------------------------------------------------
    def plateau_kind(self, o: Obj) -> tuple[str, str] | None:
        """(kind text, mode) for plateau schedulers."""
        if o.lib == "torch" and o.cls == "ReduceLROnPlateau":
            mode = self.res.value(o.arg("mode"), o.scope) if o.arg("mode") is not None else "min"
            return "ReduceLROnPlateau", mode if isinstance(mode, str) else "?"
        if o.lib == "lrkit":
            spec = o.arg("schedule")
            src = spec.value if isinstance(spec, ast.Constant) and isinstance(spec.value, str) else (
                text(spec) if spec is not None else "")
            if re.search(r"\bplateau\b", src):
                m = re.search(r"mode\s*=\s*['\"]?(min|max)", src)
                return "lrkit plateau", m.group(1) if m else "min"
        return None

    def plateau_rules(self, ev: StepCall) -> None:
        pk = self.plateau_kind(ev.obj)
        if pk is None:
            self._metric_to_other(ev)
            return
        kind, mode = pk
        call = ev.call
        metric = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "metrics"), None)
        if metric is None:
            if not call.keywords:
                self.add(call, "LR003", kind=kind, scheduler=ev.obj.name)
            return
        counter = self._loop_counter(ev, metric)
        if counter is not None:
            self.add(call, "LR050", scheduler=text(call.func.value), metric=text(metric), counter=counter)
            return
        name = _metric_name(metric)
        if _metric_goal(name) is None:   # `callback_metrics["w_val"]`: what the module logged under that key
            name = loggedmetric.logged_source(self, metric, ev.ctx.cls, _metric_name, _metric_goal) or name
        self.mode_check(metric, name, mode, ev.obj.name)
        if kind == "ReduceLROnPlateau":
            self._batch_loss_plateau(ev, metric)

    def _batch_loss_plateau(self, ev: StepCall, metric: ast.expr) -> None:
        """LR001 for ReduceLROnPlateau stepped on every batch with that batch's training loss (the value the
        loop calls ``backward()`` on) and a patience of 10 calls or fewer: a noisy batch loss fails to improve for a
        few batches all the time, so the LR is cut again and again within the first epoch."""
        o = ev.obj
        if id(o) in getattr(self, "doubled", set()) or self.stepping_quiet(ev) != "batch" or not ev.ctx.loops:
            return   # also stepped per epoch: the double stepping (LR016) is the finding
        base = metric
        while isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr in (
                "item", "detach", "cpu", "mean"):
            base = base.func.value
        if isinstance(base, ast.Call) and ident(base.func) == "float" and len(base.args) == 1:
            base = base.args[0]
        loop = ev.ctx.loops[-1].node
        if self._in_eval_loop(ev, loop):
            return
        if not isinstance(base, ast.Name) or _same_data_each_pass(loop):
            return
        backs = any(isinstance(n, ast.Call) and ident(n.func) == "backward" and any(
            isinstance(m, ast.Name) and m.id == base.id for m in ast.walk(n)) for n in walk_no_defs(loop))
        if not backs:
            return
        pat = o.arg("patience")
        p = self.res.value(pat, o.scope or self.m.module_scope) if pat is not None else 10
        if not isinstance(p, int) or p > 10:
            return
        shown = f"patience={text(pat)}" if pat is not None else "patience=10 (the default)"
        self.add(ev.call, "LR001", sched_desc=o.desc, length=shown, span=str(p), ctor=o.cls, arg="patience",
                 message=f"{o.desc} is stepped every batch with the batch's training loss ({text(metric)}) and "
                         f"{shown}: a noisy batch loss stops improving for {p} batches all the time, so the LR is cut "
                         "again and again within the first epoch",
                 fix=f"step it once per epoch, after the batch loop, with a validation metric: "
                     f"`{o.name}.step(val_loss)`")

    def _in_eval_loop(self, ev: StepCall, loop: ast.AST) -> bool:
        """LR001 for ReduceLROnPlateau stepped inside the evaluation loop (a batch loop that neither back-propagates
        nor steps an optimizer): it is stepped once per validation batch, so its patience counts batches."""
        if any(isinstance(n, ast.Call) and ident(n.func) in ("backward", "step") and n is not ev.call
               and not (isinstance(n.func, ast.Attribute) and text(n.func.value) == text(ev.call.func.value))
               for n in walk_no_defs(loop)):
            return False
        if not (_EVAL.search(text(getattr(loop, "iter", loop)).lower()) or self._no_grad_around(loop)):
            return False   # a loop that may train in a helper (`loss = train_step(batch)`) is not evaluation
        o = ev.obj
        pat = o.arg("patience")
        shown = f"patience={text(pat)}" if pat is not None else "patience=10 (the default)"
        self.add(ev.call, "LR001", sched_desc=o.desc, length=shown, span="?", ctor=o.cls, arg="patience",
                 message=f"{o.desc} is stepped on every batch of the evaluation loop at line {loop.lineno}: its "
                         f"{shown} counts validation batches, not epochs, so it cuts the LR within an epoch on "
                         "the noise of a partial validation pass",
                 fix=f"step it once per epoch, after the evaluation loop, with the epoch's validation metric: "
                     f"`{o.name}.step(val_loss)`")
        return True

    def _no_grad_around(self, loop: ast.AST) -> bool:
        """``with torch.no_grad():`` (``inference_mode``, ``set_grad_enabled(False)``) around the loop."""
        p = self.m.parents.get(id(loop))
        while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            if isinstance(p, ast.With) and any(isinstance(i.context_expr, ast.Call) and (
                    ident(i.context_expr.func) in ("no_grad", "inference_mode") or (
                    ident(i.context_expr.func) == "set_grad_enabled" and i.context_expr.args
                    and isinstance(i.context_expr.args[0], ast.Constant) and i.context_expr.args[0].value is False))
                    for i in p.items):
                return True
            p = self.m.parents.get(id(p))
        return False
    def _loop_counter(self, ev: StepCall, metric: ast.expr) -> str | None:
        """LR050: the metric is the counter of a loop around the call in the same function (``for epoch in
        range(n)``, the index of ``for i, batch in enumerate(loader)``): "epoch", "batch" or "loop"; or a value
        named as the epoch number (``epoch`` passed to a helper, Lightning's ``self.current_epoch``)."""
        if isinstance(metric, (ast.Name, ast.Attribute)) and _EPOCH_NAME.match(text(metric)):
            return "epoch"
        if not isinstance(metric, ast.Name):
            return None
        home = self.m.enclosing_function(ev.call)
        for lp in reversed([x for x in ev.path if isinstance(x, Loop)]):
            node = lp.node
            if not isinstance(node, ast.For) or self.m.enclosing_function(node) is not home:
                continue
            it, target = unwrap(node.iter, keep=frozenset({"zip", "enumerate"})), node.target
            if isinstance(it, ast.Call) and ident(it.func) == "enumerate" and isinstance(target, ast.Tuple) \
                    and target.elts:
                target = target.elts[0]
            elif not (isinstance(it, ast.Call) and ident(it.func) in ("range", "trange")):
                continue
            if isinstance(target, ast.Name) and target.id == metric.id:
                return lp.kind if lp.kind in ("epoch", "batch") else "loop"
        return None

    def _metric_to_other(self, ev: StepCall) -> None:
        """LR041: ``scheduler.step(val_loss)`` on a torch scheduler that is not a plateau one."""
        o, call = ev.obj, ev.call
        if o.lib != "torch" or len(call.args) != 1 or call.keywords or o.cls in ("ReduceLROnPlateau",):
            return
        name = _metric_name(call.args[0])
        if name is not None and _metric_goal(name.lstrip("-")) is not None:
            self.add(call, "LR041", scheduler=text(call.func.value), metric=text(call.args[0]), sched_desc=o.desc)

    def mode_check(self, node: ast.AST, name: str | None, mode: str, sched: str) -> None:
        want = _metric_goal(name.lstrip("-") if name else name)
        if want is not None and name and name.startswith("-"):
            want = "min" if want == "max" else "max"
        if want is None or mode not in ("min", "max"):
            if name is not None and want is None:
                self.note(node, f"could not determine whether `{name}` should be minimized or maximized")
            return
        if want != mode:
            self.add(node, "LR004", scheduler=sched, mode=mode, metric=name, want=want)


def _metric_name(expr: ast.AST) -> str | None:
    name, flipped = _metric(expr)
    if name is None:
        return None
    return f"-{name}" if flipped else name


def _metric(expr: ast.AST, depth: int = 0) -> tuple[str | None, bool]:
    """The metric's name inside an expression and whether the expression flips its direction
    (``-acc``, ``1 - acc``, ``math.ceil(val_loss * 1000) / 1000``, ``metrics["val_loss"]``, ``loss.item()``)."""
    if depth > 8:
        return None, False
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        name, f = _metric(expr.operand, depth + 1)
        return name, not f
    if isinstance(expr, ast.BinOp):
        lc, rc = isinstance(expr.left, ast.Constant), isinstance(expr.right, ast.Constant)
        if isinstance(expr.op, ast.Sub) and lc and not rc:
            name, f = _metric(expr.right, depth + 1)
            return name, not f
        if isinstance(expr.op, (ast.Mult, ast.Div, ast.FloorDiv, ast.Add, ast.Sub)):
            if rc and not lc:
                name, f = _metric(expr.left, depth + 1)
                neg = isinstance(expr.right.value, (int, float)) and expr.right.value < 0 \
                    and isinstance(expr.op, (ast.Mult, ast.Div))
                return name, f != neg
            if lc and not rc:
                name, f = _metric(expr.right, depth + 1)
                neg = isinstance(expr.left.value, (int, float)) and expr.left.value < 0 and isinstance(expr.op, ast.Mult)
                return name, f != neg
        return None, False
    if isinstance(expr, ast.Call):
        f = expr.func
        fname = ident(f) or ""
        if isinstance(f, ast.Attribute) and fname in _WRAP_FUNCS and not expr.args:
            return _metric(f.value, depth + 1)
        if isinstance(f, ast.Attribute) and fname == "get" and expr.args and isinstance(expr.args[0], ast.Constant):
            return (expr.args[0].value if isinstance(expr.args[0].value, str) else None), False
        if fname in _WRAP_FUNCS and expr.args:
            return _metric(expr.args[0], depth + 1)
        return None, False
    if isinstance(expr, ast.Subscript) and not (isinstance(expr.slice, ast.Constant)
                                                and isinstance(expr.slice.value, str)):
        return _metric(expr.value, depth + 1)
    return ident(expr), False


def _metric_goal(name: str | None) -> str | None:
    if not name:
        return None
    words = set(re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name))
    words = {w.lower() for w in words if w}
    mx, mn = bool(words & _MAX_WORDS), bool(words & _MIN_WORDS)
    if mx == mn:
        return None
    return "max" if mx else "min"
