"""lrkit.torch.Monitor on real small torch training loops, one per mistake, and correct loops."""

from __future__ import annotations

import csv
import pickle
import warnings

import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

import lrkit as lk
import lrkit.torch
from lrkit.diagnostics import RULES
from lrkit.torch import Monitor

torch.set_num_threads(1)
EPOCHS, BATCH, N = 5, 8, 64          # 8 optimizer steps per epoch, 40 in all
SPE, TOTAL = N // BATCH, EPOCHS * (N // BATCH)


def setup(lr=0.1, seed=0, scale=1.0):
    torch.manual_seed(seed)
    x = torch.randn(N, 4) * scale
    y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]]) + 0.1 * torch.randn(N, 1)
    loader = DataLoader(TensorDataset(x, y), batch_size=BATCH, shuffle=True)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    return model, opt, loader


def train(model, opt, loader, sched=None, per="epoch", mon=None, epochs=EPOCHS, metric=False, order="opt-first"):
    for epoch in range(epochs):
        for x, y in loader:
            loss = torch.nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            if per == "batch" and order == "sched-first":
                sched.step()
            opt.step()
            if per == "batch" and order == "opt-first":
                sched.step()
            if mon is not None:
                mon.observe_loss(loss)
        if per == "epoch" and sched is not None:
            sched.step(loss.item()) if metric else sched.step()
        if mon is not None and mon.steps_per_epoch is None:
            mon.epoch_end()


def codes(mon):
    return sorted(f.code for f in mon.findings)


def run(sched_fn, per, total_steps=TOTAL, steps_per_epoch=SPE, **kw):
    model, opt, loader = setup(kw.pop("lr", 0.1))
    sched = sched_fn(opt) if sched_fn else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Monitor(opt, sched, total_steps=total_steps, steps_per_epoch=steps_per_epoch, **kw) as mon:
            train(model, opt, loader, sched, per, mon, **{k: v for k, v in kw.items() if False})
            text = mon.summary()
    lk_warnings = [w for w in caught if issubclass(w.category, lk.LRKitWarning)]
    return mon, text, lk_warnings


def cosine(T):
    return lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=T)


@pytest.mark.parametrize("steps_per_epoch", [SPE, None], ids=["inferred-epochs", "epoch_end"])
def test_correct_loops_have_no_findings(steps_per_epoch):
    for fn, per in [(cosine(EPOCHS), "epoch"), (cosine(TOTAL), "batch"),
                    (lambda o: torch.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=TOTAL), "batch"),
                    (lambda o: lrkit.torch.LRScheduler(o, "warmup(10%) >> cosine", total_steps=TOTAL), "batch"),
                    (None, None)]:
        mon, text, warned = run(fn, per, steps_per_epoch=steps_per_epoch)
        assert mon.findings == [] and warned == [], (fn, per, mon.findings)
        assert "no findings" in text and f"{TOTAL} optimizer steps" in text
        assert mon.epochs == EPOCHS and len(mon.history) == TOTAL


def test_lr001_epoch_schedule_stepped_per_batch():
    mon, text, warned = run(cosine(EPOCHS), "batch")
    assert "LR001" in codes(mon)
    f = next(f for f in mon.findings if f.code == "LR001")
    assert f.message == ("CosineAnnealingLR is sized in epochs (T_max=5) but stepped every batch: its whole "
                         "schedule is spent after 5 batches")
    assert f.why == RULES["LR001"].why           # same text as the static doctor
    assert sum("LR001" in str(w.message) for w in warned) == 1    # once, not every epoch
    assert "LR001" in text


def test_lr001_without_total_steps_when_the_schedule_ends_inside_epoch_one():
    mon, _, _ = run(cosine(EPOCHS), "batch", total_steps=None, steps_per_epoch=None)
    assert "LR001" in codes(mon)


def test_lr002_step_schedule_stepped_per_epoch():
    mon, _, warned = run(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=TOTAL), "epoch")
    assert codes(mon) == ["LR002"]
    assert "OneCycleLR is sized in optimizer steps (total_steps=40)" in mon.findings[0].message
    assert len(warned) == 1


def test_lr003_plateau_never_fed_a_metric():
    # lrkit refuses step() without the metric; a loop that only advances the warmup never feeds it
    model, opt, loader = setup()
    sched = lrkit.torch.LRScheduler(opt, "warmup(1ep) >> plateau(patience=1)", total_steps=TOTAL,
                                    steps_per_epoch=SPE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with Monitor(opt, sched, total_steps=TOTAL, steps_per_epoch=SPE) as mon:
            for epoch in range(EPOCHS):
                for x, y in loader:
                    opt.zero_grad()
                    torch.nn.functional.mse_loss(model(x), y).backward()
                    opt.step()
                    sched.advance()
    assert codes(mon) == ["LR003"]
    assert mon.findings[0].message.startswith("lrkit plateau `LRScheduler` is never given a metric")
    assert [str(w.message)[:5] for w in caught if issubclass(w.category, lk.LRKitWarning)] == ["LR003"]
    # torch's ReduceLROnPlateau that is never stepped
    mon, _, _ = run(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o), None)
    assert codes(mon) == ["LR003"]


def test_lr003_not_when_fed():
    model, opt, loader = setup()
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1)
    with Monitor(opt, sched, steps_per_epoch=SPE) as mon:
        train(model, opt, loader, sched, "epoch", mon, metric=True)
        mon.summary()
    assert mon.findings == [] and mon.metric_steps == EPOCHS


def test_lr010_scheduler_before_optimizer():
    model, opt, loader = setup()
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=TOTAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # torch warns about it too
        with Monitor(opt, sched, total_steps=TOTAL, steps_per_epoch=SPE) as mon:
            train(model, opt, loader, sched, "batch", mon, order="sched-first")
    assert codes(mon) == ["LR010"]


def test_lr012_floor_before_ten_percent():
    fast = lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda s: 1e-3 if s >= 2 else 1.0)  # noqa: E731
    mon, _, _ = run(fast, "batch")
    assert codes(mon) == ["LR012"]
    f = mon.findings[0]
    assert f.message == ("the LR fell to 0.0001 (0.10% of its peak 0.1) at step 3, before 10% of the planned "
                         "40 steps, and stayed there")


def test_lr013_stepped_past_the_end():
    # the loop runs an epoch past total_steps, and the cosine's T_max is a step short
    mon, _, _ = run(cosine(TOTAL - 1), "batch", total_steps=TOTAL - SPE)
    assert codes(mon) == ["LR013"]                # once per code, the first cause found
    assert mon.findings[0].message == "the optimizer was stepped 33 times, past its planned length of total_steps=32"
    mon, _, _ = run(cosine(TOTAL - 1), "batch", total_steps=None)
    assert codes(mon) == ["LR013"]
    assert mon.findings[0].message == ("CosineAnnealingLR (scheduler.step()) was stepped 40 times, past its "
                                       "planned length of T_max=39")


def test_lr014_non_finite_loss_reports_the_lr():
    model, opt, loader = setup(lr=2.0, scale=10.0)       # far too high for this data: diverges
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Monitor(opt, steps_per_epoch=SPE) as mon:
            train(model, opt, loader, None, None, mon, epochs=3)
    assert "LR014" in codes(mon)
    f = next(f for f in mon.findings if f.code == "LR014")
    assert "with LR [2]" in f.message and ("nan" in f.message or "inf" in f.message)


def test_lr015_loss_spike_when_the_lr_jumps():
    jump = lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda s: 1.0 if s < 30 else 40.0)  # noqa: E731
    model, opt, loader = setup(lr=0.05)
    sched = jump(opt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Monitor(opt, sched, total_steps=TOTAL, steps_per_epoch=SPE) as mon:
            train(model, opt, loader, sched, "batch", mon)
    assert "LR015" in codes(mon)
    f = next(f for f in mon.findings if f.code == "LR015")
    assert f.message.startswith("the loss spiked to ") and "at optimizer step 34 with LR [2]" in f.message


def test_logs_every_group_to_csv_callback_and_tensorboard(tmp_path):
    model, opt, loader = setup()
    opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 0.01})
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    seen = []
    with Monitor(opt, sched, log=tmp_path / "lr.csv") as m1, Monitor(opt, log=lambda s, lrs: seen.append((s, lrs))), \
            Monitor(opt, log=str(tmp_path / "tb")):
        train(model, opt, loader, sched, "epoch", None, epochs=3)
    rows = list(csv.reader(open(tmp_path / "lr.csv")))
    assert rows[0] == ["step", "epoch", "lr_group_0", "lr_group_1"]
    assert len(rows) == 1 + 3 * SPE
    assert [float(v) for v in rows[-1][2:]] == [0.05, 0.005]     # epoch 3 after one StepLR decay
    assert seen[0] == (1, [0.1, 0.01]) and len(seen) == 3 * SPE
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    acc = EventAccumulator(str(tmp_path / "tb"))
    acc.Reload()
    assert {"lr/group_0", "lr/group_1"} <= set(acc.Tags()["scalars"])
    assert [round(e.value, 6) for e in acc.Scalars("lr/group_1")][-1] == 0.005
    assert m1.scheduler_steps == 3


def test_state_dict_stays_clean_and_close_detaches():
    model, opt, loader = setup()
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=TOTAL)
    mon = Monitor(opt, sched)
    sd = sched.state_dict()
    assert "step" not in sd and "state_dict" not in sd
    pickle.dumps(sd)
    mon.close()
    assert "step" not in sched.__dict__
    train(model, opt, loader, sched, "batch", None, epochs=1)
    assert mon.optimizer_steps == 0 and mon.scheduler_steps == 0


def test_bad_arguments():
    _, opt, _ = setup()
    with pytest.raises(lk.LRKitError, match="steps_per_epoch must be a whole number >= 1, got 0"):
        Monitor(opt, steps_per_epoch=0)
    with pytest.raises(lk.LRKitError, match="optimizer must be a torch.optim.Optimizer"):
        Monitor("sgd")
    with pytest.raises(lk.LRKitError, match="log must be"):
        Monitor(opt, log=3)
    for bad in ("5", 1.0, None):
        with pytest.raises(lk.LRKitError, match=f"loss_spike must be a number > 1, got {bad!r}"):
            Monitor(opt, loss_spike=bad)
    # a window under 20 used to disable the spike check silently (it waits for 20 losses)
    for bad in (10, 2.5, "50"):
        with pytest.raises(lk.LRKitError, match=f"spike_window must be a whole number >= 20.*got {bad!r}"):
            Monitor(opt, spike_window=bad)
    with Monitor(opt, warn=False) as mon:
        for bad in ("high", torch.ones(2), None):
            with pytest.raises(lk.LRKitError, match="observe_loss: loss must be one number"):
                mon.observe_loss(bad)


def test_spike_window_sets_the_median_window():
    _, opt, _ = setup()
    with Monitor(opt, spike_window=20, warn=False) as mon:
        for _ in range(20):
            mon.observe_loss(1.0)
        for _ in range(20):  # the window now holds only 3.0s: 10.0 is 3.3x the median, not a spike
            mon.observe_loss(3.0)
        mon.observe_loss(10.0)
        assert "LR015" not in codes(mon)
        mon.observe_loss(16.0)  # > 5 x 3.0
        assert "LR015" in codes(mon)
