"""Who else steps the scheduler: Lightning (``configure_optimizers``, intervals, manual optimization,
``lr_scheduler_step``) and the HF ``Trainer`` (LR001/LR002 in their configs, LR016 by hand and by them,
LR025 for keys and intervals Lightning ignores)."""

from __future__ import annotations

import ast
from typing import Iterator

from . import flow, zerostart
from .horizon import ran_past
from .lengths import samples_message
from .symbols import Obj, ident, text, walk_no_defs
from .walk import Branch, Ctx, StepCall

_LIGHTNING_TOP = {"optimizer", "lr_scheduler", "monitor"}
_LIGHTNING_CFG = {"scheduler", "name", "interval", "frequency", "reduce_on_plateau", "monitor", "strict", "opt_idx"}



def _automatic(t: ast.AST | None) -> bool | None:
    """``self.automatic_optimization`` (True), ``not self.automatic_optimization`` (False), else None."""
    if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
        v = _automatic(t.operand)
        return None if v is None else not v
    return True if t is not None and text(t) == "self.automatic_optimization" else None


def _manual_only(ev: StepCall, fn: ast.AST | None) -> bool:
    """The hand call runs only under manual optimization, when Lightning steps nothing itself: under ``if not
    self.automatic_optimization:`` or after ``if self.automatic_optimization: return`` in its function (a base
    module whose subclasses choose)."""
    if any(isinstance(b, Branch) and _automatic(b.test) is not None and _automatic(b.test) != b.key
           for b in ev.path):
        return True
    body = getattr(fn, "body", [])
    return any(isinstance(st, ast.If) and _automatic(st.test) is True and st.body
               and isinstance(st.body[-1], ast.Return) and st.lineno < ev.call.lineno for st in body)

class FrameworkRules:
    """The checker's rules about Lightning and the HF Trainer (mixed into :class:`~lrkit.doctor.rules.Checker`)."""

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
            if ev.ctx.cls in auto and getattr(fn, "name", "") != "lr_scheduler_step" and not _manual_only(ev, self.m.enclosing_function(ev.call)) \
                    and any(x is ev.obj for x in self.m.lightning_schedulers(ev.ctx.cls)):
                out.append((ev.obj, ev, "Lightning"))
        for _, ctx, _, sched in self.trainer_pairs():
            o = self.m.lookup(sched, ctx)
            for ev in self.m.sched_steps:
                if o is not None and ev.obj is o and ev.by == "hand":
                    out.append((o, ev, "the HF Trainer"))
        return out

    def trainer_pairs(self) -> list[tuple[ast.Call, Ctx, ast.expr, ast.expr]]:
        """Every ``Trainer(..., optimizers=(optimizer, scheduler))`` of the file: (call, its context, the optimizer
        expression, the scheduler expression); the HF Trainer steps both."""
        out = []
        for call, ctx in self.m.trainer_calls:
            kw = next((k.value for k in call.keywords if k.arg == "optimizers"), None)
            if isinstance(kw, ast.Tuple) and len(kw.elts) == 2:
                out.append((call, ctx, kw.elts[0], kw.elts[1]))
        return out

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
        if isinstance(value, ast.Name):   # `x = {}` ... `x["lr_dict"] = {...}` ... `return x`
            for st in ast.walk(scope.node):
                if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(t := st.targets[0], ast.Subscript) \
                        and isinstance(t.value, ast.Name) and t.value.id == value.id and isinstance(t.slice, ast.Constant) \
                        and isinstance(t.slice.value, str) and t.slice.value not in _LIGHTNING_TOP \
                        and self._holds_scheduler(st.value, scope):
                    self.add(t.slice, "LR025", problem=f"the key \"{t.slice.value}\" (Lightning reads the scheduler "
                                                       f"from \"lr_scheduler\"), which Lightning ignores; it reads "
                                                       f"{', '.join(sorted(_LIGHTNING_TOP))}")
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

    def _holds_scheduler(self, v: ast.expr, scope) -> bool:
        """A scheduler, or a dict with one under "scheduler" (the config Lightning expects under "lr_scheduler")."""
        if isinstance(v, ast.Dict):
            v = _dict(v).get("scheduler")
        o = self.m.lookup(v, Ctx(scope)) if v is not None else None
        return o is not None and o.kind == "scheduler"

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

    def _lightning_check(self, sched_expr: ast.expr, cfg: dict[str, ast.expr], ctx: Ctx, ret: ast.stmt) -> None:
        if isinstance(sched_expr, ast.Name):
            latest = self._assigned_on_path(sched_expr.id, ctx, ret)
            if isinstance(latest, ast.Dict):   # `scheduler = {"scheduler": CyclicLR(...), "interval": "step"}`
                inner = _dict(latest)
                if "scheduler" in inner:
                    # `scheduler = {"scheduler": scheduler, ...}` reads the name as assigned before this dict
                    self._lightning_check(inner["scheduler"], inner, ctx, self.m.stmt_of(latest))
                return
            if latest is not None and not any(c.node is latest for c in self.m.lookup_all(sched_expr, ctx)):
                return   # what this return sees is not a scheduler the doctor knows
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

    def _sparse_frequency(self, o: Obj, freq: ast.expr, ctx: Ctx) -> None:
        """LR002 for ``"interval": "step", "frequency": f`` on a schedule sized in all the run's optimizer steps
        (``max_epochs * len(loader)``, not divided by ``f``): Lightning steps it once every ``f`` updates, so the
        run covers 1/f of it (held-out set 26: ``"frequency": self.trainer.max_epochs``)."""
        length = self.length_of(o)
        if o.cls == "OneCycleLR" and o.arg("total_steps") is not None:
            length = ("total_steps", o.arg("total_steps"))
        scope = o.scope or ctx.scope
        if length is None or self.res.sizing(length[1], scope) != "steps":
            return
        n = self.res.value(freq, scope)
        if isinstance(freq, ast.Constant) and not (isinstance(n, int) and n > 1):
            return
        exprs = [length[1], *(scope.assigns.get(length[1].id, []) if isinstance(length[1], ast.Name) else [])]
        if any(isinstance(b, ast.BinOp) and isinstance(b.op, (ast.Div, ast.FloorDiv)) and ast.dump(freq) in {
                ast.dump(x) for x in ast.walk(b.right)} for e in exprs for b in ast.walk(e)):
            return   # `total_steps=len(loader) * epochs // freq`: sized for the steps it will get
        self.add(freq, "LR002", sched_desc=o.desc, scheduler=o.name,
                 message=f"{o.desc} is sized in optimizer steps ({length[0]}={text(length[1])}) but Lightning steps "
                         f"it once every {text(freq)} updates (\"frequency\"): the run covers only 1/{text(freq)} "
                         "of its schedule",
                 fix="drop \"frequency\" (or set it to 1) so that Lightning steps it after every update; or divide "
                     "the schedule's length by the frequency")

    def _assigned_on_path(self, name: str, ctx: Ctx, ret: ast.stmt) -> ast.AST | None:
        """The last value assigned to ``name`` before the statement ``ret`` on its own arms (None when none is)."""
        here = {(id(b.node), b.key) for b in flow.construction_path(self, ret)}
        best = None
        for v in ctx.scope.assigns.get(name, []):
            st = self.m.stmt_of(v)
            if st is None or not hasattr(st, "lineno") or st.lineno >= ret.lineno:
                continue
            if all((id(b.node), b.key) in here for b in flow.construction_path(self, st)):
                if best is None or st.lineno > self.m.stmt_of(best).lineno:
                    best = v
        return best

    def _lightning_one(self, o: Obj, sched_expr: ast.expr, cfg: dict[str, ast.expr], ctx: Ctx) -> None:
        if id(o) in self.doubled:
            return   # also stepped by hand: the double stepping is the finding (LR016), not the interval
        interval = cfg.get("interval")
        iv = interval.value if isinstance(interval, ast.Constant) else ("epoch" if interval is None else None)
        freq = cfg.get("frequency")
        if iv == "step" and freq is not None and not (isinstance(freq, ast.Constant) and freq.value == 1):
            self._sparse_frequency(o, freq, ctx)
        if iv not in ("step", "epoch") or (freq is not None and not (isinstance(freq, ast.Constant)
                                                                      and freq.value == 1)):
            return
        where = interval if interval is not None else sched_expr
        length = self.length_of(o)
        scope = o.scope or ctx.scope
        if iv == "step" and o.lib != "timm" and self._epoch_positioned(ctx.cls, o):
            return
        if iv == "epoch" and o.cls == "SequentialLR":
            zerostart.sequence_first_at_zero(self, o)
        if o.cls == "CyclicLR" and iv == "epoch":
            half = self.cyclic_in_steps(o)
            if half is not None:
                self.add(where, "LR002", sched_desc=o.desc, scheduler=o.name, length=half,
                         fraction="1/steps_per_epoch")
        elif o.cls == "OneCycleLR" and iv == "epoch":
            spe, total = o.arg("steps_per_epoch"), o.arg("total_steps")
            if spe is not None and self.res.value(spe, scope) == 1:
                pass   # `steps_per_epoch=1`: a one-cycle counted in epochs, stepped once per epoch as sized
            elif spe is not None or (total is not None and self.res.sizing(total, scope) == "steps"):
                self.add(where, "LR002", sched_desc=o.desc, scheduler=o.name,
                         length=text(total) if total is not None else f"steps_per_epoch={text(spe)}",
                         fraction="1/steps_per_epoch")
        elif iv == "epoch" and o.wraps is not None and self.wrapped_length(o) is not None:
            desc, n = self.wrapped_length(o)
            self._against_max_epochs(o, f"{o.desc} ({desc})", n)
        elif length is not None and o.cls != "LinearLR":
            arg, expr = length
            size = self.res.sizing(expr, scope)
            if iv == "step" and size == "epochs":
                self.add(where, "LR001", sched_desc=o.desc, length=text(expr), span=self.span(expr, o), ctor=o.cls,
                         arg=arg)
            elif iv == "epoch" and size == "steps":
                self.add(where, "LR002", sched_desc=o.desc, scheduler=o.name, length=f"{arg}={text(expr)}",
                         fraction="1/steps_per_epoch")
            elif iv == "epoch" and o.cls in ("CosineAnnealingLR", "PolynomialLR"):
                self._against_max_epochs(o, f"{o.desc} ({arg}={text(expr)})", self.res.value(expr, scope))
        pk = self.plateau_kind(o)
        mon = cfg.get("monitor")
        if pk is not None and isinstance(mon, ast.Constant) and isinstance(mon.value, str):
            self.mode_check(mon, mon.value, pk[1], o.name)

    def _against_max_epochs(self, o: Obj, what: str, n: object) -> None:
        """LR013: a per-epoch schedule whose length ``n`` resolves to fewer epochs than the one
        ``Trainer(max_epochs=N)`` of the file runs."""
        runs = set()
        for call in self.m.nodes:
            if isinstance(call, ast.Call) and (self.m.imports.qual(call.func) or "").endswith(
                    ("lightning.Trainer", "lightning.pytorch.Trainer")):
                kw = next((k.value for k in call.keywords if k.arg == "max_epochs"), None)
                if kw is not None:
                    home = self.m.scope_at(call)
                    runs.add(self.res.value(kw, home))
        if isinstance(n, int) and len(runs) == 1:
            epochs = runs.pop()
            if isinstance(epochs, int) and 0 < n < epochs:
                self.add(o.node, "LR013", what=what, count=f"{epochs} epochs'", planned=f"{n} epochs", unit="epochs",
                         message=ran_past(what, epochs, f"{n} epochs"))

    def hf_trainer(self) -> None:
        for _, ctx, _, sched in self.trainer_pairs():
            o = self.m.lookup(sched, ctx)
            if o is None or o.cls == "LinearLR":
                continue
            length = self.length_of(o)
            if length and self.res.sizing(length[1], o.scope or ctx.scope) == "epochs":
                self.add(sched, "LR001", sched_desc=f"{o.desc} (stepped by the HF Trainer every step)",
                         length=text(length[1]), span=self.span(length[1], o), ctor=o.cls, arg=length[0])
        self._training_arguments()

    def _training_arguments(self) -> None:
        """LR018 for ``TrainingArguments(warmup_steps=..., max_steps=...)`` counted in examples: the Trainer
        counts optimizer steps (batches times accumulation)."""
        for n in self.m.nodes:
            if not (isinstance(n, ast.Call) and (self.m.imports.qual(n.func) or "").startswith("transformers.")
                    and ident(n.func) in ("TrainingArguments", "Seq2SeqTrainingArguments")):
                continue
            scope = self.m.scope_at(n)
            for k in n.keywords:
                unit = self.res.fraction_sizing(k.value, scope) if k.arg == "warmup_steps" else (
                    self.res.sizing(k.value, scope) if k.arg == "max_steps" else None)
                if unit == "samples":
                    desc, length = "the HF Trainer's schedule (TrainingArguments)", f"{k.arg}={text(k.value)}"
                    self.add(k.value, "LR018", sched_desc=desc, length=length,
                             message=samples_message(desc, length, True, k.arg == "warmup_steps"))
                    break


def _dict(d: ast.Dict) -> dict[str, ast.expr]:
    return {k.value: v for k, v in zip(d.keys, d.values) if isinstance(k, ast.Constant) and isinstance(k.value, str)}
