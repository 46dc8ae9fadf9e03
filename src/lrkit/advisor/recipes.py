"""Named recipes: the schedules of well-known papers and conventions, with their sources.

Each recipe states its exact settings (optimizer, base LR at its reference batch
size, weight decay, run length, schedule) and where they come from. The schedule
is an lrkit spec, so ``lrkit plot`` and every adapter run it unchanged.

>>> from lrkit.advisor.recipes import RECIPES, get_recipe
>>> r = get_recipe("resnet-paper")
>>> r.schedule, r.base_lr, r.batch_size
('multistep([30ep, 60ep], gamma=0.1)', 0.1, 256)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import LRKitError
from ..spec.names import suggest

__all__ = ["Recipe", "RECIPES", "get_recipe"]


@dataclass(frozen=True)
class Recipe:
    """One named recipe. ``schedule`` is lrkit spec text; LRs are at ``batch_size``."""

    name: str
    title: str
    source: str
    schedule: str
    optimizer: str
    base_lr: float
    batch_size: int | None
    epochs: int | None = None
    total_steps: int | None = None
    weight_decay: float | None = None
    optimizer_args: dict = field(default_factory=dict)
    per: str = "step"
    warmup: str | None = None
    notes: tuple[str, ...] = ()
    models: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The recipe as plain data (for ``lrkit recipes --json``)."""
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


RECIPES: dict[str, Recipe] = {r.name: r for r in [
    Recipe(
        name="resnet-paper",
        title="ResNet on ImageNet, as in the paper",
        source="He et al. 2016, 'Deep Residual Learning for Image Recognition', sec. 3.4",
        schedule="multistep([30ep, 60ep], gamma=0.1)",
        optimizer="sgd", base_lr=0.1, batch_size=256, epochs=90, weight_decay=1e-4,
        optimizer_args={"momentum": 0.9}, per="epoch",
        notes=("The paper divides the LR by 10 when the error plateaus; the common reproduction "
               "(torchvision's reference) divides at epochs 30 and 60 of 90.",),
        models=("resnet", "cnn"),
    ),
    Recipe(
        name="resnet-modern",
        title="ResNet with warmup and cosine ('bag of tricks')",
        source="He et al. 2019, 'Bag of Tricks for Image Classification with CNNs', sec. 3.1 and 5.1",
        schedule="warmup(5ep) >> cosine",
        optimizer="sgd", base_lr=0.1, batch_size=256, epochs=120, weight_decay=1e-4,
        optimizer_args={"momentum": 0.9, "nesterov": False}, warmup="5ep",
        notes=("LR 0.1 x batch/256 (linear scaling), 5 epochs of linear warmup from 0, cosine to 0.",),
        models=("resnet", "cnn"),
    ),
    Recipe(
        name="vit-deit",
        title="ViT / DeiT on ImageNet",
        source="Touvron et al. 2021, 'Training data-efficient image transformers (DeiT)', table 9",
        schedule="warmup(5ep, start_factor=0.002) >> cosine(min_lr=1e-05)",
        optimizer="adamw", base_lr=5e-4, batch_size=512, epochs=300, weight_decay=0.05,
        warmup="5ep",
        notes=("LR 5e-4 x batch/512; warmup from 1e-6 (start_factor 1e-6/5e-4 = 0.002); "
               "cosine to min_lr 1e-5. timm's defaults for DeiT.",),
        models=("vit",),
    ),
    Recipe(
        name="bert",
        title="BERT pre-training",
        source="Devlin et al. 2019, 'BERT', appendix A.2",
        schedule="warmup(10000) >> linear",
        optimizer="adamw", base_lr=1e-4, batch_size=256, total_steps=1_000_000, weight_decay=0.01,
        optimizer_args={"betas": (0.9, 0.999)}, warmup="10000",
        notes=("Warmup over the first 10,000 steps, then linear decay to 0 over 1M steps; "
               "what transformers' get_linear_schedule_with_warmup computes.",),
        models=("transformer-nlp",),
    ),
    Recipe(
        name="gpt",
        title="GPT-style language-model pre-training",
        source="Brown et al. 2020, 'Language Models are Few-Shot Learners (GPT-3)', appendix B",
        schedule="warmup(0.125%) >> cosine(86.5%, min_lr_ratio=0.1)",
        optimizer="adamw", base_lr=6e-4, batch_size=512, weight_decay=0.1,
        optimizer_args={"betas": (0.9, 0.95), "eps": 1e-8}, warmup="0.125%",
        notes=("Linear warmup over the first 375M of 300B tokens (0.125%), cosine decay to 10% "
               "over 260B tokens (86.7% of the run), then held at 10%. LR 6e-4 is GPT-3 Small's; "
               "batch counted in sequences of 2048 tokens.",),
        models=("transformer-nlp", "llm"),
    ),
    Recipe(
        name="transformer",
        title="The original Transformer (inverse square root)",
        source="Vaswani et al. 2017, 'Attention Is All You Need', sec. 5.3",
        schedule="inverse_sqrt(4000, d_model=512)",
        optimizer="adam", base_lr=1.0, batch_size=None, total_steps=100_000,
        optimizer_args={"betas": (0.9, 0.98), "eps": 1e-9}, warmup="4000",
        notes=("lr = d_model^-0.5 * min(step^-0.5, step * warmup^-1.5) with warmup 4000: the LR is "
               "absolute, so the optimizer's base LR is ignored.",),
        models=("transformer-nlp",),
    ),
    Recipe(
        name="detection",
        title="Detection '1x' schedule (Faster / Mask R-CNN)",
        source="Detectron2 model zoo, 'Base-RCNN-FPN.yaml' + 1x schedule (Wu et al. 2019)",
        schedule="multistep([60000, 80000], gamma=0.1) * warmup(1000, start_factor=0.001)",
        optimizer="sgd", base_lr=0.02, batch_size=16, total_steps=90_000, weight_decay=1e-4,
        optimizer_args={"momentum": 0.9}, warmup="1000",
        notes=("Detectron2's WarmupMultiStepLR multiplies the warmup factor into the step decay "
               "(milestones count from step 0, warmup included): the product form here.",),
        models=("detection",),
    ),
    Recipe(
        name="detr",
        title="DETR",
        source="Carion et al. 2020, 'End-to-End Object Detection with Transformers', sec. 4",
        schedule="multistep([400ep], gamma=0.1)",
        optimizer="adamw", base_lr=1e-4, batch_size=64, epochs=500, weight_decay=1e-4, per="epoch",
        notes=("Backbone LR 1e-5 (a separate param group with 0.1x the LR); gradient clipping 0.1; "
               "LR divided by 10 after 400 of 500 epochs.",),
        models=("detection",),
    ),
    Recipe(
        name="deeplab-poly",
        title="DeepLab 'poly' for segmentation",
        source="Chen et al. 2017, 'Rethinking Atrous Convolution (DeepLabv3)', sec. 4",
        schedule="poly(power=0.9)",
        optimizer="sgd", base_lr=0.007, batch_size=16, total_steps=30_000, weight_decay=4e-5,
        optimizer_args={"momentum": 0.9},
        notes=("lr = base * (1 - step/total)^0.9, stepped per iteration.",),
        models=("segmentation",),
    ),
    Recipe(
        name="fastai-onecycle",
        title="fastai fit_one_cycle",
        source="Smith & Topin 2019, 'Super-Convergence'; fastai's fit_one_cycle defaults",
        schedule="onecycle(pct_start=0.25, div_factor=25, final_div_factor=100000)",
        optimizer="adamw", base_lr=1e-3, batch_size=64, weight_decay=0.01,
        optimizer_args={"betas": (0.95, 0.99)},
        notes=("The peak is the LR you found with the LR finder; momentum (beta1) cycles "
               "0.95 -> 0.85 -> 0.95.",),
        models=("cnn", "mlp"),
    ),
    Recipe(
        name="finetune",
        title="Fine-tuning a pre-trained transformer (discriminative LRs)",
        source="Devlin et al. 2019 (fine-tuning setup); Howard & Ruder 2018 (ULMFiT discriminative LRs)",
        schedule="warmup(10%) >> linear",
        optimizer="adamw", base_lr=2e-5, batch_size=32, epochs=3, weight_decay=0.01, warmup="10%",
        notes=("Pick the LR from {2e-5, 3e-5, 5e-5}; lower layers get smaller LRs: "
               "layer l of L gets base * 0.95^(L-l) (param groups).",),
        models=("transformer-nlp", "vit", "finetune"),
    ),
    Recipe(
        name="large-batch",
        title="Large-batch SGD: linear scaling with gradual warmup",
        source="Goyal et al. 2017, 'Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour'",
        schedule="multistep([30ep, 60ep, 80ep], gamma=0.1) * warmup(5ep, start_factor=0.125)",
        optimizer="sgd", base_lr=0.8, batch_size=2048, epochs=90, weight_decay=1e-4,
        optimizer_args={"momentum": 0.9}, warmup="5ep",
        notes=("lr = 0.1 x batch/256 (0.8 at batch 2048); warmup from 0.1 to the scaled LR over "
               "5 epochs (start_factor = 256/batch); decay by 10 at epochs 30, 60, 80.",),
        models=("resnet", "cnn"),
    ),
    Recipe(
        name="llm-wsd",
        title="LLM pre-training with warmup-stable-decay",
        source="Hu et al. 2024, 'MiniCPM', sec. 4; Hägele et al. 2024, 'Scaling Laws and Compute-Optimal "
               "Training Beyond Fixed Training Durations'",
        schedule="wsd(warmup=1%, decay=20%, decay_type=sqrt)",
        optimizer="adamw", base_lr=1e-3, batch_size=None, weight_decay=0.1,
        optimizer_args={"betas": (0.9, 0.95)}, warmup="1%",
        notes=("Constant LR after warmup lets a run be extended or branched; the final 20% cools "
               "down with 1-sqrt, which matched cosine in Hägele et al.",),
        models=("llm", "transformer-nlp"),
    ),
]}


def get_recipe(name: str) -> Recipe:
    """The recipe called ``name``; an unknown name lists the known ones.

    >>> get_recipe("bert").schedule
    'warmup(10000) >> linear'
    """
    try:
        return RECIPES[name]
    except KeyError:
        raise LRKitError(f"recipe: unknown recipe {name!r}{suggest(name, RECIPES)}") from None
