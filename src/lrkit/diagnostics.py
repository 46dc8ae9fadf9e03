"""The catalogue of learning-rate scheduling mistakes lrkit diagnoses.

One rule per mistake, with a code that never changes meaning (``LR001`` …), a
title, a one-line message template, why it matters and how to fix it. The
static doctor (``lrkit doctor train.py``) and the runtime monitor
(``lrkit.torch.Monitor``) both report through this table, so a mistake reads
the same whether it was found in the source or while training.

This module is pure Python (core layer): no framework imports. It is long because it is a
catalogue: one entry per code, each with its texts, kept in one table so that a code's meaning
is read in one place.

>>> from lrkit.diagnostics import RULES, finding
>>> RULES["LR001"].title
'epoch-sized schedule stepped every batch'
>>> f = finding("LR003", path="train.py", line=12, col=5, scheduler="scheduler")
>>> print(f)
train.py:12:5: LR003 ReduceLROnPlateau `scheduler` is never given a metric, so it can never reduce the LR
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["Rule", "Finding", "RULES", "SEVERITIES", "finding", "rule"]

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Rule:
    """One diagnosable mistake.

    ``message`` and ``fix`` are :meth:`str.format` templates; every placeholder
    has a default in ``defaults`` so a rule can always be rendered.
    ``where`` says which side can detect it: ``"static"``, ``"runtime"``, ``"logs"`` (diagnose).
    """

    code: str
    name: str
    title: str
    severity: str
    message: str
    why: str
    fix: str
    where: tuple[str, ...] = ("static", "runtime")
    defaults: Mapping[str, str] = field(default_factory=dict)

    def render(self, template: str, values: Mapping[str, Any]) -> str:
        """Fill ``template``; a missing value falls back to ``defaults`` (text, format spec ignored)."""
        out = []
        for text, name, spec, conv in string.Formatter().parse(template):
            out.append(text)
            if name is None:
                continue
            value = values.get(name)
            if value is None:
                value = self.defaults.get(name, name)
            if isinstance(value, str):
                out.append(value)
            else:
                out.append(format(value, spec or ""))
        return "".join(out)


@dataclass(frozen=True)
class Finding:
    """A rule that fired, at a place (``path``/``line``/``col``; ``None`` at runtime).

    ``line`` and ``col`` are 1-based; ``cell`` is the 1-based notebook cell
    (``line`` then counts inside it).
    """

    code: str
    message: str
    why: str
    fix: str
    severity: str
    path: str | None = None
    line: int | None = None
    col: int | None = None
    cell: int | None = None

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    def location(self) -> str:
        if self.path is None:
            return "<runtime>"
        parts = [self.path]
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        parts += [str(self.line or 1), str(self.col or 1)]
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["title"] = RULES[self.code].title
        if d["cell"] is None:
            del d["cell"]
        return d


def rule(code: str) -> Rule:
    """The rule for ``code`` (``KeyError`` message lists the known codes)."""
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"unknown rule code {code!r}; known: {', '.join(RULES)}") from None


def finding(code: str, *, path: str | None = None, line: int | None = None, col: int | None = None,
            cell: int | None = None, fix: str | None = None, message: str | None = None,
            **values: Any) -> Finding:
    """Render rule ``code`` with ``values`` into a :class:`Finding`.

    ``fix`` replaces the rule's generic fix when the caller can write the exact
    corrected call; ``message`` replaces the message where the template's wording
    does not fit what was seen (a count of epochs read from the source, not of calls).

    >>> finding("LR010", scheduler="sched", optimizer="opt").message
    '`sched.step()` is called before `opt.step()` in the same loop body'
    """
    r = rule(code)
    return Finding(code=code, message=message if message is not None else r.render(r.message, values),
                   why=r.render(r.why, values),
                   fix=fix if fix is not None else r.render(r.fix, values), severity=r.severity,
                   path=path, line=line, col=col, cell=cell)


def _rules(*rules: Rule) -> dict[str, Rule]:
    out = {}
    for r in rules:
        if r.severity not in SEVERITIES:  # pragma: no cover - catalogue typo
            raise ValueError(f"{r.code}: severity {r.severity!r} not in {SEVERITIES}")
        out[r.code] = r
    return out


_LK = "lrkit.torch.LRScheduler"

RULES: dict[str, Rule] = _rules(
    Rule(
        "LR001", "epoch-schedule-stepped-per-batch", "epoch-sized schedule stepped every batch", "error",
        "{sched_desc} is sized in epochs ({arg}={length}) but stepped every batch: its whole schedule is "
        "spent after {span} batches",
        "The scheduler counts its calls, not epochs. Sized for the number of epochs but called after every "
        "batch, it runs its whole decay within the first epoch and trains the rest of the run at the floor "
        "LR (or, for a cosine, oscillating back up), silently.",
        "step it once per epoch, after the batch loop; or size it in optimizer steps: "
        "`{ctor}(optimizer, {arg}={length} * len(train_loader))`; with lrkit: "
        f"`{_LK}(optimizer, \"cosine\", total_steps=epochs * len(train_loader))`",
        defaults={"sched_desc": "the scheduler", "length": "epochs", "span": "epochs", "ctor": "CosineAnnealingLR",
                  "arg": "T_max"}),
    Rule(
        "LR002", "step-schedule-stepped-per-epoch", "step-sized schedule stepped once per epoch", "error",
        "{sched_desc} is sized in optimizer steps ({length}) but stepped once per epoch: it covers only "
        "{fraction} of its schedule",
        "A schedule sized in optimizer steps (OneCycleLR with steps_per_epoch, a T_max or num_training_steps "
        "computed from len(loader)) advances one step per call. Called once per epoch, it advances "
        "steps_per_epoch times too slowly: OneCycle never leaves its warmup, a decay barely starts.",
        "call `{scheduler}.step()` after every `optimizer.step()`, inside the batch loop "
        "(Lightning: `\"interval\": \"step\"`)",
        defaults={"sched_desc": "the scheduler", "length": "total steps", "fraction": "a small part",
                  "scheduler": "scheduler"}),
    Rule(
        "LR003", "plateau-without-metric", "plateau scheduler never fed a metric", "error",
        "{kind} `{scheduler}` is never given a metric, so it can never reduce the LR",
        "ReduceLROnPlateau decides from the validation metric you pass to step(metric). Without it torch "
        "raises a TypeError and lrkit an LRKitError at the first step(); a plateau that is never stepped "
        "with the metric keeps the LR where it is for the whole run.",
        "pass the monitored value once per evaluation: `{scheduler}.step(val_loss)`",
        defaults={"kind": "ReduceLROnPlateau", "scheduler": "scheduler"}),
    Rule(
        "LR004", "plateau-mode-mismatch", "plateau mode does not match the metric", "error",
        "ReduceLROnPlateau `{scheduler}` has mode='{mode}' but is fed `{metric}`, which should be "
        "{want}imized",
        "With mode='min' the scheduler waits for the metric to fall; fed an accuracy (which rises), every "
        "epoch looks like an improvement-free epoch and the LR is cut after every `patience` epochs. "
        "mode='max' with a loss does the opposite.",
        "`ReduceLROnPlateau(optimizer, mode='{want}', ...)`; with lrkit: "
        f"`{_LK}(optimizer, \"plateau(mode={{want}})\")`",
        defaults={"scheduler": "scheduler", "mode": "min", "metric": "metric", "want": "max"}),
    Rule(
        "LR005", "tmax-includes-warmup", "cosine T_max not reduced after adding warmup", "warning",
        "CosineAnnealingLR after a warmup of {warmup} has T_max={tmax}, the whole run: the cosine is cut off "
        "before its floor",
        "SequentialLR starts the cosine after the warmup milestone, so it has only (total - warmup) steps "
        "left. With T_max equal to the whole run the cosine is cut off before its end and the LR at the "
        "last step stays well above eta_min.",
        "`CosineAnnealingLR(optimizer, T_max={tmax} - {warmup})`; with lrkit the rest of the run is implicit: "
        f"`{_LK}(optimizer, \"warmup({{warmup}}) >> cosine\", total_steps={{tmax}})`",
        defaults={"warmup": "warmup", "tmax": "total"}),
    Rule(
        "LR006", "sequential-milestone-mismatch", "SequentialLR milestone differs from the warmup length", "error",
        "SequentialLR switches at milestone {milestone} but its {first} warmup lasts total_iters={iters}: "
        "{effect}",
        "SequentialLR hands over at the milestone no matter where the first scheduler is. A milestone "
        "before the warmup's end jumps the LR from a partial warmup to the peak; a milestone after it holds "
        "the peak flat for the extra steps.",
        "make them equal: `milestones=[{iters}]`; with lrkit there is one number: "
        f"`{_LK}(optimizer, \"warmup({{iters}}) >> cosine\", total_steps=...)`",
        defaults={"milestone": "m", "first": "LinearLR", "iters": "n", "effect": "the two disagree"}),
    Rule(
        "LR007", "transformer-adamw-no-warmup", "Transformer trained with AdamW and no warmup", "warning",
        "{model} is a Transformer trained with AdamW and a decaying schedule ({sched_desc}) without warmup",
        "Adam-type optimizers take large, poorly normalized steps while their second-moment estimates are "
        "still empty; Transformers (post-LN especially) diverge or settle in a worse minimum without a "
        "warmup. Every Transformer recipe (BERT, GPT, ViT/DeiT) warms up for 1-10% of the run.",
        "add a warmup of a few percent: `get_cosine_schedule_with_warmup(optimizer, "
        "num_warmup_steps=int(0.05 * total_steps), num_training_steps=total_steps)`; with lrkit: "
        f"`{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=total_steps)`",
        defaults={"model": "the model", "sched_desc": "the scheduler"}),
    Rule(
        "LR008", "onecycle-long-run", "OneCycle for a very long run", "note",
        "OneCycleLR over {epochs} epochs: one-cycle is designed for short runs",
        "One-cycle (super-convergence) spends ~30% of the run at a very high LR and its benefit was shown "
        "for short budgets; over a long run it keeps the LR high for dozens of epochs, and cosine or WSD "
        "with a short warmup usually trains as well or better.",
        f"for long runs prefer a warmup then cosine: `{_LK}(optimizer, \"warmup(2%) >> cosine\", "
        "total_steps=...)`, or keep OneCycle if you measured it",
        defaults={"epochs": "many"}),
    Rule(
        "LR009", "no-scheduler-long-run", "no LR schedule on a long run", "warning",
        "`{optimizer}` trains for {epochs} epochs at a constant LR: no scheduler is created",
        "A constant LR that is good early is too large late: the loss plateaus at a noise floor that a "
        "decay (step, cosine, linear) would go below. Almost every long published recipe decays the LR.",
        f"add a decay stepped once per epoch: `torch.optim.lr_scheduler.CosineAnnealingLR({{optimizer}}, "
        f"T_max={{epochs}})`; with lrkit: `{_LK}({{optimizer}}, \"cosine\", total_steps=..., "
        "steps_per_epoch=len(train_loader))`",
        defaults={"optimizer": "optimizer", "epochs": "many"}),
    Rule(
        "LR010", "scheduler-before-optimizer", "scheduler stepped before the optimizer", "error",
        "`{scheduler}.step()` is called before `{optimizer}.step()` in the same loop body",
        "Since PyTorch 1.1 the scheduler must step after the optimizer. Stepped first, the first value of "
        "the schedule is skipped and every update uses the LR meant for the next step (a per-epoch "
        "schedule runs one epoch ahead; warmup starts above its start value).",
        "move `{scheduler}.step()` after `{optimizer}.step()`",
        defaults={"scheduler": "scheduler", "optimizer": "optimizer"}),
    Rule(
        "LR011", "decay-on-schedule-free", "decaying schedule on a schedule-free optimizer", "note",
        "{sched_desc} decays the LR of schedule-free optimizer `{optimizer}`",
        "Schedule-free optimizers (schedulefree.*) replace the decay by iterate averaging and are meant to "
        "run at a constant LR after a warmup (which they take as warmup_steps); an extra decay is usually "
        "redundant and can slow them down.",
        "drop the scheduler and pass `warmup_steps=...` to the schedule-free optimizer (remember "
        "`optimizer.train()` / `optimizer.eval()`)",
        defaults={"sched_desc": "a scheduler", "optimizer": "optimizer"}),
    Rule(
        "LR012", "lr-floor-early", "LR at its floor before 10% of the run", "error",
        "the LR fell to {lr:.3g} ({pct} of its peak {peak:.3g}) at step {step}, before 10% of the planned "
        "{total_steps} steps, and stayed there",
        "A schedule that reaches its floor this early almost always has a length in the wrong unit "
        "(epochs vs steps) or a too-small T_max/total_steps; the rest of the run trains at a tiny LR.",
        "size the schedule for the whole run (total_steps = epochs * steps_per_epoch) and step it once per "
        f"optimizer step; with lrkit: `{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=...)`",
        where=("static", "runtime", "logs"), defaults={"pct": "1%", "step": "?", "total_steps": "?"}),
    Rule(
        "LR013", "stepped-past-end", "stepped past the planned length", "warning",
        "{what} was stepped {count} times, past its planned length of {planned}",
        "After its planned length a schedule is undefined territory: CosineAnnealingLR climbs back up "
        "(a cosine is periodic), OneCycleLR raises, others hold their last value. Either the length or "
        "the stepping is wrong.",
        "make the planned length match the number of {unit} you run "
        "(total_steps = epochs * len(train_loader) when stepping per batch)",
        defaults={"what": "the scheduler", "count": "?", "planned": "?", "unit": "steps"}),
    Rule(
        "LR014", "non-finite-loss", "loss became NaN or inf", "error",
        "the loss is {loss} at optimizer step {step} with LR {lrs}",
        "A non-finite loss poisons the weights and the optimizer state; when it happens early or right "
        "after the LR rises (warmup end, one-cycle peak, a restart) the LR is too high for this model.",
        "lower the peak LR (try the LR finder: `lrkit.find_lr`), lengthen the warmup, or clip gradients",
        where=("runtime", "logs"), defaults={"loss": "nan", "step": "?", "lrs": "?"}),
    Rule(
        "LR015", "loss-spike", "loss spike", "warning",
        "the loss spiked to {loss:.4g} ({ratio:.1f}x the recent median {median:.4g}) at optimizer step {step} "
        "with LR {lrs}",
        "A sudden jump of the loss during training usually means the LR is at the edge of stability "
        "(a spike at the warmup end or a restart is the classic sign); repeated spikes precede divergence.",
        "lower the peak LR or lengthen the warmup; with lrkit: "
        f"`{_LK}(optimizer, \"warmup(10%) >> cosine\", total_steps=...)`",
        where=("runtime", "logs"), defaults={"step": "?", "lrs": "?"}),
    Rule(
        "LR016", "scheduler-stepped-twice", "scheduler stepped twice per update or epoch", "error",
        "{sched_desc} is stepped twice per {unit}: {sites}",
        "A scheduler counts its step() calls. Called from two places on one path (by hand and by the "
        "framework, or per batch and again per epoch) it advances twice as fast as planned: the whole "
        "schedule is spent in half the run, or in the first epochs.",
        "keep one call site: step it once per optimizer update (or once per epoch), and let only one party "
        "(your loop, Lightning, the HF Trainer, accelerate) do it",
        defaults={"sched_desc": "the scheduler", "unit": "update", "sites": "two call sites"}),
    Rule(
        "LR017", "warmup-not-shorter-than-run", "warmup as long as the whole run", "error",
        "{ctor} has a warmup of {warmup} but a run length of {total}: {effect}",
        "The warmup must be a small part of the run. A warmup as long as (or longer than) the run never "
        "reaches the peak LR or never decays; swapped arguments (`num_training_steps` passed where "
        "`num_warmup_steps` goes) are the usual cause.",
        "pass the warmup first and the whole run second: "
        "`{ctor}(optimizer, num_warmup_steps=warmup_steps, num_training_steps=total_steps)`; with lrkit: "
        f"`{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=total_steps)`",
        defaults={"ctor": "get_linear_schedule_with_warmup", "warmup": "warmup", "total": "total",
                  "effect": "the warmup never ends"}),
    Rule(
        "LR018", "length-counts-samples", "schedule length counted in samples, not batches", "error",
        "{sched_desc} is sized with `{length}`, a number of samples, but is stepped once per batch: "
        "it would need batch_size times more steps than the run has",
        "len(dataset) counts examples; a loader yields len(dataset) / batch_size batches. A schedule sized "
        "in samples and stepped per batch covers only 1/batch_size of its curve: the LR barely leaves "
        "its start (a warmup never ends, a decay barely begins).",
        "size it in optimizer steps: `len(train_loader) * epochs` (divide by gradient accumulation when "
        "stepping per update)",
        defaults={"sched_desc": "the scheduler", "length": "len(dataset)"}),
    Rule(
        "LR019", "length-ignores-accumulation", "run length not divided by gradient accumulation", "warning",
        "{sched_desc} is sized with `{length}` batches but is stepped once per optimizer update, every "
        "{accum} batches: it runs only 1/{accum} of its schedule",
        "With gradient accumulation the optimizer (and a scheduler stepped after it, or advanced by "
        "accelerate only on synchronised steps) takes one step per `accum` batches. Sized in batches, "
        "the schedule ends far from its floor.",
        "divide the length by the accumulation: "
        "`num_training_steps = math.ceil(len(train_loader) / {accum}) * epochs`",
        defaults={"sched_desc": "the scheduler", "length": "len(train_loader) * epochs",
                  "accum": "gradient_accumulation_steps"}),
    Rule(
        "LR020", "scheduler-other-optimizer", "scheduler bound to an optimizer that is not stepped", "error",
        "{sched_desc} changes the LR of `{bound}`, but the loop steps `{stepped}`",
        "A scheduler writes the LR into the param groups of the optimizer it was built with. Built on "
        "another optimizer (an earlier one, a copy, the wrong one of two), it changes an LR nobody uses "
        "and the optimizer that trains keeps its constant LR.",
        "build the scheduler on the optimizer that steps: `{ctor}({stepped}, ...)`",
        defaults={"sched_desc": "the scheduler", "bound": "optimizer", "stepped": "optimizer",
                  "ctor": "Scheduler"}),
    Rule(
        "LR021", "competing-schedulers", "two schedulers drive one optimizer", "warning",
        "{first} and {second} both step the LR of `{optimizer}`: each overwrites the other's value",
        "Two independent schedulers on one optimizer fight: each one's step() writes its own value (or "
        "multiplies the other's), so the LR follows neither plan. Chaining was meant "
        "(SequentialLR / ChainedScheduler), or one of them is left over.",
        "combine them explicitly: `SequentialLR(optimizer, [warmup, main], milestones=[warmup_steps])`; "
        f"with lrkit one spec: `{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=...)`",
        defaults={"first": "one scheduler", "second": "another", "optimizer": "optimizer"}),
    Rule(
        "LR022", "scheduler-never-stepped", "scheduler created but never stepped", "error",
        "{sched_desc} is created but never stepped: the LR stays at its initial value for the whole run",
        "A torch scheduler changes the LR only when its step() is called (and the HF Trainer, Lightning or "
        "accelerate step only the scheduler they are given). Never stepped, it is a constant LR with extra "
        "steps.",
        "call `{scheduler}.step()` after every `optimizer.step()` (or once per epoch for an epoch-sized "
        "schedule), or hand it to the trainer that steps it",
        defaults={"sched_desc": "the scheduler", "scheduler": "scheduler"}),
    Rule(
        "LR023", "sequential-milestone-zero", "SequentialLR milestone at 0", "error",
        "SequentialLR has a milestone at {milestone}: its first scheduler {first} never runs",
        "A milestone of 0 (a warmup of 0 steps computed from a small run, or a fraction rounded down) "
        "switches to the next scheduler before the first step: the warmup you wrote never runs (and torch "
        "up to 2.12 also started the second scheduler from the first one's initial LR).",
        "make every milestone >= 1 (`max(1, int(0.05 * total_steps))`), or drop the first scheduler",
        defaults={"milestone": "0", "first": "the first scheduler"}),
    Rule(
        "LR024", "schedule-free-mode", "schedule-free optimizer without train()/eval()", "error",
        "schedule-free optimizer `{optimizer}` is never switched with `{optimizer}.{missing}()`",
        "Schedule-free optimizers keep two sets of weights: the training iterate and the averaged one used "
        "for evaluation. Without `optimizer.train()` before training and `optimizer.eval()` before "
        "evaluation (and saving), the model is evaluated and saved with the wrong weights.",
        "call `{optimizer}.train()` where `model.train()` is called and `{optimizer}.eval()` where "
        "`model.eval()` is called",
        defaults={"optimizer": "optimizer", "missing": "train"}),
    Rule(
        "LR025", "lightning-scheduler-config", "Lightning scheduler config that Lightning ignores", "error",
        "configure_optimizers returns {problem}",
        "Lightning reads the scheduler from the key \"lr_scheduler\" of the returned dict, with "
        "\"interval\" either \"step\" or \"epoch\". Another key, or another interval, is rejected or "
        "silently ignored, and the LR never follows the schedule you wrote.",
        "return `{{\"optimizer\": optimizer, \"lr_scheduler\": {{\"scheduler\": scheduler, "
        "\"interval\": \"step\"}}}}`",
        defaults={"problem": "a scheduler config Lightning does not read"}),
    # -- read from a run's logs by `lrkit diagnose` (lrkit.series_rules; the plan comparison in lrkit.diagnose)
    Rule(
        "LR026", "lr-constant", "the LR never changes", "warning",
        "the LR is {lr:.4g} at every one of the {n} logged steps ({first} to {last})",
        "A run that was meant to follow a schedule but logs one LR throughout has a scheduler that never "
        "acts: it is never stepped, a ReduceLROnPlateau is never given its metric, or the scheduler "
        "changes another optimizer's LR. A constant LR that is good early is too large late.",
        "step the scheduler after every optimizer step; with lrkit: "
        f"`{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=total_steps)` and `scheduler.step()` "
        "after `optimizer.step()`",
        where=("logs",), defaults={"n": "?", "first": "?", "last": "?"}),
    Rule(
        "LR027", "lr-jumps-back", "the LR jumps back up (a resume restarted the schedule)", "error",
        "the LR jumped from {before:.3g} to {after:.3g} at step {step}{how}",
        "After its peak a schedule only goes down. An LR that jumps back up part way is a scheduler "
        "that started over: a resume that restored the model and optimizer but not the scheduler's state "
        "(or restored it into another plan), so the warmup and decay run again or the LR is rescaled.",
        "save and restore the scheduler with the model and optimizer: `scheduler.load_state_dict("
        "ckpt[\"scheduler\"])` (HF: keep scheduler.pt in the checkpoint; Lightning: keep \"lr_schedulers\"); "
        f"`{_LK}` resumes from its `state_dict()` bit for bit",
        where=("logs",), defaults={"how": ""}),
    Rule(
        "LR028", "lr-fast-cycles", "the LR cycles far too fast", "error",
        "the LR swings from its peak to near zero and back every {period} steps ({cycles} cycles in {n} "
        "steps), first at its floor at step {first}",
        "A cosine sized in epochs (T_max=epochs) but stepped after every batch reaches its floor after "
        "T_max batches and, being periodic, climbs back: the LR oscillates through the whole run instead "
        "of decaying once.",
        "size it in optimizer steps: `CosineAnnealingLR(optimizer, T_max=epochs * len(train_loader))`, or "
        f"step it once per epoch; with lrkit: `{_LK}(optimizer, \"cosine\", total_steps=epochs * "
        "len(train_loader))`",
        where=("logs",), defaults={"period": "?", "cycles": "many", "n": "?", "first": "?"}),
    Rule(
        "LR029", "lr-floor-reached", "the LR reaches its floor early in the run", "warning",
        "the LR reached its floor {lr:.3g} ({pct} of its peak {peak:.3g}) at step {step}, {at} of the run, "
        "and stayed there for the last {rest} steps",
        "A decay that ends long before the run does leaves the rest of the run at the floor LR, where "
        "training barely moves: the schedule's length is shorter than the run (a T_max or total_steps "
        "from another run length, or epochs counted as steps).",
        "make the schedule as long as the run: `total_steps = epochs * steps_per_epoch`; with lrkit the "
        f"length is the run's: `{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=total_steps)`",
        where=("logs",), defaults={"at": "?", "rest": "?", "pct": "?", "step": "?"}),
    Rule(
        "LR030", "lr-per-epoch-staircase", "the LR changes only once per epoch", "note",
        "the LR changes once every {every} steps ({changes} changes from step {step}): a smooth schedule "
        "stepped once per epoch?",
        "A smooth schedule (cosine, linear, warmup) stepped once per epoch moves in a staircase. That is "
        "harmless for long epochs, but a warmup stepped per epoch starts each epoch with a jump, and "
        "short runs lose resolution.",
        "step it after every optimizer step with a length in steps (Lightning: `\"interval\": \"step\"`); "
        f"with lrkit: `{_LK}(optimizer, spec, total_steps=..., steps_per_epoch=len(train_loader))`",
        where=("logs",), defaults={"every": "?", "changes": "?", "step": "?"}),
    Rule(
        "LR031", "spike-after-lr-rise", "loss spike right after the LR rose", "error",
        "the loss reached {loss} at step {step}, {k} steps after the LR rose from {lr_from:.3g} to {lr_to:.3g}",
        "A loss that spikes (or turns NaN) just after the LR went up — the end of a warmup, one-cycle's "
        "peak, a restart — is the LR crossing the edge of stability: the peak LR is too high for this "
        "model and batch size.",
        "lower the peak LR (measure it: `lrkit find`), e.g. one-cycle at the LR finder's range top: "
        f"`{_LK}(optimizer, \"onecycle(max_lr=...)\", total_steps=...)`, or warm up longer",
        where=("logs",), defaults={"k": "?"}),
    Rule(
        "LR032", "val-flat-constant-lr", "validation metric flat while the LR stays constant", "warning",
        "the validation {metric} did not improve on {best:.4g} for {evals} evaluations from step {step} "
        "while the LR stayed at {lr:.3g}",
        "A plateau scheduler is meant to cut the LR when the metric stops improving. Flat for this long "
        "at one LR, either no scheduler acts (a ReduceLROnPlateau never given its metric, a wrong "
        "monitor key, mode='max' on a loss) or its patience, threshold, cooldown or min_lr keep it from "
        "acting.",
        "feed the plateau its metric once per evaluation: `scheduler.step(val_loss)` (Lightning: "
        "`\"monitor\": \"val_loss\"`, the exact logged key); with lrkit: "
        f"`{_LK}(optimizer, \"plateau(patience=5, factor=0.3)\")` and `scheduler.step(val_loss)`",
        where=("logs",), defaults={"metric": "metric"}),
    Rule(
        "LR033", "early-divergence-no-warmup", "loss rises in the first steps at the full LR", "error",
        "the loss rose from {first:.4g} (lowest {low:.4g}) to {loss} at step {step}, early in the run, with "
        "the LR at {lr:.3g} (peak {peak:.3g}) {how}",
        "Adam-type optimizers (and post-LN Transformers above all) take large, badly scaled steps while "
        "their statistics are empty; at the full LR from step 0 the loss climbs instead of falling, "
        "diverges, or settles in a worse minimum. A warmup lets them start safely.",
        "add a warmup of a few percent: "
        f"`{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=total_steps)` (HF: `warmup_ratio=0.05`), "
        "or lower the LR",
        where=("logs",), defaults={"how": "from the first step: no warmup"}),
    Rule(
        "LR034", "plan-factor", "logged LR off the plan by a constant factor", "error",
        "the logged LR is {factor:.3g}x the planned one at every step ({spec})",
        "The schedule's shape is right but its scale is not: the base LR differs from the one planned "
        "(a param group multiplier, a linear-scaling rule applied twice or not at all, an LR set after "
        "the scheduler was built).",
        "set the optimizer's LR to the planned base LR before building the scheduler, or pass it: "
        f"`{_LK}(optimizer, \"{{spec}}\", total_steps={{total_steps}})` with `lr={{base_lr}}`",
        where=("logs",), defaults={"spec": "the plan", "total_steps": "...", "base_lr": "..."}),
    Rule(
        "LR035", "plan-time-scale", "logged LR runs faster or slower than the plan", "error",
        "the logged LR follows the plan {speed:.3g}x {faster} ({spec} over {total_steps} steps runs as if "
        "over {seen} steps)",
        "The shape is right but the clock is not: the schedule was sized for another run length, or is "
        "stepped per batch while sized in epochs (or the reverse), or twice per update.",
        "size the schedule in optimizer steps for this run and step it once per optimizer step: "
        f"`{_LK}(optimizer, \"{{spec}}\", total_steps={{total_steps}})`",
        where=("logs",), defaults={"faster": "faster", "spec": "the plan", "total_steps": "?", "seen": "?"}),
    Rule(
        "LR036", "plan-restart", "logged LR restarts the plan", "error",
        "the logged LR follows the plan until step {step} and then starts it over ({spec})",
        "A schedule that starts over part way lost its state: a resume that restored the model and the "
        "optimizer but built a fresh scheduler.",
        "restore the scheduler's state on resume: `scheduler.load_state_dict(ckpt[\"scheduler\"])`; "
        f"`{_LK}` state dicts resume bit for bit",
        where=("logs",), defaults={"spec": "the plan"}),
    Rule(
        "LR037", "plan-cut-short", "run stopped before the planned length", "note",
        "the logs end at step {last}, {pct} of the planned {total_steps} steps: the LR was still {lr:.3g} "
        "({lr_pct} of its peak)",
        "A run that stops early (a crash, a time limit, max_steps smaller than the schedule's length) "
        "never reaches the low-LR end of its schedule, where most of the final loss improvement happens.",
        "resume it with the scheduler's state, or plan the schedule for the steps you will run: "
        f"`{_LK}(optimizer, \"{{spec}}\", total_steps={{last}})`",
        where=("logs",), defaults={"spec": "the plan"}),
    Rule(
        "LR038", "plan-departs", "logged LR departs from the plan", "warning",
        "the logged LR departs from the plan ({spec}) from step {step}: {detail}",
        "The logged LR is not the planned curve, and not the plan scaled, shifted or restarted either: "
        "another schedule ran, or something else writes the LR (a second scheduler, a callback).",
        "check which scheduler steps the optimizer that trains; with lrkit one spec drives it: "
        f"`{_LK}(optimizer, \"{{spec}}\", total_steps=...)`",
        where=("logs",), defaults={"spec": "the plan", "detail": "larger than 5% of the peak"}),
    Rule(
        "LR039", "lambda-returns-an-lr", "LambdaLR function returns an LR, not a factor", "error",
        "the function of LambdaLR `{scheduler}` returns `{value}`, a learning rate: LambdaLR multiplies the "
        "optimizer's LR by it, so the run trains at LR x LR",
        "LambdaLR sets each group's LR to base_lr * lr_lambda(step). A function written to return the LR "
        "itself (a hand-written warmup/cosine in absolute values) gives base_lr * lr: 1e-3 * 1e-3 = 1e-6, a "
        "run that barely moves, silently.",
        "return a factor: divide by the base LR (`return lr / base_lr`), or build the optimizer with `lr=1.0`; "
        f"with lrkit the spec is the plan: `{_LK}(optimizer, \"warmup(5%) >> cosine\", total_steps=...)`",
        defaults={"scheduler": "scheduler", "value": "lr"}),
    Rule(
        "LR040", "resume-restarts-schedule", "a resumed run restarts its schedule", "error",
        "the run resumes at `{start}` from a checkpoint, but {sched_desc} is rebuilt from step 0 and never "
        "restored: its schedule starts over",
        "A resume that restores the model and optimizer but not the scheduler replays the schedule from its "
        "start (the warmup again, the decay undone) while the epoch counter continues; the run ends at the "
        "wrong LR, and a warmup after a restore can destabilise a trained model.",
        "save `{scheduler}.state_dict()` in the checkpoint and call `{scheduler}.load_state_dict(ckpt[...])` on "
        "resume (or build it with `last_epoch=start_epoch - 1`); lrkit's LRScheduler resumes bit for bit from "
        "its state_dict",
        defaults={"start": "start_epoch", "sched_desc": "the scheduler", "scheduler": "scheduler"}),
    Rule(
        "LR041", "metric-to-non-plateau", "a metric passed to a scheduler that takes none", "error",
        "`{scheduler}.step({metric})` passes a metric to {sched_desc}, which is not ReduceLROnPlateau: the value "
        "is read as the epoch number",
        "Only ReduceLROnPlateau takes a metric. Every other torch scheduler reads `step(x)` as the (deprecated) "
        "epoch to jump to, so each call moves the schedule to the position the loss or accuracy happens to have: "
        "the LR follows the metric instead of the schedule. It is what is left after switching a script from a "
        "plateau scheduler to another one.",
        "call `{scheduler}.step()` with no argument; to reduce on the metric, use "
        "`ReduceLROnPlateau(optimizer, mode=...)` and keep `step({metric})`",
        where=("static",), defaults={"scheduler": "scheduler", "metric": "val_loss", "sched_desc": "the scheduler"}),
    Rule(
        "LR042", "length-is-a-rate", "a learning rate or a fraction given as a schedule length", "error",
        "{sched_desc} is sized with `{length}`, {what}, not a number of steps or epochs",
        "A scheduler's length (T_max, total_iters, step_size, num_training_steps, num_warmup_steps ...) counts its "
        "step() calls. Given a learning rate or a ratio, a small float, the schedule spans a fraction of one "
        "step: a cosine swings between its peak and its floor at every call, a decay or a warmup ends at once. "
        "The wrong hyperparameter was passed (`lr` next to `epochs`), or a ratio (`warmup_ratio=0.1`) where "
        "a count goes.",
        "size it with a count of the calls: `{ctor}(optimizer, {arg}=epochs)` when stepped once per epoch, "
        "`epochs * len(train_loader)` when stepped every batch; a ratio times the run: "
        "`int(0.1 * total_steps)`",
        where=("static",), defaults={"sched_desc": "the scheduler", "length": "T_max=lr", "ctor": "CosineAnnealingLR",
                                     "arg": "T_max", "what": "a learning rate"}),
    Rule(
        "LR043", "restarts-every-step", "warm restarts at every step: the LR never moves", "error",
        "{sched_desc} has T_0={t0} and is stepped {how}: it restarts at every step, so the LR stays at its peak",
        "CosineAnnealingWarmRestarts counts its step() calls. With T_0=1 (and T_mult=1) each call ends a cycle "
        "and restarts it, so the LR it sets is always the cycle's start: the schedule is a constant LR. A "
        "restart every epoch needs the fractional position, `scheduler.step(epoch + i / len(train_loader))` "
        "every batch; otherwise T_0 must count several steps.",
        "give the cycle its length in the unit it is stepped in (`T_0=10` epochs when stepped once per epoch, "
        "`T_0=10 * len(train_loader)` every batch), or step it with the position: "
        "`{scheduler}.step(epoch + i / len(train_loader))`",
        where=("static",), defaults={"sched_desc": "CosineAnnealingWarmRestarts", "t0": "1",
                                     "how": "once per epoch", "scheduler": "scheduler"}),
    Rule(
        "LR044", "first-epoch-at-zero", "warm-up factor 0 for the whole first epoch", "warning",
        "{sched_desc} returns 0 at step 0 and is stepped once per epoch: the whole first epoch trains with LR 0",
        "LambdaLR sets the LR to base_lr * lr_lambda(n) after n calls of step(). A warm-up written "
        "`epoch / warmup_epochs` starts at 0; stepped once per batch that is one update without a step, but "
        "stepped once per epoch it is a whole epoch of forward and backward passes that change nothing (Adam "
        "and SGD make no update at LR 0), and the warm-up is one epoch shorter than planned.",
        "start the warm-up above 0: `lambda epoch: min(1.0, (epoch + 1) / warmup_epochs)`; or step it per "
        "batch with the warm-up counted in optimizer steps",
        where=("static",), defaults={"sched_desc": "the scheduler", "scheduler": "scheduler"}),
    Rule(
        "LR045", "swa-lr-far-above", "SWA learning rate far above the optimizer's", "warning",
        "the SWA learning rate {swa} is {times}x the optimizer's LR {lr}: weight averaging anneals every group "
        "up to it at the end of the run",
        "Stochastic weight averaging (Lightning's StochasticWeightAveraging callback, torch's SWALR) replaces "
        "the schedule for the last part of the run and anneals every param group to the SWA LR. It is meant to "
        "be a modest LR, at or below the peak the run trained with; ten times the optimizer's LR throws the "
        "trained weights off just before they are averaged.",
        "set the SWA LR at or below the optimizer's LR (about the LR the schedule has reached by then), e.g. "
        "`swa_lrs={lr}`",
        where=("static",), defaults={"swa": "swa_lrs", "lr": "lr", "times": "10"}),
    Rule(
        "LR046", "hand-decay-compounds", "hand-written decay applied to the decayed LR", "error",
        "`{target} = {value}` multiplies the already decayed LR by a factor computed from the whole `{counter}`: "
        "the decays compound",
        "A step decay `base_lr * gamma ** (epoch // step)` gives the LR at that epoch from the base LR. Applied "
        "to the running value instead, each update multiplies the earlier decays in again: with gamma 0.1 every 30 "
        "epochs the LR goes 1e-1, 1e-2, 1e-4, 1e-7 instead of 1e-1, 1e-2, 1e-3, 1e-4, and the run stops "
        "learning long before it ends, silently.",
        "compute it from the base LR: `{target} = base_lr * {factor}` (keep the initial LR in its own variable); "
        "or use `torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)`",
        where=("static",), defaults={"target": "lr", "value": "lr * 0.1 ** (epoch // 30)", "counter": "epoch",
                                     "factor": "0.1 ** (epoch // 30)"}),
    Rule(
        "LR047", "plateau-metric-last-batch", "plateau metric overwritten in the validation loop", "error",
        "`{metric}` starts at 0 and is assigned (`=`, not `+=`) in every pass of the loop at line {loop}, so "
        "`{scheduler}.step(...)` reduces on the last batch's value only",
        "ReduceLROnPlateau compares each epoch's metric with the best so far. Fed one batch's loss (the last, of "
        "a shuffled or uneven loader), it sees noise: it cuts the LR when one small batch happens to be hard, "
        "or never, while the validation loss itself still falls or has stalled.",
        "accumulate over the loop: `{metric} += ...` (and divide by the number of examples or batches after it)",
        where=("static",), defaults={"metric": "val_loss", "loop": "?", "scheduler": "scheduler"}),
    Rule(
        "LR048", "stepped-after-training", "scheduler stepped only after the training loop", "error",
        "{sched_desc} is stepped once, after the epoch loop at line {loop} has ended: the whole run trains at "
        "its first LR",
        "A scheduler changes the LR only when step() is called. A step() dedented one level too far sits below "
        "the epoch loop instead of at its end: it runs once, when training is over, and the schedule never acts "
        "on the run, silently.",
        "move `{scheduler}.step()` into the epoch loop (indent it one level, after the batch loop), or into the "
        "batch loop after `optimizer.step()` for a schedule counted in steps",
        where=("static",), defaults={"sched_desc": "the scheduler", "loop": "?", "scheduler": "scheduler"}),
    Rule(
        "LR049", "decay-factor-zero", "decay factor 0: the LR drops to 0", "error",
        "{sched_desc} has gamma={gamma}: {when} the LR is 0 and training stops",
        "StepLR, MultiStepLR and ExponentialLR multiply the LR by gamma at each decay. A gamma of 0 (often meant "
        "as \"no decay\", which is gamma=1) sets every group's LR to exactly 0 at the first decay: the run goes on, "
        "the loss stays flat, and nothing is learned from there on, silently.",
        "for no decay use `gamma=1` (or no scheduler); for a decay give the factor it keeps, e.g. `gamma=0.1`",
        where=("static",), defaults={"sched_desc": "the scheduler", "gamma": "0", "when": "after the first decay"}),
    Rule(
        "LR050", "plateau-fed-counter", "plateau scheduler fed the epoch counter", "error",
        "`{scheduler}.step({metric})` feeds the {counter} counter to ReduceLROnPlateau as its metric",
        "ReduceLROnPlateau reads its argument as the monitored value, not as an epoch number (that is the older "
        "`step(epoch)` of the other schedulers). A counter that grows by one each call never improves in 'min' "
        "mode, so the LR is cut every patience (+ cooldown) calls whatever the validation loss does; in 'max' "
        "mode it always improves and the LR is never cut.",
        "pass the monitored value: `{scheduler}.step(val_loss)`; the other schedulers take no argument: "
        "`scheduler.step()`",
        where=("static",), defaults={"scheduler": "scheduler", "metric": "epoch", "counter": "epoch"}),
    Rule(
        "LR051", "schedule-longer-than-run", "schedule sized for more epochs than the loop runs", "warning",
        "{what} is sized for {planned} but the loop runs {epochs}: the run stops at {reached} of its "
        "schedule, with the LR still at {left} of its peak",
        "A decaying schedule reaches its floor only at the end of the length it is given. Sized for more epochs "
        "than the loop runs (a number of epochs written into the length, `len(train_loader) * 3`, beside a loop "
        "over `range(num_epochs)`), it is cut off half way: the LR never comes down, and the last epochs, "
        "meant to be fine-tuning at a small LR, run at a large one.",
        "size it with the loop's own count: `len(train_loader) * num_epochs` (per batch) or `T_max=num_epochs` "
        "(per epoch)",
        where=("static",), defaults={"what": "the schedule", "planned": "more epochs", "epochs": "fewer epochs",
                                     "reached": "part", "left": "much"}),
    Rule(
        "LR052", "warmup-handover-drop", "hand-written schedule drops at the end of its warm-up", "error",
        "{what} drops at the end of its warm-up: the factor falls from the warm-up's peak {fall}{climb}",
        "A warm-up exists to bring the LR up to its peak gently; the phase after it must start from that peak. A "
        "decay written from the wrong end (`(step - warmup) / (total - warmup)`, which is 0 when the warm-up ends "
        "and 1 at the end of the run, where `(total - step) / (total - warmup)` was meant) throws the warm-up "
        "away at once and then raises the LR while the run should be settling, silently.",
        "start the next phase at 1 where the warm-up ends: `(total - step) / max(1, total - warmup)` for a linear "
        "decay, `0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))` for a cosine; or use "
        "`get_linear_schedule_with_warmup(optimizer, warmup, total)`",
        where=("static",), defaults={"what": "the schedule", "fall": "to about 0", "climb": ""}),
    Rule(
        "LR055", "length-of-other-data", "schedule sized with another dataset than the loop it is stepped in",
        "error",
        "{sched_desc} is sized with `{length}`, the length of `{counted}`, but it is stepped once per batch of "
        "{reads}: its warm-up and its end belong to another run",
        "A schedule counted in steps has to be sized with the loader it is stepped over. Sized with another "
        "dataset's length (the first stage's, copied into a second stage; the validation loader's), it ends "
        "early and holds its floor, or is cut off early, by whatever ratio the two sizes happen to have.",
        "size it with the loader it is stepped over: `len({loader}) * epochs` (divided by the gradient "
        "accumulation when it steps per update)",
        where=("static",), defaults={"sched_desc": "the scheduler", "length": "num_training_steps",
                                     "counted": "train_dataset", "loader": "train_loader",
                                     "reads": "another loader"}),
    Rule(
        "LR056", "late-schedule-early-factor", "LambdaLR applies its step-0 factor before its steps begin", "error",
        "{sched_desc} is stepped only from epoch {start} on (`{gate}`), but its factor at step 0 is {first}, not 1: "
        "the constructor applies it, so the first {start} epochs train at {first} x the optimizer's LR",
        "LambdaLR sets the LR to base_lr * lr_lambda(0) when it is built, before any step() call. A decay written "
        "for the epochs after a start epoch (`lambda epoch: 2 - epoch / 100`, which is 1 at epoch 100) and stepped "
        "only from that epoch on still multiplies the LR by its value at 0 for every epoch before it.",
        "write the factor so that it is 1 until the decay starts (`lambda epoch: 1 - max(0, epoch - {start}) / "
        "{span}`) and step the scheduler every epoch",
        where=("static",), defaults={"sched_desc": "the scheduler", "start": "N", "gate": "if epoch >= N:",
                                     "first": "f(0)", "span": "decay_epochs"}),
    Rule(
        "LR057", "crossed-setting", "scheduler argument read from another parameter's setting", "error",
        "{sched_desc}'s `{param}` (a {what}) is read from `{source}`, the setting of its `{key}` parameter: a copied "
        "line that reads the wrong key",
        "Configuration lines are written by copying the one above. A count read from a rate's key (a plateau's "
        "patience from `factor`, 0.5) or a rate from a count's key takes a value meant for the other parameter as "
        "soon as the key is set: a patience below 1 cuts the LR after one bad epoch, a factor of 5 raises it.",
        "read `{param}` from its own setting (the `{param}` key)",
        where=("static",), defaults={"sched_desc": "the scheduler", "param": "patience", "key": "factor",
                                     "source": "cfg['factor']", "what": "count"}),
    Rule(
        "LR053", "one-bound-over-groups", "one max_lr over param groups with their own LRs", "error",
        "{sched_desc} is given one `{arg}={value}` while `{optimizer}`'s param groups set their own LRs ({lrs}): "
        "it writes that one bound into every group, so the groups' LRs are lost",
        "OneCycleLR and CyclicLR take their bounds per param group and set every group's LR from them at "
        "construction. Given one number, every group cycles between the same bounds: a backbone meant to train "
        "at a small LR beside a head at a larger one trains at the head's LR (or the reverse), silently.",
        "give one bound per group, in the groups' order: `{arg}=[...]` (e.g. the groups' own LRs, or ten times "
        "them for OneCycleLR)",
        where=("static",), defaults={"sched_desc": "OneCycleLR", "arg": "max_lr", "value": "?",
                                     "optimizer": "optimizer", "lrs": "?"}),
    Rule(
        "LR061", "floor-at-start", "schedule floor at or above the starting LR", "error",
        "{sched_desc} has a floor of `{floor}` and the optimizer starts at `{lr}`: {effect}",
        "CosineAnnealingLR's eta_min and ReduceLROnPlateau's min_lr are absolute learning rates, not ratios. Equal "
        "to the optimizer's LR, the cosine runs from that LR to itself and the plateau has no room to cut: the "
        "scheduler is built and stepped but never changes the LR. Above it, the cosine climbs instead of decaying.",
        "give the floor as a small part of the LR (`eta_min={lr} * 0.01`, or 0), or start the optimizer higher",
        where=("static",), defaults={"sched_desc": "the scheduler", "floor": "?", "lr": "?",
                                     "effect": "the schedule never moves the LR"}),
    Rule(
        "LR062", "plateau-patience-past-run", "plateau patience longer than its calls", "error",
        "{sched_desc} reduces after more than {patience} calls without improvement, but it is stepped at most "
        "{calls} times in the run: it can never reduce the LR",
        "ReduceLROnPlateau counts its step(metric) calls, not batches or epochs: the first call only sets the best "
        "value, and the LR is cut once `patience + 1` calls in a row bring no improvement. A short run, or a step "
        "every k-th epoch, with no more than patience + 1 calls leaves it no chance: the run trains at its first "
        "LR, silently.",
        "make the patience fit the calls the run makes (`patience=1` or 2 for {calls} calls), or step it more often "
        "(once per epoch on the validation loss)",
        where=("static",), defaults={"sched_desc": "ReduceLROnPlateau", "patience": "10", "calls": "?"}),
    Rule(
        "LR063", "batches-over-batch-size", "count of batches divided by the batch size", "error",
        "{what} holds `{length}`: `len({loader})` already counts batches, so dividing it by the batch size "
        "(`{divisor}`) makes the schedule that many times too short",
        "len() of a DataLoader is the number of batches it yields per epoch, not the number of examples. Divided "
        "by the batch size again, a run length (or steps_per_epoch) planned from it covers 1/batch_size of the "
        "run: the schedule ends within the first epochs (OneCycleLR raises, a cosine climbs back) and its "
        "per-epoch decays arrive batch_size times too early.",
        "count batches once: `len({loader})` (or `len({loader}.dataset) // {divisor}`, examples over the batch "
        "size)",
        where=("static",), defaults={"what": "the schedule length", "length": "?", "loader": "train_loader",
                                     "divisor": "batch_size"}),
)
