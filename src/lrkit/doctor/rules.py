"""The static rules: each reads the analysed :class:`~lrkit.doctor.walk.Module` and yields findings.

Precision over recall: a rule fires only on what the source states (constructor
arguments, loop shapes, resolvable constants); anything more dynamic is left
alone, with a "could not determine" note for ``--verbose``.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator

from ..diagnostics import Finding, finding
from . import flow, lambdas, lengths
from .symbols import WHOLE_RUN, Obj, classify_call, ident, text, walk_no_defs
from .walk import Branch, Ctx, Loop, Module, StepCall

_MAX_WORDS = {"acc", "accuracy", "top1", "top5", "f1", "auc", "auroc", "map", "iou", "miou", "dice", "bleu",
              "rouge", "precision", "recall", "psnr", "ssim", "r2", "mcc"}
_MIN_WORDS = {"loss", "err", "error", "perplexity", "ppl", "mse", "mae", "rmse", "nll", "wer", "cer", "fid"}
_DECAYING_TORCH = {"CosineAnnealingLR", "StepLR", "MultiStepLR", "ExponentialLR", "PolynomialLR",
                   "CosineAnnealingWarmRestarts"}
_HF_DECAYING = {"get_linear_schedule_with_warmup", "get_cosine_schedule_with_warmup",
                "get_cosine_with_hard_restarts_schedule_with_warmup", "get_polynomial_decay_schedule_with_warmup"}
_HF_NAMES_DECAYING = {"linear", "cosine", "cosine_with_restarts", "polynomial"}
# (scheduler class -> the argument that holds its length)
_LENGTH_ARG = {"CosineAnnealingLR": "T_max", "PolynomialLR": "total_iters", "MultiStepLR": "milestones",
               "StepLR": "step_size", "LinearLR": "total_iters"}
_LOCAL_LENGTH = re.compile(r"^(t_max|max_iters?|max_iteration|total_iters?|total_steps|max_steps?|num_steps|"
                           r"total_epochs?|max_epochs?|num_epochs|epochs|n_epochs|num_training_steps|t_total|"
                           r"iterations|max_num_iters?|niters|total_iterations|max_iterations)$")
_LIGHTNING_TOP = {"optimizer", "lr_scheduler", "monitor"}
_LIGHTNING_CFG = {"scheduler", "name", "interval", "frequency", "reduce_on_plateau", "monitor", "strict", "opt_idx"}
_HORIZON = {"CosineAnnealingLR", "PolynomialLR", "OneCycleLR"}
ONECYCLE_LONG_EPOCHS = 100
NO_SCHEDULER_EPOCHS = 50


class Checker:
    def __init__(self, mod: Module):
        self.m = mod
        self.res = mod.res
        self.findings: list[tuple[ast.AST, Finding]] = []
        self.notes: list[tuple[ast.AST, str]] = []
        self.children: set[int] = set()
        self.swapped: set[int] = set()   # warmup factories whose warmup and run length are swapped (LR017)
        self.units: dict[int, str] = {}  # the unit a LambdaLR function's body names, by the naming node
        self.parents = mod.parents
        self._compat: dict[int, bool] = {}
        for o in mod.all_objs():
            for c in self.seq_children(o):
                self.children.add(id(c.node))
            if o.lib == "local" and o.kind == "scheduler" and o.sig:
                self._wrapped(o)

    def _wrapped(self, o: Obj) -> None:
        """A project's warmup wrapper hands over to the scheduler it is given (``after_scheduler=cosine``)."""
        ctx = Ctx(o.scope or self.m.module_scope, cls=self._cls_of(o))
        for p in o.sig or ():
            inner = self.m.lookup(o.arg(p), ctx) if o.arg(p) is not None else None
            if inner is not None and inner.kind == "scheduler" and inner is not o:
                o.wraps = inner
                self.children.add(id(inner.node))
                return

    def compatible(self, ev: StepCall) -> bool:
        key = id(ev)
        if key not in self._compat:
            self._compat[key] = flow.compatible(self, ev)
        return self._compat[key]

    def add(self, node: ast.AST, code: str, **kw) -> None:
        self.findings.append((node, finding(code, **kw)))

    def note(self, node: ast.AST, msg: str) -> None:
        self.notes.append((node, msg))

    def run(self) -> None:
        self.doubled = flow.double_stepping(self)
        for ev in self.m.sched_steps:
            if ev.by != "hand" or not self.compatible(ev):
                continue
            if ev.conditional and ev.via_argument and not self._neutral_path(ev):
                # the same function may be called with other schedulers; this call may be dead for this one
                self.note(ev.call, f"`{text(ev.call.func)}()` runs under a condition in a function that takes the "
                                   "scheduler as an argument: not checked")
                continue
            if id(ev.obj) not in self.doubled:
                self.stepping_rules(ev)
            self.plateau_rules(ev)
        for o in self.m.all_objs():
            self.sequential_rules(o)
            self.onecycle_long(o)
            self.warmup_rules(o)
            lengths.length_rules(self, o)
        self.no_scheduler()
        for s, o in self.m.order_issues:
            if id(s.obj) not in self.doubled:   # the extra call is the double stepping already reported
                self.add(s.call, "LR010", scheduler=text(s.call.func.value), optimizer=o.obj.name)
        self.lightning()
        self.hf_trainer()
        flow.never_stepped(self, self.children)
        flow.other_optimizer(self)
        flow.competing(self, self.children, self.doubled)
        flow.schedule_free_mode(self)
        flow.started_handlers(self)

    def _neutral_path(self, ev: StepCall) -> bool:
        return all(not isinstance(b, Branch) or flow._neutral(b, ev.obj) for b in ev.path)

    # -- helpers --------------------------------------------------------------------------------
    def stepping(self, ev: StepCall) -> str | None:
        """"batch" / "epoch" when the loops around the call say so; None when they don't."""
        loops = [lp for lp in ev.ctx.loops if lp.kind != "other"]
        if not loops:
            return None
        if any(lp.kind is None for lp in loops):
            self.note(ev.call, f"could not determine whether `{text(ev.call.func)}()` runs per batch or per "
                               "epoch (a loop over something that is neither a data loader nor an epoch range)")
            return None
        inner = [b for b in ev.path[self._last_loop_index(ev.path) + 1:] if isinstance(b, Branch)]
        if loops[-1].kind == "batch":
            if inner and not all(flow._neutral(b, ev.obj) for b in inner):
                self.note(ev.call, f"`{text(ev.call.func)}()` runs under a condition inside the batch loop: "
                                   "could not determine how often")
                return None
            return "batch"
        if all(lp.kind == "epoch" for lp in loops):
            if inner and any(self._warmup_arm(b) for b in inner):
                return None
            return "epoch"
        return None

    def stepping_quiet(self, ev: StepCall) -> str | None:
        """:meth:`stepping` without leaving notes (for rules that only ask)."""
        n = len(self.notes)
        per = self.stepping(ev)
        del self.notes[n:]
        return per

    # -- who else steps it ----------------------------------------------------------------------
    def lightning_classes(self) -> dict[str, bool]:
        """LightningModule classes of the file -> whether Lightning steps their schedulers (automatic optimization)."""
        if getattr(self, "_lightning", None) is not None:
            return self._lightning
        out: dict[str, bool] = {}
        self._lightning = out
        for name, cls in self.m.classes.items():
            bases = [self.m.imports.qual(b) or ident(b) or "" for b in cls.bases]
            if not any(b.endswith("LightningModule") for b in bases):
                continue
            manual = any(isinstance(n, ast.Assign) and any(text(t) == "self.automatic_optimization" for t in n.targets)
                         and isinstance(n.value, ast.Constant) and n.value.value is False for n in ast.walk(cls))
            manual = manual or any(isinstance(n, ast.FunctionDef) and n.name == "automatic_optimization"
                                   for n in ast.walk(cls))
            out[name] = not manual
        return out

    def lightning_stepped(self, o: Obj) -> bool:
        """Lightning steps ``o``: it is returned by configure_optimizers of a module with automatic optimization."""
        return any(auto and any(x is o for x in self.m.lightning_schedulers(name))
                   for name, auto in self.lightning_classes().items())

    def framework_hand_steps(self) -> list[tuple[Obj, StepCall, str]]:
        """Schedulers a framework steps that the script also steps by hand: (scheduler, hand call, framework)."""
        out = []
        auto = {name for name, a in self.lightning_classes().items() if a}
        for ev in self.m.sched_steps:
            if ev.by != "hand":
                continue
            fn = ev.ctx.stack[-1] if ev.ctx.stack else None
            if ev.ctx.cls in auto and getattr(fn, "name", "") != "lr_scheduler_step" \
                    and any(x is ev.obj for x in self.m.lightning_schedulers(ev.ctx.cls)):
                out.append((ev.obj, ev, "Lightning"))
        for call, ctx in self.m.trainer_calls:
            kw = next((k.value for k in call.keywords if k.arg == "optimizers"), None)
            if isinstance(kw, ast.Tuple) and len(kw.elts) == 2:
                o = self.m.lookup(kw.elts[1], ctx)
                for ev in self.m.sched_steps:
                    if o is not None and ev.obj is o and ev.by == "hand":
                        out.append((o, ev, "the HF Trainer"))
        return out

    @staticmethod
    def _last_loop_index(path) -> int:
        idx = -1
        for i, x in enumerate(path):
            if isinstance(x, Loop) and x.kind != "other":
                idx = i
        return idx

    @staticmethod
    def _warmup_arm(b: Branch) -> bool:
        return b.test is not None and "warm" in text(b.test).lower()

    def _has_opt_step(self, node: ast.AST) -> bool:
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "step"
                   and "opt" in text(n.func.value).lower() for n in walk_no_defs(node))

    def length_of(self, o: Obj) -> tuple[str, ast.expr] | None:
        if o.lib == "torch" and o.cls in _LENGTH_ARG:
            a = o.arg(_LENGTH_ARG[o.cls])
            return (_LENGTH_ARG[o.cls], a) if a is not None else None
        if o.lib == "transformers":
            for name in ("num_training_steps", "t_total"):
                a = o.arg(name)
                if a is not None:
                    return (name, a)
            return None
        if o.lib == "torch" and o.cls in ("LambdaLR", "MultiplicativeLR"):
            named = lambdas.unit_name(self, o)
            if named is None:
                return None
            self.units[id(named[0])] = named[1]
            return ("lr_lambda", named[0])
        if o.lib == "local" and o.sig:
            for name in o.sig:
                if _LOCAL_LENGTH.match(name.lower()) and o.arg(name) is not None:
                    return (name, o.arg(name))
            return None
        if o.lib == "lrkit" and o.arg("per") is None:
            a = o.arg("total_steps")
            return ("total_steps", a) if a is not None else None
        return None

    def unit(self, expr: ast.expr, scope) -> str | None:
        return self.units.get(id(expr)) or self.res.sizing(expr, scope)

    def epoch_sized(self, expr: ast.expr, o: Obj, loops) -> bool:
        scope = o.scope or self.m.module_scope
        if id(expr) in self.units:
            return self.units[id(expr)] == "epochs"
        if self.res.sizing(expr, scope) == "epochs":
            return True
        v = self.res.value(expr, scope)
        for lp in loops:
            if lp.kind != "epoch" or lp.stop is None:
                continue
            if ast.dump(lp.stop) == ast.dump(expr):
                return True
            n = self.res.value(lp.stop, lp.scope)
            if isinstance(n, int) and n > 1:
                if isinstance(v, (int, float)) and v == n:
                    return True
                # StepLR(step_size=30) in a 100-epoch loop: a few decays over the epochs
                if o.cls == "StepLR" and isinstance(v, int) and v > 0 and 2 <= n / v <= 20:
                    return True
                if isinstance(v, list) and v and all(isinstance(x, (int, float)) and 0 < x < n for x in v):
                    return True
        return False

    def _span(self, expr: ast.expr, o: Obj) -> str:
        v = self.res.value(expr, o.scope or self.m.module_scope)
        if isinstance(v, list) and v and all(isinstance(x, (int, float)) for x in v):
            return str(max(v))
        return str(v) if isinstance(v, (int, float)) else text(expr)

    def seq_children(self, o: Obj) -> list[Obj]:
        if o.cls not in ("SequentialLR", "ChainedScheduler"):
            return []
        lst = o.arg("schedulers")
        if not isinstance(lst, (ast.List, ast.Tuple)):
            return []
        ctx = Ctx(o.scope or self.m.module_scope, cls=self._cls_of(o))
        return [c for c in (self.m.lookup(e, ctx) for e in lst.elts) if c is not None]

    def _cls_of(self, o: Obj) -> str | None:
        return self.m.owner.get(id(o.scope.node)) if o.scope is not None else None

    def optimizer_of(self, o: Obj) -> Obj | None:
        ctx = Ctx(o.scope or self.m.module_scope, cls=self._cls_of(o), bindings=o.bindings)
        return self.m.lookup(o.arg("optimizer"), ctx)

    # -- LR001 / LR002 --------------------------------------------------------------------------
    def stepping_rules(self, ev: StepCall) -> None:
        o = ev.obj
        per = self.stepping(ev)
        if per is None:
            return
        target = ev.obj
        kids = self.seq_children(o)
        if kids and o.cls == "SequentialLR":
            sized = [(k, self.length_of(k)) for k in kids]
            sized = [(k, L) for k, L in sized if L is not None]
            if not sized:
                return
            target, length = sized[-1]
        else:
            length = self.length_of(o)
            if length is None and o.wraps is not None:
                target, length = o.wraps, self.length_of(o.wraps)
        if o.lib == "timm":
            self._timm_position(ev, per)
            return
        if o.cls == "OneCycleLR" and per == "batch":
            total = o.arg("total_steps")
            if total is not None and o.arg("steps_per_epoch") is None and self.epoch_sized(total, o, ev.ctx.loops):
                self.add(ev.call, "LR001", sched_desc=o.desc, length=text(total), span=self._span(total, o),
                         ctor=o.cls, arg="total_steps")
            return
        if o.cls == "OneCycleLR" and per == "epoch":
            spe, total = o.arg("steps_per_epoch"), o.arg("total_steps")
            if spe is not None:
                self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name,
                         length=f"epochs={text(o.arg('epochs'))}, steps_per_epoch={text(spe)}",
                         fraction="1/steps_per_epoch")
            elif total is not None and self.res.sizing(total, o.scope) == "steps":
                self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name, length=f"total_steps={text(total)}",
                         fraction="1/steps_per_epoch")
            return
        if length is None:
            return
        arg, expr = length
        scope = target.scope or self.m.module_scope
        if o is target:
            self._horizon(ev, per, arg, expr)
        if per == "batch" and not (target.cls == "LinearLR") and self.epoch_sized(expr, target, ev.ctx.loops):
            if o.cls == "ReduceLROnPlateau":
                return
            self.add(ev.call, "LR001", sched_desc=o.desc if target is o else f"{o.desc} ({target.cls})",
                     length=text(expr), span=self._span(expr, target), ctor=target.cls, arg=arg)
        elif per == "epoch" and self.unit(expr, scope) == "steps":
            self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name, length=f"{arg}={text(expr)}",
                     fraction="1/steps_per_epoch")

    def _horizon(self, ev: StepCall, per: str, arg: str, expr: ast.expr) -> None:
        """LR013: a schedule that ends before the loop does (``T_max=10`` in a 15-epoch loop, ``len(loader) * 10``
        steps in a 15-epoch loop), read where both numbers resolve."""
        o = ev.obj
        if not (o.cls in _HORIZON or o.lib in ("transformers", "lrkit")) or o.cls.startswith("get_constant"):
            return
        loop = next((lp for lp in reversed(ev.ctx.loops) if lp.kind == "epoch" and lp.stop is not None), None)
        if loop is None or not isinstance(loop.node, ast.For):
            return
        rng = loop.node.iter
        while isinstance(rng, ast.Call) and ident(rng.func) in ("tqdm", "enumerate", "trange_wrap") and rng.args:
            rng = rng.args[0]
        if not (isinstance(rng, ast.Call) and rng.args):
            return
        start = self.res.value(rng.args[0], loop.scope) if len(rng.args) >= 2 else 0
        stop = self.res.value(loop.stop, loop.scope)
        if not isinstance(start, int) or not isinstance(stop, int):
            return
        epochs = stop - start
        scope = o.scope or self.m.module_scope
        if per == "epoch":
            n = self.res.value(expr, scope)
            planned, unit = (n, "epochs") if isinstance(n, int) else (None, "")
        else:
            planned, unit = self._epochs_factor(expr, scope), "epochs of batches"
        if isinstance(planned, int) and 0 < planned < epochs:
            self.add(o.node, "LR013", what=f"{o.desc} ({arg}={text(expr)})", count=f"{epochs} epochs'",
                     planned=f"{planned} {unit}", unit="epochs")

    def _epochs_factor(self, expr: ast.expr, scope, depth: int = 0) -> int | None:
        """``len(loader) * 10`` (also through a variable) -> 10: the number of epochs a step count covers."""
        if depth > 6:
            return None
        if isinstance(expr, ast.Name):
            v = scope.value_of(expr.id)
            return self._epochs_factor(v, scope.scope_of_value(expr.id), depth + 1) if v is not None else None
        if isinstance(expr, ast.Call) and ident(expr.func) == "len" and len(expr.args) == 1 \
                and self.res.len_unit(expr.args[0], scope) == "steps":
            return 1   # len(train_loader): one epoch of batches
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
            for a, b in ((expr.left, expr.right), (expr.right, expr.left)):
                if self.res.sizing(a, scope) == "steps" and any(
                        isinstance(n, ast.Call) and ident(n.func) == "len" for n in ast.walk(a)):
                    v = self.res.value(b, scope)
                    return v if isinstance(v, int) else None
        return None

    def _timm_position(self, ev: StepCall, per: str) -> None:
        """timm schedulers are set, not advanced: ``step(epoch)`` reads its argument in the unit of
        ``t_initial`` (epochs unless ``t_in_epochs=False``). A step count given to an epoch-sized one
        spends the schedule in ``t_initial`` batches."""
        o, call = ev.obj, ev.call
        if call.func.attr != "step" or not call.args or per != "batch":
            return
        tin = o.arg("t_in_epochs")
        if isinstance(tin, ast.Constant) and tin.value is False:
            return
        t0 = o.arg("t_initial")
        scope = o.scope or self.m.module_scope
        pos = call.args[0]
        batch_vars = {ident(x.node.target) for x in ev.path if isinstance(x, Loop) and x.kind == "batch"
                      and isinstance(x.node, ast.For) and isinstance(x.node.target, ast.Name)}
        batch_vars |= {ident(e) for x in ev.path if isinstance(x, Loop) and x.kind == "batch"
                       and isinstance(x.node, ast.For) and isinstance(x.node.target, ast.Tuple)
                       for e in x.node.target.elts[:1]}
        counts_steps = self.res.sizing(pos, scope) == "steps" or any(
            isinstance(n, ast.Name) and n.id in batch_vars for n in ast.walk(pos))
        if t0 is not None and counts_steps and self.res.sizing(t0, scope) == "epochs":
            self.add(call, "LR001", sched_desc=o.desc, length=text(t0), span=self._span(t0, o), ctor=o.cls,
                     arg="t_initial")

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
            return
        kind, mode = pk
        call = ev.call
        metric = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "metrics"), None)
        if metric is None:
            if not call.keywords:
                self.add(call, "LR003", kind=kind, scheduler=ev.obj.name)
            return
        self.mode_check(metric, _metric_name(metric), mode, ev.obj.name)

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

    # -- LR005 / LR006 --------------------------------------------------------------------------
    def sequential_rules(self, o: Obj) -> None:
        if o.lib != "torch" or o.cls != "SequentialLR":
            return
        kids = self.seq_children(o)
        ms = o.arg("milestones")
        if len(kids) < 2 or not isinstance(ms, (ast.List, ast.Tuple)) or not ms.elts:
            return
        scope = o.scope or self.m.module_scope
        first = kids[0]
        m0 = ms.elts[0]
        warmup = first.cls in ("LinearLR", "ConstantLR") or (first.cls == "LambdaLR" and "warm" in first.name.lower())
        if first.cls in ("LinearLR", "ConstantLR"):
            iters = first.arg("total_iters")
            vi = self.res.value(iters, first.scope or scope) if iters is not None else 5
            vm = self.res.value(m0, scope)
            same = iters is not None and ast.dump(iters) == ast.dump(m0)
            if not same and isinstance(vi, int) and isinstance(vm, int) and vi != vm:
                effect = (f"the LR jumps to the peak at step {vm}, {vi - vm} steps before the warmup ends"
                          if vm < vi else f"the LR holds flat for {vm - vi} steps between the warmup and "
                                          "the next schedule")
                self.add(m0, "LR006", milestone=str(vm), first=first.cls, iters=str(vi), effect=effect)
            elif not same and {self.res.sizing(iters, first.scope or scope), self.res.sizing(m0, scope)} \
                    == {"steps", "epochs"}:
                self.add(m0, "LR006", milestone=text(m0), first=first.cls, iters=text(iters),
                         effect="one counts epochs and the other steps, so the hand-over is off by a factor of "
                                "steps_per_epoch")
            elif not same and (vi is None or vm is None):
                self.note(m0, f"could not determine whether milestone `{text(m0)}` equals the warmup length "
                              f"`{text(iters) if iters is not None else 5}`")
        if not warmup:
            return
        for i, kid in enumerate(kids[1:], 1):
            if kid.cls != "CosineAnnealingLR" or i - 1 >= len(ms.elts):
                continue
            tmax, mi = kid.arg("T_max"), ms.elts[i - 1]
            if tmax is None or self.res.value(mi, scope) == 0:
                continue
            if self.whole_run(tmax, kid.scope or scope):
                self.add(tmax, "LR005", warmup=text(mi), tmax=text(tmax))

    def whole_run(self, expr: ast.expr, scope) -> bool:
        if any(isinstance(n, ast.Sub) for n in ast.walk(expr)):
            return False
        name = ident(expr)
        stops = [lp for lp in self.m.loops if lp.stop is not None and lp.kind is not None]
        # `for epoch in range(warmup_epochs + epochs)`: then `epochs` is the post-warmup length
        if name and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add) and ident(n.left) != ident(n.right)
                        and name in (ident(n.left), ident(n.right)) for lp in stops for n in ast.walk(lp.stop)):
            return False
        if name and WHOLE_RUN.search(name.lower()) and "warm" not in name.lower():
            return True
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
            sides = (expr.left, expr.right)
            if any(ident(s) and WHOLE_RUN.search(ident(s).lower()) and "epoch" in ident(s).lower() for s in sides) \
                    and any(self.res.sizing(s, scope) == "steps" for s in sides):
                return True
        v = self.res.value(expr, scope)
        for lp in stops:
            if ast.dump(lp.stop) == ast.dump(expr):
                return True
            n = self.res.value(lp.stop, lp.scope)
            if isinstance(v, int) and isinstance(n, int) and v == n and lp.kind == "epoch":
                return True
        return False

    # -- LR007 / LR008 / LR011 ------------------------------------------------------------------
    def decays_without_warmup(self, o: Obj) -> bool:
        scope = o.scope or self.m.module_scope
        if o.lib == "torch":
            if o.cls in _DECAYING_TORCH:
                return True
            if o.cls == "LinearLR":
                sf, ef = self.res.value(o.arg("start_factor"), scope), self.res.value(o.arg("end_factor"), scope)
                return isinstance(sf, (int, float)) and sf >= 1 and isinstance(ef, (int, float)) and ef < sf
            return False
        if o.lib == "transformers":
            name = o.cls
            if o.cls == "get_scheduler":
                name = self.res.value(o.arg("name"), scope)
                if name not in _HF_NAMES_DECAYING:
                    return False
            elif o.cls not in _HF_DECAYING:
                return False
            return self.res.value(o.arg("num_warmup_steps"), scope) == 0
        if o.lib == "timm" and o.cls in ("CosineLRScheduler", "StepLRScheduler", "MultiStepLRScheduler",
                                         "PolyLRScheduler"):
            w = o.arg("warmup_t")
            return w is None or self.res.value(w, scope) == 0
        return False

    def decays(self, o: Obj) -> bool:
        if self.decays_without_warmup(o) or o.cls in ("OneCycleLR", "ReduceLROnPlateau", "CyclicLR"):
            return True
        if o.lib == "transformers":
            if o.cls == "get_scheduler":
                return self.res.value(o.arg("name"), o.scope) in _HF_NAMES_DECAYING
            return o.cls in _HF_DECAYING
        if o.lib == "timm":
            return True
        return any(self.decays(k) for k in self.seq_children(o))

    def warmup_rules(self, o: Obj) -> None:
        if o.kind != "scheduler" or id(o.node) in self.children:
            return
        opt = self.optimizer_of(o)
        if opt is None:
            return
        if opt.lib == "schedulefree" and self.decays(o):
            self.add(o.node, "LR011", sched_desc=o.desc, optimizer=opt.name)
            return
        if not opt.cls.lower().startswith("adamw") or not self.decays_without_warmup(o):
            return
        if self._manual_lr_writes():
            return
        model = self._transformer_in(opt)
        if model is not None:
            self.add(o.node, "LR007", model=model, sched_desc=o.desc)

    def _transformer_in(self, opt: Obj) -> str | None:
        params = opt.arg("params")
        if params is None:
            return None
        ctx = Ctx(opt.scope or self.m.module_scope, cls=self._cls_of(opt))
        for n in ast.walk(params):
            if isinstance(n, (ast.Name, ast.Attribute)):
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self" \
                        and n.attr in ("parameters", "named_parameters") and ctx.cls:
                    from .symbols import is_transformer_class
                    if is_transformer_class(self.m.classes[ctx.cls], self.m.imports):
                        return ctx.cls
                obj = self.m.lookup(n, ctx)
                if obj is not None and obj.kind == "model" and obj.transformer:
                    return f"`{obj.name}` ({obj.cls})"
        return None

    def _manual_lr_writes(self) -> bool:
        if getattr(self, "_lr_writes", None) is None:
            self._lr_writes = self._find_lr_writes()
        return self._lr_writes

    def _lr_decayed(self) -> bool:
        """The LR is changed by hand: an LR-named variable scaled (``lr /= 10``, ``lr = lr * 0.1``) or an
        optimizer rebuilt inside a loop (with a new LR)."""
        for n in self.m.nodes:
            if isinstance(n, ast.AugAssign) and isinstance(n.op, (ast.Mult, ast.Div, ast.FloorDiv)) \
                    and re.search(r"(^|_)lr$|learning_rate", (ident(n.target) or "").lower()):
                return True
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.value, ast.BinOp) \
                    and re.search(r"(^|_)lr$|learning_rate", (ident(n.targets[0]) or "").lower()) \
                    and ast.dump(n.targets[0]).replace("Store", "Load") in {ast.dump(x) for x in ast.walk(n.value)}:
                return True
        for lp in self.m.loops:
            for n in walk_no_defs(lp.node):
                o = classify_call(n, self.m.imports, self.m.classes) if isinstance(n, ast.Call) else None
                if o is not None and o.kind == "optimizer":
                    return True
        return False

    def _find_lr_writes(self) -> bool:
        for n in self.m.nodes:
            if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store) and isinstance(n.slice, ast.Constant) \
                    and n.slice.value == "lr":
                return True
        return False

    def onecycle_long(self, o: Obj) -> None:
        if o.lib != "torch" or o.cls != "OneCycleLR":
            return
        scope = o.scope or self.m.module_scope
        ep = self.res.value(o.arg("epochs"), scope)
        if ep is None and o.arg("total_steps") is not None:
            for n in ast.walk(o.arg("total_steps")):
                if ident(n) and "epoch" in ident(n).lower() and "per" not in ident(n).lower():
                    ep = self.res.value(n, scope)
                    break
        if isinstance(ep, (int, float)) and ep >= ONECYCLE_LONG_EPOCHS:
            self.add(o.node, "LR008", epochs=str(ep))

    # -- LR009 ----------------------------------------------------------------------------------
    def no_scheduler(self) -> None:
        if any(o.kind == "scheduler" for o in self.m.all_objs()) or self._manual_lr_writes() or self._lr_decayed():
            return
        if self.m.imports.modules & {"lrkit", "schedulefree", "lightning", "pytorch_lightning", "keras", "timm"}:
            return
        for n in self.m.nodes:
            name = n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute) else (
                n.name if isinstance(n, (ast.FunctionDef, ast.ClassDef)) else n.arg if isinstance(n, ast.arg) else "")
            low = name.lower()
            if "sched" in low or low in ("param_groups", "configure_optimizers") or "lr_lambda" in low or (
                    low == "trainer" and isinstance(n, (ast.Name, ast.Attribute))
                    and "transformers" in self.m.imports.modules):
                return
        for ev in self.m.opt_steps:
            opt = ev.obj
            if opt.lib != "torch" or not isinstance(opt.node, ast.Call):
                continue
            for lp in ev.ctx.loops:
                if lp.kind != "epoch" or lp.stop is None:
                    continue
                n = self.res.value(lp.stop, lp.scope)
                inside = lp.node.lineno <= opt.node.lineno <= (lp.node.end_lineno or lp.node.lineno)
                if isinstance(n, int) and n >= NO_SCHEDULER_EPOCHS and not inside:
                    self.add(opt.node, "LR009", optimizer=opt.name, epochs=str(n))
                    return

    # -- Lightning and HF Trainer ---------------------------------------------------------------
    def lightning(self) -> None:
        for (cls, name), fn in self.m.methods.items():
            if name != "configure_optimizers":
                continue
            scope = self.m.scopes[id(fn)]
            ctx = Ctx(scope, cls=cls)
            for ret in (n for n in walk_no_defs(fn) if isinstance(n, ast.Return) and n.value is not None):
                self._lightning_keys(ret.value, scope)
                for sched_expr, cfg in self._lightning_configs(ret.value, scope):
                    self._lightning_check(sched_expr, cfg, ctx, ret)

    def _epoch_positioned(self, cls: str | None, o: Obj) -> bool:
        """LR002 for an ``lr_scheduler_step`` override that sets every scheduler to the epoch index
        (``scheduler.step(epoch=self.current_epoch)``): a per-step schedule then moves once per epoch."""
        fn = self.m.methods.get((cls or "", "lr_scheduler_step"))
        if fn is None or len(fn.args.args) < 2:
            return False
        param = fn.args.args[1].arg
        for n in walk_no_defs(fn):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "step"
                    and isinstance(n.func.value, ast.Name) and n.func.value.id == param):
                continue
            pos = next((k.value for k in n.keywords if k.arg == "epoch"), n.args[0] if n.args else None)
            if pos is not None and any(ident(x) and "epoch" in ident(x).lower() for x in ast.walk(pos)):
                self.add(n, "LR002", sched_desc=o.desc, scheduler=o.name,
                         length=f"\"interval\": \"step\", but lr_scheduler_step sets it to {text(pos)}",
                         fraction="1/steps_per_epoch")
                return True
        return False

    def _lightning_keys(self, value: ast.expr, scope) -> None:
        """LR025: keys and intervals Lightning ignores or rejects."""
        if isinstance(value, ast.Name) and isinstance(scope.value_of(value.id), ast.Dict):
            value = scope.value_of(value.id)
        dicts: list[tuple[ast.Dict, bool]] = []
        if isinstance(value, ast.Dict):
            dicts.append((value, True))
            d = _dict(value)
            ls = d.get("lr_scheduler")
            if isinstance(ls, ast.Name) and isinstance(scope.value_of(ls.id), ast.Dict):
                ls = scope.value_of(ls.id)
            if isinstance(ls, ast.Dict):
                dicts.append((ls, False))
        elif isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == 2 \
                and isinstance(value.elts[1], (ast.List, ast.Tuple)):
            dicts += [(e, False) for e in value.elts[1].elts if isinstance(e, ast.Dict)]
        for dnode, top in dicts:
            for k, v in zip(dnode.keys, dnode.values):
                if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                    continue
                valid = _LIGHTNING_TOP if top else _LIGHTNING_CFG
                if k.value not in valid:
                    hint = ' (Lightning reads the scheduler from "lr_scheduler")' if top and k.value in (
                        "scheduler", "lr_schedulers", "schedulers", "lr_sched") else ""
                    self.add(k, "LR025", problem=f"the key \"{k.value}\"{hint}, which Lightning ignores with a "
                                                 f"warning; it reads {', '.join(sorted(valid))}")
                elif k.value == "interval" and isinstance(v, ast.Constant) and v.value not in ("step", "epoch"):
                    self.add(v, "LR025", problem=f"\"interval\": {v.value!r}; Lightning accepts \"step\" or \"epoch\"")

    def _lightning_configs(self, value: ast.expr, scope) -> Iterator[tuple[ast.expr, dict[str, ast.expr]]]:
        if isinstance(value, ast.Name) and isinstance(scope.value_of(value.id), ast.Dict):
            value = scope.value_of(value.id)
        if isinstance(value, ast.Dict):
            d = _dict(value)
            ls = d.get("lr_scheduler")
            if ls is None:
                return
            if isinstance(ls, ast.Name) and isinstance(scope.value_of(ls.id), ast.Dict):
                ls = scope.value_of(ls.id)
            if isinstance(ls, ast.Dict):
                cfg = _dict(ls)
                if "monitor" not in cfg and "monitor" in d:
                    cfg["monitor"] = d["monitor"]
                if "scheduler" in cfg:
                    yield cfg["scheduler"], cfg
            else:
                yield ls, ({"monitor": d["monitor"]} if "monitor" in d else {})
        elif isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == 2 \
                and isinstance(value.elts[1], (ast.List, ast.Tuple)):
            for e in value.elts[1].elts:
                if isinstance(e, ast.Dict):
                    cfg = _dict(e)
                    if "scheduler" in cfg:
                        yield cfg["scheduler"], cfg
                else:
                    yield e, {}

    def _lightning_check(self, sched_expr: ast.expr, cfg: dict[str, ast.expr], ctx: Ctx, ret: ast.Return) -> None:
        cands = self.m.lookup_all(sched_expr, ctx)   # each arm of `if name == ...: self.scheduler = ...`
        if len(cands) > 1:
            # a return inside an arm (or after it) sees the scheduler assigned on its own path
            here = {(id(b.node), b.key) for b in flow.construction_path(self, ret)}
            on_path = [c for c in cands if c.node.lineno < ret.lineno and all(
                (id(b.node), b.key) in here for b in flow.construction_path(self, c.node))]
            if on_path:
                cands = [max(on_path, key=lambda c: c.node.lineno)]
        for o in cands:
            self._lightning_one(o, sched_expr, cfg, ctx)

    def _lightning_one(self, o: Obj, sched_expr: ast.expr, cfg: dict[str, ast.expr], ctx: Ctx) -> None:
        interval = cfg.get("interval")
        iv = interval.value if isinstance(interval, ast.Constant) else ("epoch" if interval is None else None)
        freq = cfg.get("frequency")
        if iv not in ("step", "epoch") or (freq is not None and not (isinstance(freq, ast.Constant)
                                                                      and freq.value == 1)):
            return
        where = interval if interval is not None else sched_expr
        length = self.length_of(o)
        scope = o.scope or ctx.scope
        if iv == "step" and o.lib != "timm" and self._epoch_positioned(ctx.cls, o):
            return
        if o.cls == "OneCycleLR" and iv == "epoch":
            spe, total = o.arg("steps_per_epoch"), o.arg("total_steps")
            if spe is not None or (total is not None and self.res.sizing(total, scope) == "steps"):
                self.add(where, "LR002", sched_desc=o.desc, scheduler=o.name,
                         length=text(total) if total is not None else f"steps_per_epoch={text(spe)}",
                         fraction="1/steps_per_epoch")
        elif length is not None and o.cls != "LinearLR":
            arg, expr = length
            size = self.res.sizing(expr, scope)
            if iv == "step" and size == "epochs":
                self.add(where, "LR001", sched_desc=o.desc, length=text(expr), span=self._span(expr, o), ctor=o.cls,
                         arg=arg)
            elif iv == "epoch" and size == "steps":
                self.add(where, "LR002", sched_desc=o.desc, scheduler=o.name, length=f"{arg}={text(expr)}",
                         fraction="1/steps_per_epoch")
        pk = self.plateau_kind(o)
        mon = cfg.get("monitor")
        if pk is not None and isinstance(mon, ast.Constant) and isinstance(mon.value, str):
            self.mode_check(mon, mon.value, pk[1], o.name)

    def hf_trainer(self) -> None:
        for call, ctx in self.m.trainer_calls:
            kw = next((k.value for k in call.keywords if k.arg == "optimizers"), None)
            if not isinstance(kw, ast.Tuple) or len(kw.elts) != 2:
                continue
            o = self.m.lookup(kw.elts[1], ctx)
            if o is None or o.cls == "LinearLR":
                continue
            length = self.length_of(o)
            if length and self.res.sizing(length[1], o.scope or ctx.scope) == "epochs":
                self.add(kw.elts[1], "LR001", sched_desc=f"{o.desc} (stepped by the HF Trainer every step)",
                         length=text(length[1]), span=self._span(length[1], o), ctor=o.cls, arg=length[0])


def _dict(d: ast.Dict) -> dict[str, ast.expr]:
    return {k.value: v for k, v in zip(d.keys, d.values) if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def _metric_name(expr: ast.AST) -> str | None:
    name, flipped = _metric(expr)
    if name is None:
        return None
    return f"-{name}" if flipped else name


_WRAP_FUNCS = {"float", "round", "ceil", "floor", "abs", "mean", "tensor", "array", "asarray", "item", "sum",
               "average", "min", "max", "detach", "cpu", "numpy", "tolist", "get"}


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
