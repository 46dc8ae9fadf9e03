"""The core contracts of schedules/base.py and units.py: binding, units, combinators, errors."""

import math
import pickle

import numpy as np
import pytest

import lrkit as lk
from lrkit.schedules.units import Context, Duration


# ---- units -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,unit,value", [
    (100, "steps", 100), ("100", "steps", 100), ("5ep", "epochs", 5), ("2.5ep", "epochs", 2.5),
    ("5%", "fraction", 5), ("0.5%", "fraction", 0.5), (" 7 ep ", "epochs", 7), ("1e2", "steps", 100),
])
def test_duration_forms(text, unit, value):
    d = Duration.of(text, "x")
    assert (d.unit, d.value) == (unit, value)
    assert Duration.of(str(d), "x") == d


def test_duration_objects_are_checked_too():
    with pytest.raises(lk.LRKitError, match="whole number of steps, got 2.5"):
        lk.warmup(Duration(2.5, "steps"))
    with pytest.raises(lk.LRKitError, match="unit must be one of steps, epochs, fraction"):
        lk.warmup(Duration(2, "days"))


def test_duration_resolves_with_ceil():
    ctx = Context(total_steps=1001, steps_per_epoch=33)
    assert Duration.of("5%", "d").resolve(ctx, "d") == math.ceil(50.05)
    assert Duration.of("10%", "d").resolve(Context(total_steps=1000), "d") == 100  # no float ceil drift
    assert Duration.of("1.5ep", "d").resolve(ctx, "d") == 50


@pytest.mark.parametrize("bad,msg", [
    (0, "must be > 0"), (-5, "must be > 0"), ("0%", "must be > 0"), (2.5, "whole number of steps"),
    ("2.5", "whole number of steps"), ("5 days", r"steps \(100\), epochs"), ("150%", "at most 100%"),
    (float("nan"), "whole number"), (float("inf"), "whole number"), (None, r"steps \(100\)"), (True, r"steps \(100\)"),
    ("1e400", "must be finite, got '1e400'"), ("1e400ep", "must be finite"),
])
def test_duration_rejects(bad, msg):
    with pytest.raises(lk.LRKitError, match=msg) as e:
        Duration.of(bad, "warmup: duration")
    assert str(e.value).startswith("warmup: duration")


def test_missing_run_information_says_what_to_pass():
    with pytest.raises(lk.LRKitError, match=r"warmup: duration=5% needs the run length: pass total_steps="):
        lk.warmup("5%").bind()
    with pytest.raises(lk.LRKitError, match=r"in epochs: pass steps_per_epoch="):
        lk.warmup("2ep").bind(total_steps=100)
    with pytest.raises(lk.LRKitError, match=r"cosine\(\) needs the run length"):
        lk.cosine().bind()


@pytest.mark.parametrize("kw,msg", [
    (dict(total_steps=0), "total_steps must be a whole number >= 1"),
    (dict(total_steps=10.5), "total_steps must be a whole number >= 1"),
    (dict(steps_per_epoch=-1), "steps_per_epoch must be a whole number >= 1"),
    (dict(total_steps=float("nan")), "total_steps must be a whole number >= 1, got nan"),
    (dict(total_steps=float("inf")), "total_steps must be a whole number >= 1, got inf"),
    (dict(total_steps=10**400), r"total_steps must be below 2\*\*53"),
    (dict(total_steps=10, per="batch"), "per must be 'step' or 'epoch'"),
    (dict(total_steps=10, per="epoch"), "per='epoch' needs steps_per_epoch"),
])
def test_bind_rejects(kw, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        lk.cosine().bind(**kw)


# ---- curves ----------------------------------------------------------------------------

def test_scalar_and_array_paths_agree():
    c = (lk.warmup(50) >> lk.cosine(min_lr=1e-4)).bind(total_steps=1000)
    steps = np.arange(1001)
    arr = c(steps, 0.3)
    assert arr.shape == (1001,)
    assert all(c(int(s), 0.3) == arr[s] for s in (0, 1, 49, 50, 51, 500, 999, 1000))


def test_param_groups_broadcast():
    c = (lk.warmup(10) >> lk.cosine()).bind(total_steps=100)
    base = np.array([0.1, 0.01, 1.0])
    out = c(np.arange(100), base)
    assert out.shape == (100, 3)
    np.testing.assert_allclose(out / base, np.broadcast_to(c(np.arange(100), 1.0)[:, None], (100, 3)), rtol=1e-15)
    assert c(5, base).shape == (3,)


def test_warmup_then_cosine_golden():
    c = (lk.warmup(10) >> lk.cosine(min_lr=0.001)).bind(total_steps=110)
    expect = {0: 0.0, 3: 0.03, 10: 0.1, 60: 0.001 + 0.099 * 0.5,
              35: 0.001 + 0.099 * (1 + math.cos(math.pi * 25 / 100)) / 2, 110: 0.001, 500: 0.001}
    for step, lr in expect.items():
        assert c(step, 0.1) == pytest.approx(lr, rel=1e-12, abs=1e-15)


def test_per_epoch_staircase():
    c = lk.cosine().bind(total_steps=100, steps_per_epoch=10, per="epoch")
    step_c = lk.cosine().bind(total_steps=100)
    for s in range(100):
        assert c(s, 1.0) == step_c(10 * (s // 10), 1.0)


def test_curve_rejects_bad_steps_and_base():
    c = lk.cosine().bind(total_steps=10)
    for bad in (-1, float("nan"), np.array([1, -2]), 10**400, "a", [1, "x"]):
        with pytest.raises(lk.LRKitError, match="step must be finite and >= 0"):
            c(bad)
    for bad in (-0.1, float("inf"), np.ones((2, 2)), "a", None, [0.1, "x"]):
        with pytest.raises(lk.LRKitError, match="base_lr must be a number >= 0"):
            c(1, bad)
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(lk.LRKitError, match="reductions must be a whole number >= 0"):
            c(1, reductions=bad)


def test_curve_pickles():
    c = (lk.warmup("5%") >> lk.cosine()).bind(total_steps=200, steps_per_epoch=20)
    c2 = pickle.loads(pickle.dumps(c))
    np.testing.assert_array_equal(c(np.arange(200), 0.1), c2(np.arange(200), 0.1))


# ---- combinators -----------------------------------------------------------------------

def test_sequence_flattens_and_prints():
    s = lk.warmup(5) >> (lk.constant(10) >> lk.cosine())
    assert isinstance(s, lk.schedules.Sequence) and len(s.parts) == 3
    assert s == (lk.warmup(5) >> lk.constant(10)) >> lk.cosine()
    assert str(s) == "warmup(5) >> constant(10) >> cosine"


def test_sequence_needs_durations_before_the_last_part():
    with pytest.raises(lk.LRKitError, match="cosine has no duration of its own"):
        lk.cosine() >> lk.warmup(5)


def test_sequence_longer_than_run():
    with pytest.raises(lk.LRKitError, match="take 200 steps, more than the run's 100"):
        (lk.warmup(200) >> lk.cosine()).bind(total_steps=100)
    with pytest.raises(lk.LRKitError, match="take 100 steps, all of the run's 100"):
        (lk.warmup(100) >> lk.cosine()).bind(total_steps=100)


def test_last_part_with_own_duration_holds():
    c = (lk.warmup(10) >> lk.cosine(90, min_lr=0.5)).bind()
    assert c(100, 1.0) == 0.5 and c(10_000, 1.0) == 0.5


def test_product_and_scaling():
    c = (0.5 * lk.cosine()).bind(total_steps=10)
    assert c(0, 0.2) == 0.1
    assert (lk.cosine() * 2).bind(total_steps=10)(0, 0.2) == 0.4
    assert str(lk.cosine() * 0.5) == "cosine * constant(factor=0.5)"
    assert str((lk.warmup(5) >> lk.cosine()) * lk.clip(max_lr=0.05)) == "(warmup(5) >> cosine) * clip(max_lr=0.05)"


def test_clip_floor_and_ceiling():
    c = lk.cosine().clip(min_lr=0.01, max_lr=0.08).bind(total_steps=100)
    lrs = c(np.arange(101), 0.1)
    assert lrs.max() == 0.08 and lrs.min() == 0.01
    with pytest.raises(lk.LRKitError, match="clip: min_lr must be <= max_lr"):
        lk.clip(min_lr=0.1, max_lr=0.01)
    with pytest.raises(lk.LRKitError, match="clip: min_lr or max_lr must be given"):
        lk.clip()


def test_dict_round_trip_of_combinators():
    s = (lk.warmup("5%", start_factor=0.1) >> lk.cosine(min_lr=1e-5)) * lk.clip(max_lr=1.0)
    assert lk.from_dict(s.to_dict()) == s


@pytest.mark.parametrize("d,msg", [
    ([], "must be a mapping"), ({}, "needs a 'type'"), ({"type": "cosin"}, "did you mean 'cosine'"),
    ({"type": "cosine", "T_max": 5}, "cosine: unknown parameter 'T_max'"),
    ({"type": "seq", "parts": "x"}, "seq: takes only 'parts'"),
    ({"type": "seq", "parts": [{"type": "cosine"}, {"type": "cosine"}]}, "no duration of its own"),
    ({"type": "cosine", "min_lr": -1}, "cosine: min_lr must be >= 0"),
])
def test_from_dict_errors(d, msg):
    with pytest.raises(lk.SpecError, match=msg):
        lk.from_dict(d)


# ---- validation of the families written here ---------------------------------------------

@pytest.mark.parametrize("make,msg", [
    (lambda: lk.cosine(min_lr=-1e-5), r"cosine: min_lr must be >= 0, got -1e-05"),
    (lambda: lk.cosine(min_lr=float("nan")), r"cosine: min_lr must be finite, got nan"),
    (lambda: lk.cosine(min_lr_ratio=1.5), r"cosine: min_lr_ratio must be <= 1, got 1.5"),
    (lambda: lk.cosine(min_lr=0.1, min_lr_ratio=0.1), r"cosine: min_lr must be left out when min_lr_ratio"),
    (lambda: lk.cosine(duration=0), r"cosine: duration must be > 0"),
    (lambda: lk.warmup(), r"warmup: duration must be a duration"),
    (lambda: lk.warmup(10, start_factor=2), r"warmup: start_factor must be <= 1, got 2.0"),
    (lambda: lk.warmup(10, mode="exponential"), r"warmup: start_factor must be > 0, got 0.0"),
    (lambda: lk.warmup(10, mode="cosine"), r"warmup: mode must be one of 'linear', 'exponential'"),
    (lambda: lk.constant(factor=-1), r"constant: factor must be >= 0"),
    (lambda: lk.constant(factor="x"), r"constant: factor must be a number, got 'x'"),
])
def test_validation_messages(make, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        make()


def test_exponential_warmup():
    c = lk.warmup(4, start_factor=0.01, mode="exponential").bind()
    np.testing.assert_allclose(c(np.arange(6), 1.0), [0.01, 0.01 ** 0.75, 0.1, 0.01 ** 0.25, 1, 1], rtol=1e-12)


def test_schedules_are_immutable_values():
    s = lk.cosine(min_lr=0.1)
    with pytest.raises(Exception):
        s.min_lr = 0.2  # type: ignore[misc]
    assert hash(s) == hash(lk.cosine(min_lr=0.1)) and s == lk.cosine(min_lr=0.1)


def test_sequence_evaluates_each_part_on_its_rows_only_and_agrees_with_steps():
    s = lk.warmup(7) >> lk.constant(5, factor=0.5) >> lk.cosine(min_lr=0.01)
    c = s.bind(total_steps=40)
    steps = np.arange(41)
    one_by_one = np.array([c(int(i), 0.2) for i in steps])
    np.testing.assert_allclose(c(steps, 0.2), one_by_one, rtol=1e-15)
    groups = c(steps, np.array([0.2, 1.0]))
    np.testing.assert_allclose(groups[:, 0], one_by_one, rtol=1e-15)
    # unsorted steps and a 2-D array of steps take the same values
    perm = np.random.default_rng(0).permutation(41)
    np.testing.assert_array_equal(c(perm, 0.2), c(steps, 0.2)[perm])
    np.testing.assert_allclose(c(steps.reshape(41, 1)[:40].reshape(8, 5), 0.2), one_by_one[:40].reshape(8, 5),
                               rtol=1e-15)


def test_sequence_inside_a_product_gets_per_row_base():
    inner = lk.warmup(4) >> lk.constant(factor=0.5)
    c = (lk.linear(start_factor=1.0, end_factor=0.0) * inner).bind(total_steps=8)
    lin = lk.linear(start_factor=1.0, end_factor=0.0).bind(total_steps=8)
    w = inner.bind(total_steps=8)
    steps = np.arange(9)
    np.testing.assert_allclose(c(steps, 0.3), lin(steps, 0.3) * w(steps, 1.0), rtol=1e-15)
    np.testing.assert_allclose(c(steps, np.array([0.3, 1.0]))[:, 1], lin(steps, 1.0) * w(steps, 1.0), rtol=1e-15)
