"""wsd: golden values, transformers' get_wsd_schedule parity, validation."""

import math

import numpy as np
import pytest

import lrkit as lk


# ---- golden values (computed by hand here, not by lrkit) -------------------------------

def test_golden_cosine_decay_default():
    # n=1000, warmup 100, decay 20% = 200 -> stable until 800
    c = lk.wsd(warmup=100).bind(total_steps=1000)
    rows = {0: 0.0, 50: 0.5, 100: 1.0, 799: 1.0, 800: 1.0,
            850: 0.5 * (1 + math.cos(math.pi * 50 / 200)),
            950: 0.5 * (1 + math.cos(math.pi * 150 / 200)), 1000: 0.0, 1200: 0.0}
    for t, m in rows.items():
        assert c(t, 0.3) == pytest.approx(0.3 * m, rel=1e-12, abs=1e-18), t
    assert c(850, 1.0) == pytest.approx(0.853553, rel=1e-6)


@pytest.mark.parametrize("decay_type,value", [("linear", 0.75), ("sqrt", 1 - math.sqrt(0.25)),
                                              ("1-sqrt", 1 - math.sqrt(0.25)), ("cosine", 0.853553390593)])
def test_golden_decay_shapes_with_floor(decay_type, value):
    c = lk.wsd(decay=100, decay_type=decay_type, min_lr_ratio=0.1).bind(total_steps=500)
    # t = 425: p = 25/100 = 0.25; lr = base * (m * 0.9 + 0.1)
    assert c(425, 2.0) == pytest.approx(2.0 * (value * 0.9 + 0.1), rel=1e-9)
    assert c(500, 2.0) == pytest.approx(0.2, rel=1e-12)


@pytest.mark.parametrize("warmup_type,value", [("linear", 0.25), ("cosine", (1 - math.cos(math.pi * 0.25)) / 2),
                                               ("sqrt", 1 - math.sqrt(0.75))])
def test_golden_warmup_shapes_start_at_floor(warmup_type, value):
    c = lk.wsd(warmup=40, decay=10, warmup_type=warmup_type, min_lr=0.01).bind(total_steps=100)
    assert c(0, 1.0) == pytest.approx(0.01, rel=1e-12)
    assert c(10, 1.0) == pytest.approx(0.01 + 0.99 * value, rel=1e-12)


def test_own_duration_leads_a_sequence_and_holds_floor():
    s = lk.wsd(300, warmup=30, decay=60, decay_type="linear") >> lk.constant(factor=0.01)
    c = s.bind(total_steps=400)
    assert c(270, 1.0) == pytest.approx(0.5)
    assert c(299, 1.0) == pytest.approx(1 / 60)
    assert c(300, 1.0) == pytest.approx(0.01)
    assert lk.wsd(100, decay=10).bind()(150, 1.0) == 0.0  # holds its floor after its own duration


def test_one_sqrt_alias_is_stored_as_sqrt_and_round_trips():
    s = lk.wsd(decay="10%", decay_type="1-sqrt", warmup_type="1-sqrt")
    assert s == lk.wsd(decay="10%", decay_type="sqrt", warmup_type="sqrt")
    assert str(s) == "wsd(decay=10%, decay_type=sqrt, warmup_type=sqrt)"
    assert lk.from_dict(s.to_dict()) == s
    assert lk.parse(str(s)) == s
    assert str(lk.wsd()) == "wsd"


# ---- parity with transformers ----------------------------------------------------------

@pytest.mark.parametrize("seed", range(6))
def test_matches_transformers_get_wsd_schedule(seed):
    torch = pytest.importorskip("torch")
    opt_mod = pytest.importorskip("transformers.optimization")
    rng = np.random.default_rng(900 + seed)
    n = int(rng.integers(1000, 3000))
    w = int(rng.integers(0, n // 5))
    d = int(rng.integers(1, n // 2))
    wt = ["linear", "cosine", "1-sqrt"][seed % 3]
    dt = ["linear", "cosine", "1-sqrt"][(seed // 3 + seed) % 3]
    ratio = float(rng.uniform(0, 0.5)) if seed % 2 else 0.0
    cycles = float(rng.uniform(0.3, 0.5)) if dt == "cosine" else 0.5
    bases = [0.1, 0.003, 0.7]
    p = [torch.nn.Parameter(torch.zeros(1)) for _ in bases]
    opt = torch.optim.SGD([{"params": [q], "lr": b} for q, b in zip(p, bases)])
    sched = opt_mod.get_wsd_schedule(opt, num_warmup_steps=w, num_decay_steps=d, num_training_steps=n,
                                     warmup_type=wt, decay_type=dt, min_lr_ratio=ratio, num_cycles=cycles)
    steps = np.arange(n + 50)
    want = np.array([[b * sched.lr_lambdas[0](int(k)) for b in bases] for k in steps])
    s = lk.wsd(warmup=w if w else None, decay=d, warmup_type=wt, decay_type=dt,
               min_lr_ratio=ratio if ratio else None, num_cycles=cycles)
    got = s.bind(total_steps=n)(steps, bases)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-300)


def test_matches_transformers_num_stable_steps_form():
    pytest.importorskip("torch")
    import torch
    from transformers.optimization import get_wsd_schedule

    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    sched = get_wsd_schedule(opt, num_warmup_steps=50, num_stable_steps=700, num_decay_steps=250)
    want = [sched.lr_lambdas[0](k) for k in range(1100)]
    got = lk.wsd(1000, warmup=50, decay=250).bind()(np.arange(1100), 1.0)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-300)


# ---- validation, one rule each ---------------------------------------------------------

@pytest.mark.parametrize("kw,msg", [
    (dict(decay=0), "wsd: decay must be > 0"),
    (dict(decay=-5), "wsd: decay must be > 0"),
    (dict(warmup="0%"), "wsd: warmup must be > 0"),
    (dict(duration=0), "wsd: duration must be > 0"),
    (dict(decay_type="exp"), "wsd: decay_type must be one of 'linear', 'cosine', 'sqrt', got 'exp'"),
    (dict(warmup_type="step"), "wsd: warmup_type must be one of 'linear', 'cosine', 'sqrt', got 'step'"),
    (dict(min_lr_ratio=1.5), "wsd: min_lr_ratio must be <= 1, got 1.5"),
    (dict(min_lr=-1.0), "wsd: min_lr must be >= 0, got -1.0"),
    (dict(min_lr=0.1, min_lr_ratio=0.1), "wsd: min_lr must be left out when min_lr_ratio is given"),
    (dict(num_cycles=0), "wsd: num_cycles must be > 0, got 0.0"),
    (dict(num_cycles=float("nan")), "wsd: num_cycles must be finite, got nan"),
    (dict(min_lr_ratio=float("inf")), "wsd: min_lr_ratio must be finite, got inf"),
])
def test_rejects(kw, msg):
    with pytest.raises(lk.LRKitError) as e:
        lk.wsd(**kw)
    assert str(e.value).startswith(msg)


def test_rejects_warmup_plus_decay_longer_than_run():
    with pytest.raises(lk.LRKitError, match=r"wsd: warmup \(60 steps\) \+ decay \(50 steps\) must fit in the 100"):
        lk.wsd(warmup=60, decay=50).bind(total_steps=100)


def test_needs_run_length():
    with pytest.raises(lk.LRKitError, match=r"wsd\(\) needs the run length"):
        lk.wsd(decay=10).bind()
