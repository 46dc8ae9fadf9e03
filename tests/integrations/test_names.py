"""One public language across the adapters: ``schedule``, ``total_steps``, keyword-only ``steps_per_epoch``/``per``."""

import inspect
import warnings

import pytest

torch = pytest.importorskip("torch")

import lrkit as lk  # noqa: E402
import lrkit.jax  # noqa: E402
import lrkit.keras  # noqa: E402
import lrkit.lightning  # noqa: E402
import lrkit.torch  # noqa: E402
import lrkit.transformers  # noqa: E402
from lrkit.viz import key_points, plot_schedules, terminal_plot  # noqa: E402

ENTRY_POINTS = [lrkit.torch.LRScheduler, lrkit.transformers.create_scheduler, lrkit.lightning.scheduler_config,
                lrkit.lightning.configure_optimizers, lrkit.keras.schedule, lrkit.jax.schedule, key_points]


@pytest.mark.parametrize("fn", ENTRY_POINTS, ids=lambda f: f.__qualname__)
def test_schedule_total_steps_and_keyword_only_units(fn):
    params = inspect.signature(fn).parameters
    assert "schedule" in params and "spec" not in params
    assert "total_steps" in params
    for name in ("steps_per_epoch", "per"):
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, name


def test_several_schedules_are_schedules():
    assert "schedules" in inspect.signature(plot_schedules).parameters
    assert inspect.signature(terminal_plot).parameters["per"].kind is inspect.Parameter.KEYWORD_ONLY


def _opt():
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)


def test_spec_keyword_still_works_with_a_deprecation():
    calls = [lambda: lrkit.transformers.create_scheduler(_opt(), spec="linear", total_steps=4),
             lambda: lrkit.lightning.scheduler_config(_opt(), spec="linear", total_steps=4),
             lambda: lrkit.keras.schedule(spec="linear", total_steps=4, base_lr=1.0),
             lambda: lrkit.jax.schedule(spec="linear", total_steps=4, base_lr=1.0)]
    for call in calls:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            call()
        assert [w.category for w in seen] == [lk.errors.LRKitDeprecationWarning]
        assert "(spec=...) is deprecated: write" in str(seen[0].message)
    with pytest.raises(lk.LRKitError, match="got both spec= and schedule="):
        lrkit.keras.schedule(schedule="linear", spec="cosine", total_steps=4, base_lr=1.0)


def test_hf_accepts_num_training_steps_as_the_total_steps_alias():
    a = lrkit.transformers.create_scheduler(_opt(), "linear", num_training_steps=8)
    b = lrkit.transformers.create_scheduler(_opt(), "linear", total_steps=8)
    assert a.total_steps == b.total_steps == 8
    with pytest.raises(lk.LRKitError, match="name the same run length"):
        lrkit.transformers.create_scheduler(_opt(), "linear", total_steps=8, num_training_steps=9)
    with pytest.raises(lk.LRKitError, match="pass total_steps="):
        lrkit.transformers.create_scheduler(_opt(), "linear")


def test_units_by_position_are_refused():
    with pytest.raises(TypeError):
        lrkit.torch.LRScheduler(_opt(), "cosine", 10, 5)  # steps_per_epoch=5 must be named
    with pytest.raises(TypeError):
        lrkit.lightning.scheduler_config(_opt(), "cosine", None, "epoch")
