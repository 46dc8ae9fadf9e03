"""Golden values of every recipe's schedule at key steps, computed by hand from the papers."""

import math

import pytest

import lrkit as lk
from lrkit.advisor import RECIPES, get_recipe

# recipe -> (bind kwargs, {step: expected LR at the recipe's base LR})
GOLDEN = {
    "resnet-paper": (dict(total_steps=9000, steps_per_epoch=100),
                     {0: 0.1, 2999: 0.1, 3000: 0.01, 5999: 0.01, 6000: 0.001, 8999: 0.001}),
    "resnet-modern": (dict(total_steps=12000, steps_per_epoch=100),
                      {0: 0.0, 250: 0.05, 500: 0.1, 6250: 0.05, 12000: 0.0}),
    "vit-deit": (dict(total_steps=30000, steps_per_epoch=100),
                 {0: 1e-6, 250: 1e-6 + (5e-4 - 1e-6) / 2, 500: 5e-4, 15250: 1e-5 + (5e-4 - 1e-5) / 2, 30000: 1e-5}),
    "bert": (dict(total_steps=1_000_000),
             {0: 0.0, 5000: 5e-5, 10000: 1e-4, 505000: 5e-5, 1_000_000: 0.0}),
    "gpt": (dict(total_steps=300_000),
            {0: 0.0, 375: 6e-4, 375 + 129750: 6e-4 * (0.1 + 0.9 * 0.5), 375 + 259500: 6e-5, 300_000: 6e-5}),
    "detection": (dict(total_steps=90_000),
                  {0: 0.02 * 0.001, 500: 0.02 * (0.001 + 0.999 * 0.5), 1000: 0.02, 59999: 0.02, 60000: 0.002,
                   79999: 0.002, 80000: 0.0002, 89999: 0.0002}),
    "detr": (dict(total_steps=50_000, steps_per_epoch=100), {0: 1e-4, 39999: 1e-4, 40000: 1e-5, 49999: 1e-5}),
    "deeplab-poly": (dict(total_steps=30_000),
                     {0: 0.007, 15000: 0.007 * 0.5 ** 0.9, 27000: 0.007 * 0.1 ** 0.9, 30000: 0.0}),
    "finetune": (dict(total_steps=1000), {0: 0.0, 50: 1e-5, 100: 2e-5, 550: 1e-5, 1000: 0.0}),
    "large-batch": (dict(total_steps=9000, steps_per_epoch=100),
                    {0: 0.1, 250: 0.8 * (0.125 + 0.875 * 0.5), 500: 0.8, 2999: 0.8, 3000: 0.08, 6000: 0.008,
                     8000: 0.0008}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_recipe_golden_values(name):
    recipe = get_recipe(name)
    kwargs, expected = GOLDEN[name]
    curve = lk.parse(recipe.schedule).bind(**kwargs)
    for step, lr in expected.items():
        assert curve(step, recipe.base_lr) == pytest.approx(lr, rel=1e-9, abs=1e-15), (name, step)


def test_fastai_onecycle_golden():
    r = get_recipe("fastai-onecycle")
    c = lk.parse(r.schedule).bind(total_steps=1000)
    # torch OneCycleLR semantics: the peak is reached at step pct_start*total - 1
    assert c(0, r.base_lr) == pytest.approx(1e-3 / 25, rel=1e-9)
    assert c(249, r.base_lr) == pytest.approx(1e-3, rel=1e-9)
    assert c(999, r.base_lr) == pytest.approx(1e-3 / 25 / 1e5, rel=1e-9)


def test_transformer_inverse_sqrt_golden():
    r = get_recipe("transformer")
    c = lk.parse(r.schedule).bind(total_steps=100_000)
    peak = 512 ** -0.5 * 4000 ** -0.5
    assert c(4000, r.base_lr) == pytest.approx(peak, rel=1e-3)
    assert c(16000, r.base_lr) == pytest.approx(512 ** -0.5 * 16000 ** -0.5, rel=1e-3)
    assert c(1000, r.base_lr) == pytest.approx(512 ** -0.5 * 1000 * 4000 ** -1.5, rel=1e-2)
    assert c(4000, 123.0) == c(4000, r.base_lr)  # absolute: ignores the base LR


def test_llm_wsd_golden():
    r = get_recipe("llm-wsd")
    c = lk.parse(r.schedule).bind(total_steps=10_000)
    assert c(0, 1.0) == 0.0
    assert c(50, 1.0) == pytest.approx(0.5)          # warmup 1% = 100 steps
    assert c(100, 1.0) == c(5000, 1.0) == c(7999, 1.0) == 1.0  # stable until the last 20%
    assert c(9000, 1.0) == pytest.approx(1 - math.sqrt(0.5), rel=1e-6)  # 1-sqrt cool-down
    assert c(10_000, 1.0) == pytest.approx(0.0, abs=1e-12)


def test_every_recipe_has_a_source_and_parses():
    assert len(RECIPES) >= 12
    for r in RECIPES.values():
        assert r.source and r.title and r.optimizer
        s = lk.parse(r.schedule)
        assert lk.parse(str(s)) == s
