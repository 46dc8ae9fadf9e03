"""lrkit.torch.LRScheduler with token/sample budgets: conversion, parity with steps, the plan in the state."""

import io

import numpy as np
import pytest
import torch

import lrkit as lk
import lrkit.torch
from _lrkit_torch_helpers import run_updates

SPEC = "warmup(375Mtok) >> cosine(min_lr_ratio=0.1)"
TPS = 2**22  # 4M tokens an update


def _opt(lr=3e-4):
    return torch.optim.AdamW([torch.nn.Parameter(torch.zeros(2))], lr=lr)


_run = run_updates


def test_token_budget_runs_like_the_same_schedule_in_steps():
    opt = _opt()
    sched = lrkit.torch.LRScheduler(opt, SPEC, total_steps="2Btok", tokens_per_step=TPS)
    assert sched.total_steps == 477 and sched.tokens_per_step == TPS  # ceil(2e9 / 4194304)
    lrs = _run(sched, opt, 477)
    opt2 = _opt()
    in_steps = lrkit.torch.LRScheduler(opt2, "warmup(90) >> cosine(min_lr_ratio=0.1)", total_steps=477)
    assert lrs == _run(in_steps, opt2, 477)  # 375M / 4M = 89.4 -> 90 updates (rounded up)


def test_the_rates_are_part_of_the_plan():
    opt = _opt()
    sched = lrkit.torch.LRScheduler(opt, SPEC, total_steps=400, tokens_per_step=TPS)
    _run(sched, opt, 50)
    buf = io.BytesIO()
    torch.save(sched.state_dict(), buf)
    buf.seek(0)
    state = torch.load(buf)
    assert state["tokens_per_step"] == TPS and "samples_per_step" not in state
    again = lrkit.torch.LRScheduler(_opt(), SPEC, total_steps=400, tokens_per_step=TPS)
    again.load_state_dict(state)
    assert again.position == 50 and again.get_last_lr() == sched.get_last_lr()
    other = lrkit.torch.LRScheduler(_opt(), SPEC, total_steps=400, tokens_per_step=TPS // 2)
    with pytest.raises(lk.LRKitError, match=r"different plan:\n  saved: .*tokens_per_step=4194304\n  now: .*"
                                            r"tokens_per_step=2097152"):
        other.load_state_dict(state)
    # a state saved before the rates existed (no key) still loads into a scheduler without them
    plain = lrkit.torch.LRScheduler(_opt(), "cosine", total_steps=10)
    old = plain.state_dict()
    assert "tokens_per_step" not in old
    lrkit.torch.LRScheduler(_opt(), "cosine", total_steps=10).load_state_dict(old)


def test_missing_rate_names_the_argument():
    with pytest.raises(lk.LRKitError, match=r"warmup: duration=375Mtok is in tokens: pass tokens_per_step=… to "
                                            r"LRScheduler\(\.\.\.\)"):
        lrkit.torch.LRScheduler(_opt(), SPEC, total_steps=100)
    with pytest.raises(lk.LRKitError, match=r"LRScheduler: samples_per_step must be > 0, got 0"):
        lrkit.torch.LRScheduler(_opt(), "cosine", total_steps=100, samples_per_step=0)
    sched = lrkit.torch.LRScheduler(_opt(), "warmup(1ksp) >> cosine", total_steps="8ksp", samples_per_step=256)
    assert sched.total_steps == 32
    np.testing.assert_array_equal(sched.curve(np.arange(33), 1.0),
                                  lk.parse("warmup(4) >> cosine").bind(total_steps=32)(np.arange(33), 1.0))
