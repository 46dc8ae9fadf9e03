"""inverse_sqrt: both forms' golden values, transformers parity, the paper's formula, validation."""

import math

import numpy as np
import pytest

import lrkit as lk


# ---- timescale form ------------------------------------------------------------------------

def test_golden_timescale_form_defaults_to_warmup():
    c = lk.inverse_sqrt(400).bind()
    rows = {0: 0.0, 100: 0.25, 399: 399 / 400, 400: 1.0, 1600: 0.5, 3600: 1 / 3, 10_000: 0.2}
    for t, m in rows.items():
        assert c(t, 0.5) == pytest.approx(0.5 * m, rel=1e-12), t


def test_golden_explicit_timescale_and_no_warmup():
    c = lk.inverse_sqrt(100, timescale=1000).bind()
    # t >= 100: 1 / sqrt((t + 900) / 1000)
    assert c(100, 1.0) == pytest.approx(1.0)
    assert c(3100, 1.0) == pytest.approx(0.5)
    assert c(1100, 1.0) == pytest.approx(0.707107, rel=1e-6)
    nw = lk.inverse_sqrt().bind()  # no warmup: timescale 10000, as transformers
    assert nw(0, 1.0) == 1.0
    assert nw(30_000, 1.0) == pytest.approx(0.5)


@pytest.mark.parametrize("w,ts", [(1, None), (250, None), (1000, 300), (50, 5000), (0, None), (0, 777)])
def test_matches_transformers_get_inverse_sqrt_schedule(w, ts):
    torch = pytest.importorskip("torch")
    from transformers.optimization import get_inverse_sqrt_schedule

    bases = [0.1, 0.02, 1.5]
    opt = torch.optim.SGD([{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": b} for b in bases])
    sched = get_inverse_sqrt_schedule(opt, num_warmup_steps=w, timescale=ts)
    steps = np.arange(3000)
    want = np.array([[b * sched.lr_lambdas[0](int(k)) for b in bases] for k in steps])
    got = lk.inverse_sqrt(w or None, timescale=ts).bind()(steps, bases)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=0)


# ---- Transformer paper form ----------------------------------------------------------------

def paper_rate(step_num, d_model, warmup):
    return d_model ** -0.5 * min(step_num ** -0.5, step_num * warmup ** -1.5)


def test_golden_paper_form_peak_and_decay():
    c = lk.inverse_sqrt(4000, d_model=512).bind()
    # the paper's step_num is t + 1: peak at t = 3999, d_model^-0.5 * 4000^-0.5
    assert c(3999, 123.0) == pytest.approx(0.000698771243, rel=1e-9)  # base LR ignored
    assert c(0) == pytest.approx(512 ** -0.5 * 4000 ** -1.5, rel=1e-12)
    assert c(99_999) == pytest.approx(512 ** -0.5 * 100_000 ** -0.5, rel=1e-12)
    steps = np.arange(0, 50_000, 7)
    np.testing.assert_allclose(c(steps), [paper_rate(k + 1, 512, 4000) for k in steps], rtol=1e-12)


def test_paper_form_step_offset_zero_is_the_lambdalr_form():
    torch = pytest.importorskip("torch")

    def rate(step):  # the usual torch LambdaLR body, guarded at step 0
        return 0.0 if step == 0 else paper_rate(step, 256, 1000)

    bases = [1.0, 1.0, 1.0]
    opt = torch.optim.Adam([{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": b} for b in bases])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, rate)
    want = [[g["lr"] for g in opt.param_groups]]
    for _ in range(1499):
        opt.step()
        sched.step()
        want.append([g["lr"] for g in opt.param_groups])
    got = lk.inverse_sqrt(1000, d_model=256, step_offset=0).bind()(np.arange(1500), bases)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=0)


def test_paper_form_scaled_by_product_and_round_trip():
    s = lk.inverse_sqrt(4000, d_model=512) * 2
    assert s.bind()(3999) == pytest.approx(2 * 0.000698771243, rel=1e-9)
    for x in (lk.inverse_sqrt(4000, d_model=512), lk.inverse_sqrt("5%", timescale="2ep"),
              lk.inverse_sqrt(10, d_model=64, step_offset=0), lk.inverse_sqrt()):
        assert lk.parse(str(x)) == x
        assert lk.from_dict(x.to_dict()) == x
    assert str(lk.inverse_sqrt(4000, d_model=512)) == "inverse_sqrt(4000, d_model=512)"


def test_durations_in_units():
    c = lk.inverse_sqrt("1ep", timescale="4ep").bind(steps_per_epoch=50)
    assert c(25, 1.0) == pytest.approx(0.5)
    assert c(50 + 150, 1.0) == pytest.approx(1 / math.sqrt((200 + 150) / 200))  # shift = 200 - 50


# ---- validation ----------------------------------------------------------------------------

@pytest.mark.parametrize("kw,msg", [
    (dict(warmup=0), "inverse_sqrt: warmup must be > 0"),
    (dict(warmup=-10), "inverse_sqrt: warmup must be > 0"),
    (dict(timescale=0), "inverse_sqrt: timescale must be > 0"),
    (dict(warmup=10, d_model=0), "inverse_sqrt: d_model must be > 0, got 0.0"),
    (dict(warmup=10, d_model=float("inf")), "inverse_sqrt: d_model must be finite, got inf"),
    (dict(d_model=512), "inverse_sqrt: warmup must be given with d_model"),
    (dict(warmup=10, d_model=512, timescale=10), "inverse_sqrt: timescale must be left out when d_model"),
    (dict(warmup=10, step_offset=1), "inverse_sqrt: step_offset must be left out unless d_model"),
    (dict(warmup=10, d_model=512, step_offset=-1), "inverse_sqrt: step_offset must be a whole number >= 0"),
])
def test_rejects(kw, msg):
    with pytest.raises(lk.LRKitError) as e:
        lk.inverse_sqrt(**kw)
    assert str(e.value).startswith(msg)


def test_fraction_warmup_needs_run_length():
    with pytest.raises(lk.LRKitError, match=r"inverse_sqrt: warmup=5% needs the run length"):
        lk.inverse_sqrt("5%").bind()
