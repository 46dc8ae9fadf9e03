"""Parity with real torch schedulers: CyclicLR, OneCycleLR, CosineAnnealingWarmRestarts, LambdaLR.

Each test steps the torch scheduler over >= 1000 steps on an optimizer with 3 param
groups of different base LRs, records the LR (and momentum / Adam beta1) the
optimizer would use at every step, and compares with the lrkit curve evaluated in
one vectorized call. Parameters are drawn at random (fixed seeds). These torch
schedulers compute each LR in closed form from integer state, so agreement is to
rounding: relative error <= 1e-9 everywhere.
"""

import math
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch.optim import lr_scheduler as tls  # noqa: E402

import lrkit as lk  # noqa: E402

torch.set_num_threads(1)
RTOL = 1e-9


def make_optimizer(bases, kind="sgd"):
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in bases]
    groups = [{"params": [p], "lr": b} for p, b in zip(params, bases)]
    if kind == "adam":
        return torch.optim.Adam(groups, lr=bases[0], betas=(0.9, 0.999))
    return torch.optim.SGD(groups, lr=bases[0], momentum=0.9)


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def run_torch(opt, sched, steps, momentum=False):
    """LR (and momentum) of every group at steps 0..steps-1: step k is after k scheduler.step() calls."""
    lrs, moms = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(steps):
            lrs.append([g["lr"] for g in opt.param_groups])
            moms.append([momentum_of(g) for g in opt.param_groups] if momentum else [])
            opt.step()
            sched.step()
    return np.array(lrs), np.array(moms)


def random_bases(rng):
    return list(10.0 ** rng.uniform(-4, 0, size=3))


def assert_close(got, want, rtol=RTOL):
    np.testing.assert_allclose(got, want, rtol=rtol, atol=0)


# ---- CyclicLR ---------------------------------------------------------------------------

CYCLIC_CASES = [(mode, seed) for mode in ("triangular", "triangular2", "exp_range") for seed in range(3)]


@pytest.mark.parametrize("mode,seed", CYCLIC_CASES)
def test_cyclic_relative_bounds_match_cycliclr_per_group(mode, seed):
    rng = np.random.default_rng(100 + seed)
    bases = random_bases(rng)
    up, down = int(rng.integers(20, 300)), int(rng.integers(20, 300))
    factor, gamma = float(rng.uniform(0.01, 0.9)), float(rng.uniform(0.995, 0.9999))
    bm, mm = float(rng.uniform(0.5, 0.85)), float(rng.uniform(0.86, 0.99))
    steps = 1500
    opt = make_optimizer(bases)
    sched = tls.CyclicLR(opt, base_lr=[factor * b for b in bases], max_lr=bases, step_size_up=up,
                         step_size_down=down, mode=mode, gamma=gamma, base_momentum=bm, max_momentum=mm)
    want_lr, want_m = run_torch(opt, sched, steps, momentum=True)
    s = lk.cyclic(up, down, min_factor=factor, mode=mode, gamma=gamma, base_momentum=bm, max_momentum=mm)
    curve = s.bind()
    assert_close(curve(np.arange(steps), bases), want_lr)
    # momentum is per schedule, the same for every group (torch: same scalar for all groups)
    assert_close(np.repeat(curve.momentum(np.arange(steps))[:, None], 3, axis=1), want_m)


@pytest.mark.parametrize("optim", ["sgd", "adam"])
def test_cyclic_absolute_bounds_ignore_group_lrs(optim):
    rng = np.random.default_rng(7)
    bases = random_bases(rng)
    steps = 1200
    opt = make_optimizer(bases, optim)
    sched = tls.CyclicLR(opt, base_lr=1e-4, max_lr=3e-3, step_size_up=150, mode="exp_range", gamma=0.999)
    want_lr, want_m = run_torch(opt, sched, steps, momentum=True)
    curve = lk.cyclic(150, base_lr=1e-4, max_lr=3e-3, mode="exp_range", gamma=0.999).bind()
    assert_close(curve(np.arange(steps), bases), want_lr)
    assert_close(curve.momentum(np.arange(steps)), want_m[:, 0])


@pytest.mark.parametrize("scale_mode", ["cycle", "iterations"])
def test_cyclic_scale_mode_and_custom_scale_fn_match_torch_scale_fn(scale_mode):
    bases = [0.1, 0.02, 0.5]
    steps = 1000
    gamma = 0.7

    def scale(x):
        return gamma ** x if scale_mode == "cycle" else 1.0 / (1.0 + x / 300.0)

    opt = make_optimizer(bases)
    sched = tls.CyclicLR(opt, base_lr=[0.1 * b for b in bases], max_lr=bases, step_size_up=37,
                         step_size_down=63, scale_fn=scale, scale_mode=scale_mode)
    want_lr, want_m = run_torch(opt, sched, steps, momentum=True)
    custom = lk.cyclic(37, 63, min_factor=0.1, scale_fn=scale, scale_mode=scale_mode).bind()
    assert_close(custom(np.arange(steps), bases), want_lr)
    assert_close(custom.momentum(np.arange(steps)), want_m[:, 0])
    if scale_mode == "cycle":  # the built-in exp_range scale on the cycle number, no Python code
        builtin = lk.cyclic(37, 63, min_factor=0.1, mode="exp_range", gamma=gamma, scale_mode="cycle").bind()
        assert_close(builtin(np.arange(steps), bases), want_lr)


def test_cyclic_without_momentum_cycles_none():
    assert lk.cyclic(10, cycle_momentum=False).bind().momentum(5) is None


# ---- OneCycleLR -------------------------------------------------------------------------

ONECYCLE_CASES = [(three, anneal, seed) for three in (False, True) for anneal in ("cos", "linear")
                  for seed in range(2)]


@pytest.mark.parametrize("three_phase,anneal,seed", ONECYCLE_CASES)
def test_onecycle_matches_onecyclelr_per_group(three_phase, anneal, seed):
    rng = np.random.default_rng(200 + seed + 10 * three_phase)
    bases = random_bases(rng)
    steps = int(rng.integers(1000, 1600))
    pct = float(rng.uniform(0.05, 0.45))
    div, fdiv = float(rng.uniform(2, 50)), float(10 ** rng.uniform(1, 5))
    bm, mm = float(rng.uniform(0.5, 0.85)), float(rng.uniform(0.86, 0.99))
    opt = make_optimizer(bases)
    sched = tls.OneCycleLR(opt, max_lr=bases, total_steps=steps, pct_start=pct, anneal_strategy=anneal,
                           div_factor=div, final_div_factor=fdiv, three_phase=three_phase,
                           base_momentum=bm, max_momentum=mm)
    want_lr, want_m = run_torch(opt, sched, steps, momentum=True)
    s = lk.onecycle(pct_start=pct, anneal_strategy=anneal, div_factor=div, final_div_factor=fdiv,
                    three_phase=three_phase, base_momentum=bm, max_momentum=mm)
    curve = s.bind(total_steps=steps)
    assert_close(curve(np.arange(steps), bases), want_lr)
    assert_close(curve.momentum(np.arange(steps)), want_m[:, 0])
    # after the cycle lrkit holds the final LR (torch raises past total_steps)
    assert_close(curve(steps + 10, bases), want_lr[-1])


@pytest.mark.parametrize("three_phase", [False, True])
def test_onecycle_absolute_max_lr_and_adam_beta1(three_phase):
    bases = [0.3, 0.01, 0.002]
    steps = 1000
    opt = make_optimizer(bases, "adam")
    sched = tls.OneCycleLR(opt, max_lr=0.004, total_steps=steps, three_phase=three_phase)
    want_lr, want_b1 = run_torch(opt, sched, steps, momentum=True)
    curve = lk.onecycle(max_lr=0.004, three_phase=three_phase).bind(total_steps=steps)
    assert_close(curve(np.arange(steps), bases), want_lr)
    assert_close(curve.momentum(np.arange(steps)), want_b1[:, 0])


def test_onecycle_in_epochs_and_after_warmup_sequence():
    """onecycle(duration) may lead a sequence; its steps are local to where it starts."""
    bases = [0.1, 0.05, 0.2]
    opt = make_optimizer(bases)
    sched = tls.OneCycleLR(opt, max_lr=bases, epochs=10, steps_per_epoch=100)
    want_lr, want_m = run_torch(opt, sched, 1000, momentum=True)
    s = lk.onecycle("10ep") >> lk.constant(factor=0.5)
    curve = s.bind(total_steps=1100, steps_per_epoch=100)
    assert_close(curve(np.arange(1000), bases), want_lr)
    assert_close(curve.momentum(np.arange(1000)), want_m[:, 0])
    assert np.all(np.isnan(curve.momentum(np.arange(1000, 1100))))  # constant leaves momentum alone
    assert_close(curve(1050, bases), [0.5 * b for b in bases])


# ---- CosineAnnealingWarmRestarts ----------------------------------------------------------

CAWR_CASES = [(mult, seed) for mult in (1, 2, 3) for seed in range(3)]


@pytest.mark.parametrize("mult,seed", CAWR_CASES)
def test_restarts_match_cosine_annealing_warm_restarts(mult, seed):
    rng = np.random.default_rng(300 + seed + 10 * mult)
    bases = random_bases(rng)
    t0 = int(rng.integers(5, 200)) if mult == 1 else int(rng.integers(3, 40))
    eta_min = float(min(bases) * rng.uniform(0, 0.5)) if seed else 0.0
    steps = 2000
    opt = make_optimizer(bases)
    sched = tls.CosineAnnealingWarmRestarts(opt, T_0=t0, T_mult=mult, eta_min=eta_min)
    want_lr, _ = run_torch(opt, sched, steps)
    curve = lk.restarts(t0, period_mult=mult, min_lr=eta_min).bind()
    assert_close(curve(np.arange(steps), bases), want_lr)


def test_restarts_cycle_index_is_exact_on_every_boundary():
    """The log formula rounds wrongly near some boundaries; the correction puts each boundary in its new cycle."""
    from lrkit.schedules.restarts import cycle_index

    for period, mult in [(1, 2), (3, 2), (7, 3), (10, 2), (1, 10), (5, 1)]:
        # exact while period * mult**i fits a float64 mantissa (any real run: ~10^15 steps)
        n = max(i for i in range(60) if period * mult ** i < 2 ** 53)
        starts = [period * (mult ** i - 1) // (mult - 1) if mult > 1 else period * i for i in range(min(n, 40))]
        t = np.array(starts, dtype=np.float64)
        i, s, ti = cycle_index(t, float(period), float(mult))
        assert i.tolist() == list(range(len(starts)))
        assert s.tolist() == starts
        i2, _, _ = cycle_index(t - 1, float(period), float(mult))
        assert i2[1:].tolist() == list(range(len(starts) - 1))  # the step before is still the old cycle


# ---- LambdaLR ---------------------------------------------------------------------------

def _scalar_only(step):
    if step < 137:
        return (step + 1) / 137
    return 0.5 * (1 + math.cos(math.pi * (step - 137) / 900))


LAMBDAS = {
    "array-friendly": lambda step: 0.997 ** step,
    "scalar-only": _scalar_only,
    "int-division": lambda step: 0.3 ** (step // 250),
}


@pytest.mark.parametrize("name", sorted(LAMBDAS))
def test_lambda_matches_lambdalr(name):
    fn = LAMBDAS[name]
    bases = [0.1, 0.003, 1.0]
    steps = 1100
    opt = make_optimizer(bases)
    sched = tls.LambdaLR(opt, fn)
    want_lr, _ = run_torch(opt, sched, steps)
    curve = lk.lambda_(fn).bind()
    assert_close(curve(np.arange(steps), bases), want_lr)
    assert_close([curve(k, bases) for k in (0, 1, 499, 1099)], want_lr[[0, 1, 499, 1099]])
