"""find_lr's sustained-rise stop and adaptive sweep: which stop fired, each adaptation, exact restore after it."""

import numpy as np
import pytest
import torch
import torch.nn as nn

from lrkit import LRKitError
from lrkit.finder import FinderResult, find_lr

from test_core import _assert_same, _data, _everything, _setup

torch.set_num_threads(1)


class _Scripted:
    """A real model and optimizer whose recorded loss follows ``curve(step)`` (the gradient is the model's)."""

    def __init__(self, curve):
        self.curve, self.calls = curve, 0

    def __call__(self, out, y):
        value = self.curve(self.calls)
        self.calls += 1
        ce = nn.functional.cross_entropy(out, y)
        return ce - ce.detach() + value  # the model trains on CE; the loss read is the scripted one


def _bounded(i):
    """Falls from 1.0 to 0.1 by step 50, then rises to 0.4 (4x) and stays: a bounded loss that cannot blow up 5x."""
    return 1.0 - 0.9 * min(i, 50) / 50 + (0.3 * min(i - 60, 10) / 10 if i > 60 else 0.0)


def test_a_bounded_rise_stops_the_sweep_and_says_which_stop_fired():
    model, opt = _setup()
    before = _everything(model, opt)
    res = find_lr(model, opt, _data(), _Scripted(_bounded), progress=False)
    assert res.stop_reason == "diverged" and res.stop_rule == "sustained rise"
    assert res.runs[0].stop_rule == res.stop_rule
    # the loss passes 3x its minimum (0.3) at step 67, the trailing median of 5 at step 69; 8 steps running
    # stop it at step 76, so 77 steps are recorded
    assert len(res.lrs) == 77
    assert res.turn_up is not None and res.turn_up["lr"] < res.lrs[-1]
    assert not any("raise end_lr" in r for r in res.confidence_reasons)
    _assert_same(before, _everything(model, opt))
    off = find_lr(model, opt, _data(), _Scripted(_bounded), rise_th=None, progress=False)
    assert off.stop_reason == "completed" and off.stop_rule is None and len(off.lrs) == 100
    assert off.turn_up is not None  # the curve still shows the turn; only the stop is off
    _assert_same(before, _everything(model, opt))


def test_the_blow_up_stop_is_recorded_as_such():
    model, opt = _setup()
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), start_lr=1e-5, end_lr=1e3, rise_th=None, progress=False)
    assert res.stop_reason in ("diverged", "non-finite loss")
    assert res.stop_rule == {"diverged": "diverge_th", "non-finite loss": "non-finite"}[res.stop_reason]
    assert res.to_dict()["stop_rule"] == res.stop_rule
    assert FinderResult.from_dict(res.to_dict()).stop_rule == res.stop_rule


def _flat_then_falls_after(k):
    """A slow learner: the loss does not move for its first ``k`` steps, whatever the LR, then falls."""
    def curve(i):
        return 2.3 if i < k else 2.3 - 1.5 * min(i - k, 30) / 30
    return curve


def test_no_descent_sweeps_again_more_slowly_and_restores_exactly():
    model, opt = _setup(torch.optim.SGD, momentum=0.9)
    before = _everything(model, opt)
    loss = _Scripted(_flat_then_falls_after(150))  # the counter runs on: the second sweep starts at step 100
    res = find_lr(model, opt, _data(), loss, rise_th=None, diverge_th=1e9, progress=False, confirm=False)
    assert loss.calls == 400 and len(res.lrs) == 300 and res.num_iter == 300
    assert res.settings["planned_num_iter"] == 100 and res.settings["max_iter"] == 400
    (note,) = res.adaptations
    assert note.startswith("no descent in 100 steps: swept 1e-07..10 again from the same start in 300 steps "
                           "(3.0x slower; budget max_iter=400)")
    assert "37.5 passes over the training data (8 batches each)" in note
    np.testing.assert_allclose(res.lrs, 1e-7 * 1e8 ** (np.arange(300) / 299), rtol=1e-12)
    assert not any(r.startswith("no descent") for r in res.reasons)
    assert res.confidence == "low" and any(r.startswith("adapted sweep: the loss fell only in a slower sweep")
                                           for r in res.confidence_reasons)
    assert res.to_dict()["adaptations"] == [note] and FinderResult.from_dict(res.to_dict()).adaptations == [note]
    _assert_same(before, _everything(model, opt))


def test_adaptation_off_keeps_the_planned_sweep_and_budget_bounds_it():
    model, opt = _setup()
    off = find_lr(model, opt, _data(), _Scripted(lambda i: 2.3), adapt=False, progress=False, confirm=False)
    assert off.adaptations == [] and len(off.lrs) == 100 and off.reasons[0].startswith("no descent")
    small = find_lr(model, opt, _data(), _Scripted(lambda i: 2.3), max_iter=250, progress=False, confirm=False)
    assert len(small.lrs) == 150 and "in 150 steps (1.5x slower; budget max_iter=250)" in small.adaptations[0]
    assert small.reasons[0].startswith("no descent") and small.confidence == "low"
    for budget in (100, 200):  # the rest would not be a slower sweep
        none = find_lr(model, opt, _data(), _Scripted(lambda i: 2.3), max_iter=budget, progress=False, confirm=False)
        assert none.adaptations == [] and len(none.lrs) == 100


def test_repeats_reuse_the_adapted_sweep():
    model, opt = _setup()
    before = _everything(model, opt)
    res = find_lr(model, opt, _data(), _Scripted(lambda i: 2.3), repeats=2, num_iter=20, progress=False, confirm=False)
    assert len(res.adaptations) == 1 and [len(r.lrs) for r in res.runs] == [60, 60]
    _assert_same(before, _everything(model, opt))


def test_an_early_blow_up_is_not_extended():
    model, opt = _setup()
    res = find_lr(model, opt, _data(), _Scripted(lambda i: 2.3 if i < 20 else float("nan")), progress=False, confirm=False)
    assert res.adaptations == [] and len(res.lrs) == 21 and res.stop_rule == "non-finite"


@pytest.mark.parametrize("kwargs, match", [
    ({"rise_th": 1.0}, r"rise_th \(a number > 1, 'auto' or None\) must be > 1, got 1.0"),
    ({"rise_th": "high"}, r"rise_th must be a number > 1, 'auto' or None \(off\), got 'high'"),
    ({"adapt": "yes"}, r"adapt must be True or False, got 'yes'"),
    ({"max_iter": 50}, r"max_iter must be a whole number >= 100 \(at least num_iter=100\), got 50"),
    ({"max_iter": 200.0}, r"max_iter must be a whole number >= 100 \(at least num_iter=100\), got 200.0"),
    ({"max_iter": 400, "adapt": False}, r"max_iter is the adaptive sweep's budget; it needs adapt=True"),
])
def test_bad_new_options_are_one_clear_error(kwargs, match):
    model, opt = _setup()
    before = _everything(model, opt)
    with pytest.raises(LRKitError, match=match):
        find_lr(model, opt, _data(), nn.CrossEntropyLoss(), progress=False, **kwargs)
    _assert_same(before, _everything(model, opt))


def test_auto_rise_th_follows_diverge_th():
    model, opt = _setup()
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), num_iter=10, end_lr=1e-5, progress=False)
    assert res.settings["rise_th"] == pytest.approx(3.0)
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), num_iter=10, end_lr=1e-5, diverge_th=2,
                  progress=False)
    assert res.settings["rise_th"] is None  # 0.6 * 2 < 1.5: off
