"""Built-in tasks: fixed splits, seeded models and loaders, isolation of mnist1d, training."""

import json
import random

import numpy as np
import pytest
import torch

from lrkit import LRKitError
from lrkit.experiments import tasks as tasks_pkg
from lrkit.experiments.tasks import TASKS, get_task
from lrkit.experiments.tasks import mnist1d as m1d

torch.set_num_threads(1)


def test_registry_and_unknown_name():
    assert sorted(TASKS) == ["charlm", "charlm-postln", "digits-cnn", "digits-mlp", "mnist1d-cnn", "mnist1d-mlp"]
    with pytest.raises(LRKitError, match=r"unknown task 'nope'; known tasks: charlm, .*mnist1d-mlp"):
        get_task("nope")
    for t in TASKS.values():
        assert t.optimizer in ("sgd", "adamw") and t.lr > 0 and t.seconds_per_run > 0
        assert (t.metric, t.mode) in (("val_acc", "max"), ("val_loss", "min"))


def test_replace_takes_the_optimizers_good_lr_and_rejects_unknown_fields():
    t = get_task("mnist1d-mlp")
    a = t.replace(optimizer="adamw")
    assert (a.optimizer, a.lr, t.optimizer) == ("adamw", 3e-3, "sgd")
    assert t.replace(optimizer="adamw", lr=0.5).lr == 0.5
    with pytest.raises(LRKitError, match="replace\\(\\) accepts"):
        t.replace(momentum=0.5)
    with pytest.raises(LRKitError, match="optimizer must be one of"):
        t.replace(optimizer="lion")
    with pytest.raises(LRKitError, match="epochs must be a whole number >= 1, got 0"):
        t.replace(epochs=0)


def test_digits_splits_are_fixed_stratified_and_disjoint():
    d = get_task("digits-mlp").data()
    assert [len(d[f"y_{s}"]) for s in ("train", "val", "test")] == [1257, 270, 270]
    assert d["x_train"].dtype == np.float32 and d["x_train"].max() <= 1.0
    for s in ("val", "test"):  # stratified: every class has 27 examples (+-1)
        counts = np.bincount(d[f"y_{s}"], minlength=10)
        assert counts.min() >= 26 and counts.max() <= 28
    # golden first rows: the split never changes between versions
    assert d["y_train"][:8].tolist() == get_task("digits-cnn").data()["y_train"][:8].tolist()
    assert get_task("digits-mlp").steps_per_epoch() == 20 == len(get_task("digits-mlp").train_loader(0))


def test_build_model_is_seeded_and_leaves_the_global_rng_alone():
    t = get_task("digits-cnn")
    torch.manual_seed(123)
    before = torch.get_rng_state()
    a, b, c = t.build_model(0), t.build_model(0), t.build_model(1)
    assert torch.equal(torch.get_rng_state(), before)
    sa, sb, sc = a.state_dict(), b.state_dict(), c.state_dict()
    assert all(torch.equal(sa[k], sb[k]) for k in sa)
    assert not all(torch.equal(sa[k], sc[k]) for k in sa)


def test_train_loader_replays_per_seed_and_covers_every_example_each_epoch():
    t = get_task("digits-mlp")
    l1, l2 = t.train_loader(5), t.train_loader(5)
    e1 = [y for _, y in l1]
    assert all(torch.equal(a, b) for a, b in zip(e1, [y for _, y in l2]))
    assert sum(len(y) for y in e1) == 1257 and len(e1) == 20
    e2 = torch.cat([y for _, y in l1])
    assert not torch.equal(torch.cat(e1), e2)  # a new permutation each epoch
    assert sorted(torch.cat(e1).tolist()) == sorted(e2.tolist())
    assert len(t.train_loader(0, batch_size=100)) == t.steps_per_epoch(100) == 13


def test_evaluate_restores_the_training_mode():
    t = get_task("digits-cnn")
    m = t.build_model(0)
    m.train()
    r = t.evaluate(m, "val")
    assert set(r) == {"val_loss", "val_acc"} and m.training
    assert abs(r["val_loss"] - np.log(10)) < 0.2  # untrained: about chance
    with pytest.raises(LRKitError, match="split must be one of"):
        t.evaluate(m, "dev")


def test_charlm_windows_and_fixed_eval_batches():
    t = get_task("charlm")
    x, y = next(iter(t.train_loader(0)))
    assert x.shape == y.shape == (32, 64) and torch.equal(x[:, 1:], y[:, :-1])
    m = t.build_model(0)
    loss = t.loss_fn(m(x), y)
    assert loss.ndim == 0 and abs(loss.item() - np.log(256)) < 0.6
    assert t.evaluate(m) == t.evaluate(m)
    assert t.steps_per_epoch() == 50 and t.epochs * 50 == 300
    d = t.data()
    assert len(d["x_train"]) > 8 * len(d["x_val"]) > 0


def test_train_runs_the_schedule_and_is_deterministic():
    t = get_task("digits-mlp").replace(epochs=3)
    seen = []
    r = t.train("warmup(1ep) >> cosine", seed=0, lr=0.2, on_epoch=lambda e, m: seen.append((e, m["lr"])))
    assert [e for e, _ in seen] == [1, 2, 3] and len(r["history"]) == 3
    # the LR of the last step of each epoch (0-based step 19, 39, 59 of 60)
    import lrkit as lk
    curve = lk.parse("warmup(1ep) >> cosine").bind(total_steps=60, steps_per_epoch=20)
    assert [lr for _, lr in seen] == pytest.approx([curve(s, 0.2) for s in (19, 39, 59)], rel=1e-12)
    assert {"test_loss", "test_acc", "val_acc", "train_loss"} <= set(r["final"])
    assert r["best"]["val_acc"] == max(h["val_acc"] for h in r["history"])
    r2 = t.train("warmup(1ep) >> cosine", seed=0, lr=0.2)
    assert [h["val_loss"] for h in r2["history"]] == [h["val_loss"] for h in r["history"]]
    assert r["final"]["val_acc"] > 0.85 and not r["diverged"]


def test_train_stops_on_divergence():
    r = get_task("digits-mlp").replace(epochs=5).train(None, seed=0, lr=1e4)
    assert r["diverged"] and len(r["history"]) < 5


def test_train_rejects_bad_arguments():
    t = get_task("digits-mlp")
    with pytest.raises(LRKitError, match="lr must be a number > 0"):
        t.make_optimizer(t.build_model(0), -1.0)
    with pytest.raises(LRKitError, match="schedule must be a Schedule"):
        t.train(schedule=3)


@pytest.mark.slow
def test_mnist1d_generation_is_cached_and_restores_global_rngs(tmp_path, monkeypatch):
    monkeypatch.setenv("LRKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(m1d, "_CACHE", {})
    np.random.seed(7)
    random.seed(7)
    np_before, py_before = np.random.get_state(), random.getstate()
    d = m1d.mnist1d_data()
    np_after = np.random.get_state()
    assert np_before[0] == np_after[0] and np.array_equal(np_before[1], np_after[1])
    assert random.getstate() == py_before
    assert (tmp_path / "mnist1d-v1.npz").exists()
    assert [len(d[f"y_{s}"]) for s in ("train", "val", "test")] == [3200, 800, 1000]
    assert d["x_train"].shape == (3200, 40) and d["x_train"].dtype == np.float32
    monkeypatch.setattr(m1d, "_CACHE", {})
    d2 = m1d.mnist1d_data()  # from the file this time
    assert all(np.array_equal(d[k], d2[k]) for k in d)


def test_cli_tasks_lists_every_task(capsys):
    from lrkit.cli import main

    assert main(["tasks", "--json"]) == 0
    infos = json.loads(capsys.readouterr().out)
    assert [i["name"] for i in infos] == list(TASKS)
    assert infos[0]["total_steps"] == 600 and infos[0]["splits"] == {"train": 1257, "val": 270, "test": 270}
    assert main(["tasks"]) == 0
    assert "mnist1d-cnn" in capsys.readouterr().out


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("LRKIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert tasks_pkg.cache_dir() == tmp_path / "lrkit"
    monkeypatch.setenv("LRKIT_CACHE_DIR", str(tmp_path / "x"))
    assert tasks_pkg.cache_dir() == tmp_path / "x"


def test_train_feeds_plateau_the_validation_metric():
    t = get_task("digits-mlp").replace(epochs=4)
    r = t.train("plateau(mode='max', factor=0.5, patience=0, threshold=10)", seed=0, lr=0.1)
    # threshold=10 (relative): after the first evaluation (which sets the best) none improves: halve each time
    assert [h["lr"] for h in r["history"]] == pytest.approx([0.1, 0.1, 0.05, 0.025])
