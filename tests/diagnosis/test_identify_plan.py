"""Identifying a schedule from its logged LR, and comparing a logged LR with a planned spec."""

import numpy as np
import pytest

import lrkit as lk
from lrkit.diagnosis.identify import identify
from lrkit.diagnosis.plan import compare_plan

T = 3000


@pytest.mark.parametrize("every", [1, 10, 7])
@pytest.mark.parametrize("spec", ["warmup(100) >> cosine(min_lr=1e-05)", "cosine", "constant",
                                  "multistep([1000, 2000], gamma=0.1)", "warmup(300) >> linear",
                                  "onecycle(max_lr=0.5)", "onecycle(max_lr=0.5, pct_start=0.25)",
                                  "exponential(gamma=0.999)", "warmup(50, start_factor=0.01) >> cosine",
                                  "poly(power=2)"])
def test_catalogue_schedules_are_identified_from_sparse_logs(spec, every):
    steps = np.arange(1, T + 1, every)                       # logged after each step: step k has LR(k - 1)
    lr = lk.parse(spec).bind(total_steps=T)(steps - 1, base_lr=0.1)
    got = identify(steps, lr)
    assert got is not None and got.max_error < 0.01, (spec, got)
    # the spec printed reproduces the logged LR through lrkit itself
    again = lk.parse(got.spec).bind(total_steps=got.total_steps)(steps - got.offset, base_lr=got.base_lr)
    assert np.max(np.abs(again - lr)) <= 0.01 * lr.max()
    if every == 1:
        assert got.total_steps == T and got.offset == 1


def test_identify_describes_and_gives_up():
    steps = np.arange(0, 3000, 10)
    lr = lk.parse("warmup(100) >> cosine(min_lr=1e-5)").bind(total_steps=3000)(steps, base_lr=0.1)
    assert identify(steps, lr).description == \
        "cosine to 1e-05 over 3,000 steps after a 100-step warmup, peak LR 0.1"
    noise = np.random.default_rng(0).uniform(0.01, 0.1, 300)
    assert identify(steps, noise) is None
    assert identify(steps[:3], lr[:3]) is None


STEPS = np.arange(1, 1001)
PLAN = "warmup(5%) >> cosine"


def lr_of(spec=PLAN, total=1000, base=0.1, x=None, **kw):
    return lk.parse(spec).bind(total_steps=total, **kw)(STEPS - 1 if x is None else x, base_lr=base)


def plan_codes(lr, steps=STEPS, **kw):
    return [(h.code, h.step) for h in compare_plan(steps, lr, PLAN, total_steps=1000, **kw)]


def test_plan_departures():
    assert plan_codes(lr_of(), base_lr=0.1) == []
    # off by a constant factor (only with the planned base LR)
    [h] = compare_plan(STEPS, lr_of(base=0.3), PLAN, total_steps=1000, base_lr=0.1)
    assert h.code == "LR034" and h.evidence["factor"] == pytest.approx(3.0)
    assert plan_codes(lr_of(base=0.3)) == []
    # compressed in time: planned for 1000 steps, ran as 250
    [h] = compare_plan(STEPS, lr_of(total=250), PLAN, total_steps=1000, base_lr=0.1)
    assert h.code == "LR035" and h.evidence["speed"] == pytest.approx(4.0) and "faster" in h.values["faster"]
    # stretched: per-epoch stepping of a plan sized in steps (epochs of 10 steps)
    [h] = compare_plan(STEPS, lr_of(x=(STEPS - 1) // 10), PLAN, total_steps=1000, base_lr=0.1)
    assert h.code == "LR035" and h.values["faster"] == "slower"
    # restarted at step 600
    x = STEPS - 1
    restarted = np.where(x < 600, lr_of(), lr_of(x=np.maximum(x - 600, 0)))
    assert plan_codes(restarted, base_lr=0.1) == [("LR036", 601)]
    # cut short at 60%
    assert plan_codes(lr_of()[:600], steps=STEPS[:600], base_lr=0.1) == [("LR037", 600)]
    # another schedule altogether
    assert plan_codes(lr_of("multistep([300, 600])"), base_lr=0.1)[0][0] == "LR038"


def test_diagnose_with_a_plan_reports_it_as_the_schedule(tmp_path):
    p = tmp_path / "run.csv"
    p.write_text("step,lr\n" + "\n".join(f"{s},{v}" for s, v in zip(STEPS, lr_of(total=500))) + "\n")
    d = lk.diagnose(p, spec=PLAN, total_steps=1000, base_lr=0.1)
    assert d.runs[0].schedule == {"spec": PLAN, "source": "planned", "total_steps": 1000, "base_lr": 0.1}
    assert [f.code for f in d.findings] == ["LR035", "LR029"] or "LR035" in [f.code for f in d.findings]
    with pytest.raises(lk.LRKitError, match="total_steps must be a whole number >= 1, got 0"):
        lk.diagnose(p, spec=PLAN, total_steps=0)
