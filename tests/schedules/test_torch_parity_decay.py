"""Parity with torch.optim.lr_scheduler for the decay families and cosine.

Each case steps the real torch scheduler N >= 1000 times on an SGD optimizer with
three param groups of different base LRs, records the LR every optimizer step
sees (step 0 = the LR after construction), and compares with
``curve(np.arange(N), base_lrs)``. Parameters are drawn from a seeded RNG, a few
draws per scheduler.

Where lrkit and torch differ on purpose:

- torch's default ``step()`` uses the recursive ("chainable") form, multiplying
  the previous LR by a ratio each step (ExponentialLR, PolynomialLR,
  CosineAnnealingLR, LinearLR); its rounding error grows with the number of
  steps. lrkit uses the closed form. The difference is measured and bounded:
  relative error <= 1e-9 at every step (measured: at most 2.1e-14, LinearLR).
- Where the recursion makes the LR exactly 0 at the end (PolynomialLR,
  CosineAnnealingLR with ``eta_min=0``), torch's value can be a rounding residue
  (~1e-17 * base) instead of 0; such steps are compared with an absolute bound of
  1e-12 * base_lr.
- CosineAnnealingLR keeps following the cosine after ``T_max`` (the LR rises
  again); ``cosine(n)`` holds its floor. The comparison stops at ``T_max``, and
  ``test_cosine_after_t_max_differs_on_purpose`` pins the difference.
"""

import numpy as np
import pytest

import lrkit as lk

torch = pytest.importorskip("torch")
S = torch.optim.lr_scheduler

RTOL = 1e-9
ATOL_REL = 1e-12  # absolute bound, as a fraction of each group's base LR, for LRs that reach 0
DRAWS = 3


def _optimizer(base_lrs):
    torch.set_num_threads(1)
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in base_lrs]
    return torch.optim.SGD(groups, lr=base_lrs[0])


def _torch_lrs(make, base_lrs, n, steps_per_epoch=1):
    """LR of every optimizer step; torch's scheduler.step() once per ``steps_per_epoch`` steps."""
    opt = _optimizer(base_lrs)
    sched = make(opt)
    out = np.empty((n, len(base_lrs)))
    for i in range(n):
        out[i] = [g["lr"] for g in opt.param_groups]
        opt.step()
        if (i + 1) % steps_per_epoch == 0:
            sched.step()
    return out


def _assert_close(got, want, base_lrs):
    base = np.asarray(base_lrs)
    err = np.abs(got - want)
    ok = err <= RTOL * np.abs(want) + ATOL_REL * base
    if not ok.all():
        i, j = np.argwhere(~ok)[0]
        raise AssertionError(f"step {i} group {j}: lrkit {got[i, j]!r} vs torch {want[i, j]!r} "
                             f"(rel err {err[i, j] / abs(want[i, j]):.3g})")


def _draws(seed):
    rng = np.random.default_rng(seed)
    for _ in range(DRAWS):
        base = rng.uniform(1e-4, 1.0, size=3)
        base[1] *= 0.01
        yield rng, [float(b) for b in base]


def _cases():
    """(label, torch factory, lrkit schedule, steps) per random draw."""
    out = []
    for rng, base in _draws(1):
        size, gamma = int(rng.integers(1, 300)), float(rng.uniform(0.05, 0.95))
        out.append(("StepLR", lambda o, s=size, g=gamma: S.StepLR(o, step_size=s, gamma=g),
                    lk.step(size, gamma=gamma), base, 1200))
    for rng, base in _draws(2):
        ms = sorted(set(int(x) for x in rng.integers(1, 1100, size=int(rng.integers(1, 6)))))
        gamma = float(rng.uniform(0.05, 0.95))
        out.append(("MultiStepLR", lambda o, m=ms, g=gamma: S.MultiStepLR(o, milestones=m, gamma=g),
                    lk.multistep(ms, gamma=gamma), base, 1200))
    for rng, base in _draws(3):
        n, f = int(rng.integers(1, 800)), float(rng.uniform(0.01, 1.0))
        out.append(("ConstantLR", lambda o, n=n, f=f: S.ConstantLR(o, factor=f, total_iters=n),
                    lk.constant(n, factor=f) >> lk.constant(), base, 1000))
    for rng, base in _draws(4):
        n, sf, ef = int(rng.integers(1, 900)), float(rng.uniform(0.01, 1.0)), float(rng.uniform(0.0, 1.0))
        out.append(("LinearLR", lambda o, n=n, sf=sf, ef=ef: S.LinearLR(o, start_factor=sf, end_factor=ef, total_iters=n),
                    lk.linear(n, start_factor=sf, end_factor=ef), base, 1000))
    for rng, base in _draws(5):  # LinearLR as a warmup (end_factor=1)
        n, sf = int(rng.integers(1, 500)), float(rng.uniform(0.01, 1.0))
        out.append(("LinearLR-warmup", lambda o, n=n, sf=sf: S.LinearLR(o, start_factor=sf, end_factor=1.0, total_iters=n),
                    lk.warmup(n, start_factor=sf) >> lk.constant(), base, 1000))
    for rng, base in _draws(6):
        gamma = float(rng.uniform(0.99, 0.99999))
        out.append(("ExponentialLR", lambda o, g=gamma: S.ExponentialLR(o, gamma=g),
                    lk.exponential(gamma=gamma), base, 1500))
    for rng, base in _draws(7):
        n, p = int(rng.integers(1, 1100)), float(rng.uniform(0.3, 3.0))
        out.append(("PolynomialLR", lambda o, n=n, p=p: S.PolynomialLR(o, total_iters=n, power=p),
                    lk.poly(n, power=p), base, 1200))
    for rng, base in _draws(8):
        n = int(rng.integers(1000, 1500))
        eta = float(rng.choice([0.0, rng.uniform(0, 1e-4)]))
        out.append(("CosineAnnealingLR", lambda o, n=n, e=eta: S.CosineAnnealingLR(o, T_max=n, eta_min=e),
                    lk.cosine(n, min_lr=eta), base, n + 1))
    return out


CASES = _cases()


@pytest.mark.parametrize("label,make,sched,base,n", CASES, ids=[f"{c[0]}-{i % DRAWS}" for i, c in enumerate(CASES)])
def test_per_step_parity(label, make, sched, base, n):
    want = _torch_lrs(make, base, n)
    got = sched.bind(total_steps=n)(np.arange(n), np.asarray(base))
    _assert_close(got, want, base)


# ---- torch stepped once per epoch vs a schedule written in epochs with per="epoch" ----------

EPOCH_CASES = [
    ("StepLR", lambda o: S.StepLR(o, step_size=7, gamma=0.3), lk.step("7ep", gamma=0.3)),
    ("MultiStepLR", lambda o: S.MultiStepLR(o, milestones=[5, 12, 31], gamma=0.2),
     lk.multistep(["5ep", "12ep", "31ep"], gamma=0.2)),
    ("ConstantLR", lambda o: S.ConstantLR(o, factor=0.25, total_iters=4),
     lk.constant("4ep", factor=0.25) >> lk.constant()),
    ("LinearLR", lambda o: S.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=9),
     lk.linear("9ep", start_factor=0.1, end_factor=0.9)),
    ("ExponentialLR", lambda o: S.ExponentialLR(o, gamma=0.93), lk.exponential(gamma=0.93)),  # gamma per step = per epoch here
    ("PolynomialLR", lambda o: S.PolynomialLR(o, total_iters=30, power=0.9), lk.poly("30ep", power=0.9)),
    ("CosineAnnealingLR", lambda o: S.CosineAnnealingLR(o, T_max=40, eta_min=1e-4), lk.cosine("40ep", min_lr=1e-4)),
]


@pytest.mark.parametrize("label,make,sched", EPOCH_CASES, ids=[c[0] for c in EPOCH_CASES])
def test_per_epoch_parity(label, make, sched):
    spe, epochs, base = 37, 40, [0.5, 0.01, 0.2]
    n = spe * epochs
    want = _torch_lrs(make, base, n, steps_per_epoch=spe)
    if label == "ExponentialLR":  # gamma is per torch step, i.e. per epoch: count epochs, not steps
        sched = lk.exponential(decay_rate=0.93, decay_steps="1ep", staircase=True)
    got = sched.bind(total_steps=n, steps_per_epoch=spe, per="epoch")(np.arange(n), np.asarray(base))
    _assert_close(got, want, base)


def test_cosine_after_t_max_differs_on_purpose():
    base, n = [0.1, 0.01, 1.0], 100
    want = _torch_lrs(lambda o: S.CosineAnnealingLR(o, T_max=n, eta_min=0.0), base, 2 * n)
    got = lk.cosine(n).bind(total_steps=2 * n)(np.arange(2 * n), np.asarray(base))
    _assert_close(got[: n + 1], want[: n + 1], base)
    assert np.all(got[n:] == 0.0)                       # lrkit holds its floor
    assert np.all(want[150] > 0.4 * np.asarray(base))  # torch's cosine has risen back up
