"""Every adapter class is defined at module level: readable names, pickles, ``__all__`` is what the module defines."""

import importlib
import pickle

import pytest

torch = pytest.importorskip("torch")

import lrkit as lk  # noqa: E402
import lrkit.keras  # noqa: E402
import lrkit.lightning  # noqa: E402
import lrkit.transformers  # noqa: E402
from lrkit.finder.lightning import LRFinder  # noqa: E402


@pytest.mark.parametrize("module", ["lrkit.torch", "lrkit.torch.trainer", "lrkit.transformers", "lrkit.lightning",
                                    "lrkit.integrations.keras", "lrkit.integrations.jax", "lrkit.finder.lightning"])
def test_all_names_what_the_module_defines(module):
    mod = importlib.import_module(module)
    assert not hasattr(mod, "__getattr__"), module
    for name in mod.__all__:
        obj = vars(mod)[name]  # defined (or imported) at module level, not made on attribute access
        if isinstance(obj, type):
            assert "<locals>" not in obj.__qualname__ and obj.__qualname__ == name, obj


def _roundtrip(obj):
    return pickle.loads(pickle.dumps(obj))


def test_keras_schedule_pickles():
    s = lrkit.keras.schedule("warmup(2) >> cosine", total_steps=10, base_lr=0.1)
    back = _roundtrip(s)
    assert type(back) is type(s) and type(s).__qualname__ == "LRKitSchedule"
    assert back.get_config() == s.get_config()
    assert [float(back(t)) for t in range(12)] == [float(s(t)) for t in range(12)]


def test_keras_plateau_callback_pickles_with_its_state():
    s = lrkit.keras.schedule("warmup(2) >> plateau(patience=0)", total_steps=10, base_lr=0.1)
    cb = lrkit.keras.PlateauCallback(s, monitor="val_loss")
    for loss in (1.0, 1.0):
        cb.on_epoch_end(0, {"val_loss": loss})
    back = _roundtrip(cb)
    assert back.controller.state_dict() == cb.controller.state_dict() and back.schedule.reductions == 1
    assert float(back.schedule(5)) == pytest.approx(0.01)


def test_hf_callbacks_and_scheduler_pickle():
    plateau = _roundtrip(lrkit.transformers.PlateauCallback("loss"))
    assert type(plateau) is lrkit.transformers.PlateauCallback and plateau.monitor == "eval_loss"
    mon = _roundtrip(lrkit.transformers.MonitorCallback(log=None, loss_spike=5.0))
    assert mon.monitor_kwargs == {"loss_spike": 5.0}
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    sched = lrkit.transformers.create_scheduler(opt, "warmup(2) >> linear", total_steps=8)
    back = _roundtrip({"opt": opt, "sched": sched})  # together, as torch.save of a training state would
    assert back["sched"].state_dict() == sched.state_dict() and back["sched"].optimizer is back["opt"]


def test_lightning_callbacks_pickle():
    mon = _roundtrip(lrkit.lightning.MonitorCallback(log_to_loggers=False))
    assert type(mon) is lrkit.lightning.MonitorCallback and mon.log_to_loggers is False
    finder = _roundtrip(LRFinder(num_iter=20))
    assert type(finder) is LRFinder and finder.find_lr_kwargs == {"progress": False, "num_iter": 20}


def test_old_module_names_still_work_with_a_deprecation():
    import sys
    import warnings

    for old, new in (("lrkit.integrations.transformers", lrkit.transformers),
                     ("lrkit.integrations.lightning", lrkit.lightning)):
        sys.modules.pop(old, None)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            mod = importlib.import_module(old)
        assert [w.category for w in seen] == [lk.errors.LRKitDeprecationWarning]
        assert f"moved to {new.__name__}" in str(seen[0].message)
        assert all(getattr(mod, name) is getattr(new, name) for name in new.__all__)
