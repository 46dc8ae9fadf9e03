"""The static rules: each reads the analysed :class:`~lrkit.doctor.walk.Module` and yields findings.

Precision over recall: a rule fires only on what the source states (constructor
arguments, loop shapes, resolvable constants); anything more dynamic is left
alone, with a "could not determine" note for ``--verbose``.

(Over 400 lines on purpose: the Checker is the one place that dispatches every per-object, per-step and
per-file rule, so the order they run in and what each is handed can be read at once; the rules' bodies live in
their own modules.)
"""

from __future__ import annotations

import ast
import re

from ..diagnostics import Finding, finding
from . import (afterloop, binding, chainedgetlr, crossedkeys, earlyfloor, epochsbybatch, factors, flow, grouplrs,
               handover, handwritten, ignitesched, lambdas, lengths, longrun, manualguard, opaque, order, orphaned,
               otherdata, pickled, reach, restoredrerun, resumes, swa, timmupdates, zerostart)
from .frameworks import FrameworkRules
from .horizon import HorizonRules
from .plateau import PlateauRules
from .practice import PracticeRules
from .swatail import swa_beside_main
from .symbols import HF_WARMUP_ARGS, Obj, ident, text, walk_no_defs
from .written import written_int
from .walk import Branch, Ctx, Loop, Module, StepCall

# (scheduler class -> the argument that holds its length)
_LENGTH_ARG = {"CosineAnnealingLR": "T_max", "PolynomialLR": "total_iters", "MultiStepLR": "milestones",
               "StepLR": "step_size", "LinearLR": "total_iters"}
_EPOCH_HORIZON = ("CosineAnnealingLR", "PolynomialLR", "OneCycleLR")   # one decay over the whole run
MILESTONES_PAST_RUN = 10   # epoch milestones up to this many times the loop's epochs (a longer recipe's)
_LOCAL_LENGTH = re.compile(r"^(t_max|max_iters?|max_iteration|total_iters?|total_steps|max_steps?|num_steps|"
                           r"total_epochs?|max_epochs?|num_epochs|epochs|n_epochs|num_training_steps|t_total|"
                           r"iterations|max_num_iters?|niters|total_iterations|max_iterations)$")



def _after_gate(b: Branch) -> bool:
    """``if epoch >= warmup`` (or ``warmup <= epoch``) taken, or ``if epoch < warmup`` not taken: past the warm-up."""
    t = b.test
    if not (isinstance(t, ast.Compare) and len(t.ops) == 1) or b.key not in (True, False):
        return False
    op = t.ops[0]
    left_warm = "warm" in text(t.left).lower()
    late = isinstance(op, (ast.Gt, ast.GtE)) != left_warm   # the counter is past the warm-up when the test holds
    if not isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)):
        return False
    return late == (b.key is True)

class Checker(PlateauRules, PracticeRules, FrameworkRules, HorizonRules):
    """Runs every static rule on one analysed module (the topic mixins hold the rules by theme)."""

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
        self.batch_of_one: bool | None = None   # a DataLoader with batch_size=1 (lengths.samples, found once)
        for o in mod.all_objs():
            for c in self.seq_children(o):
                self.children.add(id(c.node))
            if o.lib == "local" and o.kind == "scheduler" and o.sig:
                self._wrapped(o)

    def _wrapped(self, o: Obj) -> None:
        """A project's warmup wrapper hands over to the scheduler it is given (``after_scheduler=cosine``)."""
        ctx = Ctx(o.scope or self.m.module_scope, cls=self.cls_of(o))
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
                self.budget_horizon(ev)
                earlyfloor.floor_early(self, ev)
            self.plateau_rules(ev)
        for o in self.m.all_objs():
            self.sequential_rules(o)
            self.hand_switched_cosine(o)
            self.onecycle_long(o)
            self.warmup_rules(o)
            self.restarts_every_step(o)
            lengths.length_rules(self, o)
            zerostart.first_epoch_at_zero(self, o)
            zerostart.late_start_factor(self, o)
            crossedkeys.crossed_keys(self, o)
            factors.zero_gamma(self, o)
            grouplrs.one_bound_over_groups(self, o)
        self.no_scheduler()
        lengths.hand_warmup_past_run(self)
        early = order.always_first(self)
        for s, o in self.m.order_issues:
            if "plateau" in s.obj.cls.lower():
                continue   # a plateau scheduler has no first value to skip: it reacts to the metric (torch does not warn)
            if order.positions_from_zero(self, s):
                continue   # `step(epoch)` with a counter from 0 sets the position itself: nothing is skipped
            # the extra call is the double stepping already reported, unless every call comes first (then the one
            # left after removing the extra still does)
            if id(s.obj) not in self.doubled or early.get(id(s.obj)) is s.call:
                f = o.call.func   # `opt.step()`, or `train(..., optimizer)` that steps it
                sname = text(s.call.func.value)
                oname = text(f.value) if isinstance(f, ast.Attribute) and f.attr == "step" else o.obj.name
                kw = {} if _in_loop(s.call, self.m.parents) else {   # an epoch function's own body (uncalled.py)
                    "message": f"`{sname}.step()` is called before `{oname}.step()` in the same function body"}
                self.add(s.call, "LR010", scheduler=sname, optimizer=oname, **kw)
        self.lightning()
        self.hf_trainer()
        flow.never_stepped(self, self.children)
        manualguard.guarded_manual_steps(self)
        timmupdates.update_only(self)
        flow.rebuilt_each_pass(self)
        flow.other_optimizer(self)
        orphaned.rebuilt_optimizer(self)
        pickled.swapped_in(self)
        afterloop.stepped_after_run(self)
        ignitesched.piecewise_shorter_than_run(self)
        restoredrerun.restored_then_rerun(self)
        rebound = binding.misbound(self) | binding.menu_builds_all(self)   # reported at their constructors
        flow.competing(self, self.children | rebound, self.doubled)
        flow.hand_written_lr(self, self.children)
        flow.schedule_free_mode(self)
        flow.started_handlers(self)
        resumes.resume_restarts(self)
        swa.swa_far_above(self)
        swa_beside_main(self)
        handwritten.compounding_decay(self)
        chainedgetlr.compounding_get_lr(self)
        handwritten.overwritten_metric(self)
        otherdata.sized_on_other_data(self)
        reach.reach_rules(self)
        epochsbybatch.epochs_times_batch_size(self)
        handover.warmup_handover(self)
        # a scheduler that never moves the LR (LR061) loses nothing when a resume rebuilds it (no LR040 beside it)
        still = {id(n) for n, f in self.findings if f.code == "LR061"}
        self.findings = [(n, f) for n, f in self.findings if not (f.code == "LR040" and id(n) in still)]

    def _neutral_path(self, ev: StepCall) -> bool:
        return all(not isinstance(b, Branch) or flow.neutral(b, ev.obj) for b in ev.path)

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
            if inner and not all(flow.neutral(b, ev.obj) for b in inner):
                self.note(ev.call, f"`{text(ev.call.func)}()` runs under a condition inside the batch loop: "
                                   "could not determine how often")
                return None
            return "batch"
        if all(lp.kind == "epoch" for lp in loops):
            if inner and any(self.warmup_arm(b) for b in inner):
                return None
            if any(b.test is not None and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod)
                                              for n in ast.walk(b.test)) for b in inner):
                return None   # `if (i + 1) % k != 0:` after the batch loop: the last partial window's update
            return "epoch"
        return None

    def stepping_quiet(self, ev: StepCall) -> str | None:
        """:meth:`stepping` without leaving notes (for rules that only ask)."""
        n = len(self.notes)
        per = self.stepping(ev)
        del self.notes[n:]
        return per




    @staticmethod
    def _last_loop_index(path) -> int:
        idx = -1
        for i, x in enumerate(path):
            if isinstance(x, Loop) and x.kind != "other":
                idx = i
        return idx

    @staticmethod
    def warmup_arm(b: Branch) -> bool:
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
            copied = lambdas.copied_factory_length(self, o)
            if copied is not None:
                return copied
            named = lambdas.unit_name(self, o)
            if named is None:
                return None
            self.units[id(named[0])] = named[1]
            return ("lr_lambda", named[0])
        if o.lib == "local" and o.sig:
            for name in o.sig:
                if _LOCAL_LENGTH.match(name.lower()) and o.arg(name) is not None:
                    if o.cls == "LinearWarmupCosineAnnealingLR" and not self._from_len(o.arg(name), o):
                        return None   # its max_epochs is often given in steps: only len(loader) shows the unit
                    return (name, o.arg(name))
            return None
        if o.lib == "lrkit" and o.arg("per") is None:
            a = o.arg("total_steps")
            return ("total_steps", a) if a is not None else None
        return None

    def _from_len(self, expr: ast.expr, o: Obj) -> bool:
        scope = o.scope or self.m.module_scope
        if isinstance(expr, ast.Name) and scope.value_of(expr.id) is not None:
            expr = scope.value_of(expr.id)
        return any(isinstance(n, ast.Call) and ident(n.func) == "len" for n in ast.walk(expr))

    def unit(self, expr: ast.expr, scope) -> str | None:
        return self.units.get(id(expr)) or self.res.sizing(expr, scope)

    def epoch_sized(self, expr: ast.expr, o: Obj, loops) -> bool:
        scope = o.scope or self.m.module_scope
        if id(expr) in self.units:
            return self.units[id(expr)] == "epochs"
        if self.res.sizing(expr, scope) == "epochs":
            return True
        v = self.res.written(expr, scope)   # a size the file writes (an option's default is no recipe's count)
        for lp in loops:
            if lp.kind != "epoch" or lp.stop is None:
                continue
            if ast.dump(lp.stop) == ast.dump(expr):
                return True
            n = self.res.value(lp.stop, lp.scope)
            if n is None:   # range(args.epochs): the option's default= in this file
                n = self.cli_default(lp.stop, lp.scope)
            if isinstance(n, int) and n > 1:
                if isinstance(v, (int, float)) and v == n:
                    return True
                # CosineAnnealingLR(T_max=200) written as a number in a 250-epoch loop: an epoch recipe's horizon (as
                # a count of batches it would end within the first epochs of a run that long)
                if o.cls in _EPOCH_HORIZON and written_int(expr, scope) and isinstance(v, int) and n / 2 <= v <= 2 * n:
                    return True
                # StepLR(step_size=30) in a 100-epoch loop: a few decays over the epochs
                if o.cls == "StepLR" and isinstance(v, int) and v > 0 and (2 <= n / v <= 20 or (
                        1 < n / v < 2 and _strong_gamma(o, self.res.value(o.arg("gamma"), scope)))):
                    return True   # (step_size=7, gamma=0.1) in a 10-epoch loop: per batch, dead within an epoch
                if isinstance(v, list) and v and all(isinstance(x, (int, float)) and 0 < x < n for x in v):
                    return True
                # a longer recipe's epoch milestones ([100, 150] of a 200-epoch run) in a 24-epoch loop: as step
                # counts they would end the decay within ten epochs' worth of batches of tiny epochs
                if o.cls == "MultiStepLR" and isinstance(v, list) and v and v == sorted(v) and all(
                        isinstance(x, int) and 0 < x <= MILESTONES_PAST_RUN * n for x in v):
                    return True
        return False

    def span(self, expr: ast.expr, o: Obj) -> str:
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
        ctx = Ctx(o.scope or self.m.module_scope, cls=self.cls_of(o))
        return [c for c in (self.m.lookup(e, ctx) for e in lst.elts) if c is not None]

    def cyclic_in_steps(self, o: Obj) -> str | None:
        """CyclicLR's half cycle when it counts iterations: the default ``step_size_up=2000``, a value of 100 or
        more, or one sized from ``len(loader)`` (a small literal may be a cycle in epochs, on purpose)."""
        up = o.arg("step_size_up")
        if up is None:
            return "step_size_up=2000, the default"
        scope = o.scope or self.m.module_scope
        v = self.res.value(up, scope)
        if (isinstance(v, (int, float)) and v >= 100) or self.res.sizing(up, scope) == "steps":
            return f"step_size_up={text(up)}"
        return None

    def cls_of(self, o: Obj) -> str | None:
        return self.m.owner.get(id(o.scope.node)) if o.scope is not None else None

    def optimizer_of(self, o: Obj) -> Obj | None:
        ctx = Ctx(o.scope or self.m.module_scope, cls=self.cls_of(o), bindings=o.bindings)
        return self.m.lookup(o.arg("optimizer"), ctx)

    # -- LR001 / LR002 --------------------------------------------------------------------------
    def stepping_rules(self, ev: StepCall) -> None:
        o = ev.obj
        per = self.stepping(ev)
        if per is not None and o.lib == "unknown" and o.kind == "scheduler":
            opaque.factory_sized(self, ev, per)   # a factory of another package: its steps keyword
            return
        if per is None and self._after_warmup_per_epoch(ev):
            self._sized_in_steps(ev)
            return
        if per is None or _constant_decay(o, self.res.value(o.arg("gamma"), o.scope or self.m.module_scope)):
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
            if per == "epoch":
                self._timm_horizon(ev)
            return
        if o.cls == "OneCycleLR" and per == "batch":
            self._onecycle_horizon(ev)
            length = ("epochs", o.arg("epochs")) if o.arg("steps_per_epoch") is not None else ("total_steps", o.arg(
                "total_steps"))
            if length[1] is not None:
                longrun.longer_than_run(self, ev, per, *length)
            total = o.arg("total_steps")
            if total is not None and o.arg("steps_per_epoch") is None and self.epoch_sized(total, o, ev.ctx.loops):
                self.add(ev.call, "LR001", sched_desc=o.desc, length=text(total), span=self.span(total, o),
                         ctor=o.cls, arg="total_steps")
            return
        if o.cls == "CyclicLR" and per == "epoch":
            half = self.cyclic_in_steps(o)
            if half is not None:
                self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name, length=half,
                         fraction="1/steps_per_epoch")
            return
        if o.cls == "OneCycleLR" and per == "epoch":
            spe, total = o.arg("steps_per_epoch"), o.arg("total_steps")
            if spe is not None and self.res.value(spe, o.scope or self.m.module_scope) != 1:   # 1: counted in epochs
                self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name,
                         length=f"epochs={text(o.arg('epochs'))}, steps_per_epoch={text(spe)}",
                         fraction="1/steps_per_epoch")
            elif total is not None and self.res.sizing(total, o.scope) == "steps":
                self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name, length=f"total_steps={text(total)}",
                         fraction="1/steps_per_epoch")
            return
        if o.cls == "ExponentialLR" and per == "batch":
            self._exponential_per_batch(ev)
            return
        if per == "batch" and self._warmup_in_epochs(ev):
            return
        if length is None:
            return
        arg, expr = length
        scope = target.scope or self.m.module_scope
        if o is target:
            self._horizon(ev, per, arg, expr)
        # LinearLR's total_iters is often a short warmup in steps: only a length whose origin or name says epochs
        if per == "batch" and (self.unit(expr, scope) == "epochs" if target.cls == "LinearLR"
                               else self.epoch_sized(expr, target, ev.ctx.loops)):
            if o.cls == "ReduceLROnPlateau":
                return
            self.add(ev.call, "LR001", sched_desc=o.desc if target is o else f"{o.desc} ({target.cls})",
                     length=text(expr), span=self.span(expr, target), ctor=target.cls, arg=arg)
        elif per == "epoch" and self.unit(expr, scope) == "steps":
            self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name, length=f"{arg}={text(expr)}",
                     fraction="1/steps_per_epoch")

    def _after_warmup_per_epoch(self, ev: StepCall) -> bool:
        """The call runs once per epoch after a warm-up gate (``if epoch >= args.warm_up: scheduler.step()``):
        :meth:`stepping` leaves warm-up arms alone, but the arm that runs after the warm-up still steps once an epoch."""
        loops = [lp for lp in ev.ctx.loops if lp.kind != "other"]
        if not loops or not all(lp.kind == "epoch" for lp in loops):
            return False
        inner = [b for b in ev.path[self._last_loop_index(ev.path) + 1:] if isinstance(b, Branch)]
        return len(inner) == 1 and self.warmup_arm(inner[0]) and _after_gate(inner[0])

    def _sized_in_steps(self, ev: StepCall) -> None:
        """LR002 alone, for a call known to run once per epoch (only the length's own origin says steps)."""
        o = ev.obj
        length = self.length_of(o) if o.lib == "torch" and o.cls not in ("OneCycleLR", "CyclicLR") else None
        if length is not None and self.unit(length[1], o.scope or self.m.module_scope) == "steps":
            self.add(ev.call, "LR002", sched_desc=o.desc, scheduler=o.name, length=f"{length[0]}={text(length[1])}",
                     fraction="1/steps_per_epoch")

    def _warmup_in_epochs(self, ev: StepCall) -> bool:
        """LR001 for a warmup counted in epochs in a schedule whose run is counted in batches, stepped every
        batch: ``num_warmup_steps=args.warmup_epochs`` beside ``num_training_steps=len(loader) * epochs``, or a
        LambdaLR comparing the step with ``warmup_steps = int(0.1 * num_epochs)``. The warmup ends after that
        many batches."""
        o = ev.obj
        scope = o.scope or self.m.module_scope
        warm = None
        if o.lib == "transformers":
            total = next((o.arg(t) for w, t in HF_WARMUP_ARGS.items() if o.arg(w) is not None), None)
            w = next((o.arg(w) for w in HF_WARMUP_ARGS if o.arg(w) is not None), None)
            if w is not None and total is not None and self.res.sizing(total, scope) == "steps" \
                    and self.res.sizing(w, scope) == "epochs":
                warm = w
        elif o.lib == "torch" and o.cls == "LambdaLR":
            warm = lambdas.epoch_warmup(self, o)
        if warm is None:
            return False
        shown = text(warm)
        v = scope.value_of(warm.id) if isinstance(warm, ast.Name) else None
        if v is not None:
            shown = f"{shown} = {text(v)}"
        self.add(ev.call, "LR001", sched_desc=o.desc, length=shown, span=self.span(warm, o), ctor=o.cls,
                 arg="warmup", message=f"{o.desc}'s warmup is counted in epochs ({shown}) but it is stepped every "
                                       f"batch, and its run in batches: the warmup ends after {self.span(warm, o)} "
                                       "batches",
                 fix="count the warmup in the unit the scheduler is stepped in: "
                     "`warmup_steps = int(0.1 * num_epochs * len(train_loader))`")
        return True

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
        # a counter the batch loop adds to (`n_iter += 1`, `global_step += 1`) counts batches too
        batch_vars |= {ident(n.target) for x in ev.path if isinstance(x, Loop) and x.kind == "batch"
                       for n in walk_no_defs(x.node) if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add)
                       and isinstance(n.target, ast.Name)}
        counts_steps = self.res.sizing(pos, scope) == "steps" or any(
            isinstance(n, ast.Name) and n.id in batch_vars for n in ast.walk(pos))
        if t0 is not None and counts_steps and self.res.sizing(t0, scope) == "epochs":
            self.add(call, "LR001", sched_desc=o.desc, length=text(t0), span=self.span(t0, o), ctor=o.cls,
                     arg="t_initial")


def _strong_gamma(o: Obj, gamma) -> bool:
    """A decay by half or more per step (StepLR's default 0.1 when no gamma is written)."""
    if o.arg("gamma") is None:
        return True
    return isinstance(gamma, (int, float)) and 0 < gamma <= 0.5


def _constant_decay(o: Obj, gamma) -> bool:
    """A step or exponential decay by a factor of 1 (``gamma=1``, a schedule switched off): the LR never moves,
    so how often it is stepped does not matter."""
    return o.lib == "torch" and o.cls in ("StepLR", "MultiStepLR", "ExponentialLR") and gamma == 1


def _in_loop(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """``node`` is written inside a loop of its own function (not only reached from a caller's loop)."""
    n = parents.get(id(node))
    while n is not None and not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        if isinstance(n, (ast.For, ast.AsyncFor, ast.While)):
            return True
        n = parents.get(id(n))
    return False
