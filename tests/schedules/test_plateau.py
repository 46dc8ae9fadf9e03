"""plateau: the closed-form cut curve and the controller, against torch's ReduceLROnPlateau."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import lrkit as lk
from lrkit.schedules.plateau import PlateauController

BASES = [0.1, 0.03, 1.0]


def _torch_plateau(**kw):
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in BASES]
    opt = torch.optim.SGD([{"params": [p], "lr": b} for p, b in zip(params, BASES)], lr=0.1)
    return opt, torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)


plateau_kw = st.fixed_dictionaries({
    "mode": st.sampled_from(["min", "max"]),
    "factor": st.sampled_from([0.1, 0.5, 0.3, 0.9, 0.0]),
    "patience": st.integers(0, 4),
    "threshold": st.sampled_from([0.0, 1e-4, 0.01, 0.1]),
    "threshold_mode": st.sampled_from(["rel", "abs"]),
    "cooldown": st.integers(0, 3),
    "min_lr": st.sampled_from([0.0, 1e-3, [1e-3, 1e-2, 0.2]]),
    "eps": st.sampled_from([1e-8, 0.0, 1e-3]),
})
metrics = st.lists(st.one_of(st.floats(-10, 10, allow_nan=False), st.sampled_from([1.0, 0.5, 0.0, -1.0])),
                   min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(kw=plateau_kw, seq=metrics)
def test_same_decisions_and_lrs_as_torch(kw, seq):
    opt, ref = _torch_plateau(**kw)
    s = lk.plateau(**{k: tuple(v) if isinstance(v, list) else v for k, v in kw.items()})
    ctl, curve = s.controller(), s.bind()
    for m in seq:
        ref.step(m)
        ctl.step(m)
        assert (ctl.best, ctl.num_bad_epochs, ctl.cooldown_counter, ctl.last_epoch) == \
            (ref.best, ref.num_bad_epochs, ref.cooldown_counter, ref.last_epoch)
        ours = curve(0, np.array(BASES), reductions=ctl.reductions).tolist()
        assert ours == [g["lr"] for g in opt.param_groups]  # bit for bit: same float operations


def test_golden_cut_values():
    c = lk.plateau(factor=0.5, min_lr=0.02).bind()
    assert [c(0, 0.1, reductions=k) for k in range(5)] == [0.1, 0.05, 0.025, 0.02, 0.02]
    # eps: a cut smaller than eps is skipped, and then every later one too
    c = lk.plateau(factor=0.5, eps=0.03).bind()
    assert [c(0, 0.1, reductions=k) for k in range(4)] == [0.1, 0.05, 0.05, 0.05]


def test_composes_with_warmup_and_cosine():
    c = (lk.warmup(4) >> lk.plateau(factor=0.5)).bind()
    # cuts apply from where the plateau starts; the warmup before it is untouched
    assert [c(t, 0.1, reductions=1) for t in (0, 2, 4, 100)] == [0.0, 0.05, 0.1 * 0.5, 0.1 * 0.5]
    c = (lk.cosine() * lk.plateau(factor=0.1, min_lr=1e-3)).bind(total_steps=100)
    cos = lk.cosine().bind(total_steps=100)
    steps = np.arange(101)
    got = c(steps, 0.1, reductions=2)
    want = np.maximum(np.maximum(cos(steps, 0.1) * 0.1, 1e-3) * 0.1, 1e-3)
    want = np.where(cos(steps, 0.1) - np.maximum(cos(steps, 0.1) * 0.1, 1e-3) > 1e-8, want, cos(steps, 0.1))
    np.testing.assert_array_equal(got, want)
    assert str(lk.parse("warmup(5ep) >> plateau(patience=3)")) == "warmup(5ep) >> plateau(patience=3)"


def test_per_group_min_lr_needs_matching_groups():
    c = lk.plateau(min_lr=[0.1, 0.2]).bind()
    assert c(0, np.array([1.0, 1.0]), reductions=5).tolist() == [0.1, 0.2]
    with pytest.raises(lk.LRKitError, match="min_lr has 2 values, one per param group"):
        c(0, np.array([1.0, 1.0, 1.0]), reductions=1)


@pytest.mark.parametrize("kw,msg", [
    ({"factor": 1.0}, "plateau: factor must be < 1, got 1.0"),
    ({"mode": "minimum"}, "plateau: mode must be one of 'min', 'max'"),
    ({"patience": -1}, "plateau: patience must be a whole number >= 0"),
    ({"threshold_mode": "relative"}, "threshold_mode must be one of 'rel', 'abs'"),
    ({"min_lr": -1}, "plateau: min_lr must be >= 0"),
    ({"min_lr": []}, "plateau: min_lr must be a number >= 0 or a non-empty list"),
    ({"cooldown": 1.5}, "plateau: cooldown must be a whole number"),
])
def test_validation(kw, msg):
    with pytest.raises(lk.LRKitError, match=msg.replace("(", r"\(").replace(")", r"\)")):
        lk.plateau(**kw)


def test_nonfinite_metric_is_reported_and_ignored():
    ctl = PlateauController(patience=0)
    ctl.step(1.0)
    before = ctl.state_dict()
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.warns(lk.LRKitWarning, match=r"not finite; it was ignored"):
            assert ctl.step(bad) is False
    after = ctl.state_dict()
    assert after["last_epoch"] == before["last_epoch"] + 3
    assert {k: v for k, v in after.items() if k != "last_epoch"} == \
        {k: v for k, v in before.items() if k != "last_epoch"}
    with pytest.raises(lk.LRKitError, match="the metric must be a number"):
        ctl.step("low")
    assert ctl.step(torch.tensor(2.0)) is True  # 0-dim tensors are accepted, like torch


def test_controller_state_round_trip_and_checks():
    a = PlateauController(patience=1, cooldown=2)
    for m in (3, 2, 2, 2, 2, 1, 1):
        a.step(m)
    b = PlateauController(patience=1, cooldown=2)
    b.load_state_dict(a.state_dict())
    for m in (1, 1, 1, 0.5, 0.5, 0.5):
        assert a.step(m) == b.step(m)
    assert a.state_dict() == b.state_dict()
    with pytest.raises(lk.LRKitError, match="needs exactly the keys"):
        b.load_state_dict({"best": 1.0})
    with pytest.raises(lk.LRKitError, match="reductions must be a whole number >= 0"):
        b.load_state_dict({**a.state_dict(), "reductions": -1})
    assert math.isinf(PlateauController().best)
