"""lrkit.torch.ParamScheduler: weight decay, momentum and betas on lrkit schedules, checked against the
values the optimizer really used (a float64 AdamW replayed by hand), exact resume, clear errors."""

import io

import numpy as np
import pytest
import torch

import lrkit as lk
from lrkit.torch import LRScheduler, ParamScheduler

SPECS = {"lr": "warmup(5) >> cosine(min_lr_ratio=0.1)", "weight_decay": "linear(end_factor=0.2)",
         "beta1": "warmup(10, start_factor=0.9) >> constant", "beta2": "cosine(min_lr_ratio=0.99)"}
LR, WD, B1, B2, EPS = 1e-2, 0.1, 0.9, 0.999, 1e-8
TOTAL = 30


def _adamw(seed=0):
    torch.manual_seed(seed)
    p = torch.nn.Parameter(torch.randn(5, dtype=torch.float64))
    return p, torch.optim.AdamW([p], lr=LR, weight_decay=WD, betas=(B1, B2), eps=EPS)


def _grad(t):
    return torch.linspace(-1.0, 1.0, 5, dtype=torch.float64) * (1.0 + 0.1 * t)


def _train(p, opt, sched, steps, start=0):
    used = []
    for t in range(start, start + steps):
        g = opt.param_groups[0]
        used.append((g["lr"], g["weight_decay"], *g["betas"]))
        p.grad = _grad(t)
        opt.step()
        sched.step()
    return used


def test_adamw_uses_the_scheduled_weight_decay_and_betas():
    p, opt = _adamw()
    start = p.detach().clone()
    sched = ParamScheduler(opt, SPECS, total_steps=TOTAL)
    used = _train(p, opt, sched, TOTAL)
    # the values expected from the curves alone (not read from the optimizer)
    t = np.arange(TOTAL)
    want = {k: lk.parse(s).bind(total_steps=TOTAL)(t, base) for (k, s), base in
            zip(SPECS.items(), (LR, WD, B1, B2))}
    np.testing.assert_array_equal(np.asarray(used), np.stack([want[k] for k in SPECS], 1))
    assert want["weight_decay"][-1] == pytest.approx(WD * (0.2 + 0.8 / TOTAL)) and want["beta1"][0] == 0.81
    # replay AdamW (torch's documented algorithm) in float64 with those values: the same parameters
    x, m, v = start.clone(), torch.zeros(5, dtype=torch.float64), torch.zeros(5, dtype=torch.float64)
    for k in range(TOTAL):
        lr, wd, b1, b2 = (float(want[key][k]) for key in SPECS)
        g = _grad(k)
        x = x * (1 - lr * wd)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step = k + 1
        x = x - lr * (m / (1 - b1 ** step)) / ((v / (1 - b2 ** step)).sqrt() + EPS)
    torch.testing.assert_close(p.detach(), x, rtol=1e-12, atol=1e-15)


def test_resume_through_torch_save_is_exact():
    p, opt = _adamw()
    sched = ParamScheduler(opt, SPECS, total_steps=TOTAL)
    straight = _train(p, opt, sched, TOTAL)
    final = p.detach().clone()

    p, opt = _adamw()
    sched = ParamScheduler(opt, SPECS, total_steps=TOTAL)
    first = _train(p, opt, sched, 12)
    buf = io.BytesIO()
    torch.save({"model": p.detach().clone(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict()}, buf)
    ckpt = torch.load(io.BytesIO(buf.getvalue()))
    assert ckpt["scheduler"]["params"] == {k: str(lk.parse(s)) for k, s in SPECS.items() if k != "lr"}

    p2, opt2 = _adamw(seed=1)
    with torch.no_grad():
        p2.copy_(ckpt["model"])
    opt2.load_state_dict(ckpt["optimizer"])  # restored first: the groups carry initial_lr / initial_beta2 ...
    sched2 = ParamScheduler(opt2, SPECS, total_steps=TOTAL)
    sched2.load_state_dict(ckpt["scheduler"])
    assert first + _train(p2, opt2, sched2, TOTAL - 12, start=12) == straight  # bit for bit
    assert torch.equal(p2.detach(), final)
    # another plan for the other keys is the usual plan error, naming them
    other = ParamScheduler(_adamw()[1], {**SPECS, "weight_decay": "cosine"}, total_steps=TOTAL)
    with pytest.raises(lk.LRKitError, match=r"(?s)different plan:.*params=\{'weight_decay': 'linear"):
        other.load_state_dict(ckpt["scheduler"])
    with pytest.raises(lk.LRKitError, match="replan='continue' refits the LR only"):
        ParamScheduler(_adamw()[1], SPECS, total_steps=60).load_state_dict(ckpt["scheduler"], replan="continue")
    jump = ParamScheduler(_adamw()[1], SPECS, total_steps=60)
    jump.load_state_dict(ckpt["scheduler"], replan="jump")
    assert jump.values("weight_decay") == [lk.parse(SPECS["weight_decay"]).bind(total_steps=60)(12, WD)]


def test_sgd_momentum_and_an_lr_left_to_another_scheduler():
    w = torch.nn.Parameter(torch.zeros(3))
    opt = torch.optim.SGD([w, ], lr=0.1, momentum=0.9, weight_decay=1e-4)
    torch_sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    momentum = lk.linear(start_factor=0.95 / 0.9, end_factor=1)  # 0.95 -> 0.9 over the run
    sched = ParamScheduler(opt, {"momentum": momentum}, total_steps=4)
    seen = []
    for _ in range(4):
        seen.append((opt.param_groups[0]["lr"], opt.param_groups[0]["momentum"]))
        w.grad = torch.ones(3)
        opt.step()
        torch_sched.step()
        sched.step()
    assert [s[0] for s in seen] == [0.1, 0.1, 0.05, 0.05]  # the LR is StepLR's, untouched
    np.testing.assert_allclose([s[1] for s in seen], [0.95, 0.9375, 0.925, 0.9125], rtol=1e-12)
    assert sched.param_schedules == {"momentum": momentum}


@pytest.mark.parametrize("opt_kw, schedules, msg", [
    (dict(momentum=0.9), {"beta2": "cosine"}, r"SGD has no hyperparameter 'beta2'; schedulable here: lr, momentum"),
    (dict(momentum=0.0), {"momentum": "cosine"}, r"'momentum' starts at 0 in param group 0"),
    (dict(momentum=0.9), {"momentum": "plateau"}, r"plateau\(\.\.\.\) is for the LR only"),
    (dict(momentum=0.9), {"lr": "onecycle", "momentum": "cosine"}, r"cycles momentum itself"),
    (dict(momentum=0.9), {}, r"schedules must be a non-empty dict"),
    (dict(momentum=0.9), {"momentum": "cosin"}, r"unknown schedule 'cosin'"),
])
def test_errors_name_the_key(opt_kw, schedules, msg):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1, **opt_kw)
    with pytest.raises(lk.LRKitError, match=msg):
        ParamScheduler(opt, schedules, total_steps=10)


def test_lr_only_is_the_lr_scheduler():
    opt_a = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    opt_b = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    a = ParamScheduler(opt_a, {"lr": "warmup(3) >> cosine"}, total_steps=10)
    b = LRScheduler(opt_b, "warmup(3) >> cosine", total_steps=10)
    for _ in range(10):
        assert a.get_last_lr() == b.get_last_lr()
        opt_a.step(), opt_b.step(), a.step(), b.step()
    with pytest.raises(lk.LRKitError, match="'momentum' is not scheduled here; scheduled: lr"):
        a.values("momentum")


def test_monitor_logs_every_scheduled_hyperparameter(tmp_path):
    """The Monitor logs what the optimizer holds for each key a ParamScheduler drives, beside the LR."""
    import csv

    from lrkit.torch import Monitor, ParamScheduler

    p = torch.nn.Parameter(torch.zeros(3))
    opt = torch.optim.AdamW([p], lr=1e-3, weight_decay=0.1, betas=(0.9, 0.99))
    sched = ParamScheduler(opt, {"lr": "cosine", "weight_decay": "linear(end_factor=0.5)", "beta2": "constant"},
                           total_steps=4)
    path = tmp_path / "log.csv"
    with Monitor(opt, sched, total_steps=4, log=str(path), warn=False) as mon:
        for _ in range(4):
            p.grad = torch.ones(3)
            opt.step()
            sched.step()
    assert mon.param_keys == ["weight_decay", "beta2"]
    used_wd = mon.param_history["weight_decay"]
    assert [round(v[0], 6) for v in used_wd] == [0.1, 0.0875, 0.075, 0.0625]
    assert all(v == [0.99] for v in mon.param_history["beta2"])
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["step", "epoch", "lr_group_0", "weight_decay_group_0", "beta2_group_0"]
    assert [round(float(r[3]), 6) for r in rows[1:]] == [0.1, 0.0875, 0.075, 0.0625]
