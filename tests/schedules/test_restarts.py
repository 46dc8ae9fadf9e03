"""restarts: golden values (computed here), decay/limit/k_decay, validation."""

import math

import numpy as np
import pytest

import lrkit as lk


def half_cos(peak, floor, frac):
    return floor + (peak - floor) * (1 + math.cos(math.pi * frac)) / 2


def test_golden_fixed_period():
    c = lk.restarts(100, min_lr=0.001).bind()
    rows = {0: 0.1, 25: half_cos(0.1, 0.001, 0.25), 99: half_cos(0.1, 0.001, 0.99), 100: 0.1,
            250: half_cos(0.1, 0.001, 0.5)}
    for t, want in rows.items():
        assert c(t, 0.1) == pytest.approx(want, rel=1e-12), t
    assert c(25, 0.1) == pytest.approx(0.0855018, rel=1e-6)


def test_golden_period_mult_two_with_decay_and_ratio_floor():
    c = lk.restarts(10, period_mult=2, decay=0.5, min_lr_ratio=0.1).bind()
    # cycles start at 0, 10, 30, 70; peaks 1, 0.5, 0.25, 0.125 (x base); floor 0.1 x base
    assert c(0, 2.0) == pytest.approx(2.0)
    assert c(10, 2.0) == pytest.approx(1.0)
    assert c(20, 2.0) == pytest.approx(2.0 * half_cos(0.5, 0.1, 0.5))
    assert c(30, 2.0) == pytest.approx(0.5)
    assert c(50, 2.0) == pytest.approx(2.0 * half_cos(0.25, 0.1, 0.5))
    assert c(70, 2.0) == pytest.approx(0.25)


def test_limit_holds_floor_after_the_last_cycle():
    c = lk.restarts(10, period_mult=2, limit=2, min_lr=0.01).bind()
    assert c(29, 1.0) == pytest.approx(half_cos(1.0, 0.01, 19 / 20))
    np.testing.assert_allclose(c(np.arange(30, 500), 1.0), 0.01)


def test_k_decay_like_timm():
    c = lk.restarts(100, k_decay=2.0).bind()
    assert c(50, 1.0) == pytest.approx(half_cos(1.0, 0.0, 50 ** 2 / 100 ** 2), rel=1e-12)


def test_float_period_mult_like_timm_cycle_mul():
    c = lk.restarts(10, period_mult=1.5).bind()
    # cycles 10, 15, 22.5: the third starts at 25, the fourth at 47.5
    assert c(25, 1.0) == pytest.approx(1.0)
    assert c(36.25, 1.0) == pytest.approx(0.5)
    assert c(47.5, 1.0) == pytest.approx(1.0)


def test_units_and_sequence():
    c = (lk.warmup("1ep") >> lk.restarts("2ep")).bind(steps_per_epoch=50, total_steps=1000)
    assert c(50, 1.0) == 1.0 and c(150, 1.0) == 1.0 and c(100, 1.0) == pytest.approx(0.5)
    assert c.momentum(10) is None


def test_text_and_dict_round_trip():
    for s in (lk.restarts(100), lk.restarts("10%", period_mult=2, min_lr=1e-5, decay=0.7, limit=3),
              lk.restarts("3ep", min_lr_ratio=0.05, k_decay=1.5, period_mult=1.5)):
        assert lk.parse(str(s)) == s
        assert lk.from_dict(s.to_dict()) == s
    assert str(lk.restarts("5ep", period_mult=2)) == "restarts(5ep, period_mult=2)"


@pytest.mark.parametrize("kw,msg", [
    (dict(period=0), "restarts: period must be > 0"),
    (dict(period=-10), "restarts: period must be > 0"),
    (dict(period=None), "restarts: period must be a duration"),
    (dict(period=10, period_mult=0.5), "restarts: period_mult must be >= 1, got 0.5"),
    (dict(period=10, decay=0), "restarts: decay must be > 0, got 0.0"),
    (dict(period=10, decay=float("nan")), "restarts: decay must be finite, got nan"),
    (dict(period=10, min_lr=-1e-5), "restarts: min_lr must be >= 0, got -1e-05"),
    (dict(period=10, min_lr_ratio=2), "restarts: min_lr_ratio must be <= 1, got 2.0"),
    (dict(period=10, min_lr=0.1, min_lr_ratio=0.1), "restarts: min_lr must be left out when min_lr_ratio"),
    (dict(period=10, limit=0), "restarts: limit must be a whole number >= 1, got 0"),
    (dict(period=10, limit=1.5), "restarts: limit must be a whole number >= 1, got 1.5"),
    (dict(period=10, k_decay=0), "restarts: k_decay must be > 0, got 0.0"),
])
def test_rejects(kw, msg):
    with pytest.raises(lk.LRKitError) as e:
        lk.restarts(**kw)
    assert str(e.value).startswith(msg)


def test_cannot_be_followed_in_a_sequence():
    with pytest.raises(lk.LRKitError, match="so nothing can follow it"):
        lk.restarts(10) >> lk.constant()
