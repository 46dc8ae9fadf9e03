"""The shared series rules (lrkit.series_rules) on series built here, with the shapes real runs have."""

import numpy as np
import pytest

import lrkit as lk
from lrkit import series_rules as sr

N = 1000
STEPS = np.arange(1, N + 1)


def curve(spec, total=N, base=0.1):
    return lk.parse(spec).bind(total_steps=total)(STEPS - 1, base_lr=base)


def codes(series, rules=sr.RULES):
    return sorted({h.code for r in rules for h in r.check(series)})


def falling_loss(seed=0):
    rng = np.random.default_rng(seed)
    return 2.0 / np.sqrt(STEPS) * (1 + 0.05 * rng.standard_normal(N)) + 0.1


@pytest.mark.parametrize("spec", ["warmup(5%) >> cosine", "cosine(min_lr=1e-4)", "onecycle(max_lr=0.3)",
                                  "multistep([500, 750], gamma=0.1)", "warmup(2%) >> linear", "wsd(decay=20%)",
                                  "restarts(250)"])
def test_healthy_schedules_fire_nothing(spec):
    assert codes(sr.Series(steps=STEPS, lr=curve(spec), loss=falling_loss())) == []


def test_each_rule_on_its_symptom():
    loss = falling_loss()
    # the LR at its floor from step 50 (T_max = 50, held): LR012
    assert codes(sr.Series(steps=STEPS, lr=curve("cosine", total=50), loss=loss)) == ["LR012"]
    # a torch cosine stepped past T_max = 40 is periodic (80 steps): LR028
    periodic = 0.05 * (1 + np.cos(np.pi * (STEPS - 1) / 40))
    hits = [h for h in sr.RULES for h in h.check(sr.Series(steps=STEPS, lr=periodic, loss=loss))]
    assert "LR028" in {h.code for h in hits}
    [fast] = [h for h in hits if h.code == "LR028"]
    assert fast.evidence["period_steps"] == 80 and fast.step == 41
    # floor at 30% of the run: LR029
    assert codes(sr.Series(steps=STEPS, lr=curve("cosine", total=300), loss=loss)) == ["LR029"]
    # restart at step 600 (fresh scheduler): LR027, replaying the start
    x = STEPS - 1
    restarted = np.where(x < 600, curve("warmup(5%) >> cosine"), lk.parse("warmup(5%) >> cosine").bind(
        total_steps=N)(np.maximum(x - 600, 0), base_lr=0.1))
    [h] = sr.LRRestart().check(sr.Series(steps=STEPS, lr=restarted))
    assert (h.step, h.evidence["replays_from_step"]) == (601, 1)
    # per-epoch staircase of a cosine (epochs of 50 steps): LR030
    stair = lk.parse("cosine").bind(total_steps=N, steps_per_epoch=50, per="epoch")(x, base_lr=0.1)
    [h] = sr.LRStaircase().check(sr.Series(steps=STEPS, lr=stair))
    assert h.evidence["steps_between_changes"] == 50
    # a constant LR: LR026
    assert codes(sr.Series(steps=STEPS, lr=np.full(N, 0.1), loss=loss)) == ["LR026"]


def test_loss_rules():
    lr = curve("warmup(5%) >> cosine")
    loss = falling_loss()
    spiky = loss.copy()
    spiky[700] = 50 * np.median(loss[650:700])
    [h] = sr.LossSpike().check(sr.Series(steps=STEPS, lr=lr, loss=spiky))
    assert (h.code, h.step) == ("LR015", 701)
    nan = loss.copy()
    nan[300:] = np.nan
    assert [h.step for h in sr.NonFiniteLoss().check(sr.Series(steps=STEPS, lr=lr, loss=nan))] == [301]
    # a spike 10 steps after the warmup's end, while the LR rose: LR031
    early = loss.copy()
    early[55] = 40.0
    [h] = sr.SpikeAfterLRRise().check(sr.Series(steps=STEPS, lr=lr, loss=early))
    assert h.step == 56 and h.values["lr_to"] > h.values["lr_from"]
    # no warmup and the loss climbs above its start: LR033; with a warmup it does not fire
    climb = loss.copy()
    climb[5:30] = climb[0] * 1.6
    assert [h.code for h in sr.EarlyDivergence().check(sr.Series(steps=STEPS, lr=curve("cosine"), loss=climb))] \
        == ["LR033"]
    assert sr.EarlyDivergence().check(sr.Series(steps=STEPS, lr=lr, loss=climb)) == []
    # a 5-step warmup is too short to matter
    [h] = sr.EarlyDivergence().check(sr.Series(steps=STEPS, lr=curve("warmup(5) >> cosine"), loss=climb))
    assert h.values["how"] == "by step 6: a warmup too short to matter"


def test_val_flat_needs_a_constant_lr():
    vs = np.arange(50, N + 1, 50)
    val = np.r_[np.linspace(1.0, 0.5, 8), np.full(len(vs) - 8, 0.5)]
    flat = sr.Series(steps=STEPS, lr=np.full(N, 0.1), val=val, val_steps=vs)
    [h] = sr.ValFlat().check(flat)
    assert (h.code, h.step, h.evidence["evaluations_without_improvement"]) == ("LR032", 400, 6)
    assert sr.ValFlat().check(sr.Series(steps=STEPS, lr=curve("cosine"), val=val, val_steps=vs)) == []
    acc = sr.Series(steps=STEPS, lr=np.full(N, 0.1), val=1 - val, val_steps=vs, val_name="val_acc", val_mode="max")
    assert [h.code for h in sr.ValFlat().check(acc)] == ["LR032"]


def test_floor_rule_matches_the_monitor_semantics():
    # low since step 30, checked at 10% of 200 steps = step 20 -> not yet; at step 40 of 400 -> yes
    lr = np.r_[np.full(29, 0.1), np.full(400, 1e-4)]
    steps = np.arange(1, len(lr) + 1)
    assert sr.LRFloorEarly().check(sr.Series(steps=steps[:20], lr=lr[:20], total_steps=200)) == []
    [h] = sr.LRFloorEarly().check(sr.Series(steps=steps[:40], lr=lr[:40], total_steps=400))
    assert h.step == 30 and h.values["pct"] == "0.10%"
