"""The decision framework as code: a training context in, a schedule with its reasons out.

Each rule is a small function of the :class:`Context` that either decides
something (the schedule family, the warmup, the base LR, the stepping) or adds a
caveat, and records a :class:`Reason` naming the input that caused it. The rules
run in a fixed order; the first family rule that applies wins. (Over 400 lines: the whole
decision order is kept in one module so it reads top to bottom as it runs.)

>>> from lrkit.advisor.rules import Context, decide
>>> d = decide(Context(model="vit", epochs=300, batch_size=1024, optimizer="adamw"))
>>> d.spec
'warmup(5ep, start_factor=0.002) >> cosine(min_lr=1e-05)'
>>> d.schedule.bind(total_steps=300_000, steps_per_epoch=1000)(5000, 1e-3)
0.001
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from ..errors import LRKitError
from ..schedules.validate import check_float, check_int
from ..schedules import Schedule
from ..schedules.units import Duration
from ..schedules.warmup import Warmup
from ..spec.names import suggest
from ..spec.parser import parse
from .evidence import see
from .recipes import RECIPES, Recipe, get_recipe

__all__ = ["Context", "Decision", "Reason", "decide", "MODELS", "OPTIMIZERS", "GOALS"]

MODELS = ("cnn", "resnet", "vit", "transformer-nlp", "llm", "detection", "segmentation", "rl", "mlp")
OPTIMIZERS = ("sgd", "adamw", "adam", "rmsprop", "lamb", "lars", "schedule-free")
GOALS = ("best", "reproduce", "fast")
_ADAPTIVE = ("adamw", "adam", "rmsprop", "lamb")

# A recipe per model family: what "reproduce" uses, and the source of LRs for "best".
_FAMILY_RECIPE = {
    "cnn": "resnet-paper", "resnet": "resnet-paper", "vit": "vit-deit", "transformer-nlp": "bert",
    "llm": "gpt", "detection": "detection", "segmentation": "deeplab-poly",
}


@dataclass(frozen=True)
class Context:
    """What the advisor knows about a run. Only ``model`` and a run length are required."""

    model: str
    epochs: float | None = None
    steps_per_epoch: int | None = None
    total_steps: int | None = None
    batch_size: int | None = None
    optimizer: str | None = None
    finetune: bool = False
    goal: str = "best"
    base_batch_size: int | None = None
    base_lr: float | None = None
    warmup: str | None = None
    recipe: str | None = None

    def __post_init__(self) -> None:
        if self.recipe is not None:
            get_recipe(self.recipe)  # raises with the list
        if self.model not in MODELS:  # also with a recipe: a misspelt model must not pass silently
            raise LRKitError(f"recommend: model must be one of {', '.join(MODELS)}, got {self.model!r}"
                             f"{suggest(self.model, MODELS) if suggest(self.model, MODELS).startswith(' —') else ''}")
        if self.goal not in GOALS:
            raise LRKitError(f"recommend: goal must be one of {', '.join(GOALS)}, got {self.goal!r}")
        if self.optimizer is not None and self.optimizer not in OPTIMIZERS:
            raise LRKitError(f"recommend: optimizer must be one of {', '.join(OPTIMIZERS)}, got {self.optimizer!r}")
        for name in ("epochs",):
            v = getattr(self, name)
            check_float("recommend", name, v, gt=0, optional=True, rule="> 0", shown=repr(v))
        for name in ("steps_per_epoch", "total_steps", "batch_size", "base_batch_size"):
            v = getattr(self, name)
            check_int("recommend", name, v, ge=1, optional=True)
        check_float("recommend", "base_lr", self.base_lr, gt=0, optional=True, rule="> 0", shown=repr(self.base_lr))
        if self.epochs is None and self.total_steps is None and self.recipe is None:
            raise LRKitError("recommend: give the run length: epochs=… (with steps_per_epoch=… for step "
                             "counts) or total_steps=…")
        if self.epochs is not None and self.steps_per_epoch and self.total_steps is not None \
                and self.total_steps != round(self.epochs * self.steps_per_epoch):
            raise LRKitError(f"recommend: total_steps={self.total_steps} contradicts epochs={self.epochs} x "
                             f"steps_per_epoch={self.steps_per_epoch}; give two of the three")
        if self.warmup is not None:
            self._check_warmup()

    def _check_warmup(self) -> None:
        from ..schedules.units import Context as RunContext, Duration

        d = Duration.of(self.warmup, "recommend: warmup")
        total = self.run_steps
        if d.unit == "fraction":
            if d.value >= 100:
                raise LRKitError(f"recommend: warmup={d} is the whole run; warmup must be shorter than training")
            return
        if d.unit == "epochs" and self.epochs is not None and d.value >= self.epochs:
            raise LRKitError(f"recommend: warmup={d} is longer than training ({self.epochs:g} epochs)")
        if total is not None:
            try:
                n = d.resolve(RunContext(total, self.steps_per_epoch), "recommend: warmup")
            except LRKitError:
                return
            if n >= total:
                raise LRKitError(f"recommend: warmup={d} ({n} steps) is longer than training ({total} steps)")

    @property
    def run_steps(self) -> int | None:
        if self.total_steps is not None:
            return self.total_steps
        if self.epochs is not None and self.steps_per_epoch is not None:
            return int(round(self.epochs * self.steps_per_epoch))
        return None

    @property
    def opt(self) -> str:
        """The optimizer, defaulting to the family's usual one."""
        if self.optimizer:
            return self.optimizer
        return "sgd" if self.model in ("cnn", "resnet", "detection", "segmentation") else "adamw"


@dataclass(frozen=True)
class Reason:
    """Why something was decided: the input that caused it, the sentence, and the evidence sections it rests on."""

    cause: str
    text: str
    evidence: tuple = ()

    def __str__(self) -> str:
        return f"{self.text} [{self.cause}]" + (f" ({see(self.evidence)})" if self.evidence else "")


@dataclass
class Decision:
    """What the rules decided (filled in by :func:`decide`).

    ``schedule`` is the schedule object; ``spec`` its text as the rule wrote it (a recipe's
    text keeps the parameters it states, even at their defaults).
    """

    schedule: Schedule | None = None
    spec: str = ""
    base_lr: float | None = None
    base_lr_note: str = ""
    warmup: str | None = None
    per: str = "step"
    recipe: Recipe | None = None
    optimizer: str = ""
    reasons: list[Reason] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    def why(self, cause: str, text: str, *evidence: str) -> None:
        """Record a reason; ``evidence`` names the sections of docs/evidence.md it rests on."""
        self.reasons.append(Reason(cause, text, tuple(evidence)))

    def use(self, spec: str) -> None:
        """Decide the schedule written as ``spec`` (parsed here, once)."""
        self.schedule, self.spec = parse(spec), spec


# ---- the rules ------------------------------------------------------------------------------

def _rule_recipe(ctx: Context, d: Decision) -> bool:
    """An explicit recipe, or goal='reproduce': use the paper's exact settings."""
    name = ctx.recipe
    if name is None and ctx.goal == "reproduce":
        if ctx.finetune:
            name = "finetune"
        else:
            name = _FAMILY_RECIPE.get(ctx.model)
            if name is None:
                raise LRKitError(f"recommend: there is no paper recipe to reproduce for model={ctx.model!r}; "
                                 f"use goal='best', or one of the recipes: {', '.join(RECIPES)}")
    if name is None:
        return False
    r = get_recipe(name)
    d.recipe, d.per, d.warmup = r, r.per, r.warmup
    d.use(r.schedule)
    d.why("recipe" if ctx.recipe else "goal", f"Reproducing '{r.name}' exactly: {r.source}.")
    if r.per == "epoch":
        d.why("recipe", "The recipe changes the LR at epoch boundaries; per='epoch' keeps that staircase.")
    return True


def _rule_finetune(ctx: Context, d: Decision) -> bool:
    if not ctx.finetune:
        return False
    d.recipe = get_recipe("finetune")
    d.warmup = ctx.warmup or "10%"
    d.use(f"warmup({d.warmup}) >> linear")
    d.why("finetune", "Fine-tuning starts from good weights: a short warmup (10%) protects them from the first "
                      "large updates, then a linear decay to 0 as in BERT's fine-tuning.", "finetune-constant")
    d.caveats.append("Use discriminative LRs: smaller LRs for lower layers (param groups), e.g. 0.95^depth.")
    return True


def _rule_fast(ctx: Context, d: Decision) -> bool:
    if ctx.goal != "fast" or ctx.model in ("llm", "transformer-nlp", "detection", "rl"):
        return False
    if ctx.epochs is not None and ctx.epochs > 100:
        d.caveats.append("goal='fast' with more than 100 epochs: one-cycle is meant for short runs; "
                         "warmup + cosine is used instead.")
        return False
    d.recipe = get_recipe("fastai-onecycle")
    d.use("onecycle(pct_start=0.25, div_factor=25, final_div_factor=100000)")
    d.why("goal", "goal='fast': one-cycle (super-convergence) reaches a good model in few epochs; its peak is "
                  "the top of the LR finder's suggested range (lrkit find).", "onecycle-short")
    return True


SHORT_RUN_STEPS = 1000


def _rule_short_run(ctx: Context, d: Decision) -> bool:
    """Very short runs stay far from convergence: a decay mostly takes progress away."""
    steps = ctx.run_steps
    if steps is None or steps >= SHORT_RUN_STEPS or ctx.model in ("rl",):
        return False
    d.use("constant")
    d.why("epochs", f"A run of {steps} updates (< {SHORT_RUN_STEPS}) ends far from convergence, where a decaying "
                    "LR mostly gives up progress: keep it constant. Measured with each schedule at its own best "
                    "LR: on the 300-update char-LM a constant LR ended with a lower test loss than cosine; on the "
                    "600-update digits MLP no difference was shown; decay paid off in the 1500-update mnist1d runs.",
          "adam-schedule", "small-models", "scheduling-gain")
    d.caveats.append("If the run will be extended, or once its loss flattens, switch to a decay "
                     "(or wsd, which keeps this constant phase and adds a cool-down).")
    return True


def _rule_long_run_unknown_length(ctx: Context, d: Decision) -> bool:
    if ctx.model != "llm":
        return False
    d.recipe = get_recipe("llm-wsd")
    w = ctx.warmup or "1%"
    d.warmup = w
    d.use(f"wsd(warmup={w}, decay=20%, decay_type=sqrt)")
    d.why("model", "LLM pre-training: warmup-stable-decay keeps the LR constant so the run can be extended "
                   "or checkpoints branched, and a 1-sqrt cool-down over the last 20% matches cosine.")
    return True


def _rule_transformer(ctx: Context, d: Decision) -> bool:
    if ctx.model not in ("transformer-nlp", "vit"):
        return False
    r = get_recipe("vit-deit" if ctx.model == "vit" else "gpt")
    d.recipe = r
    if ctx.model == "vit":
        d.warmup = ctx.warmup or _epochs_or_fraction(ctx, 5, 0.05)
        d.use(f"warmup({d.warmup}, start_factor=0.002) >> cosine(min_lr=1e-05)")
        d.why("model", "Vision transformers with AdamW: long linear warmup then cosine to a small floor (DeiT).")
    else:
        d.warmup = ctx.warmup or "2%"
        d.use(f"warmup({d.warmup}) >> cosine(min_lr_ratio=0.1)")
        d.why("model", "Transformer trained from scratch: linear warmup then cosine decay to 10% of the peak "
                       "(GPT-3, Chinchilla).", "warmup-transformers")
    return True


def _rule_detection(ctx: Context, d: Decision) -> bool:
    if ctx.model != "detection":
        return False
    d.recipe = get_recipe("detection")
    d.warmup = ctx.warmup or "1000"
    d.use(f"multistep([67%, 89%], gamma=0.1) * warmup({d.warmup}, start_factor=0.001)")
    d.why("model", "Detection: a short warmup then two step decays at 2/3 and 8/9 of the run (Detectron2's "
                   "1x/3x schedules), measured from step 0.")
    return True


def _rule_segmentation(ctx: Context, d: Decision) -> bool:
    if ctx.model != "segmentation":
        return False
    d.recipe = get_recipe("deeplab-poly")
    d.use("poly(power=0.9)")
    d.why("model", "Semantic segmentation: DeepLab's poly decay with power 0.9, per iteration.")
    return True


def _rule_rl(ctx: Context, d: Decision) -> bool:
    if ctx.model != "rl":
        return False
    d.use("linear")
    d.why("model", "Reinforcement learning: the data distribution moves with the policy; a linear anneal to 0 "
                   "(PPO's default) or a constant LR; no warmup.")
    return True


def _rule_cnn(ctx: Context, d: Decision) -> bool:
    if ctx.model not in ("cnn", "resnet", "mlp"):
        return False
    if ctx.model != "mlp":
        d.recipe = get_recipe("resnet-modern")
    d.use("cosine")
    d.why("model", "Convolutional / MLP classifiers: cosine decay to 0 over the whole run is the strong default "
                   "(bag of tricks); it needs no milestones tuned to the run length.", "cosine-default",
          "step-vs-cosine", "small-models")
    return True


_FAMILY_RULES = (_rule_recipe, _rule_finetune, _rule_fast, _rule_short_run, _rule_long_run_unknown_length,
                 _rule_transformer, _rule_detection, _rule_segmentation, _rule_rl, _rule_cnn)


def _epochs_or_fraction(ctx: Context, epochs: int, fraction: float) -> str:
    """``'{epochs}ep'`` when that is at most ``2*fraction`` of the run, else ``fraction`` of the run."""
    if ctx.epochs is not None and epochs <= 2 * fraction * ctx.epochs:
        return f"{epochs}ep"
    return f"{fraction * 100:g}%"


def _families(schedule: Schedule) -> set[str]:
    """The family names in a schedule (``{"seq", "warmup", "cosine"}``)."""
    return {node.name for node in schedule.walk()}


def _units(schedule: Schedule) -> set[str]:
    """The units of every duration written in a schedule (``{"epochs", "fraction"}``)."""
    units = set()
    for node in schedule.walk():
        for f in dataclasses.fields(node):  # type: ignore[arg-type]
            value = getattr(node, f.name)
            units |= {v.unit for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, Duration)}
    return units


def _rule_warmup(ctx: Context, d: Decision) -> None:
    """Add a warmup where the context calls for one and the family has none."""
    if d.recipe is not None and d.spec == d.recipe.schedule:
        return  # reproduce: untouched
    if _families(d.schedule) & {"warmup", "onecycle", "wsd"}:
        return
    cause = None
    if ctx.warmup is not None:
        cause, w = "warmup", ctx.warmup
    elif ctx.batch_size and ctx.base_batch_size and ctx.batch_size >= 4 * ctx.base_batch_size:
        cause, w = "batch_size", _epochs_or_fraction(ctx, 5, 0.05)
        d.why("batch_size", f"Batch {ctx.batch_size} is {ctx.batch_size / ctx.base_batch_size:g}x the reference "
                            f"{ctx.base_batch_size}: the scaled LR needs a gradual warmup (Goyal et al. 2017).",
              "large-batch-warmup")
    elif ctx.batch_size and ctx.batch_size >= 1024 and ctx.opt in ("sgd", "lars"):
        cause, w = "batch_size", _epochs_or_fraction(ctx, 5, 0.05)
        d.why("batch_size", f"Batch {ctx.batch_size} with SGD: large-batch training diverges early without a "
                            "gradual warmup (Goyal et al. 2017).", "large-batch-warmup")
    elif ctx.opt in _ADAPTIVE and ctx.run_steps is not None and ctx.run_steps < SHORT_RUN_STEPS:
        d.why("epochs", f"No warmup: in a run of {ctx.run_steps} updates it spends a share the run cannot make up "
                        "(measured on the 300-update char-LMs with each arm at its best LR; warmup paid off there "
                        "only at a high LR in the post-LN model).", "warmup-transformers")
    elif ctx.opt in _ADAPTIVE and ctx.model not in ("rl",):
        cause, w = "optimizer", _epochs_or_fraction(ctx, 1, 0.02) if ctx.epochs else "2%"
        d.why("optimizer", f"{ctx.opt} estimates its second moments from few samples at first: a short warmup "
                           "keeps the first updates small (Liu et al. 2020, RAdam).", "warmup-transformers")
    if cause is None:
        if not any(r.text.startswith("No warmup") for r in d.reasons):
            d.why("model", "No warmup: with SGD at a moderate batch size it only spends steps (the measured "
                           "char-LM and digits runs show no gain from it there).", "large-batch-warmup")
        return
    d.warmup = w
    d.schedule = Warmup(w) >> d.schedule
    d.spec = str(d.schedule)


def _rule_base_lr(ctx: Context, d: Decision) -> None:
    ref = d.recipe
    opt = ctx.opt
    if ctx.base_lr is not None:
        lr, ref_batch, src = ctx.base_lr, ctx.base_batch_size, "your base_lr"
    elif ref is not None and ref.base_lr and (d.recipe is not None and ref.optimizer.startswith(opt[:4])):
        lr, ref_batch, src = ref.base_lr, ref.batch_size, f"the '{ref.name}' recipe"
    else:
        d.base_lr = None
        if "onecycle" in _families(d.schedule):  # measured: the top of the range, not 10x the suggestion
            d.base_lr_note = ("Find it: run the LR range test (lrkit.find_lr / `lrkit find`) and use the top of its "
                              "suggested range (suggest_range()[1]) as one-cycle's max_lr.")
            d.why("base_lr", "One-cycle's peak from the LR finder: the top of its suggested range, not 10x its "
                             "suggestion (10x the suggestion lost badly on one of three built-in tasks; the top of "
                             "the range stayed close to the best tuned peak).", "onecycle-finder-range",
                  "onecycle-max-lr")
            return
        d.base_lr_note = ("Find it: run the LR range test (lrkit.find_lr / `lrkit find`) and use its suggestion "
                          "as the peak LR (not a tenth of it).")
        d.why("base_lr", "No reference LR for this optimizer and model: the LR finder measures one on your data; "
                         "use its suggestion as it is (a tenth of it trained worse on two of three built-in tasks).",
              "finder-div10")
        return
    if ctx.batch_size and ref_batch and ctx.batch_size != ref_batch:
        k = ctx.batch_size / ref_batch
        if opt in ("sgd", "lars"):
            d.base_lr = lr * k
            d.base_lr_note = f"{lr:g} x {ctx.batch_size}/{ref_batch} = {d.base_lr:g} (linear scaling rule)"
            d.why("batch_size", f"Linear scaling rule for SGD: the LR grows with the batch ({lr:g} at {ref_batch} "
                                f"from {src} -> {d.base_lr:g} at {ctx.batch_size}; Goyal et al. 2017).")
        else:
            d.base_lr = lr * math.sqrt(k)
            d.base_lr_note = f"{lr:g} x sqrt({ctx.batch_size}/{ref_batch}) = {d.base_lr:g} (square-root scaling)"
            d.why("batch_size", f"For adaptive optimizers the square-root rule holds better than the linear one "
                                f"(Malladi et al. 2022): {lr:g} -> {d.base_lr:g}.")
            d.caveats.append("Scaling rules are starting points; confirm the LR with the LR finder.")
    else:
        d.base_lr = lr
        d.base_lr_note = f"{lr:g} (from {src})"
        d.why("base_lr", f"Base LR {lr:g} from {src}.")


def _rule_stepping(ctx: Context, d: Decision) -> None:
    if d.per == "epoch":
        return
    d.why("per", "Step the scheduler once per optimizer step (lrkit.torch.LRScheduler converts epoch durations "
                 "with steps_per_epoch), so the curve is smooth and independent of the loop.")


def _rule_caveats(ctx: Context, d: Decision) -> None:
    if ctx.opt == "schedule-free":
        d.caveats.append("A schedule-free optimizer replaces the decay: keep only the warmup "
                         "(schedule-free AdamW/SGD expect a constant LR after it).")
    if "onecycle" in _families(d.schedule) and ctx.epochs is not None and ctx.epochs >= 100:
        d.caveats.append("One-cycle over 100+ epochs spends most of the run far from the peak; prefer warmup + "
                         "cosine.")
    if ctx.run_steps is None and _units(d.schedule) & {"epochs", "fraction"}:
        d.caveats.append("Pass total_steps (or epochs and steps_per_epoch) to the scheduler: the spec has "
                         "durations in epochs or percent.")


def decide(ctx: Context) -> Decision:
    """Run the rules on ``ctx`` and return the :class:`Decision`.

    >>> d = decide(Context(model="resnet", epochs=90, batch_size=1024, optimizer="sgd", base_batch_size=256))
    >>> d.spec, round(d.base_lr, 6)
    ('warmup(5ep) >> cosine', 0.4)
    """
    d = Decision(optimizer=ctx.opt)
    for rule in _FAMILY_RULES:
        if rule(ctx, d):
            break
    _rule_warmup(ctx, d)
    _rule_base_lr(ctx, d)
    _rule_stepping(ctx, d)
    _rule_caveats(ctx, d)
    return d
