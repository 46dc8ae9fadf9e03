"""lrkit.torch.LRScheduler end to end against torch's schedulers (3 param groups), resume, warnings."""

import copy
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from torch.optim import lr_scheduler as tl

import lrkit as lk
from lrkit.torch import LRScheduler
from _lrkit_torch_helpers import BASES, CASES, lrs, make_opt, moms


def _run_torch(factory, n, kind):
    opt = make_opt(kind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's own deprecation chatter (SequentialLR/Chained)
        sched = factory(opt)
        out, mo = [], []
        for _ in range(n):
            out.append(lrs(opt)); mo.append(moms(opt))
            opt.step(); sched.step()
    return np.array(out), np.array(mo)


def _run_lrkit(schedule, total, n, kind, resume_at=None, load_opt_first=True):
    opt = make_opt(kind)
    sched = LRScheduler(opt, schedule, total_steps=total)
    out, mo = [], []
    for k in range(n):
        if k == resume_at:
            saved_opt, saved_sched = copy.deepcopy(opt.state_dict()), copy.deepcopy(sched.state_dict())
            opt = make_opt(kind)
            if load_opt_first:
                opt.load_state_dict(saved_opt)
                sched = LRScheduler(opt, schedule, total_steps=total)
                sched.load_state_dict(saved_sched)
            else:
                sched = LRScheduler(opt, schedule, total_steps=total)
                sched.load_state_dict(saved_sched)
                opt.load_state_dict(saved_opt)
        out.append(lrs(opt)); mo.append(moms(opt))
        opt.step(); sched.step()
    return np.array(out), np.array(mo)


@pytest.mark.parametrize("name,factory,schedule,total,n,kind", CASES, ids=[c[0] for c in CASES])
def test_parity_with_torch_across_a_resume(name, factory, schedule, total, n, kind):
    want, want_m = _run_torch(factory, n, kind)
    got, got_m = _run_lrkit(schedule, total, n, kind)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(got_m, want_m, rtol=1e-10, atol=1e-15)
    # a mid-run state_dict round trip (both orders of loading) changes nothing, bit for bit
    for first in (True, False):
        resumed, resumed_m = _run_lrkit(schedule, total, n, kind, resume_at=n // 2, load_opt_first=first)
        np.testing.assert_array_equal(resumed, got)
        np.testing.assert_array_equal(resumed_m, got_m)


def test_is_a_torch_scheduler_and_golden_values():
    opt = make_opt()
    sched = LRScheduler(opt, "warmup(10%) >> cosine(min_lr=1e-5)", total_steps=100)
    assert isinstance(sched, tl.LRScheduler)
    seen = []
    for _ in range(100):
        seen.append(lrs(opt)[0]); opt.step(); sched.step()
    # independent closed form: linear to 0.1 over 10 steps, then cosine over 90 to 1e-5
    want = [0.1 * t / 10 if t < 10 else 1e-5 + (0.1 - 1e-5) * (1 + math.cos(math.pi * (t - 10) / 90)) / 2
            for t in range(100)]
    np.testing.assert_allclose(seen, want, rtol=1e-12)
    assert sched.get_last_lr()[0] == pytest.approx(1e-5, rel=1e-12)
    assert sched.last_epoch == sched.position == 100


def test_accepts_spec_dict_and_schedule_alike():
    specs = ["warmup(5) >> cosine", {"type": "seq", "parts": [{"type": "warmup", "duration": 5}, {"type": "cosine"}]},
             lk.warmup(5) >> lk.cosine()]
    values = []
    for s in specs:
        opt = make_opt()
        LRScheduler(opt, s, total_steps=20)
        values.append(lrs(opt))
    assert values[0] == values[1] == values[2]
    with pytest.raises(lk.LRKitError, match="schedule must be an lrkit Schedule, a spec string"):
        LRScheduler(make_opt(), 42, total_steps=10)
    with pytest.raises(lk.LRKitError, match=r"pass total_steps=… to LRScheduler\(...\)"):
        LRScheduler(make_opt(), "cosine")


def test_epochs_and_per_epoch_staircase():
    opt = make_opt()
    sched = LRScheduler(opt, "warmup(2ep) >> cosine", total_steps=100, steps_per_epoch=10, per="epoch")
    seen = []
    for _ in range(40):
        seen.append(lrs(opt)[0]); opt.step(); sched.step()
    assert seen[:10] == [0.0] * 10 and seen[10:20] == [0.05] * 10 and seen[20] == 0.1
    # stepping once per epoch instead of once per batch gives the same staircase: it counts updates
    opt2 = make_opt()
    sched2 = LRScheduler(opt2, "warmup(2ep) >> cosine", total_steps=100, steps_per_epoch=10, per="epoch")
    per_epoch = []
    for _ in range(4):
        for _ in range(10):
            per_epoch.append(lrs(opt2)[0]); opt2.step()
        sched2.step()
    assert per_epoch == seen


# ---- resume: property over random schedules and interruption points ---------------------------

SPECS = ["warmup(10%) >> cosine(min_lr=1e-4)", "warmup(7) >> linear", "onecycle(max_lr=0.5)",
         "step(13, gamma=0.7)", "cyclic(9, base_lr=0.01, max_lr=0.2, mode=triangular2)",
         "warmup(5, start_factor=0.1) >> restarts(11, period_mult=2)", "warmup(3) >> plateau(patience=1, factor=0.5)",
         "cosine * plateau(patience=0, factor=0.7, cooldown=2)", "exponential(gamma=0.98) * clip(min_lr=0.01)"]


@settings(max_examples=40, deadline=None)
@given(spec=st.sampled_from(SPECS), total=st.integers(20, 400), cut=st.floats(0, 1),
       metrics=st.lists(st.floats(0, 1), min_size=30, max_size=30), kind=st.sampled_from(["sgd", "adam"]),
       tensor_lr=st.booleans())
def test_resume_is_bit_exact(spec, total, cut, metrics, kind, tensor_lr):
    n = total + 3  # also past the end
    k = int(cut * n)
    plateau = "plateau" in spec

    def run(resume_at):
        opt = make_opt(kind, tensor_lr=tensor_lr)
        sched = LRScheduler(opt, spec, total_steps=total)
        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", lk.LRKitWarning)  # the past-the-end warning
            for i in range(n):
                if i == resume_at:
                    so, ss = copy.deepcopy(opt.state_dict()), copy.deepcopy(sched.state_dict())
                    opt = make_opt(kind, tensor_lr=tensor_lr)
                    opt.load_state_dict(so)
                    sched = LRScheduler(opt, spec, total_steps=total)
                    sched.load_state_dict(ss)
                out.append(lrs(opt) + moms(opt))
                opt.step()
                if plateau and i % 10 == 9:
                    sched.step(metrics[i // 10 % 30])
                elif plateau:
                    sched.advance()
                else:
                    sched.step()
        return out

    assert run(k) == run(None)


def test_state_from_a_different_plan_is_an_error_unless_replan():
    opt = make_opt()
    a = LRScheduler(opt, "warmup(5) >> cosine", total_steps=100)
    for _ in range(30):
        opt.step(); a.step()
    state = a.state_dict()
    opt2 = make_opt()
    b = LRScheduler(opt2, "warmup(5) >> cosine", total_steps=200)
    with pytest.raises(lk.LRKitError) as e:
        b.load_state_dict(state)
    msg = str(e.value)
    assert "saved: 'warmup(5) >> cosine' with total_steps=100" in msg
    assert "now:   'warmup(5) >> cosine' with total_steps=200" in msg and "replan=True" in msg
    b.load_state_dict(state, replan=True)
    assert b.position == 30
    want = (lk.warmup(5) >> lk.cosine()).bind(total_steps=200)(30, np.array(BASES)).tolist()
    assert lrs(opt2) == want
    c = LRScheduler(make_opt(), "warmup(5) >> linear", total_steps=100, replan=True)
    c.load_state_dict(state)
    assert c.position == 30
    with pytest.raises(lk.LRKitError, match="not a state saved by lrkit.torch.LRScheduler"):
        c.load_state_dict({"last_epoch": 3})


def test_state_saved_with_another_count_mode_is_an_error_unless_replan():
    opt = make_opt()
    a = LRScheduler(opt, "warmup(2) >> cosine", total_steps=10, count="calls")  # stepped once per epoch
    for _ in range(4):
        opt.step(); a.step()
    state = a.state_dict()
    b = LRScheduler(make_opt(), "warmup(2) >> cosine", total_steps=10)  # count="updates"
    with pytest.raises(lk.LRKitError, match=r"saved position \(4\) counts 'calls'.*counts 'updates'.*"
                                            r"count='calls' to resume exactly.*replan=True"):
        b.load_state_dict(state)
    assert b.position == 0
    b.load_state_dict(state, replan=True)
    assert b.position == 4
    c = LRScheduler(make_opt(), "warmup(2) >> cosine", total_steps=10, count="calls")
    c.load_state_dict(state)
    assert c.position == 4


def test_building_after_optimizer_restore_keeps_restored_lrs():
    opt = make_opt()
    a = LRScheduler(opt, "warmup(5) >> cosine", total_steps=50)
    for _ in range(20):
        opt.step(); a.step()
    saved_opt, saved_sched, at_save = copy.deepcopy(opt.state_dict()), a.state_dict(), lrs(opt)
    # restore the optimizer first, then build: construction must not overwrite the restored LRs
    opt2 = make_opt()
    opt2.load_state_dict(saved_opt)
    b = LRScheduler(opt2, "warmup(5) >> cosine", total_steps=50)
    assert lrs(opt2) == at_save
    b.load_state_dict(saved_sched)
    assert lrs(opt2) == at_save and b.position == 20
    # forgetting to load the scheduler's state is not silent
    opt3 = make_opt()
    opt3.load_state_dict(saved_opt)
    c = LRScheduler(opt3, "warmup(5) >> cosine", total_steps=50)
    assert lrs(opt3) == at_save
    opt3.step()
    with pytest.warns(lk.LRKitWarning, match="state was not loaded, so the schedule starts from position 0"):
        c.step()
    # restart=True: start over on purpose, written at construction, no warning
    opt4 = make_opt()
    opt4.load_state_dict(saved_opt)
    LRScheduler(opt4, "warmup(5) >> cosine", total_steps=50, restart=True)
    assert lrs(opt4) == [0.0, 0.0, 0.0]


def test_construction_writes_position_zero():
    opt = make_opt()
    LRScheduler(opt, "warmup(4, start_factor=0.5) >> cosine", total_steps=10)
    assert lrs(opt) == [b * 0.5 for b in BASES]
    assert [g["initial_lr"] for g in opt.param_groups] == BASES


# ---- counting updates: GradScaler, ordering, accumulation -------------------------------------

def _amp_loop(make_sched, skip_iters, n=8):
    torch.manual_seed(0)
    w = torch.nn.Parameter(torch.ones(3))
    opt = torch.optim.SGD([w], lr=0.1)
    sched = make_sched(opt)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 16)
    seen, scales = [], []
    for i in range(n):
        opt.zero_grad()
        loss = (w * w).sum() * (1e36 if i in skip_iters else 1.0)  # scaled by 2**16: inf gradients
        scaler.scale(loss).backward()
        seen.append(float(opt.param_groups[0]["lr"]))
        scaler.step(opt)
        scaler.update()
        scales.append(scaler.get_scale())
        sched.step()
    return seen, scales


def test_gradscaler_skipped_updates_do_not_advance_or_warn():
    skips = {0, 1, 4}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        seen, scales = _amp_loop(lambda o: LRScheduler(o, "linear(10, start_factor=1, end_factor=0)"), skips)
    assert scales[0] < 2.0 ** 16  # the scaler really skipped (it backed off)
    # LR of each iteration = the curve at the number of real updates before it
    updates = np.cumsum([0] + [0 if i in skips else 1 for i in range(7)])
    assert seen == pytest.approx([0.1 * (1 - u / 10) for u in updates], rel=1e-12)
    # torch's own scheduler, in the same loop, warns falsely and advances on skipped updates
    with pytest.warns(UserWarning, match="Detected call of `lr_scheduler.step\\(\\)` before `optimizer.step\\(\\)`"):
        t_seen, _ = _amp_loop(lambda o: tl.LinearLR(o, 1.0, 0.0, total_iters=10), skips)
    assert t_seen == pytest.approx([0.1 * (1 - i / 10) for i in range(8)], rel=1e-12)


def test_step_before_optimizer_step_warns_once_and_stays_right():
    opt = make_opt()
    w = opt.param_groups[0]["params"][0]
    sched = LRScheduler(opt, "linear(10, start_factor=1, end_factor=0)")
    seen = []
    with pytest.warns(lk.LRKitWarning, match="called before optimizer.step\\(\\) in the same iteration") as rec:
        for _ in range(5):
            (w * w).sum().backward()
            sched.step()  # wrong order
            seen.append(lrs(opt)[0])
            opt.step()
            opt.zero_grad()
    assert len([r for r in rec if issubclass(r.category, lk.LRKitWarning)]) == 1
    assert seen == pytest.approx([0.1 * (1 - u / 10) for u in range(5)], rel=1e-12)


def test_stepping_without_updates_warns_and_holds():
    opt = make_opt()
    sched = LRScheduler(opt, "linear(10, start_factor=1, end_factor=0)")
    with pytest.warns(lk.LRKitWarning, match="without an optimizer update"):
        for _ in range(3):
            sched.step()
    assert sched.position == 0 and lrs(opt) == BASES
    # count="calls": torch's rule, one position per call (and torch's warning when first)
    opt2 = make_opt()
    s2 = LRScheduler(opt2, "linear(10, start_factor=1, end_factor=0)", count="calls")
    with pytest.warns(lk.LRKitWarning, match="before any optimizer.step"):
        s2.step()
    s2.step()
    assert s2.position == 2 and lrs(opt2)[0] == pytest.approx(0.08, rel=1e-12)


def test_gradient_accumulation_counts_real_updates():
    opt = make_opt()
    w = opt.param_groups[0]["params"][0]
    sched = LRScheduler(opt, "linear(10, start_factor=1, end_factor=0)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for i in range(12):  # 4 micro-batches per update, scheduler (wrongly) stepped every micro-batch
            (w * w).sum().backward()
            if i % 4 == 3:
                opt.step(); opt.zero_grad()
            sched.step()
    assert sched.position == 3


def test_past_total_steps_holds_and_warns_once():
    opt = make_opt()
    sched = LRScheduler(opt, "onecycle(max_lr=0.1)", total_steps=10)
    with pytest.warns(lk.LRKitWarning, match="stepped past total_steps=10") as rec:
        for _ in range(15):
            opt.step(); sched.step()
    assert len(rec) == 1
    final = lk.onecycle(max_lr=0.1).bind(total_steps=10)(10, 1.0)
    assert lrs(opt) == [final] * 3


# ---- plateau ------------------------------------------------------------------------------------

def test_plateau_parity_with_reduce_lr_on_plateau():
    kw = dict(mode="min", factor=0.5, patience=2, threshold=0.01, cooldown=1, min_lr=[1e-3, 1e-2, 0.0])
    metrics = [1.0, 0.9, 0.95, 0.95, 0.96, 0.7, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.2, 0.3, 0.3, 0.3, 0.3]
    opt_t = make_opt()
    ref = tl.ReduceLROnPlateau(opt_t, **kw)
    opt = make_opt()
    spec = lk.plateau(**{**kw, "min_lr": tuple(kw["min_lr"])})
    sched = LRScheduler(opt, spec)
    for m in metrics:
        for _ in range(3):
            opt.step(); opt_t.step()
            sched.advance()
        ref.step(m); sched.step(m)
        assert lrs(opt) == lrs(opt_t)
    assert sched.reductions >= 3 and sched.controller.best == ref.best


def test_plateau_needs_the_metric_and_others_refuse_it():
    sched = LRScheduler(make_opt(), "warmup(5) >> plateau")
    with pytest.raises(lk.LRKitError, match=r"contains plateau\(...\): pass the validation metric"):
        sched.step()
    with pytest.raises(lk.LRKitError, match="has no plateau"):
        LRScheduler(make_opt(), "cosine", total_steps=10).step(0.5)
    with pytest.raises(lk.LRKitError, match="one plateau"):
        LRScheduler(make_opt(), "plateau * plateau")


def test_warmup_then_plateau_with_advance():
    opt = make_opt()
    sched = LRScheduler(opt, "warmup(4) >> plateau(patience=0, factor=0.5)")
    seen = []
    for epoch in range(4):
        for _ in range(2):
            seen.append(lrs(opt)[0]); opt.step(); sched.advance()
        sched.step(1.0)  # never improves after the first: cut at every later evaluation
    # the cut decided at the end of the warmup (evaluation 2) applies from where the plateau starts
    assert seen == pytest.approx([0.0, 0.025, 0.05, 0.075, 0.05, 0.05, 0.025, 0.025], rel=1e-12)
    assert sched.reductions == 3


# ---- param groups and tensor LRs ---------------------------------------------------------------

def test_group_added_later_is_picked_up_and_removal_rejected():
    opt = make_opt()
    sched = LRScheduler(opt, "linear(10, start_factor=1, end_factor=0)")
    for _ in range(4):
        opt.step(); sched.step()
    opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.4})
    opt.step(); sched.step()
    assert lrs(opt) == pytest.approx([b * 0.5 for b in BASES + [0.4]], rel=1e-12)
    assert opt.param_groups[3]["initial_lr"] == 0.4
    opt.param_groups.pop()
    opt.param_groups.pop()
    with pytest.raises(lk.LRKitError, match="removing groups is not supported"):
        opt.step(); sched.step()


def test_explicit_base_lrs_and_multipliers():
    opt = make_opt()
    LRScheduler(opt, "constant(factor=0.5)", base_lrs=1.0, group_multipliers=[1.0, 0.1, 0.01])
    assert lrs(opt) == [0.5, 0.05, 0.005]
    opt = make_opt()  # one number is every group's multiplier, as the error message says
    LRScheduler(opt, "constant(factor=0.5)", base_lrs=[1.0, 2.0, 4.0], group_multipliers=0.5)
    assert lrs(opt) == [0.25, 0.5, 1.0]
    with pytest.raises(lk.LRKitError, match="group_multipliers must be a number >= 0 or a list of 3"):
        LRScheduler(make_opt(), "cosine", total_steps=5, group_multipliers=[1.0])


def test_tensor_lr_written_in_place():
    opt = make_opt(tensor_lr=True)
    ids = [id(g["lr"]) for g in opt.param_groups]
    sched = LRScheduler(opt, "warmup(2) >> cosine", total_steps=10)
    for _ in range(5):
        opt.step(); sched.step()
    assert [id(g["lr"]) for g in opt.param_groups] == ids
    want = (lk.warmup(2) >> lk.cosine()).bind(total_steps=10)(5, np.array(BASES))
    np.testing.assert_allclose(lrs(opt), want, rtol=1e-6)  # float32 tensors
    last = sched.get_last_lr()
    assert all(isinstance(x, torch.Tensor) for x in last) and last[0] is not opt.param_groups[0]["lr"]


def test_momentum_needs_an_optimizer_with_momentum():
    opt = torch.optim.Adagrad([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(lk.LRKitError, match="neither momentum nor betas; write cycle_momentum=false"):
        LRScheduler(opt, "onecycle", total_steps=10)
    LRScheduler(opt, "onecycle(cycle_momentum=false)", total_steps=10)


def test_adapter_matches_core_curve_every_step():
    spec = "warmup(3%) >> cosine(min_lr_ratio=0.01)"
    total = 3000
    opt = make_opt()
    sched = LRScheduler(opt, spec, total_steps=total)
    got = []
    for t in range(total + 1):
        got.append(lrs(opt))
        if t < total:
            opt.step(); sched.step()
    want = lk.parse(spec).bind(total_steps=total)(np.arange(total + 1), np.array(BASES))
    np.testing.assert_allclose(np.array(got), want, rtol=1e-15, atol=0)


def test_fused_optimizer_skip_under_gradscaler_is_not_counted():
    # a fused Adam gets found_inf from the GradScaler and skips the update inside step()
    w = torch.nn.Parameter(torch.ones(3))
    opt = torch.optim.Adam([w], lr=0.1, fused=True)
    sched = LRScheduler(opt, "linear(10, start_factor=1, end_factor=0)")
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for i in range(4):
            opt.zero_grad()
            scaler.scale((w * w).sum() * (1e36 if i == 1 else 1.0)).backward()
            scaler.step(opt)
            scaler.update()
            sched.step()
    assert sched.position == 3


@pytest.mark.parametrize("factory,spec,per", [
    (lambda o: tl.StepLR(o, step_size=3, gamma=0.5), "step(3ep, gamma=0.5)", "step"),
    (lambda o: tl.CosineAnnealingLR(o, T_max=8, eta_min=1e-3), "cosine(min_lr=0.001)", "epoch"),
])
def test_epoch_written_schedule_stepped_per_batch_matches_torch_stepped_per_epoch(factory, spec, per):
    spe, epochs = 7, 8
    opt_t, opt = make_opt(), make_opt()
    ref = factory(opt_t)
    kw = {"total_steps": spe * epochs} if per == "epoch" else {}
    sched = LRScheduler(opt, spec, steps_per_epoch=spe, per=per, **kw)
    for _ in range(epochs):
        for _ in range(spe):
            assert lrs(opt) == pytest.approx(lrs(opt_t), rel=1e-12)  # every batch of the epoch
            opt.step(); opt_t.step(); sched.step()  # lrkit: once per batch
        ref.step()  # torch: once per epoch
