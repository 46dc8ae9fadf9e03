"""The field's rules of thumb as measurable claims: what each compares, where, and what would confirm it.

A :class:`Claim` names two groups of schedules (``claim``: what the rule of thumb
recommends, ``base``: what it is measured against), the :class:`Setting` s it is
measured in, and the test the effect must pass (:attr:`Claim.kind`):

- ``"better"``: the claim's arm beats the base by at least ``margin`` (0: at all);
- ``"noninferior"``: the claim's arm is worse than the base by less than ``margin``;
- ``"equivalent"``: the two differ by less than ``margin`` either way.

A group of several specs stands for "the best of these": the one (at its own best
LR) with the best validation metric in the LR-selection runs. The rule that turns
the measured interval into a verdict is :func:`lrkit.experiments.evidence.status`.

>>> c = get_claim("warmup-transformers")
>>> c.kind, c.claim, c.base
('better', ('warmup(10%) >> constant',), ('constant',))
>>> get_claim("warmup")
Traceback (most recent call last):
...
lrkit.errors.LRKitError: evidence: unknown claim 'warmup'; known claims: scheduling-gain, warmup-transformers, cosine-default, onecycle-short, adam-schedule, small-models, large-batch-warmup, finetune-constant, onecycle-max-lr, onecycle-finder-range, finder-div10, plateau-conservative, step-vs-cosine
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LRKitError

__all__ = ["Setting", "Claim", "CLAIMS", "get_claim", "example_claim", "KINDS"]

KINDS = ("better", "noninferior", "equivalent")


@dataclass(frozen=True)
class Setting:
    """Where a claim is measured: a task at an optimizer, budget and batch size, and how LRs are chosen.

    - ``lrs``: the LR grid every arm without its own LR is tried at (``select_seeds``,
      validation metric); the best LR per arm then runs at ``seeds`` seeds, and the
      effect is measured on the held-out test split. ``fixed_lr``: no selection,
      every arm at this LR.
    - ``finetune``: the fine-tuning variant of ``mnist1d-mlp`` (see
      :mod:`lrkit.experiments.evidence_tasks`).
    - ``note``: how the setting reads in the tables (``"post-LN, LR 0.03 fixed"``).

    Runs are stored in one study per task, optimizer, budget and batch size
    (:attr:`study`), so claims measured on the same setting share their runs.

    >>> Setting("digits-mlp", lrs=(0.03, 0.1)).study
    'evidence-digits-mlp-sgd-30ep-bs64'
    """

    task: str
    optimizer: str | None = None
    epochs: int | None = None
    batch_size: int | None = None
    lrs: tuple = ()
    fixed_lr: float | None = None
    seeds: int = 8
    select_seeds: tuple = (100, 101)
    finetune: bool = False
    note: str = ""

    def trainer(self):
        from .evidence_tasks import EvidenceTrainer

        t = EvidenceTrainer(self.task, finetune=self.finetune).task
        return EvidenceTrainer(self.task, epochs=self.epochs or t.epochs, optimizer=self.optimizer or t.optimizer,
                               batch_size=self.batch_size or t.batch_size, finetune=self.finetune)

    @property
    def study(self) -> str:
        t = self.trainer()
        name = t.task.name
        return f"evidence-{name}-{t.optimizer}-{t.epochs}ep-bs{t.batch_size}"

    def describe(self) -> str:
        """``digits-mlp, SGD, 30 epochs x 20 steps, batch 64``, plus the note."""
        t = self.trainer()
        task = t.task
        text = (f"{task.name}, {t.optimizer.upper() if t.optimizer == 'sgd' else 'AdamW'}, {t.epochs} epochs x "
                f"{task.steps_per_epoch()} steps, batch {t.batch_size}")
        return text + (f", {self.note}" if self.note else "")


@dataclass(frozen=True)
class Claim:
    """A rule of thumb as the field states it, and how it is measured (see the module docstring).

    ``conditions``: the hand-written sentence that completes "holds only when …",
    shown only when the coded verdict is conditional. ``limits``: what the built-in
    tasks cannot show about this claim (shown with every verdict).

    >>> c = Claim("cos", "Cosine wins", "Cosine beats a constant LR.", claim=("cosine",), base=("constant",),
    ...           settings=(Setting("digits-mlp", lrs=(0.1, 0.3)),))
    >>> c.kind, c.margin, [s.study for s in c.settings]
    ('better', 0.0, ['evidence-digits-mlp-sgd-30ep-bs64'])
    >>> Claim("x", "X", "x", claim=("cosine",), base=("constant",), settings=(), kind="better")
    Traceback (most recent call last):
    ...
    lrkit.errors.LRKitError: claim x: settings must name at least one setting
    """

    name: str
    title: str
    statement: str
    claim: tuple
    base: tuple
    settings: tuple
    kind: str = "better"
    margin: float = 0.0
    measured: str = ""
    conditions: str = ""
    limits: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise LRKitError(f"claim {self.name}: kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if not self.settings:
            raise LRKitError(f"claim {self.name}: settings must name at least one setting")


# ---- the settings ---------------------------------------------------------------------------------
_SGD_LRS = (0.03, 0.1, 0.3, 1.0, 3.0)
_ADAMW_LRS = (0.001, 0.003, 0.01, 0.03, 0.1)
_LM_LRS = (0.003, 0.01, 0.03)
DIGITS_MLP = Setting("digits-mlp", lrs=_SGD_LRS, seeds=8)
MNIST1D_MLP = Setting("mnist1d-mlp", lrs=_SGD_LRS, seeds=8)
DIGITS_CNN = Setting("digits-cnn", lrs=(0.015, 0.05, 0.15, 0.5), seeds=6)
MNIST1D_CNN = Setting("mnist1d-cnn", lrs=(0.03, 0.1, 0.3, 1.0), seeds=5, select_seeds=(100,))
DIGITS_MLP_ADAMW = Setting("digits-mlp", optimizer="adamw", lrs=_ADAMW_LRS, seeds=8)
MNIST1D_MLP_ADAMW = Setting("mnist1d-mlp", optimizer="adamw", lrs=_ADAMW_LRS, seeds=8)
CHARLM = Setting("charlm", lrs=_LM_LRS, seeds=5, select_seeds=(100,), note="pre-LN")
CHARLM_POSTLN = Setting("charlm-postln", lrs=_LM_LRS, seeds=5, select_seeds=(100,), note="post-LN")
_SHORT = dict(epochs=5, seeds=8)
SHORT = (Setting("digits-mlp", lrs=_SGD_LRS, **_SHORT), Setting("mnist1d-mlp", lrs=_SGD_LRS, **_SHORT),
         Setting("digits-cnn", lrs=(0.015, 0.05, 0.15, 0.5), epochs=5, seeds=6))
LARGE_BATCH = Setting("mnist1d-mlp", batch_size=512, lrs=(0.1, 0.3, 0.8, 2.4), seeds=8,
                      note="batch 8x the task's")
FINETUNE = Setting("mnist1d-mlp", finetune=True, lrs=(0.001, 0.003, 0.01, 0.03, 0.1, 0.3), seeds=10,
                   note="pre-trained on digits 0-4, fine-tuned on 5-9")

_STEP = "multistep([10ep, 20ep], gamma=0.1)"  # 30/60 of 90 epochs, scaled to the 30-epoch budget
_PLATEAU = "plateau(mode=max)"               # torch's ReduceLROnPlateau defaults: factor 0.1, patience 10

CLAIMS: tuple[Claim, ...] = (
    Claim("scheduling-gain", "Scheduling adds 2-5% accuracy",
          "Proper LR scheduling improves final accuracy by 2-5% over a constant LR.",
          claim=("cosine", _STEP, "onecycle"), base=("constant",), kind="better", margin=2.0,
          settings=(DIGITS_MLP, MNIST1D_MLP, DIGITS_CNN, MNIST1D_CNN),
          measured="the best of cosine, step decay and one-cycle (each at its best LR) against a constant LR "
                   "(at its best LR); the claim needs a gain of at least 2 points of test accuracy",
          limits=('The size of a gain depends on how far the task is from its ceiling; these tasks span a near- '
                  'saturated one (digits) and a far-from-saturated one (mnist1d).'),
          conditions=("the task is far from its ceiling (mnist1d-mlp); on the digits tasks, which end near their "
                     "ceiling, a gain of 2 points is ruled out, and on mnist1d-cnn the interval spans the margin")),
    Claim("warmup-transformers", "Warmup is mandatory for transformers",
          "Warmup is mandatory for transformers: without it training is unstable or ends worse.",
          claim=("warmup(10%) >> constant",), base=("constant",), kind="better",
          settings=(CHARLM, CHARLM_POSTLN, Setting("charlm", fixed_lr=0.03, seeds=5, note="pre-LN, LR 0.03 fixed"),
                    Setting("charlm-postln", fixed_lr=0.03, seeds=5, note="post-LN, LR 0.03 fixed")),
          measured="a 10% linear warmup in front of a constant LR against the constant LR alone (AdamW), each "
                   "at its best LR, and both at a high LR (0.03, 3x the task's)",
          limits=('The char-LMs are 2-layer, 64-wide Transformers trained for 300 updates. The claim comes from deep '
                  'models trained for 100k+ updates at large batch (the original Transformer, BERT, GPT); whether '
                  'warmup is needed there is not something these runs can say.'),
          conditions=""),
    Claim("cosine-default", "Cosine is the best default",
          "Cosine annealing is the best default schedule, with zero tuning (no milestones to set).",
          claim=("cosine",), base=("constant", _STEP, "onecycle"), kind="noninferior", margin=1.0,
          settings=(DIGITS_MLP, MNIST1D_MLP, DIGITS_CNN),
          measured="cosine against the best of constant, step decay and one-cycle (picked on validation), "
                   "every schedule at its own best LR; it holds if cosine is at most 1 point behind",
          conditions=""),
    Claim("onecycle-short", "One-cycle converges faster in short runs",
          "One-cycle (super-convergence) reaches a better model than the usual schedules when training is short.",
          claim=("onecycle",), base=("constant", "cosine"), kind="better",
          settings=SHORT + (MNIST1D_MLP,),
          measured="one-cycle against the better of constant and cosine, each at its best LR, in 5-epoch "
                   "runs (and a 30-epoch run for contrast)",
          conditions=("the short run is far from converged on a task with room to improve (mnist1d-mlp in 5 epochs); "
                     "on the digits tasks no difference was shown, nor over 30 epochs on mnist1d-mlp")),
    Claim("adam-schedule", "Adam still benefits from scheduling",
          "Adaptive optimizers such as Adam still benefit from an LR schedule.",
          claim=("cosine",), base=("constant",), kind="better",
          settings=(DIGITS_MLP_ADAMW, MNIST1D_MLP_ADAMW, CHARLM),
          measured="cosine against a constant LR with AdamW, each at its best LR",
          conditions=("the run is long enough to converge (mnist1d-mlp, 1500 updates); in the 300-update char-LM a "
                     "constant LR ended better, and on the digits MLP no difference was shown")),
    Claim("small-models", "Even small models benefit from scheduling",
          "Even small models benefit from LR scheduling.",
          claim=("cosine",), base=("constant",), kind="better",
          settings=(DIGITS_MLP, DIGITS_MLP_ADAMW),
          measured="cosine against a constant LR on the smallest built-in model (digits MLP, 9.5k parameters), "
                   "SGD and AdamW, each at its best LR",
          limits=("The digits MLP ends near its ceiling, where no schedule has much to add; 'not seen here' is about "
                  'this model on this task.'),
          conditions=""),
    Claim("large-batch-warmup", "Large batches need warmup",
          "Large-batch training needs a gradual warmup (Goyal et al. 2017).",
          claim=("warmup(5ep) >> cosine",), base=("cosine",), kind="better",
          settings=(LARGE_BATCH, Setting("mnist1d-mlp", batch_size=512, fixed_lr=0.8, seeds=8,
                                         note="batch 8x, LR 0.8 (linear scaling of 0.1) fixed"),
                    Setting("mnist1d-mlp", batch_size=512, fixed_lr=2.4, seeds=8,
                            note="batch 8x, LR 2.4 (3x the linear scaling) fixed"), MNIST1D_MLP),
          measured="a 5-epoch warmup in front of cosine against cosine alone at batch 512 (8x the task's; "
                   "each at its best LR, and both at the linearly scaled LR and at 3x it), and at batch 64 for "
                   "contrast",
          limits=("Goyal et al.'s evidence is ResNet-50 on ImageNet at batch 8192; the largest batch here is 512 on a "
                  "3-layer MLP for 210 updates. 'Not seen here' means these tasks cannot reach that regime, not that "
                  'the rule is wrong there.'),
          conditions=""),
    Claim("finetune-constant", "Fine-tuning needs only a small constant LR",
          "Fine-tuning needs no schedule: a small constant LR is enough.",
          claim=("constant",), base=("warmup(10%) >> linear",), kind="noninferior", margin=1.0,
          settings=(FINETUNE,),
          measured="a constant LR against warmup + linear decay (the BERT fine-tuning recipe), each at its "
                   "best LR; it holds if constant is at most 1 point behind",
          limits=("The pre-training is a small MLP on half of mnist1d's classes, not a large pre-trained network; the "
                  'setting shows how the two schedules compare when the starting weights are good, not what happens to '
                  'a BERT-size model.'),
          conditions=""),
    Claim("onecycle-max-lr", "One-cycle's max_lr = 10x the finder's LR",
          "For one-cycle, set max_lr to 10x the LR the LR finder suggests.",
          claim=("onecycle(max_lr=auto*10)",), base=("onecycle",), kind="noninferior", margin=1.0,
          settings=(DIGITS_MLP, MNIST1D_MLP, DIGITS_CNN),
          measured="one-cycle peaking at 10x lrkit's finder suggestion (lrkit.find_lr(...).suggest(), seed 0) "
                   "against one-cycle at its best peak from the grid; it holds if at most 1 point behind",
          conditions=("the network tolerates a wide range of peaks (the BatchNorm CNN on digits); on mnist1d-mlp, 10x "
                     "the suggestion is far past the best peak, and on the digits MLP the interval spans the margin")),
    Claim("onecycle-finder-range", "One-cycle's max_lr = the top of the finder's range (lrkit's rule)",
          "lrkit's own rule: one-cycle peaks at the top of the LR finder's suggested range (auto.max), not at its "
          "suggestion for a constant LR.",
          claim=("onecycle(max_lr=auto.max)",), base=("onecycle",), kind="noninferior", margin=1.0,
          settings=(DIGITS_MLP, MNIST1D_MLP, DIGITS_CNN),
          measured="one-cycle peaking at the high end of lrkit's finder range (lrkit.find_lr(...).suggest_range(), "
                   "seed 0) against one-cycle at its best peak from the grid; it holds if at most 1 point behind",
          conditions=("the task is near its ceiling (the digits tasks); on mnist1d-mlp the range's top ended behind "
                     "the best grid peak, with an interval that spans the 1-point margin")),
    Claim("finder-div10", "A conservative base LR is the finder's LR / 10",
          "A safe, conservative base LR is the LR finder's value divided by 10.",
          claim=("constant; lr=auto/10",), base=("constant",), kind="noninferior", margin=1.0,
          settings=(DIGITS_MLP, MNIST1D_MLP, DIGITS_CNN),
          measured="a constant LR at lrkit's finder suggestion / 10 against a constant LR at its best grid LR; "
                   "it holds if at most 1 point behind",
          conditions=("the network has BatchNorm (digits-cnn), which trains well at a small LR; on both MLPs a tenth "
                     "of the finder's suggestion is too small for the budget")),
    Claim("plateau-conservative", "Plateau reduction is too conservative",
          "ReduceLROnPlateau is too conservative: it decays too late and leaves accuracy on the table.",
          claim=("cosine",), base=(_PLATEAU,), kind="better",
          settings=(MNIST1D_MLP, DIGITS_CNN),
          measured="cosine against ReduceLROnPlateau with torch's defaults (factor 0.1, patience 10 epochs, on "
                   "validation accuracy), each at its best LR",
          conditions=("the task keeps improving through the run (mnist1d-mlp), where the 10-epoch patience never "
                     "cut the LR; on digits-cnn, which levels off early, plateau cut the LR and no difference was "
                     "shown")),
    Claim("step-vs-cosine", "Step decay at 30/60/90 matches cosine",
          "Step decay (x0.1 at epochs 30, 60, 90) matches cosine annealing.",
          claim=(_STEP,), base=("cosine",), kind="equivalent", margin=1.0,
          settings=(DIGITS_MLP, MNIST1D_MLP, DIGITS_CNN),
          measured="step decay x0.1 at 1/3 and 2/3 of the run (30/60 of 90 epochs, scaled to 30) against "
                   "cosine, each at its best LR; it holds if they differ by less than 1 point either way",
          conditions=("the task is near its ceiling (the digits tasks); on mnist1d-mlp, far from it, step decay at "
                     "1/3 and 2/3 of the run ended far behind cosine")),
)


def get_claim(name: str, claims: tuple = CLAIMS) -> Claim:
    """The claim called ``name``; an unknown name raises :class:`~lrkit.errors.LRKitError` listing the known ones."""
    for c in claims:
        if c.name == name:
            return c
    raise LRKitError(f"evidence: unknown claim {name!r}; known claims: {', '.join(c.name for c in claims)}")


def example_claim(epochs: int = 1) -> Claim:
    """A tiny claim for examples and tests: cosine against constant on digits-mlp, ``epochs`` epochs, LR 0.1, 2 seeds.

    >>> c = example_claim()
    >>> c.name, c.settings[0].study, c.settings[0].seeds
    ('tiny', 'evidence-digits-mlp-sgd-1ep-bs64', 2)
    """
    return Claim("tiny", "Tiny", "Cosine beats a constant LR.", claim=("cosine",), base=("constant",),
                 settings=(Setting("digits-mlp", epochs=epochs, lrs=(0.1,), seeds=2),), measured="a tiny example")
