"""Rules about how far a schedule reaches against the loop that steps it (LR013, static), and ExponentialLR's
per-call rate stepped every batch (LR001): a schedule sized for fewer epochs than its loop runs (``T_max=10``
in a 15-epoch loop, ``len(loader) * 10`` steps, one cycle of timm's ``t_initial``), counted at literal values,
the file's constants, a function's one call, or a command-line option's default (a schedule sized for many more
epochs than its loop runs, LR051, is in longrun.py)."""

from __future__ import annotations

import ast
import math
import re

from . import longrun, oneepoch
from .context import Branch, Loop, StepCall, epoch_gated, leaves_early, range_bounds
from .reaching import reaching_assign
from .symbols import Obj, ident, text, walk_no_defs

_HORIZON = {"CosineAnnealingLR", "PolynomialLR", "OneCycleLR"}
_CMP = {ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b, ast.Lt: lambda a, b: a < b,
        ast.LtE: lambda a, b: a <= b}
_FLIP = {ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Lt: ast.Gt, ast.LtE: ast.GtE}


def ran_past(what: str, epochs: int, planned: str) -> str:
    """LR013's message for a horizon read from the source: the loop's epochs against the planned length."""
    if planned.startswith("1 epochs"):
        planned = "1 epoch" + planned[len("1 epochs"):]
    return f"{what} is stepped through {epochs} epochs, past its planned length of {planned}"


class HorizonRules:
    """The checker's LR013 rules (mixed into :class:`~lrkit.doctor.rules.Checker`)."""

    def _exponential_per_batch(self, ev: StepCall) -> None:
        """ExponentialLR's gamma is a rate per call: a per-epoch decay (0.9-0.99) called after every batch of an
        epoch loop leaves 1% of the LR within a few hundred batches. Per-batch gammas are 0.999 and above."""
        o = ev.obj
        gamma = self.res.value(o.arg("gamma"), o.scope or self.m.module_scope)
        if not isinstance(gamma, float) or not 0 < gamma <= 0.99 \
                or not any(lp.kind == "epoch" for lp in ev.ctx.loops):
            return
        n = math.ceil(math.log(0.01) / math.log(gamma))
        g = text(o.arg("gamma"))
        self.add(ev.call, "LR001", sched_desc=o.desc, length=g if g == str(gamma) else f"{g} = {gamma}", span=str(n),
                 ctor=o.cls, arg="gamma",
                 fix=f"step it once per epoch, after the batch loop; or make the rate per batch: "
                     f"`ExponentialLR(optimizer, gamma={g} ** (1 / len(train_loader)))`")

    def _horizon(self, ev: StepCall, per: str, arg: str, expr: ast.expr) -> None:
        """LR013: a schedule that ends before the loop does (``T_max=10`` in a 15-epoch loop, ``len(loader) * 10``
        steps in a 15-epoch loop), read where both numbers resolve."""
        o = ev.obj
        if o.wraps is not None and per == "epoch":
            self._wrapper_horizon(ev)
            return
        if not (o.cls in _HORIZON or o.lib in ("transformers", "lrkit")) or o.cls.startswith("get_constant"):
            return
        epoch_gate = epoch_gated(ev)
        if epoch_gate and per != "epoch":
            return   # `if epoch >= swa_start: swa_scheduler.step() else: scheduler.step()`: fewer calls than epochs
        if not epoch_gate:
            longrun.longer_than_run(self, ev, per, arg, expr)
            longrun.warmup_subtracted(self, ev, per, arg, expr)
        epochs = self._gated_epochs(ev) if epoch_gate else self.loop_epochs(ev, resumed_from_zero=True)
        if epochs is None and not epoch_gate:
            oneepoch.one_epoch_plan(self, ev, per, arg, expr)
        if epochs is None or self.built_in_loop(o, ev):
            return   # built during the loop (`if epoch == warmup_epochs: sched = ...`): it runs only the rest
        scope = o.scope or self.m.module_scope
        if per == "epoch":
            n = self.res.value(expr, scope)
            planned, unit = (n, "epochs") if isinstance(n, int) else (None, "")
        else:
            planned, unit = self.epochs_factor(expr, scope), "epochs of batches"
            gated, every = self.gate_period(ev)
            if isinstance(planned, (int, float)) and isinstance(every, int) and every > 1:
                # `len(loader) * 5 // 8` stepped every 4 batches (`if (i + 1) % 4 == 0`): 4 x 5/8 epochs
                planned, unit = planned * every, f"epochs of updates (one every {every} batches)"
            elif isinstance(planned, float) and not planned.is_integer() and gated:
                return   # `len(loader) * 5 // 8` stepped every k batches: the divisor may be the accumulation
            n = self.res.value(expr, scope)
            if planned is None and isinstance(n, int) and 0 < n < epochs and not self.epoch_sized(expr, o, ev.ctx.loops):
                # T_max=10 stepped every batch of a 15-epoch loop: over before the second epoch at the latest
                self.add(o.node, "LR013", what=f"{o.desc} ({arg}={text(expr)})",
                         count=f"at least {epochs} (one batch an epoch)", planned=f"{n} steps", unit="steps")
                return
        # under an epoch gate one call past the length is the gate's `>` against `>=` (the next arm takes over)
        if isinstance(planned, (int, float)) and 0 < planned < epochs - epoch_gate:
            self.add(o.node, "LR013", what=f"{o.desc} ({arg}={text(expr)})", count=f"{epochs} epochs'",
                     planned=f"{planned:g} {unit}", unit="epochs",
                     message=ran_past(f"{o.desc} ({arg}={text(expr)})", epochs, f"{planned:g} {unit}"))

    def gate_period(self, ev: StepCall) -> tuple[bool, int | None]:
        """Whether the call runs under a modulo gate (``if (i + 1) % accum == 0``), and its period when it
        resolves to a number (a literal, a constant, an option's default)."""
        mods = [n for b in ev.path if isinstance(b, Branch) and b.test is not None and b.key is True
                for n in ast.walk(b.test) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod)]
        if not mods and not any(isinstance(b, Branch) and b.test is not None and any(
                isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) for n in ast.walk(b.test)) for b in ev.path):
            return False, None
        if len(mods) != 1 or not _tests_zero(self.m.parents.get(id(mods[0]))):
            return True, None
        k = self.m.constant(mods[0].right, ev.ctx.scope)
        return True, k if isinstance(k, int) and not isinstance(k, bool) else None

    def _onecycle_horizon(self, ev: StepCall) -> None:
        """LR013 for ``OneCycleLR(epochs=E, steps_per_epoch=len(loader))`` stepped every batch of a loop of more
        than E epochs (``epochs`` from a config dict that says 1, a loop of 10): torch raises a ValueError at the
        first step past ``E * steps_per_epoch``, so the run stops after E epochs."""
        o = ev.obj
        spe, ep, total = o.arg("steps_per_epoch"), o.arg("epochs"), o.arg("total_steps")
        scope = o.scope or self.m.module_scope
        if total is not None:   # total_steps=len(train_loader) * 3
            planned, shown, spe = self.epochs_factor(total, scope), f"total_steps={text(total)}", "len(train_loader)"
        elif spe is not None and ep is not None and self.epochs_factor(spe, scope) == 1:
            planned, shown = self.res.value(ep, scope), f"epochs={text(ep)}"
            if planned is None:
                planned = self.cli_default(ep, scope)
        else:
            return
        if epoch_gated(ev) or self.built_in_loop(o, ev) or not isinstance(planned, int):
            return
        epochs = self.loop_epochs(ev, resumed_from_zero=True)
        if isinstance(epochs, int) and 0 < planned < epochs:
            what = f"{o.desc} ({shown})"
            self.add(o.node, "LR013", what=what, count=f"{epochs} epochs'", planned=f"{planned} epochs",
                     unit="epochs", message=ran_past(what, epochs, f"{planned} epochs") + ": torch raises a "
                     "ValueError at the first step past its total, so the run stops there",
                     fix=f"size it for the loop: `OneCycleLR(optimizer, max_lr=..., epochs={epochs}, "
                         f"steps_per_epoch={text(spe) if not isinstance(spe, str) else spe})`, from the same "
                         "variable as the loop's range")

    def budget_horizon(self, ev: StepCall) -> None:
        """LR013 for an RL-style budget loop: ``while t < total:`` around rollouts of up to ``n`` steps that
        ``break`` at an episode's end (or run until it ends), with the scheduler stepped once per rollout and
        sized ``total // n``. Every early break adds an update, so the loop steps it past its length."""
        o = ev.obj
        loop = next((lp for lp in reversed(ev.path) if isinstance(lp, Loop) and lp.kind != "other"), None)
        if loop is None or not isinstance(loop.node, ast.While):
            return
        test = loop.node.test
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Lt, ast.LtE))
                and ident(test.left) is not None):
            return
        counter, budget = text(test.left), test.comparators[0]
        length = self.length_of(o)
        if length is None:
            return
        scope = o.scope or self.m.module_scope
        expr = length[1]
        for _ in range(3):   # `num_updates = total_timesteps // rollout_len`
            if isinstance(expr, ast.Call) and ident(expr.func) == "int" and len(expr.args) == 1:
                expr = expr.args[0]
            if isinstance(expr, ast.Name) and scope.value_of(expr.id) is not None:
                scope, expr = scope.scope_of_value(expr.id), scope.value_of(expr.id)
        if not (isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.FloorDiv, ast.Div))
                and self._same_value(expr.left, scope, budget, loop.scope)):
            return
        for inner in walk_no_defs(loop.node):
            if inner is loop.node or not isinstance(inner, (ast.For, ast.While)) or not _counts(inner, counter):
                continue
            ends_early = isinstance(inner, ast.While) or leaves_early(inner)
            bound = inner.iter.args[0] if isinstance(inner, ast.For) and isinstance(inner.iter, ast.Call) and \
                ident(inner.iter.func) == "range" and len(inner.iter.args) == 1 else None
            per_rollout = [expr.right] + ([expr.right.left, expr.right.right] if isinstance(expr.right, ast.BinOp)
                                          and isinstance(expr.right.op, ast.Mult) else [])
            if ends_early and (bound is None or any(self._same_value(r, scope, bound, loop.scope) for r in per_rollout)):
                what = f"{o.desc} ({length[0]}={text(length[1])})"
                self.add(o.node, "LR013", what=what, count=f"more than {text(expr)}", planned=f"{text(expr)} updates",
                         unit="updates",
                         message=f"{what} plans {text(expr)} updates, but `while {text(test)}` steps it once per "
                                 f"rollout and a rollout that ends early (an episode's end) adds one: it is stepped "
                                 f"past its planned length",
                         fix=f"count the updates the loop makes (`for update in range({text(expr)})` around rollouts "
                             f"of a fixed length), or size the scheduler by the updates it will take")
                return

    def restarts_every_step(self, o: Obj) -> None:
        """LR043: ``CosineAnnealingWarmRestarts(T_0=1)`` (``T_mult=1``) stepped with plain ``step()`` calls, by
        hand or by Lightning: every call restarts the cycle. ``step(epoch + i / n)`` (SGDR's fractional
        position) is fine."""
        if o.lib != "torch" or o.cls != "CosineAnnealingWarmRestarts":
            return
        scope = o.scope or self.m.module_scope
        mult = o.arg("T_mult")
        if self.res.value(o.arg("T_0"), scope) != 1 or (mult is not None and self.res.value(mult, scope) != 1):
            return
        calls = [ev for ev in self.m.sched_steps if ev.obj is o and ev.by == "hand"]
        if any(ev.call.args or ev.call.keywords for ev in calls):
            return
        how = {self.stepping_quiet(ev) for ev in calls} - {None}
        if calls and len(how) != 1:
            return
        if not calls and not (self.lightning_stepped(o) or self._built_for_lightning(o)):
            return
        self.add(o.node, "LR043", sched_desc=o.desc if o.name not in (o.cls, "?") else o.cls, t0=text(o.arg("T_0")),
                 how=f"once per {how.pop()}" if how else "by Lightning", scheduler=o.name)

    def _built_for_lightning(self, o: Obj) -> bool:
        """Built in ``configure_optimizers`` of a LightningModule with automatic optimization (also inline in
        the config dict it returns), which Lightning steps with plain ``step()`` calls."""
        fn = self.m.enclosing_function(o.node)
        cls = self.m.owner.get(id(fn)) if fn is not None else None
        return getattr(fn, "name", "") == "configure_optimizers" and bool(self.lightning_classes().get(cls or ""))

    def _same_value(self, a: ast.expr, sa, b: ast.expr, sb) -> bool:
        if ast.dump(a) == ast.dump(b):
            return True
        va, vb = self.res.value(a, sa), self.res.value(b, sb)
        return isinstance(va, (int, float)) and va == vb

    def built_in_loop(self, o: Obj, ev: StepCall) -> bool:
        loops = {id(lp.node) for lp in ev.ctx.loops}
        n = self.m.parents.get(id(o.node))
        while n is not None:
            if id(n) in loops:
                return True
            n = self.m.parents.get(id(n))
        return False

    def wrapped_length(self, o: Obj) -> tuple[str, int] | None:
        """A warmup wrapper's whole length: its warmup (``total_epoch``) then the cosine it hands over to."""
        inner, warm = o.wraps, o.arg("total_epoch")
        if inner is None or warm is None or inner.cls != "CosineAnnealingLR" or inner.arg("T_max") is None:
            return None
        w = self.res.value(warm, o.scope or self.m.module_scope)
        t = self.res.value(inner.arg("T_max"), inner.scope or self.m.module_scope)
        if not (isinstance(w, int) and isinstance(t, int)):
            return None
        return f"total_epoch={text(warm)} + T_max={text(inner.arg('T_max'))}", w + t

    def _wrapper_horizon(self, ev: StepCall) -> None:
        o = ev.obj
        loop = next((lp for lp in reversed(ev.ctx.loops) if lp.kind == "epoch"), None)
        if loop is None or not any(isinstance(c, ast.Call) and (ident(c.func) == "backward" or isinstance(
                c.func, ast.Name) and c.func.id in self.m.functions) for c in ast.walk(loop.node)):
            return   # a loop that only prints the schedule (the package's demo), not a training run
        got, epochs = self.wrapped_length(o), self.loop_epochs(ev)
        if got is not None and isinstance(epochs, int) and 0 < got[1] < epochs:
            what = f"{o.desc} ({got[0]})"
            self.add(o.node, "LR013", what=what, count=f"{epochs} epochs'", planned=f"{got[1]} epochs", unit="epochs",
                     message=ran_past(what, epochs, f"{got[1]} epochs"))

    def cli_default(self, expr: ast.expr, scope) -> int | None:
        """``args.epochs`` with ``args = parser.parse_args()``: the ``default=`` of ``--epochs`` in this file."""
        if not isinstance(expr, ast.Attribute) or not self.m.holds_args(expr.value, scope):
            return None
        v = self.m.cli_defaults().get(expr.attr)
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def epochs_factor(self, expr: ast.expr, scope, depth: int = 0, examples: bool = False) -> float | None:
        """``len(loader) * 10`` (also through a variable) -> 10: the number of epochs a step count covers
        (``examples``: ``len(dataset)`` counts too, for a loader of batch size 1)."""
        if depth > 6:
            return None
        units = ("steps", "samples") if examples else ("steps",)
        if isinstance(expr, ast.Name):
            v = scope.value_of(expr.id)
            return self.epochs_factor(v, scope.scope_of_value(expr.id), depth + 1, examples) if v is not None \
                else None
        if isinstance(expr, ast.Call) and ident(expr.func) == "len" and len(expr.args) == 1 \
                and self.res.len_unit(expr.args[0], scope) in units:
            return 1   # len(train_loader): one epoch of batches
        if isinstance(expr, ast.Call) and ident(expr.func) in ("ceil", "int") and len(expr.args) == 1:
            expr = expr.args[0]
            if isinstance(expr, ast.Call) and ident(expr.func) == "len":
                return self.epochs_factor(expr, scope, depth + 1)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.FloorDiv, ast.Div)) \
                and isinstance(expr.right, ast.Constant) and isinstance(expr.right.value, (int, float)) \
                and expr.right.value > 0 and not isinstance(expr.left, ast.Call):
            whole = self.epochs_factor(expr.left, scope, depth + 1, examples)   # len(loader) * 5 // 8: 5/8 epoch
            return whole / expr.right.value if whole is not None else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.FloorDiv, ast.Div)) \
                and isinstance(expr.left, ast.Call) and ident(expr.left.func) == "len" \
                and self.res.sizing(expr, scope) == "steps":
            return 1   # len(dataset) // batch_size: one epoch of batches
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
            for a, b in ((expr.left, expr.right), (expr.right, expr.left)):
                if (self.res.sizing(a, scope) == "steps" or examples and isinstance(a, ast.Call)
                    and ident(a.func) == "len" and len(a.args) == 1 and self.res.len_unit(a.args[0], scope) in units) \
                        and any(isinstance(n, ast.Call) and ident(n.func) == "len" for n in ast.walk(a)):
                    v = self.res.value(b, scope)
                    return v if isinstance(v, int) else None
        return None

    def _timm_horizon(self, ev: StepCall) -> None:
        """LR013 for timm's cosine/step-style schedulers set per epoch: ``t_initial=10`` (one cycle, the default
        ``cycle_limit=1``) in a 15-epoch loop leaves the last epochs at ``lr_min``."""
        o = ev.obj
        scope = o.scope or self.m.module_scope
        tin, limit = o.arg("t_in_epochs"), o.arg("cycle_limit")
        if (isinstance(tin, ast.Constant) and tin.value is False) or (
                limit is not None and self.res.value(limit, scope) != 1) or o.cls not in (
                "CosineLRScheduler", "TanhLRScheduler", "PolyLRScheduler"):
            return
        t0 = self.res.value(o.arg("t_initial"), scope)
        if isinstance(self.res.value(o.arg("warmup_prefix"), scope), bool) and self.res.value(
                o.arg("warmup_prefix"), scope) and isinstance(t0, int):
            w = self.res.value(o.arg("warmup_t"), scope)
            t0 += w if isinstance(w, int) else 0
        epochs = self.loop_epochs(ev)
        if isinstance(t0, int) and isinstance(epochs, int) and 0 < t0 < epochs:
            what = f"{o.desc} (t_initial={text(o.arg('t_initial'))})"
            self.add(o.node, "LR013", what=what, count=f"{epochs} epochs'", planned=f"{t0} epochs (one cycle)",
                     unit="epochs", message=ran_past(what, epochs, f"{t0} epochs (one cycle)"))

    def _gated_epochs(self, ev: StepCall) -> int | None:
        """The epochs on which a call under one test of the epoch loop's counter against a bound runs
        (``if epoch > swa_start: swa_sched.step() else: sched.step()`` with ``range(1, 201)`` and ``swa_start = 120``:
        120), when the loop's range and the bound resolve; None otherwise (the call is left alone)."""
        loop = next((lp for lp in reversed(ev.ctx.loops) if lp.kind == "epoch" and lp.stop is not None), None)
        bounds = range_bounds(loop.node) if loop is not None else None
        if bounds is None or not isinstance(loop.node.target, ast.Name):
            return None
        var = loop.node.target.id
        tests = [b for b in ev.path if isinstance(b, Branch) and b.test is not None
                 and var in {n.id for n in ast.walk(b.test) if isinstance(n, ast.Name)}]
        t = tests[0].test if len(tests) == 1 and tests[0].key in (True, False) else None
        if not (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], tuple(_CMP))):
            return None
        op, left, right = t.ops[0], t.left, t.comparators[0]
        if isinstance(right, ast.Name) and right.id == var:   # `swa_start < epoch`: the counter on the left
            left, right, op = right, left, _FLIP[type(op)]()
        if not (isinstance(left, ast.Name) and left.id == var):
            return None
        start = self.res.value(bounds[0], loop.scope) if bounds[0] is not None else 0
        stop = self.res.value(loop.stop, loop.scope)
        if stop is None:
            stop = self.cli_default(loop.stop, loop.scope)
        bound = self.res.value(right, ev.ctx.scope)
        if bound is None and isinstance(right, ast.Name):   # `swa_start = 120` in each arm that builds a scheduler
            vals = [a.value for a in ast.walk(ev.ctx.scope.node) if isinstance(a, (ast.Assign, ast.AugAssign))
                    and any(isinstance(x, ast.Name) and x.id == right.id
                            for x in (a.targets if isinstance(a, ast.Assign) else [a.target]))]
            same = {v.value for v in vals if isinstance(v, ast.Constant)}
            bound = same.pop() if len(same) == 1 and all(isinstance(v, ast.Constant) for v in vals) else None
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, stop, bound)) or stop - start > 10**6:
            return None
        return sum(1 for e in range(start, stop) if _CMP[type(op)](e, bound) == tests[0].key)

    def loop_epochs(self, ev: StepCall, resumed_from_zero: bool = False) -> int | None:
        """The number of epochs of the innermost epoch loop around a call, when its range resolves (a bound
        from a command-line option at its default). ``resumed_from_zero``: a resume start
        (``range(start_epoch, args.epochs)``) counts from 0, as a fresh run does."""
        loop = next((lp for lp in reversed(ev.ctx.loops) if lp.kind == "epoch" and lp.stop is not None), None)
        bounds = range_bounds(loop.node) if loop is not None else None
        if bounds is None:
            return None
        start = self.res.value(bounds[0], loop.scope) if bounds[0] is not None else 0
        stop = self.res.value(loop.stop, loop.scope)
        if stop is None and isinstance(loop.stop, ast.Name):   # `epochs = 20` ... `epochs = 5` before each stage
            reached = reaching_assign(self.parents, loop.node, loop.stop.id)
            stop = self.res.value(reached, loop.scope) if reached is not None else None
        if stop is None:   # `range(args.epochs)`: the run as the script runs by default
            stop = self.cli_default(loop.stop, loop.scope)
        if resumed_from_zero and start is None and stop is not None and re.search(
                r"start|resume|begin|init|first", (ident(bounds[0]) or "").lower()):
            start = 0
        return stop - start if isinstance(start, int) and isinstance(stop, int) else None


def _counts(loop: ast.For | ast.While, counter: str) -> bool:
    """The loop adds to ``counter`` (``t += 1``, ``global_step += num_envs``)."""
    return any(isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and text(n.target) == counter
               for n in walk_no_defs(loop))


def _tests_zero(cmp: ast.AST | None) -> bool:
    """``x % k == 0``: the gate that opens once every ``k``."""
    return isinstance(cmp, ast.Compare) and len(cmp.ops) == 1 and isinstance(cmp.ops[0], ast.Eq) \
        and isinstance(cmp.comparators[0], ast.Constant) and cmp.comparators[0].value == 0
