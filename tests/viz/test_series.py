"""Key points and curve evaluation shared by the terminal and matplotlib plots."""

import math

import numpy as np
import pytest

import lrkit as lk
from lrkit.viz import as_schedule, evaluate, key_points


def _cos(base, floor, t, n):
    return floor + (base - floor) * (1 + math.cos(math.pi * t / n)) / 2


def test_key_points_warmup_cosine_golden():
    # 1000 steps, warmup 5% = 50 steps, cosine over the remaining 950, floor 1e-5, base 0.1
    pts = key_points("warmup(5%) >> cosine(min_lr=1e-5)", total_steps=1000, base_lr=0.1)
    assert [(p.label, p.step) for p in pts] == [
        ("start", 0), ("warmup end", 50), ("middle", 500), ("last step", 999), ("end", 1000)]
    expect = [0.0, 0.1, _cos(0.1, 1e-5, 450, 950), _cos(0.1, 1e-5, 949, 950), 1e-5]
    assert [p.lr for p in pts] == pytest.approx(expect, rel=1e-12, abs=1e-15)
    assert pts[2].lr == pytest.approx(0.0541336, rel=1e-6)  # independently: 1e-5+(0.1-1e-5)*(1+cos(pi*450/950))/2


def test_key_points_match_the_curve_at_every_point():
    s = lk.warmup(7) >> lk.constant(13, factor=0.5) >> lk.cosine(min_lr_ratio=0.1)
    curve = s.bind(total_steps=100, steps_per_epoch=10)
    pts = key_points(s, total_steps=100, steps_per_epoch=10, base_lr=0.3)
    assert [(p.label, p.step) for p in pts] == [
        ("start", 0), ("warmup end", 7), ("cosine start", 20), ("middle", 50), ("last step", 99), ("end", 100)]
    for p in pts:
        assert p.lr == curve(p.step, 0.3)


def test_key_points_inside_a_product_and_per_epoch():
    s = (lk.warmup("2ep") >> lk.cosine()) * lk.clip(min_lr=1e-3)
    pts = key_points(s, total_steps=100, steps_per_epoch=10, per="epoch")
    assert [p.step for p in pts] == [0, 20, 50, 99, 100]
    curve = s.bind(total_steps=100, steps_per_epoch=10, per="epoch")
    assert [p.lr for p in pts] == [curve(p.step, 1.0) for p in pts]
    assert pts[3].lr == curve(90, 1.0)  # per epoch: step 99 has epoch 9's LR


def test_key_points_short_run_dedupes_steps():
    pts = key_points(lk.cosine(), total_steps=1)
    assert [(p.label, p.step) for p in pts] == [("start", 0), ("end", 1)]


def test_evaluate_every_step_and_sampled():
    steps, lr = evaluate(lk.cosine(), total_steps=10, base_lr=2.0)
    assert steps.tolist() == list(range(11))
    assert lr.tolist() == lk.cosine().bind(total_steps=10)(np.arange(11), 2.0).tolist()
    steps, lr = evaluate(lk.cosine(), total_steps=10**6, max_points=1001)
    assert steps[0] == 0 and steps[-1] == 10**6 and len(steps) == 1001
    assert lr[-1] == 0.0 and lr[0] == 1.0


@pytest.mark.parametrize("kwargs, msg", [
    (dict(total_steps=0), "total_steps must be a whole number >= 1, got 0"),
    (dict(total_steps=10, base_lr=-1.0), "base_lr must be a finite number > 0, got -1.0"),
    (dict(total_steps=10, base_lr=float("nan")), "base_lr must be a finite number > 0"),
])
def test_evaluate_rejects_bad_runs(kwargs, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        evaluate(lk.cosine(), **kwargs)


def test_as_schedule_accepts_text_dict_and_json():
    s = lk.warmup("5%") >> lk.cosine(min_lr=1e-5)
    assert as_schedule(str(s)) == s
    assert as_schedule(s.to_dict()) == s
    assert as_schedule('{"type": "cosine", "min_lr": 1e-05}') == lk.cosine(min_lr=1e-5)
    with pytest.raises(lk.SpecError, match="schedule JSON is malformed"):
        as_schedule('{"type": ')
    with pytest.raises(lk.SpecError, match="did you mean 'cosine'"):
        as_schedule("warmup(5%) >> cosin")
    with pytest.raises(lk.LRKitError, match="schedule must be an lrkit Schedule, a spec string"):
        as_schedule(3)


def test_warmup_inside_a_family_is_a_key_point():
    pts = key_points("wsd(warmup=10%, decay=20%)", total_steps=100)
    assert [(p.label, p.step, p.lr) for p in pts][:2] == [("start", 0, 0.0), ("warmup end", 10, 1.0)]
    pts = key_points("inverse_sqrt(25)", total_steps=100)
    assert [(p.label, p.step, p.lr) for p in pts][:3] == [("start", 0, 0.0), ("warmup end", 25, 1.0),
                                                         ("middle", 50, pytest.approx(math.sqrt(0.5), rel=1e-12))]


@pytest.mark.parametrize("spec, marks", [
    ("multistep([30ep, 60ep, 80ep])", [("milestone 1", 300), ("milestone 2", 600), ("milestone 3", 800)]),
    ("piecewise([20%, 50%], [1, 0.5, 0.1])", [("boundary 1", 200), ("boundary 2", 500)]),
    ("warmup(5%) >> wsd(decay=10%)", [("warmup end", 50), ("decay start", 900)]),
    ("onecycle", [("peak", 299)]),  # torch's first phase ends at pct_start * n - 1
    ("constant(20) >> onecycle(500)", [("onecycle start", 20), ("peak", 169), ("onecycle end", 520)]),
    ("restarts(100, period_mult=2)", [("restart 1", 100), ("restart 2", 300), ("restart 3", 700)]),
    ("restarts(100, limit=3)", [("restart 1", 100), ("restart 2", 200)]),
    ("warmup(10) >> restarts(100)", [("warmup end", 10)]),  # 9 restarts: too many rows, none shown
])
def test_notable_steps_inside_families(spec, marks):
    pts = key_points(spec, total_steps=1000, steps_per_epoch=10)
    inner = [(p.label, p.step) for p in pts if p.label not in ("start", "middle", "last step", "end")]
    assert inner == marks
    curve = lk.parse(spec).bind(total_steps=1000, steps_per_epoch=10)
    # numpy's vectorized power may round 0.1 ** 2 differently from the scalar one (1 ulp)
    assert [p.lr for p in pts] == pytest.approx([curve(p.step, 1.0) for p in pts], rel=1e-15, abs=0)


def test_onecycle_peak_is_the_maximum():
    pts = key_points("onecycle(pct_start=0.25)", total_steps=1000)
    peak = next(p for p in pts if p.label == "peak")
    _, lr = evaluate("onecycle(pct_start=0.25)", total_steps=1000)
    assert peak.lr == lr.max() == 1.0
