"""Rules about the schedule a recipe needs rather than how it is stepped: a cosine after warmup that spans
the whole run (LR005), SequentialLR milestones (LR006), Transformers with AdamW and no warmup (LR007), one-cycle
over a long run (LR008), no schedule at all (LR009), decay on a schedule-free optimizer (LR011)."""

from __future__ import annotations

import ast
import re

from .symbols import TORCH_SCHEDULERS, WHOLE_RUN, Obj, classify_call, ident, text, walk_no_defs
from .context import range_bounds
from .walk import Branch, Ctx, Loop
from .written import literal

_DECAYING_TORCH = {"CosineAnnealingLR", "StepLR", "MultiStepLR", "ExponentialLR", "PolynomialLR",
                   "CosineAnnealingWarmRestarts"}
_HF_DECAYING = {"get_linear_schedule_with_warmup", "get_cosine_schedule_with_warmup",
                "get_cosine_with_hard_restarts_schedule_with_warmup", "get_polynomial_decay_schedule_with_warmup"}
_HF_NAMES_DECAYING = {"linear", "cosine", "cosine_with_restarts", "polynomial"}
ONECYCLE_LONG_EPOCHS = 100
# a comment line that builds or steps a scheduler: `# sched = lr_scheduler.StepLR(...)`, `#scheduler.step()`
_COMMENTED_SCHEDULER = re.compile(r"^[ \t]*#[ \t]*(?:\w*sched\w*[ \t]*=[ \t]*[\w.]*(?:lr_scheduler\.|LR\()"
                                  r"|[\w.]*sched\w*\.step\()", re.M | re.I)
NO_SCHEDULER_EPOCHS = 50


def _pretrained(model: Obj) -> bool:
    """Loaded with pretrained weights (``from_pretrained``, ``create_model(..., pretrained=True)``): a fine-tune,
    where recipes often run without warmup (the HF course, ``run_glue``'s default), so LR007 stays silent."""
    call = model.node
    if not isinstance(call, ast.Call):
        return False
    if isinstance(call.func, ast.Attribute) and call.func.attr == "from_pretrained":
        return True
    return any(k.arg == "pretrained" and not (isinstance(k.value, ast.Constant) and not k.value.value)
               for k in call.keywords)


class PracticeRules:
    """The checker's rules about what a recipe needs (mixed into :class:`~lrkit.doctor.rules.Checker`)."""

    # -- LR005 / LR006 --------------------------------------------------------------------------
    def sequential_rules(self, o: Obj) -> None:
        if o.lib != "torch" or o.cls != "SequentialLR":
            return
        kids = self.seq_children(o)
        scope = o.scope or self.m.module_scope
        ms = o.arg("milestones")
        ms = literal(ms, scope) if ms is not None else None   # also `milestones=cfg["milestones"]`
        if ms is not None and not isinstance(ms, (ast.List, ast.Tuple)):   # `args.milestones`: its default list
            vals = self.res.value(ms, scope)
            if isinstance(vals, list) and all(isinstance(v, int) for v in vals):
                ms = ast.copy_location(ast.List(elts=[ast.copy_location(ast.Constant(v), ms) for v in vals]), ms)
        if len(kids) < 2 or not isinstance(ms, (ast.List, ast.Tuple)) or not ms.elts:
            return
        first = kids[0]
        m0 = ms.elts[0]
        site = m0 if ms is o.arg("milestones") else o.arg("milestones")   # a config entry: report at the call
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
                self.add(site, "LR006", milestone=str(vm), first=first.cls, iters=str(vi), effect=effect)
            elif not same and {self.res.sizing(iters, first.scope or scope), self.res.sizing(m0, scope)} \
                    == {"steps", "epochs"}:
                self.add(site, "LR006", milestone=text(m0), first=first.cls, iters=text(iters),
                         effect="one counts epochs and the other steps, so the hand-over is off by a factor of "
                                "steps_per_epoch")
            elif not same and (vi is None or vm is None):
                self.note(site, f"could not determine whether milestone `{text(m0)}` equals the warmup length "
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

    def hand_switched_cosine(self, o: Obj) -> None:
        """LR005 without SequentialLR: ``if epoch < warmup_epochs: warmup.step() else: cosine.step()`` hands the
        cosine only the passes after the warmup, while its ``T_max`` is the whole run."""
        tmax = o.arg("T_max")
        if o.lib != "torch" or o.cls != "CosineAnnealingLR" or tmax is None or id(o.node) in self.children:
            return
        for ev in self.m.sched_steps:
            if ev.obj is not o or ev.by != "hand" or self.built_in_loop(o, ev):
                continue
            warm = _after_warmup(ev)
            if warm is None or not self.whole_run(tmax, o.scope or self.m.module_scope):
                continue
            v = self.res.value(warm, ev.ctx.scope)
            t = self.res.value(tmax, o.scope or self.m.module_scope)
            if isinstance(v, (int, float)) and (v <= 0 or isinstance(t, (int, float)) and v >= t):
                continue   # no warm-up, or one as long as the run (LR017's)
            self.add(tmax, "LR005", warmup=text(warm), tmax=text(tmax),
                     message=f"CosineAnnealingLR `{o.name}` is stepped only after the warm-up ({text(warm)}) but has "
                             f"T_max={text(tmax)}, the whole run: the cosine is cut off before its floor")
            return

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
        ctx = Ctx(opt.scope or self.m.module_scope, cls=self.cls_of(opt))
        for n in ast.walk(params):
            if isinstance(n, (ast.Name, ast.Attribute)):
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self" \
                        and n.attr in ("parameters", "named_parameters") and ctx.cls:
                    from .symbols import is_transformer_class
                    cls_node = self.m.classes[ctx.cls]
                    if is_transformer_class(cls_node, self.m.imports) and not any(
                            isinstance(c, ast.Call) and _pretrained(Obj("model", "", "", c)) for c in ast.walk(cls_node)):
                        return ctx.cls   # a Transformer the class builds, not one it loads pretrained
                obj = self.m.lookup(n, ctx)
                if obj is not None and obj.kind == "model" and obj.transformer and not _pretrained(obj):
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
        return any(self.hand_schedule(n) for n in self.m.nodes)

    def hand_schedule(self, n: ast.AST) -> bool:
        """An LR-named value computed from the epoch or step counter: ``lr = BASE_LR * 0.1 ** (epoch // 30)``
        in the epoch loop, or in a function given the epoch (``def lr_at(epoch)``): a schedule written by hand,
        whatever then carries it to the optimizer (a param-group write, an optimizer rebuilt from it)."""
        if isinstance(n, ast.Assign) and len(n.targets) == 1:
            target, value = n.targets[0], n.value
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign)) and n.value is not None:
            target, value = n.target, n.value
        else:
            return False
        if not re.search(r"(^|_)lr$|learning_rate", (ident(target) or "").lower()):
            return False
        return bool(self.counters_in(n) & {x.id for x in ast.walk(value) if isinstance(x, ast.Name)})

    def counters_in(self, n: ast.AST) -> set[str]:
        """The names that count epochs or steps where ``n`` runs: the targets of the loops around it (up to its
        function) and the function's parameters named so (``epoch``, ``step``, ``it``)."""
        out: set[str] = set()
        p = self.m.parents.get(id(n))
        while p is not None and not isinstance(p, ast.Module):
            if isinstance(p, (ast.For, ast.AsyncFor)):
                out |= {x.id for x in ast.walk(p.target) if isinstance(x, ast.Name)}
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                a = p.args
                out |= {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs
                        if re.search(r"epoch|step|iter|^it$|^e$|^ep$", x.arg.lower())}
                break
            p = self.m.parents.get(id(p))
        return out

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
        ep = self.res.written(o.arg("epochs"), scope)   # a written count, not a default
        if ep is None and o.arg("total_steps") is not None:
            for n in ast.walk(o.arg("total_steps")):
                if ident(n) and "epoch" in ident(n).lower() and "per" not in ident(n).lower():
                    ep = self.res.written(n, scope)
                    break
        if isinstance(ep, (int, float)) and ep >= ONECYCLE_LONG_EPOCHS:
            self.add(o.node, "LR008", epochs=str(ep))

    # -- LR009 ----------------------------------------------------------------------------------
    def no_scheduler(self) -> None:
        if any(o.kind == "scheduler" for o in self.m.all_objs()) or self._manual_lr_writes() or self._lr_decayed():
            return
        if self.m.imports.modules & {"lrkit", "schedulefree", "lightning", "pytorch_lightning", "keras", "timm"}:
            return
        if any("lr_scheduler" in q or q.rsplit(".", 1)[-1] in TORCH_SCHEDULERS for q in self.m.imports.alias.values()):
            return   # a scheduler imported and not used (its lines commented out): a constant LR chosen, not forgotten
        if _COMMENTED_SCHEDULER.search(self.m.source):
            return   # the same choice without the import: `# scheduler = torch.optim.lr_scheduler.CyclicLR(...)`
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
                start = (range_bounds(lp.node) or (None, None))[0]
                first = self.res.value(start, lp.scope) if start is not None else 0
                if isinstance(n, int) and isinstance(first, int) and 0 < first < n:
                    n -= first   # `range(start + 1, epochs + 1)`: the count of epochs, not the bound (third audit)
                inside = lp.node.lineno <= opt.node.lineno <= (lp.node.end_lineno or lp.node.lineno)
                if isinstance(n, int) and n >= NO_SCHEDULER_EPOCHS and not inside:
                    self.add(opt.node, "LR009", optimizer=opt.name, epochs=str(n))
                    return


def _after_warmup(ev) -> ast.expr | None:
    """The warm-up length when the call runs only past it: the arm of ``if epoch < W`` (``<=``) that fails, or of
    ``if epoch >= W`` (``>``) that holds, where the counter is the epoch loop's variable or W names a warm-up."""
    loop_vars = {x.node.target.id for x in ev.path if isinstance(x, Loop) and isinstance(x.node, ast.For)
                 and isinstance(x.node.target, ast.Name)}
    for b in ev.path:
        t = b.test if isinstance(b, Branch) else None
        if not (isinstance(t, ast.Compare) and len(t.ops) == 1 and b.key in (True, False)):
            continue
        op, left, right = t.ops[0], t.left, t.comparators[0]
        if isinstance(right, ast.Name) and right.id in loop_vars:   # `W <= epoch`: read it as `epoch >= W`
            left, right = right, left
            op = {ast.Lt: ast.Gt(), ast.LtE: ast.GtE(), ast.Gt: ast.Lt(), ast.GtE: ast.LtE()}.get(type(op), op)
        counter = isinstance(left, ast.Name) and left.id in loop_vars
        if not (counter or "warm" in text(right).lower()) or not isinstance(left, (ast.Name, ast.Attribute)):
            continue
        if any(isinstance(n, ast.Name) and n.id in loop_vars for n in ast.walk(right)):
            continue
        past = (isinstance(op, (ast.Lt, ast.LtE)) and b.key is False) or (
            isinstance(op, (ast.Gt, ast.GtE)) and b.key is True)
        if past:
            return right
    return None
