"""replan="jump" / "continue" in LRScheduler.load_state_dict, through real torch.save / torch.load."""

import io

import numpy as np
import pytest
import torch

import lrkit as lk
from _lrkit_torch_helpers import run_updates
from lrkit.torch import LRScheduler

BASE = 0.1


def _opt(lr=BASE):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=lr)


_run = run_updates


def _saved(spec, total, at, **kw):
    """A run of ``spec`` over ``total`` stopped after ``at`` updates: (LRs used, the checkpoint bytes)."""
    opt = _opt()
    sched = LRScheduler(opt, spec, total_steps=total, **kw)
    lrs = _run(sched, opt, at)
    buf = io.BytesIO()
    torch.save({"optimizer": opt.state_dict(), "scheduler": sched.state_dict()}, buf)
    return lrs + [sched.get_last_lr()[0]], buf.getvalue()  # + the LR the next update would use


def _resume(blob, spec, total, replan="continue", **kw):
    ckpt = torch.load(io.BytesIO(blob))
    opt = _opt()
    opt.load_state_dict(ckpt["optimizer"])
    sched = LRScheduler(opt, spec, total_steps=total, **kw)
    sched.load_state_dict(ckpt["scheduler"], replan=replan)
    return opt, sched


@pytest.mark.parametrize("new_total", [200, 130, 80])  # lengthened, a little longer, shortened
def test_cosine_continues_from_the_current_lr_to_its_floor_at_the_new_end(new_total):
    spec = "warmup(10) >> cosine(min_lr=1e-4)"
    old, blob = _saved(spec, 100, 60)
    opt, sched = _resume(blob, spec, new_total)
    assert sched.position == 60
    rest = _run(sched, opt, new_total - 60) + [sched.get_last_lr()[0]]
    assert rest[0] == pytest.approx(old[-1], rel=1e-12)  # no jump at the resume step
    assert rest[-1] == pytest.approx(1e-4, rel=1e-12)  # the floor, at the new end
    assert all(a >= b for a, b in zip(rest, rest[1:]))  # the remainder, stretched or squeezed
    # the refit is the old cosine's remainder: the same LR at the same fraction of what was left
    old_curve = lk.parse(spec).bind(total_steps=100)
    mid = 60 + (new_total - 60) // 2
    frac = (mid - 60) / (new_total - 60)
    assert rest[mid - 60] == pytest.approx(old_curve(60 + frac * 40, BASE), rel=1e-9)


def test_jump_is_todays_true_and_the_lr_may_jump():
    spec = "warmup(10) >> cosine"
    old, blob = _saved(spec, 100, 60)
    for replan in (True, "jump"):
        _, sched = _resume(blob, spec, 200, replan=replan)
        assert sched.get_last_lr()[0] == lk.parse(spec).bind(total_steps=200)(60, BASE) != old[-1]


def test_wsd_extends_its_stable_phase_and_moves_the_decay_to_the_new_end():
    spec = "warmup(10) >> wsd(decay=20%)"
    old, blob = _saved(spec, 100, 50)  # in the stable phase
    opt, sched = _resume(blob, spec, 300)
    assert sched.state_dict().get("warp") is None  # the new plan has the same LR here: followed as is
    rest = np.array(_run(sched, opt, 250) + [sched.get_last_lr()[0]])
    assert rest[0] == old[-1] == BASE
    new = lk.parse(spec).bind(total_steps=300)(np.arange(50, 301), BASE)
    np.testing.assert_array_equal(rest, new)
    assert rest[240 - 50] == BASE and rest[241 - 50] < BASE and rest[-1] == 0.0  # decay: the last 20% of 300
    # resumed inside the decay: the decay in progress is stretched to the new end
    old, blob = _saved(spec, 100, 90)
    opt, sched = _resume(blob, spec, 150)
    rest = _run(sched, opt, 60) + [sched.get_last_lr()[0]]
    assert rest[0] == pytest.approx(old[-1], rel=1e-12) and rest[0] < BASE
    assert rest[-1] == 0.0 and all(a >= b for a, b in zip(rest, rest[1:]))


def test_milestones_in_percent_move_in_steps_stay():
    old, blob = _saved("multistep([50%, 75%], gamma=0.1)", 100, 60)  # one cut made (at 50)
    opt, sched = _resume(blob, "multistep([50%, 75%], gamma=0.1)", 200)
    rest = _run(sched, opt, 140)
    assert rest[0] == old[-1] == pytest.approx(0.01)  # the cut is kept, no jump back to 0.1
    assert rest[149 - 60] == pytest.approx(0.01) and rest[150 - 60] == pytest.approx(0.001)  # 75% of 200
    old, blob = _saved("multistep([50, 75], gamma=0.1)", 100, 60)
    opt, sched = _resume(blob, "multistep([50, 75], gamma=0.1)", 200)
    rest = _run(sched, opt, 140)
    assert rest[0] == pytest.approx(0.01) and rest[74 - 60] == pytest.approx(0.01)
    assert rest[75 - 60] == pytest.approx(0.001)  # the step milestone stays at 75


def test_warmup_before_and_after_its_end():
    spec = "warmup(10%) >> cosine"
    # after: a finished warmup is not repeated, though the new plan's warmup (20 steps) is longer
    old, blob = _saved(spec, 100, 15)
    opt, sched = _resume(blob, spec, 200)
    rest = _run(sched, opt, 185) + [sched.get_last_lr()[0]]
    assert rest[0] == pytest.approx(old[-1], rel=1e-12) and max(rest) <= rest[0]
    assert rest[-1] == 0.0
    # before: the warmup in progress finishes at the new plan's warmup end (step 20), then the new cosine
    old, blob = _saved(spec, 100, 5)  # LR 0.05 (half way up a 10-step warmup)
    opt, sched = _resume(blob, spec, 200)
    rest = _run(sched, opt, 195)
    assert rest[0] == pytest.approx(old[-1], rel=1e-12) == pytest.approx(BASE / 2)
    assert all(a < b for a, b in zip(rest[:15], rest[1:16])) and rest[20 - 5] == BASE
    new = lk.parse(spec).bind(total_steps=200)(np.arange(20, 200), BASE)
    np.testing.assert_array_equal(rest[15:], new)  # from the warmup end on: the new plan itself


def test_later_resumes_of_a_resumed_run_are_exact():
    spec = "warmup(10) >> cosine(min_lr=1e-4)"
    _, blob = _saved(spec, 100, 60)
    opt, sched = _resume(blob, spec, 200)
    straight = _run(sched, opt, 140)
    opt, sched = _resume(blob, spec, 200)
    first = _run(sched, opt, 40)
    buf = io.BytesIO()
    torch.save({"optimizer": opt.state_dict(), "scheduler": sched.state_dict()}, buf)
    state = torch.load(io.BytesIO(buf.getvalue()))["scheduler"]
    assert state["warp"][0] == 60 and state["warp"][2] == 200
    opt2, sched2 = _resume(buf.getvalue(), spec, 200, replan=False)  # the same plan: no replan needed
    assert first + _run(sched2, opt2, 100) == straight  # bit for bit
    # and replanned again (200 -> 300) from the refit run: no jump there either
    opt3, sched3 = _resume(buf.getvalue(), spec, 300)
    assert sched3.get_last_lr()[0] == pytest.approx(straight[40], rel=1e-12)
    rest = _run(sched3, opt3, 200) + [sched3.get_last_lr()[0]]
    assert rest[-1] == pytest.approx(1e-4, rel=1e-12)


@pytest.mark.parametrize("spec, new_spec, total, msg", [
    ("onecycle", "onecycle", 200, "not defined for onecycle"),
    ("warmup(5) >> restarts(20)", "warmup(5) >> restarts(20)", 200, "not defined for restarts"),
    ("warmup(5) >> plateau", "warmup(5) >> plateau", 200, "not defined for plateau"),
    ("cosine(num_cycles=1)", "cosine(num_cycles=1)", 200, "num_cycles=1 goes down and up again"),
    ("cosine", "cosine", 50, r"the new run \(total_steps=50\) ends at or before the resume point \(60\)"),
    ("warmup(80) >> cosine", "warmup(40) >> cosine", 200, "which the new plan ends at step 40, at or before"),
    ("warmup(10) >> cosine", "cosine", 200, "the new plan has 1 phase"),
    ("cosine", "cosine(min_lr=0.5)", 200, r"outside what the new plan's phase 1"),
])
def test_undefined_cases_are_refused_with_a_clear_error(spec, new_spec, total, msg):
    _, blob = _saved(spec, 100, 60)
    with pytest.raises(lk.LRKitError, match=msg):
        _resume(blob, new_spec, total)


def test_bad_replan_values():
    with pytest.raises(lk.LRKitError, match=r"replan must be False, 'jump' \(or True\) or 'continue', got 'yes'"):
        LRScheduler(_opt(), "cosine", total_steps=10, replan="yes")
    sched = LRScheduler(_opt(), "cosine", total_steps=10)
    with pytest.raises(lk.LRKitError, match="warp must be"):
        sched.load_state_dict({**sched.state_dict(), "warp": [5, 2]})
