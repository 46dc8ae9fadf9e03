"""onecycle: golden values (computed here), momentum, relative vs absolute peak, validation."""

import math

import numpy as np
import pytest

import lrkit as lk


def cos_anneal(a, b, p):
    return b + (a - b) * (1 + math.cos(math.pi * p)) / 2


def test_golden_two_phase_cos_relative_peak():
    n = 1000
    c = lk.onecycle().bind(total_steps=n)
    base = 0.4
    init, final = base / 25, base / 25 / 1e4
    e1 = 0.3 * n - 1  # 299
    rows = {0: init, 150: cos_anneal(init, base, 150 / e1), 299: base,
            600: cos_anneal(base, final, (600 - e1) / (n - 1 - e1)), 999: final, 5000: final}
    for t, want in rows.items():
        assert c(t, base) == pytest.approx(want, rel=1e-12), t
    assert c(0, base) == pytest.approx(0.016, rel=1e-12)
    assert c(600, base) == pytest.approx(0.2436293, rel=1e-6)


def test_golden_three_phase_linear_absolute_peak():
    c = lk.onecycle(200, max_lr=1.0, pct_start=0.25, anneal_strategy="linear", three_phase=True,
                    div_factor=10, final_div_factor=100).bind()
    # e1 = 49, e2 = 98, end 199; initial 0.1, final 0.001; base LR ignored
    assert c(0, 7.0) == pytest.approx(0.1)
    assert c(49, 7.0) == pytest.approx(1.0)
    assert c(73.5, 7.0) == pytest.approx(0.55)
    assert c(98, 7.0) == pytest.approx(0.1)
    assert c(148.5, 7.0) == pytest.approx(0.1 + (0.001 - 0.1) * 0.5)
    assert c(199, 7.0) == pytest.approx(0.001)


def test_momentum_phases():
    c = lk.onecycle(base_momentum=0.8, max_momentum=0.9, anneal_strategy="linear").bind(total_steps=101)
    e1 = 0.3 * 101 - 1
    assert c.momentum(0) == pytest.approx(0.9)
    assert c.momentum(e1) == pytest.approx(0.8)
    assert c.momentum(100) == pytest.approx(0.9)
    assert c.momentum(e1 / 2) == pytest.approx(0.85)
    three = lk.onecycle(three_phase=True, anneal_strategy="linear").bind(total_steps=100)
    np.testing.assert_allclose(three.momentum([0, 29, 58, 80, 99]), [0.95, 0.85, 0.95, 0.95, 0.95])
    assert lk.onecycle(cycle_momentum=False).bind(total_steps=10).momentum(3) is None


def test_product_keeps_momentum_of_the_part_that_sets_it():
    c = (lk.onecycle() * lk.clip(min_lr=1e-4)).bind(total_steps=100)
    assert c.momentum(29) == pytest.approx(0.85)
    assert c(99, 0.1) == pytest.approx(1e-4)


def test_leads_a_sequence_with_its_duration():
    c = (lk.onecycle("50%") >> lk.constant(factor=0.001)).bind(total_steps=200)
    assert c(99, 1.0) == pytest.approx(1 / 25 / 1e4)
    assert c(100, 1.0) == pytest.approx(0.001)
    assert np.isnan(c.momentum(150))


def test_text_and_dict_round_trip():
    for s in (lk.onecycle(), lk.onecycle("10ep", max_lr=0.1, pct_start=0.25, anneal_strategy="linear",
                                         three_phase=True, div_factor=10, final_div_factor=1e3,
                                         cycle_momentum=False, base_momentum=0.8, max_momentum=0.9)):
        assert lk.parse(str(s)) == s
        assert lk.from_dict(s.to_dict()) == s
    assert str(lk.onecycle(max_lr=0.1)) == "onecycle(max_lr=0.1)"


@pytest.mark.parametrize("kw,msg", [
    (dict(pct_start=0), "onecycle: pct_start must be > 0, got 0.0"),
    (dict(pct_start=1), "onecycle: pct_start must be < 1, got 1.0"),
    (dict(pct_start=-0.1), "onecycle: pct_start must be > 0, got -0.1"),
    (dict(pct_start=0.5, three_phase=True), "onecycle: pct_start must be < 0.5 with three_phase=true"),
    (dict(max_lr=0), "onecycle: max_lr must be > 0, got 0.0"),
    (dict(max_lr=float("inf")), "onecycle: max_lr must be finite, got inf"),
    (dict(div_factor=0), "onecycle: div_factor must be > 0, got 0.0"),
    (dict(final_div_factor=-1), "onecycle: final_div_factor must be > 0, got -1.0"),
    (dict(anneal_strategy="cosine"), "onecycle: anneal_strategy must be one of 'cos', 'linear', got 'cosine'"),
    (dict(three_phase=1), "onecycle: three_phase must be true or false, got 1"),
    (dict(base_momentum=0.99), "onecycle: base_momentum must be <= max_momentum (0.95), got 0.99"),
    (dict(duration=0), "onecycle: duration must be > 0"),
    (dict(duration=-100), "onecycle: duration must be > 0"),
])
def test_rejects(kw, msg):
    with pytest.raises(lk.LRKitError) as e:
        lk.onecycle(**kw)
    assert str(e.value).startswith(msg)


def test_rejects_cycle_too_short_at_bind():
    with pytest.raises(lk.LRKitError, match=r"onecycle: pct_start \* duration must be more than 1 step"):
        lk.onecycle().bind(total_steps=3)
    with pytest.raises(lk.LRKitError, match=r"got 0.49 \* 2 = 0.98"):
        lk.onecycle(pct_start=0.49, three_phase=True).bind(total_steps=2)
    with pytest.raises(lk.LRKitError, match=r"onecycle\(\) needs the run length"):
        lk.onecycle().bind()
