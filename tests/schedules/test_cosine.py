"""cosine (schedules/cosine.py): golden values, num_cycles, floors, validation."""

import math

import numpy as np
import pytest

import lrkit as lk

B = 0.2


@pytest.mark.parametrize("sched,kw,expect", [
    (lk.cosine(), dict(total_steps=100),
     {0: B, 25: B * (1 + math.cos(math.pi / 4)) / 2, 50: B / 2, 100: 0.0, 150: 0.0}),
    (lk.cosine(min_lr=0.01), dict(total_steps=100),
     {0: B, 30: 0.01 + (B - 0.01) * (1 + math.cos(math.pi * 0.3)) / 2, 100: 0.01, 200: 0.01}),
    (lk.cosine(40, min_lr_ratio=0.1), dict(), {10: 0.1 * B + 0.9 * B * (1 + math.cos(math.pi / 4)) / 2, 40: 0.1 * B}),
    (lk.cosine(num_cycles=1.0), dict(total_steps=100),
     {0: B, 25: B / 2, 50: 0.0, 75: B / 2, 100: B, 300: B}),
    (lk.cosine(num_cycles=0.25, min_lr_ratio=0.2), dict(total_steps=100),
     {50: 0.2 * B + 0.8 * B * (1 + math.cos(2 * math.pi * 0.25 * 0.5)) / 2, 100: 0.2 * B + 0.8 * B * 0.5}),
    (lk.cosine("3ep"), dict(steps_per_epoch=10), {15: B / 2, 30: 0.0}),
], ids=["plain", "min_lr", "ratio", "cycles1", "cycles0.25", "epochs"])
def test_golden(sched, kw, expect):
    c = sched.bind(**kw)
    steps = np.array(sorted(expect))
    np.testing.assert_allclose(c(steps, B), [expect[s] for s in steps], rtol=1e-13, atol=1e-16)


def test_num_cycles_default_is_unchanged_and_round_trips():
    a = lk.cosine().bind(total_steps=777)(np.arange(778), 1.0)
    b = lk.cosine(num_cycles=0.5).bind(total_steps=777)(np.arange(778), 1.0)
    np.testing.assert_array_equal(a, b)
    assert str(lk.cosine(num_cycles=0.5)) == "cosine"
    s = lk.cosine("10%", min_lr=1e-5, num_cycles=2)
    assert str(s) == "cosine(10%, min_lr=1e-05, num_cycles=2)" and lk.from_dict(s.to_dict()) == s


@pytest.mark.parametrize("make,msg", [
    (lambda: lk.cosine(min_lr=-1e-5), r"^cosine: min_lr must be >= 0, got -1e-05$"),
    (lambda: lk.cosine(min_lr_ratio=1.5), r"^cosine: min_lr_ratio must be <= 1, got 1.5$"),
    (lambda: lk.cosine(min_lr=0.1, min_lr_ratio=0.1), r"^cosine: min_lr must be left out when min_lr_ratio is given"),
    (lambda: lk.cosine(num_cycles=0), r"^cosine: num_cycles must be > 0, got 0.0$"),
    (lambda: lk.cosine(num_cycles=float("inf")), r"^cosine: num_cycles must be finite, got inf$"),
    (lambda: lk.cosine(0), r"^cosine: duration must be > 0, got '0'$"),
    (lambda: lk.cosine().bind(), r"^cosine\(\) needs the run length"),
])
def test_rejects(make, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        make()
