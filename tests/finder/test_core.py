"""find_lr: exact restore on every exit path, sweep mechanics, errors, result I/O, a real run."""

import json
import random
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

import lrkit
from lrkit import LRKitError
from lrkit.finder import FinderResult, find_lr

torch.set_num_threads(1)


# ---- fixtures ----------------------------------------------------------------------------

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.bn = nn.BatchNorm1d(16)
        self.fc2 = nn.Linear(16, 3)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        return self.fc2(self.drop(torch.relu(self.bn(self.fc1(x)))))


def _data(n=256, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
    return [(x[i:i + 32], y[i:i + 32]) for i in range(0, n, 32)]


def _setup(opt_cls=torch.optim.Adam, groups=False, **kw):
    torch.manual_seed(0)
    model = Net()
    if groups:
        opt = opt_cls([{"params": model.fc1.parameters(), "lr": 1e-3},
                       {"params": list(model.bn.parameters()) + list(model.fc2.parameters()), "lr": 1e-4}], **kw)
    else:
        opt = opt_cls(model.parameters(), lr=1e-3, **kw)
    # one real step first: optimizer state, grads and BN running stats are all non-trivial
    x, y = _data()[0]
    nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
    model.eval()  # a mode the finder must put back
    return model, opt


def _everything(model, opt):
    """Every tensor and value the finder could touch, deep-copied."""
    out = {"params": [(n, p.detach().clone()) for n, p in model.named_parameters()],
           "buffers": [(n, b.detach().clone()) for n, b in model.named_buffers()],
           "grads": [(n, None if p.grad is None else p.grad.clone()) for n, p in model.named_parameters()],
           "modes": [m.training for m in model.modules()],
           "opt_state": [(i, {k: (v.clone() if torch.is_tensor(v) else v) for k, v in st.items()})
                         for i, st in enumerate(opt.state[p] for g in opt.param_groups for p in g["params"])],
           "groups": [{k: (v.clone() if torch.is_tensor(v) else v) for k, v in g.items() if k != "params"}
                      for g in opt.param_groups],
           "torch_rng": torch.get_rng_state(), "np_rng": np.random.get_state(), "py_rng": random.getstate()}
    return out


def _assert_same(a, b):
    def same(x, y):
        if torch.is_tensor(x):
            return torch.is_tensor(y) and x.dtype == y.dtype and x.shape == y.shape and torch.equal(x, y)
        return x == y

    for (n1, t1), (n2, t2) in zip(a["params"] + a["buffers"], b["params"] + b["buffers"]):
        assert n1 == n2 and same(t1, t2), n1
    for (n1, g1), (_, g2) in zip(a["grads"], b["grads"]):
        assert (g1 is None and g2 is None) or same(g1, g2), f"grad of {n1}"
    assert a["modes"] == b["modes"]
    assert len(a["opt_state"]) == len(b["opt_state"])
    for (_, s1), (_, s2) in zip(a["opt_state"], b["opt_state"]):
        assert s1.keys() == s2.keys() and all(same(s1[k], s2[k]) for k in s1)
    for g1, g2 in zip(a["groups"], b["groups"]):
        assert g1.keys() == g2.keys() and all(same(g1[k], g2[k]) for k in g1)
    assert torch.equal(a["torch_rng"], b["torch_rng"])
    assert a["np_rng"][0] == b["np_rng"][0] and np.array_equal(a["np_rng"][1], b["np_rng"][1])
    assert a["py_rng"] == b["py_rng"]


class _Fault:
    """A loss_fn that misbehaves at call ``at``: returns NaN/inf, raises, or interrupts."""

    def __init__(self, kind, at=15):
        self.kind, self.at, self.calls = kind, at, 0

    def __call__(self, out, y):
        self.calls += 1
        loss = nn.functional.cross_entropy(out, y)
        if self.calls >= self.at:
            if self.kind == "nan":
                return loss * float("nan")
            if self.kind == "inf":
                return loss * float("inf")
            if self.kind == "raise":
                raise RuntimeError("boom in the step")
            if self.kind == "interrupt":
                raise KeyboardInterrupt
            if self.kind == "vector":
                return nn.functional.cross_entropy(out, y, reduction="none")
        return loss


# ---- exact restore on every exit path ------------------------------------------------------

@pytest.mark.parametrize("opt_cls, kw", [(torch.optim.Adam, {}), (torch.optim.SGD, {"momentum": 0.9})])
def test_restore_after_a_diverging_sweep(opt_cls, kw):
    model, opt = _setup(opt_cls, **kw)
    np.random.seed(5)
    random.seed(5)
    before = _everything(model, opt)
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), start_lr=1e-5, end_lr=1e3, progress=False)
    assert res.stop_reason in ("diverged", "non-finite loss") and len(res.lrs) < 100
    _assert_same(before, _everything(model, opt))


@pytest.mark.parametrize("kind, reason", [("nan", "non-finite loss"), ("inf", "non-finite loss")])
def test_restore_after_a_non_finite_loss(kind, reason):
    model, opt = _setup()
    before = _everything(model, opt)
    res = find_lr(model, opt, _data(), _Fault(kind), progress=False)
    assert res.stop_reason == reason and len(res.lrs) == 15 and not np.isfinite(res.losses[-1])
    _assert_same(before, _everything(model, opt))
    assert res.reasons == [] or not res.reasons[0].startswith("diverged at the first")  # 15 > num_iter // 10


@pytest.mark.parametrize("kind, exc", [("raise", RuntimeError), ("interrupt", KeyboardInterrupt),
                                       ("vector", LRKitError)])
def test_restore_after_an_exception_or_interrupt(kind, exc):
    model, opt = _setup(groups=True)
    before = _everything(model, opt)
    with pytest.raises(exc):
        find_lr(model, opt, _data(), _Fault(kind), progress=False)
    _assert_same(before, _everything(model, opt))


def test_restore_keeps_the_same_objects_and_tensor_lrs_in_place():
    torch.manual_seed(0)
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=torch.tensor(1e-3))
    lr_obj, params = opt.param_groups[0]["lr"], list(model.parameters())
    find_lr(model, opt, _data(), nn.CrossEntropyLoss(), progress=False)
    assert opt.param_groups[0]["lr"] is lr_obj and lr_obj.item() == pytest.approx(1e-3)
    assert all(a is b for a, b in zip(params, model.parameters()))
    assert all(p.grad is None for p in model.parameters())  # there were none before


def test_amp_bfloat16_on_cpu_runs_and_restores():
    model, opt = _setup()
    before = _everything(model, opt)
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), amp=True, num_iter=20, progress=False)
    assert len(res.lrs) >= 10 and res.settings["amp"]
    _assert_same(before, _everything(model, opt))


# ---- sweep mechanics ----------------------------------------------------------------------

def _record_lrs(opt):
    seen = []
    opt.register_step_pre_hook(lambda o, a, k: seen.append([float(g["lr"]) for g in o.param_groups]))
    return seen


def test_exponential_sweep_records_the_lr_each_step_used_and_keeps_group_ratios():
    model, opt = _setup(groups=True)
    seen = _record_lrs(opt)
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), start_lr=1e-6, end_lr=1e-1, num_iter=20,
                  diverge_th=1e9, progress=False, confirm=False)
    want = 1e-6 * (1e-1 / 1e-6) ** (np.arange(20) / 19)
    assert res.stop_reason == "completed"
    np.testing.assert_allclose(res.lrs, want, rtol=1e-12)
    assert res.lrs[-1] == 1e-1
    np.testing.assert_allclose([s[0] for s in seen], want, rtol=1e-12)
    np.testing.assert_allclose([s[1] for s in seen], want * 0.1, rtol=1e-12)
    assert res.group_ratios == pytest.approx([1.0, 0.1])
    assert [g["lr"] for g in opt.param_groups] == [1e-3, 1e-4]


def test_linear_mode_and_accumulation_consume_the_right_batches():
    model, opt = _setup()
    calls = []

    def step_fn(batch):
        calls.append(1)
        x, y = batch
        return nn.functional.cross_entropy(model(x), y)

    res = find_lr(model, opt, _data(), step_fn=step_fn, mode="linear", start_lr=1e-4, end_lr=1e-2, num_iter=12,
                  accumulation_steps=3, diverge_th=1e9, progress=False, confirm=False)
    np.testing.assert_allclose(np.diff(res.lrs), (1e-2 - 1e-4) / 11, rtol=1e-9)
    assert len(calls) == 36  # 12 steps x 3 micro-batches, the 8-batch loader re-iterated


def test_val_loader_mode_records_the_validation_loss():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 3), nn.Dropout(0.5))  # no BatchNorm: its running stats would move
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    val = _data(64, seed=9)
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), val_loader=val, num_iter=10, start_lr=1e-12,
                  end_lr=1e-11, progress=False)
    # at LRs this small nothing moves: every point is the same validation loss (eval mode: no dropout)
    model.eval()
    with torch.no_grad():
        want = sum(nn.functional.cross_entropy(model(x), y).item() * len(y) for x, y in val) / 64
    np.testing.assert_allclose(res.losses, want, rtol=1e-4)


def test_the_stop_rule_handles_negative_losses():
    model, opt = _setup()
    res = find_lr(model, opt, _data(), lambda out, y: nn.functional.cross_entropy(out, y) - 5.0,
                  start_lr=1e-4, end_lr=1e4, progress=False)
    assert (res.losses[:5] < 0).all()
    assert res.stop_reason in ("diverged", "non-finite loss") and 20 < len(res.lrs) < 100
    assert 1e-4 < res.suggest() < 1e2


def test_repeats_give_a_spread_from_the_same_start():
    model, opt = _setup()
    before = _everything(model, opt)
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), repeats=3, start_lr=1e-5, end_lr=1e3, progress=False)
    assert len(res.runs) == 3
    # the same start, but dropout masks move on: the curves differ after the first point
    assert not np.array_equal(res.runs[0].losses[:10], res.runs[1].losses[:10])
    sp = res.spread()
    assert sp["min"] <= sp["median"] <= sp["max"] and len(sp["per_repeat"]) == 3
    n = min(len(r.losses) for r in res.runs)
    np.testing.assert_allclose(res.losses, np.mean([r.losses[:n] for r in res.runs], axis=0))
    _assert_same(before, _everything(model, opt))


# ---- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    ({"start_lr": 1.0, "end_lr": 1.0}, r"start_lr must be < end_lr, got start_lr=1, end_lr=1"),
    ({"start_lr": 10.0, "end_lr": 1.0}, r"start_lr must be < end_lr"),
    ({"start_lr": 0.0}, r"start_lr must be > 0, got 0.0"),
    ({"num_iter": 9}, r"num_iter must be a whole number >= 10, got 9"),
    ({"mode": "log"}, r"mode must be 'exp' or 'linear', got 'log'"),
    ({"smooth": 1.0}, r"smooth must be < 1, got 1.0"),
    ({"smooth": "fast"}, r"find_lr: smooth must be a number in \[0, 1\) or 'auto', got 'fast'"),
    ({"diverge_th": 1.0}, r"diverge_th must be > 1, got 1.0"),
    ({"repeats": 0}, r"repeats must be a whole number >= 1, got 0"),
    ({"accumulation_steps": 0}, r"accumulation_steps must be a whole number >= 1"),
])
def test_bad_arguments_are_one_clear_error(kwargs, match):
    model, opt = _setup()
    with pytest.raises(LRKitError, match=match):
        find_lr(model, opt, _data(), nn.CrossEntropyLoss(), progress=False, **kwargs)


def test_empty_loader_non_scalar_loss_and_mismatch_are_clear_errors():
    model, opt = _setup()
    other = torch.optim.SGD(Net().parameters(), lr=0.1)
    before = _everything(model, opt)
    with pytest.raises(LRKitError, match="train_loader yielded no batches"):
        find_lr(model, opt, [], nn.CrossEntropyLoss(), progress=False)
    with pytest.raises(LRKitError, match=r"the loss must be a scalar tensor, got shape \(32,\)"):
        find_lr(model, opt, _data(), nn.CrossEntropyLoss(reduction="none"), progress=False)
    with pytest.raises(LRKitError, match="the loss must be a scalar torch.Tensor, got float"):
        find_lr(model, opt, _data(), lambda o, y: 1.0, progress=False)
    _assert_same(before, _everything(model, opt))
    with pytest.raises(LRKitError, match=r"optimizer holds 6 parameter\(s\) that are not in the model"):
        find_lr(model, other, _data(), nn.CrossEntropyLoss(), progress=False)
    with pytest.raises(LRKitError, match="pass loss_fn=… .* or step_fn=…"):
        find_lr(model, opt, _data(), progress=False)
    with pytest.raises(LRKitError, match="each batch must be \\(inputs, targets\\)"):
        find_lr(model, opt, [{"x": torch.zeros(2, 8)}], nn.CrossEntropyLoss(), progress=False)
    with pytest.raises(LRKitError, match="device='meta' but the model is on 'cpu'"):
        find_lr(model, opt, _data(), nn.CrossEntropyLoss(), device="meta", progress=False)
    _assert_same(before, _everything(model, opt))


# ---- result I/O, plots ------------------------------------------------------------------------

def test_save_load_round_trip_is_strict_json(tmp_path):
    model, opt = _setup()
    res = find_lr(model, opt, _data(), _Fault("nan", at=60), progress=False)
    d = res.to_dict()
    json.dumps(d, allow_nan=False)  # NaN/inf are encoded, not emitted as invalid JSON
    assert d["losses"][-1] is None and d["stop_reason"] == "non-finite loss"
    res.save(tmp_path / "f.json")
    back = FinderResult.load(tmp_path / "f.json")
    assert back.suggestions() == res.suggestions() and back.reasons == res.reasons
    np.testing.assert_array_equal(back.lrs, res.lrs)
    with pytest.raises(LRKitError, match="not an lrkit finder result"):
        FinderResult.from_dict({"lrs": []})


def test_plot_and_notebook_reprs():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    model, opt = _setup()
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), start_lr=1e-5, end_lr=1e3, progress=False)
    ax = res.plot()
    labels = [line.get_label() for line in ax.get_lines()]
    assert any(lbl.startswith("lrkit: ") for lbl in labels) and any(lbl.startswith("valley: ") for lbl in labels)
    assert ax.get_xscale() == "log"
    plt.close("all")
    assert res._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    html = res._repr_html_()
    assert "<table>" in html and "steepest" in html and "data:image/png;base64," in html
    assert repr(res).startswith("FinderResult(")


def test_works_without_matplotlib(monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    model, opt = _setup()
    res = find_lr(model, opt, _data(), nn.CrossEntropyLoss(), start_lr=1e-5, end_lr=1e3, progress=False)
    assert res.suggest() > 0 and res._repr_png_() is None and "<table>" in res._repr_html_()
    with pytest.raises(LRKitError, match=r"plot\(\) needs matplotlib: pip install lrkit\[plot\]"):
        res.plot()


# ---- real runs ----------------------------------------------------------------------------------

def test_a_real_run_on_digits_gives_sane_trustworthy_suggestions():
    from lrkit.experiments.tasks import get_task

    task = get_task("digits-mlp")
    model = task.build_model(0)
    opt = task.make_optimizer(model)
    res = lrkit.find_lr(model, opt, task.train_loader(0), task.loss_fn, progress=False)
    assert res.trustworthy and res.stop_reason == "diverged"
    s = res.suggestions()
    # the grid-best constant LR for SGD-momentum here is ~0.02..0.2 (docs/benchmarks.md)
    assert 5e-3 < s["lrkit"] < 0.5
    assert s["valley"] < s["lrkit"] <= 10 * s["min10"]
    lo, hi = res.suggest_range()
    assert lo < s["lrkit"] <= hi


def test_curve_matches_torch_lr_finder_bit_for_bit():
    pytest.importorskip("torch_lr_finder")
    from torch_lr_finder import LRFinder
    from torch_lr_finder.lr_finder import TrainDataLoaderIter

    from lrkit.experiments.tasks import get_task

    task = get_task("digits-mlp")

    class It(TrainDataLoaderIter):
        def __init__(self, dl):
            self.data_loader, self._iterator, self.auto_reset = dl, iter(dl), True

        def inputs_labels_from_batch(self, batch):
            return batch

    model = task.build_model(0)
    opt = task.make_optimizer(model)
    ours = find_lr(model, opt, task.train_loader(0), task.loss_fn, progress=False)
    model = task.build_model(0)
    opt = task.make_optimizer(model)
    lrf = LRFinder(model, opt, task.loss_fn, device="cpu")
    lrf.range_test(It(task.train_loader(0)), start_lr=1e-7, end_lr=10, num_iter=100)
    np.testing.assert_allclose(ours.lrs, lrf.history["lr"], rtol=1e-12)
    np.testing.assert_array_equal(ours.smoothed, np.asarray(lrf.history["loss"]))


def test_real_runs_that_cannot_be_trusted_say_why():
    from lrkit.experiments.tasks import get_task

    task = get_task("digits-mlp")

    def run(**kw):
        model = task.build_model(0)
        return find_lr(model, task.make_optimizer(model), task.train_loader(0), task.loss_fn, progress=False, **kw)

    flat = run(start_lr=1e-7, end_lr=1e-5)  # nothing moves at these LRs
    assert not flat.trustworthy and flat.reasons[0].startswith("no descent")
    early = run(start_lr=1e2, end_lr=1e6)  # diverges at once
    assert early.reasons[0].startswith("diverged at the first steps")
    with pytest.raises(LRKitError, match="untrustworthy"):
        early.suggest(strict=True)


def test_progress_bar_goes_to_stderr(capsys):
    model, opt = _setup()
    find_lr(model, opt, _data(), nn.CrossEntropyLoss(), num_iter=10, end_lr=1e-3, progress=True)
    assert "LR range test" in capsys.readouterr().err


@pytest.mark.slow
def test_step_fn_with_a_transformers_model_that_returns_its_loss():
    transformers = pytest.importorskip("transformers")
    cfg = transformers.GPT2Config(n_layer=1, n_head=2, n_embd=32, vocab_size=64, n_positions=16)
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(0)
    batches = [{"input_ids": (ids := torch.randint(0, 64, (8, 16), generator=g)), "labels": ids} for _ in range(4)]
    before = {k: v.clone() for k, v in model.state_dict().items()}
    res = find_lr(model, opt, batches, step_fn=lambda b: model(**b).loss, start_lr=1e-5, end_lr=10,
                  num_iter=30, progress=False)
    assert res.stop_reason in ("diverged", "non-finite loss", "completed") and len(res.lrs) >= 10
    assert res.losses[0] == pytest.approx(np.log(64), rel=0.1)
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
