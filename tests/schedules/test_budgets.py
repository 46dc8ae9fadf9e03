"""Token and sample budgets: ``tok``/``sp`` durations, their conversion when binding, and parity with steps."""

from __future__ import annotations

import numpy as np
import pytest

import lrkit as lk
from lrkit.schedules.units import Context, Duration


@pytest.mark.parametrize("text, value, unit, printed", [
    ("375Mtok", 375e6, "tokens", "375Mtok"),
    ("2Btok", 2e9, "tokens", "2Btok"),
    ("50ksp", 5e4, "samples", "50ksp"),
    ("1_000_000tok", 1e6, "tokens", "1Mtok"),
    ("1.5Btok", 1.5e9, "tokens", "1.5Btok"),
    ("1.1Mtok", 1.1e6, "tokens", "1.1Mtok"),  # exact in decimal, not 1.1 * 1e6
    ("3Tsp", 3e12, "samples", "3Tsp"),
    ("1234567tok", 1234567.0, "tokens", "1234567tok"),
    ("1500sp", 1500.0, "samples", "1.5ksp"),
    ("7 tok", 7.0, "tokens", "7tok"),
])
def test_budget_units_parse_and_print(text, value, unit, printed):
    d = Duration.of(text, "d")
    assert (d.value, d.unit, str(d)) == (value, unit, printed)
    assert Duration.of(str(d), "d") == d
    s = lk.parse(f"warmup({text}) >> cosine")
    assert s.parts[0].duration == d
    assert str(s) == f"warmup({printed}) >> cosine"
    assert lk.parse(str(s)) == s and lk.from_dict(s.to_dict()) == s
    assert s.to_dict()["parts"][0]["duration"] == printed


def test_units_mix_in_one_spec():
    s = lk.parse("warmup(50ksp) >> constant(2ep) >> step(1Btok, gamma=0.5) * clip(min_lr=1e-6)")
    assert lk.parse(str(s)) == s and lk.from_dict(s.to_dict()) == s
    m = lk.parse("multistep([1Btok, 2Btok], gamma=0.5)")
    assert m.to_dict() == {"type": "multistep", "milestones": ["1Btok", "2Btok"], "gamma": 0.5}
    c = lk.parse("warmup(50ksp) >> constant(2ep) >> cosine(10%)").bind(
        total_steps=1000, steps_per_epoch=100, samples_per_step=1000)
    assert [c(t) for t in (0, 25, 50, 249)] == [0.0, 0.5, 1.0, 1.0]  # 50 warmup steps, 200 flat, then cosine
    assert c(250) == 1.0 and c(350) == 0.0  # the cosine covers 10% of the run


@pytest.mark.parametrize("text, msg", [
    ("warmup(0.5tok)", "a number of tokens must be whole, got 0.5tok"),
    ("warmup(5Gtok)", "unknown unit 'Gtok' after 5"),
    ("warmup(5Mep)", "unknown unit 'Mep' after 5"),
    ("warmup(1__0tok)", "unknown unit '__0tok'"),
    ("warmup(-5tok)", "warmup: duration must be > 0, got '-5tok'"),
    ("warmup(1.5ksp)", None),
])
def test_budget_errors(text, msg):
    if msg is None:
        assert lk.parse(text).duration == Duration(1500.0, "samples")
        return
    with pytest.raises(lk.SpecError, match=msg):
        lk.parse(text)


@pytest.mark.parametrize("kwargs, msg", [
    (dict(total_steps=100), r"warmup: duration=375Mtok is in tokens: pass tokens_per_step=… to bind\(\)"),
    (dict(total_steps="3Btok", samples_per_step=8),
     r"bind: total_steps=3Btok is in tokens: pass tokens_per_step=… to bind\(\)"),
    (dict(total_steps="5%", tokens_per_step=8), r"bind: total_steps must be a whole number >= 1, or a budget in "
                                                 r"'ep', 'tok' or 'sp' \('3ep', '300Btok', '2Msp'\), got '5%'"),
    (dict(total_steps="100", tokens_per_step=8), r"bind: total_steps must be a whole number >= 1.*got '100'"),
    (dict(total_steps=100, tokens_per_step=0), r"bind: tokens_per_step must be > 0, got 0"),
    (dict(total_steps=100, tokens_per_step="4k"), r"bind: tokens_per_step must be a number, got '4k'"),
    (dict(total_steps=100, samples_per_step=float("nan")), r"bind: samples_per_step must be finite"),
])
def test_a_unit_without_its_conversion_names_the_argument(kwargs, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        lk.parse("warmup(375Mtok) >> cosine").bind(**kwargs)
    with pytest.raises(lk.LRKitError, match="is in samples: pass samples_per_step="):
        lk.parse("warmup(5sp) >> cosine").bind(total_steps=100, tokens_per_step=4)


def test_rounding_rule_is_up():
    """A budget that is not a whole number of steps covers the step that completes it (ceil), never 0 steps."""
    ctx = Context(total_steps=100, tokens_per_step=300, samples_per_step=3)
    assert [Duration.of(f"{n}tok", "d").resolve(ctx, "d") for n in (1, 299, 300, 301, 600, 601)] == [1, 1, 1, 2, 2, 3]
    assert Duration.of("10sp", "d").resolve(ctx, "d") == 4
    # a rate that is not an integer is exact too (no float drift at the boundary)
    assert Duration.of("3tok", "d").resolve(Context(tokens_per_step=0.1), "d") == 30
    assert Context(total_steps="1Mtok", tokens_per_step=3).total_steps == 333_334
    assert Context(total_steps="3ep", steps_per_epoch=7).total_steps == 21


def test_token_budget_matches_the_same_schedule_in_steps():
    """A language-model recipe written in tokens is, step for step, the recipe written in steps."""
    tps = 4 * 1024 * 2048  # 4M tokens a step: 1024 sequences of 2048 tokens
    in_tokens = lk.parse("warmup(375Mtok) >> wsd(decay=2Btok, min_lr_ratio=0.1)").bind(
        total_steps="30Btok", tokens_per_step=tps)
    steps_w, total = -(-375 * 10**6 // tps), -(-30 * 10**9 // tps)
    in_steps = lk.parse(f"warmup({steps_w}) >> wsd(decay={-(-2 * 10**9 // tps)}, min_lr_ratio=0.1)").bind(
        total_steps=total)
    assert in_tokens.total_steps == total == 3577
    t = np.arange(total + 1)
    np.testing.assert_array_equal(in_tokens(t, 3e-4), in_steps(t, 3e-4))
    # and in samples: 1024 sequences a step
    in_samples = lk.parse(f"warmup({steps_w * 1024}sp) >> wsd(decay={-(-2 * 10**9 // tps) * 1024}sp, "
                          "min_lr_ratio=0.1)").bind(total_steps=f"{total * 1024}sp", samples_per_step=1024)
    np.testing.assert_array_equal(in_samples(t, 3e-4), in_steps(t, 3e-4))
