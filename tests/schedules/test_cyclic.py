"""cyclic: golden values (computed here), momentum, the custom scale function, validation."""

import numpy as np
import pytest

import lrkit as lk


def test_golden_triangular_relative_bounds():
    # up 10, down 30: low = 0.25 * base, high = base
    c = lk.cyclic(10, 30).bind()
    rows = {0: 0.25, 5: 0.625, 10: 1.0, 25: 0.625, 40: 0.25, 50: 1.0, 70: 0.5, 85: 0.625}
    for t, m in rows.items():
        assert c(t, 0.2) == pytest.approx(0.2 * m, rel=1e-12), t


def test_golden_triangular2_halves_each_cycle():
    c = lk.cyclic(5, base_lr=0.001, max_lr=0.009, mode="triangular2").bind()
    assert [round(c(t, 123.0), 9) for t in (0, 5, 15, 25, 35)] == [0.001, 0.009, 0.005, 0.003, 0.002]


def test_golden_exp_range_scales_by_gamma_per_iteration():
    c = lk.cyclic(100, base_lr=0.01, max_lr=0.11, mode="exp_range", gamma=0.99).bind()
    assert c(100) == pytest.approx(0.01 + 0.1 * 0.99 ** 100, rel=1e-12)
    assert c(100) == pytest.approx(0.0466032, rel=1e-6)
    assert c(350) == pytest.approx(0.01 + 0.1 * 0.5 * 0.99 ** 350, rel=1e-12)
    on_cycle = lk.cyclic(100, base_lr=0.01, max_lr=0.11, mode="exp_range", gamma=0.5, scale_mode="cycle").bind()
    assert on_cycle(300) == pytest.approx(0.01 + 0.1 * 0.5 ** 2, rel=1e-12)  # cycle 2 peak


def test_momentum_cycles_inversely():
    c = lk.cyclic(4, base_momentum=0.8, max_momentum=0.9).bind()
    assert c.cycles_momentum
    np.testing.assert_allclose(c.momentum(np.arange(9)), [0.9, 0.875, 0.85, 0.825, 0.8, 0.825, 0.85, 0.875, 0.9])
    assert c.momentum(4) == pytest.approx(0.8)
    assert lk.cyclic(4, cycle_momentum=False).bind().momentum(3) is None


def test_momentum_after_a_warmup_is_nan_then_cycles():
    c = (lk.warmup(10) >> lk.cyclic(5)).bind(total_steps=100)
    m = c.momentum(np.arange(20))
    assert np.all(np.isnan(m[:10]))
    assert m[10] == pytest.approx(0.9) and m[15] == pytest.approx(0.8)


def test_momentum_with_epoch_stepping_is_quantized():
    c = lk.cyclic("1ep").bind(steps_per_epoch=10, per="epoch")
    assert c.momentum(19) == c.momentum(10) == pytest.approx(0.8)


def test_custom_scale_fn_is_python_only():
    def half(cycle):
        return 0.5 ** (cycle - 1)

    s = lk.cyclic(5, scale_fn=half)
    assert str(s) == "cyclic(5, scale_fn=<half>)"
    c = s.bind()
    assert c(15, 1.0) == pytest.approx(0.25 + 0.75 * 0.5)
    with pytest.raises(lk.LRKitError, match="holds Python code and cannot be serialized"):
        s.to_dict()
    assert lk.cyclic(5).serializable and not s.serializable


def test_text_and_dict_round_trip():
    for s in (lk.cyclic(), lk.cyclic("2ep", "3ep", min_factor=0.1, mode="exp_range", gamma=0.999),
              lk.cyclic(2000, base_lr=1e-4, max_lr=6e-3, cycle_momentum=False, scale_mode="iterations")):
        assert lk.parse(str(s)) == s
        assert lk.from_dict(s.to_dict()) == s
    assert str(lk.cyclic(500, base_lr=1e-3, max_lr=6e-3)) == "cyclic(500, base_lr=0.001, max_lr=0.006)"


@pytest.mark.parametrize("kw,msg", [
    (dict(step_size_up=0), "cyclic: step_size_up must be > 0"),
    (dict(step_size_down=-3), "cyclic: step_size_down must be > 0"),
    (dict(gamma=0), "cyclic: gamma must be > 0, got 0.0"),
    (dict(gamma=-0.5), "cyclic: gamma must be > 0, got -0.5"),
    (dict(gamma=float("nan")), "cyclic: gamma must be finite, got nan"),
    (dict(mode="cosine"), "cyclic: mode must be one of 'triangular', 'triangular2', 'exp_range', got 'cosine'"),
    (dict(scale_mode="epoch"), "cyclic: scale_mode must be one of 'cycle', 'iterations', got 'epoch'"),
    (dict(max_lr=0.1), "cyclic: base_lr must be given together with max_lr"),
    (dict(base_lr=0.1), "cyclic: max_lr must be given together with base_lr"),
    (dict(base_lr=0.2, max_lr=0.1), "cyclic: base_lr must be <= max_lr (0.1), got 0.2"),
    (dict(base_lr=-0.1, max_lr=0.1), "cyclic: base_lr must be >= 0, got -0.1"),
    (dict(base_lr=0.01, max_lr=0.1, min_factor=0.5), "cyclic: min_factor must be left out when base_lr"),
    (dict(min_factor=2.0), "cyclic: min_factor must be <= 1, got 2.0"),
    (dict(base_momentum=0.95, max_momentum=0.9), "cyclic: base_momentum must be <= max_momentum (0.9)"),
    (dict(max_momentum=1.5), "cyclic: max_momentum must be <= 1, got 1.5"),
    (dict(cycle_momentum="yes"), "cyclic: cycle_momentum must be true or false, got 'yes'"),
    (dict(scale_fn=3), "cyclic: scale_fn must be a function"),
    (dict(scale_fn=abs, mode="exp_range"), "cyclic: mode must be left at its default when scale_fn"),
])
def test_rejects(kw, msg):
    with pytest.raises(lk.LRKitError) as e:
        lk.cyclic(**kw)
    assert str(e.value).startswith(msg)
