"""The recipe drawings behind ``make demo``."""

import matplotlib.image
import pytest

import lrkit as lk
from lrkit.viz import RECIPES, Recipe, draw_recipes, key_points


def test_every_recipe_parses_and_draws_in_80_columns():
    drawn = draw_recipes("unused", files=False)
    assert [r.key for r, _, _ in drawn] == ["resnet-step", "warmup-cosine", "onecycle", "wsd", "inverse-sqrt"]
    for recipe, text, path in drawn:
        assert path is None
        assert max(len(line) for line in text.splitlines()) <= 80
        assert lk.parse(str(lk.parse(recipe.spec))) == lk.parse(recipe.spec)


@pytest.mark.parametrize("key, step, lr", [
    ("resnet-step", 2999, 0.1), ("resnet-step", 3000, 0.01), ("resnet-step", 8000, 1e-4),
    ("warmup-cosine", 500, 1e-3), ("warmup-cosine", 30000, 1e-5),
    ("onecycle", 0, 0.01 / 25), ("onecycle", 4999, 0.01 / 25 / 1e5),
    ("wsd", 400, 3e-4), ("wsd", 17999, 3e-4), ("wsd", 20000, 0.0),
    ("inverse-sqrt", 3999, 512 ** -0.5 * 4000 ** -0.5),  # the paper's peak, at its step 4000
])
def test_recipe_values(key, step, lr):
    r = next(r for r in RECIPES if r.key == key)
    c = lk.parse(r.spec).bind(total_steps=r.total_steps, steps_per_epoch=r.steps_per_epoch, per=r.per)
    assert c(step, r.base_lr) == pytest.approx(lr, rel=1e-9, abs=1e-15)


def test_pngs_written(tmp_path):
    mine = (RECIPES[0], Recipe("c", "Cosine", "cosine(min_lr=0.1)", 50))
    drawn = draw_recipes(tmp_path, recipes=mine)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png", "overview.png", "resnet-step.png"]
    for _, _, path in drawn:
        assert matplotlib.image.imread(path).shape[2] == 4
    assert matplotlib.image.imread(tmp_path / "overview.png").shape[1] > 800
