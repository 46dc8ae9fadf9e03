"""Suggestion rules on synthetic curves with known answers, fastai's published valley, NaN/inf/negative losses."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from lrkit import LRKitError, LRKitWarning
from lrkit.finder import FinderResult
from lrkit.finder import rules as R

LRS = np.logspace(-6, 1, 100)  # 0.07 decades per point
X = np.log10(LRS)


def _fastai_valley(lrs, losses):
    """fastai.callback.schedule.valley, transcribed from its published code (the peer)."""
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1):
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    idx = max_start + int(sections) + int(sections / 2)
    return float(lrs[idx])


def test_ema_matches_torch_lr_finder_recurrence():
    loss = [5.0, 3.0, 4.0, 1.0]
    s = R.ema(loss, 0.05)
    want = [5.0]
    for v in loss[1:]:
        want.append(0.05 * v + 0.95 * want[-1])
    assert s.tolist() == want
    assert R.ema([1.0, float("nan"), 2.0], 0.5)[2] == 1.5  # continues from the last finite point


def test_steepest_finds_the_inflection_of_a_tanh_descent():
    loss = 3 - np.tanh(3 * (X + 3.5))  # steepest descent exactly where x = -3.5
    i = int(np.argmin(np.abs(X + 3.5)))
    assert R.suggest(LRS, loss, "steepest") == pytest.approx(LRS[i], rel=1e-12)


def test_min10_is_the_minimum_over_ten():
    loss = (X + 1.2) ** 2  # minimum at x = -1.2
    i = int(np.argmin(loss))
    assert R.suggest(LRS, loss, "min10") == pytest.approx(LRS[i] / 10, rel=1e-12)
    assert R.lr_at_min(LRS, loss) == LRS[i]


def test_valley_is_halfway_down_the_longest_decreasing_run():
    # trimmed curve = points 10..94; strictly decreasing from trimmed index 0 to 60, then rising
    loss = np.r_[np.linspace(5, 4.9, 10), np.linspace(4.8, 1.0, 61), np.linspace(1.5, 9, 29)]
    lr_t = LRS[10:95]
    # longest decreasing subsequence: trimmed 0..60 (61 points); start = 60 - 61 = -1
    sections = 61 / 3
    idx = -1 + int(sections) + int(sections / 2)
    assert R.suggest(LRS, loss, "valley") == lr_t[idx]
    assert R.longest_valley(loss[10:95]) == (-1, 60)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=20, max_size=80))
def test_valley_matches_fastais_published_code(values):
    loss = np.asarray(values)
    lrs = np.logspace(-5, 0, len(loss))
    start, end = R.longest_valley(loss)
    sections = (end - start) / 3
    if start + int(sections) + int(sections / 2) < 0:
        return  # fastai indexes from the end there (a bug); lrkit clamps to 0
    # suggest() trims; compare on an already-trimmed curve by calling the rule with num_iter=0 and no tail
    ours = float(lrs[max(0, start + int(sections) + int(sections / 2))])
    assert ours == _fastai_valley(lrs, loss)


def _v23(loss_trimmed, lr_trimmed):
    start, end = R.longest_valley(loss_trimmed)
    return lr_trimmed[max(0, start + int((end - start) * 2 / 3))]


def _half_drop(lr_trimmed, t):
    """First LR where the trimmed curve has fallen half of its drop to the minimum (explicit loop)."""
    i_min = int(np.argmin(t))
    target = t[0] - 0.5 * (t[0] - t[i_min])
    for i in range(i_min + 1):
        if t[i] <= target:
            return lr_trimmed[i]
    raise AssertionError("unreachable: the minimum itself is below the target")


def _geo3(t, lr_trimmed):
    i_min = int(np.argmin(t))
    i_st = int(np.argmin(np.gradient(t)[: i_min + 1]))
    return (lr_trimmed[i_st] * (lr_trimmed[i_min] / 10) * _v23(t, lr_trimmed)) ** (1 / 3)


def test_half_drop_point_of_a_symmetric_sigmoid_is_its_inflection():
    # 3 - tanh(3 (x + 3.5)): half of the drop, and the steepest descent, at x = -3.5 (a wall at x = -1 adds
    # nothing before the minimum); the first grid point at or past -3.5 is the answer
    loss = 3 - np.tanh(3 * (X + 3.5)) + np.where(X > -1, 30 * (X + 1) ** 2, 0)
    t = loss[10:95]
    # the trimmed curve starts at x = -5.3 (not quite on the upper plateau), so the level is a little below 3
    assert R.half_drop_lr(LRS, loss) == _half_drop(LRS[10:95], t)
    assert abs(math.log10(R.half_drop_lr(LRS, loss)) + 3.5) < 0.08  # within one grid step (0.07 decades)


def test_lrkit_rule_is_capped_at_the_half_drop_point():
    # a long sigmoid descent with a far minimum: the three estimates' geometric mean (10^-2.70) lies past
    # the half-drop point (10^-3.45), which is the answer
    loss = 3 - np.tanh(3 * (X + 3.5)) + np.where(X > -1, 30 * (X + 1) ** 2, 0)
    t, lr_t = loss[10:95], LRS[10:95]
    assert _geo3(t, lr_t) > _half_drop(lr_t, t)
    assert R.suggest(LRS, loss, "lrkit") == _half_drop(lr_t, t)
    assert abs(math.log10(R.suggest(LRS, loss, "lrkit")) + 3.5) < 0.08


def test_lrkit_rule_is_the_geometric_mean_of_steepest_before_the_minimum_min10_and_valley():
    # a sharp optimum: the wall at x = -1.8 cuts the descent centred at x = -2 short, so the minimum is near
    # and the geometric mean (10^-2.56) stays below the half-drop point (10^-2.11): the cap does not bind
    loss = 3 - np.tanh(2 * (X + 2)) + np.where(X > -1.8, 30 * (X + 1.8) ** 2, 0)
    t, lr_t = loss[10:95], LRS[10:95]
    i_min = int(np.argmin(t))
    i_st = int(np.argmin(np.abs(X + 2)))  # steepest at x = -2 ...
    assert int(np.argmin(np.gradient(t)[: i_min + 1])) + 10 in (i_st, i_st + 1)  # ... to within a grid point
    want = _geo3(t, lr_t)
    assert want < _half_drop(lr_t, t)
    assert R.suggest(LRS, loss, "lrkit") == pytest.approx(want, rel=1e-12)
    assert R.suggest(LRS, loss, "lrkit") <= LRS[10 + i_min]


def test_lrkit_rule_ignores_a_steep_drop_past_the_minimum():
    # a descent to a minimum at x = -2, a bump, then a steeper drop at x = -0.5 that ends higher
    loss = 3 - np.tanh(2 * (X + 3)) + np.where(X > -2, 3 * (X + 2), 0) - np.where(X > -0.5, 2.0, 0)
    lr_min = R.lr_at_min(LRS, loss)
    assert R.suggest(LRS, loss, "steepest") > lr_min  # the peer rule lands past the minimum
    got = R.suggest(LRS, loss, "lrkit")
    assert got <= lr_min
    t = loss[10:95]
    assert got == pytest.approx(min(_geo3(t, LRS[10:95]), _half_drop(LRS[10:95], t)), rel=1e-12)


@pytest.mark.parametrize("rule", R.RULES)
def test_rules_ignore_nan_and_inf_and_accept_negative_losses(rule):
    base = (X + 1.2) ** 2 - 3.0  # negative around the minimum
    clean = R.suggest(LRS, base, rule)
    dirty = base.copy()
    dirty[[30, 31]] = np.nan  # inside the trimmed window
    dirty[50] = np.inf
    got = R.suggest(LRS, dirty, rule)
    assert math.isfinite(got) and got > 0
    if rule == "min10":
        assert got == pytest.approx(clean, rel=1e-12)  # the minimum is untouched by the holes
    if rule == "lrkit":
        assert got <= R.lr_at_min(LRS, dirty) == R.lr_at_min(LRS, base)


def test_rules_reject_unknown_names_and_unusable_curves():
    with pytest.raises(LRKitError, match="rule must be one of lrkit, steepest, valley, min10, got 'fastest'"):
        R.suggest(LRS, X, "fastest")
    with pytest.raises(LRKitError, match="usable points"):
        R.suggest(LRS[:4], np.array([1.0, np.nan, np.nan, np.nan]), "lrkit")


def test_suggest_range_brackets_the_descent():
    loss = 3 - np.tanh(2 * (X + 3)) + np.where(X > -1, 30 * (X + 1) ** 2, 0)
    lo, hi = R.suggest_range(LRS, loss)
    assert lo < hi <= R.lr_at_min(LRS, loss)
    first = loss[10]
    drop = first - loss[10:95].min()
    i_lo = int(np.argmin(np.abs(LRS - lo)))
    assert loss[i_lo] <= first - 0.1 * drop < loss[i_lo - 1]  # the first point 10% of the way down
    assert hi == pytest.approx(min(3 * R.suggest(LRS, loss, "lrkit"), R.lr_at_min(LRS, loss)))


def test_assess_names_each_failure():
    good = 3 - np.tanh(2 * (X + 3)) + np.where(X > -1, 30 * (X + 1) ** 2, 0)
    assert R.assess(LRS, good, good, 100, "diverged") == []
    early = good[:8]
    reasons = R.assess(LRS[:8], early, early, 100, "diverged")
    assert reasons[0].startswith("diverged at the first steps (diverged at iteration 8 of 100)")
    short = good[:30]
    assert any(r.startswith("too short: 15 usable points") for r in R.assess(LRS[:30], short, short, 100, "diverged"))
    flat = np.full(100, 2.3) + np.linspace(0, 0.01, 100)
    assert R.assess(LRS, flat, flat, 100, "completed")[0].startswith("no descent")
    rng = np.random.default_rng(0)
    noisy_raw = good + rng.normal(0, 3, 100)
    assert any(r.startswith("noisy") for r in R.assess(LRS, noisy_raw, R.ema(noisy_raw, 0.05), 100, "diverged"))
    falling = 3 - np.tanh(X)
    assert any(r.startswith("still falling at end_lr") for r in R.assess(LRS, falling, falling, 100, "completed"))


def test_result_warns_on_an_untrustworthy_curve_and_strict_raises():
    flat = np.full(100, 2.3)
    res = FinderResult.from_curve(LRS, flat, smooth=0.05)
    assert not res.trustworthy and res.reasons[0].startswith("no descent")
    with pytest.warns(LRKitWarning, match="untrustworthy .*no descent"):
        res.suggest()
    with pytest.raises(LRKitError, match="untrustworthy"):
        res.suggest(strict=True)
    good = 3 - np.tanh(2 * (X + 3)) + np.where(X > -1, 30 * (X + 1) ** 2, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        FinderResult.from_curve(LRS, good, smooth=0.0, stop_reason="diverged").suggest()


def test_steepest_matches_torch_lr_finder_plot_on_the_same_curve():
    pytest.importorskip("torch_lr_finder")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from torch_lr_finder import LRFinder

    rng = np.random.default_rng(3)
    loss = (3 - np.tanh(2 * (X + 3)) + np.where(X > -1, 30 * (X + 1) ** 2, 0) + rng.normal(0, 0.05, 100))
    sm = R.ema(loss, 0.05)
    lrf = LRFinder.__new__(LRFinder)  # only plot() is used: feed it the curve
    lrf.history = {"lr": LRS.tolist(), "loss": sm.tolist()}
    _, steep = lrf.plot(suggest_lr=True, ax=plt.figure().add_subplot())
    plt.close("all")
    assert R.suggest(LRS, sm, "steepest") == steep


def test_sweep_density_and_the_note_outside_the_measured_densities():
    assert R.per_decade(np.logspace(-7, 1, 100)) == pytest.approx(99 / 8)
    assert R.per_decade(np.logspace(-7, 1, 100)[:40]) == pytest.approx(99 / 8)  # a sweep that stopped early
    assert R.per_decade(np.linspace(1e-4, 1, 100)) is None and R.per_decade([1e-3, 1e-2]) is None
    for n in (60, 100, 160):  # the measured densities: 7.4, 12.4 and 19.9 per decade
        assert R.sweep_note(np.logspace(-7, 1, n)) is None
    assert R.sweep_note(LRS) is None  # 14.1 per decade
    assert "has 6.1" in R.sweep_note(np.logspace(-7, 1, 50)) and "has 24.9" in R.sweep_note(np.logspace(-7, 1, 200))
    dense = np.logspace(-7, 1, 300)
    note = R.sweep_note(dense)
    assert note.startswith("the lrkit rule was measured on sweeps of 7.4-19.9 iterations per decade")
    assert "has 37.4" in note
    assert "num_iter = 12.4 * log10(end_lr / start_lr) + 1" in note
    assert "exponential sweeps" in R.sweep_note(np.linspace(1e-4, 1, 100))

    x = np.log10(dense)
    curve = 3 - np.tanh(2 * (x + 3)) + np.where(x > -1, 30 * (x + 1) ** 2, 0)
    res = FinderResult.from_curve(dense, curve, smooth=0.0, stop_reason="diverged", num_iter=300)
    assert res.trustworthy and res.sweep_note == note
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res.suggest("min10")  # the note is about the lrkit rule's record only
    with pytest.warns(LRKitWarning, match="measured on sweeps of 7.4-19.9 iterations per decade.*has 37.4"):
        res.suggest()
    res2 = FinderResult.from_curve(dense, curve, smooth=0.0, stop_reason="diverged", num_iter=300)
    with pytest.warns(LRKitWarning, match="measured on sweeps"):
        res2.suggest_range()
