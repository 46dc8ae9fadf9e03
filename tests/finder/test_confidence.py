"""FinderResult.confidence: one synthetic curve of known shape per reason, real runs, suggest() and strict."""

import json
import warnings

import numpy as np
import pytest
import torch
import torch.nn as nn

from lrkit import LRKitError, LRKitWarning
from lrkit.finder import FinderResult, find_lr
from lrkit.finder import rules as R
from lrkit.finder.confidence import lag_free, turn_up
from lrkit.finder.result import FinderRun

torch.set_num_threads(1)

LRS = np.logspace(-7, 1, 100)  # the default sweep's LRs
X = np.log10(LRS)
DESCENT = 2 - np.tanh(2 * (X + 3))  # falls around 1e-3
CLEAN = DESCENT + np.where(X > -1, 20 * (X + 1) ** 2, 0)  # ... and blows up past 0.1


def _diverged(loss, n=90, **settings):
    return FinderResult.from_curve(LRS[:n], loss[:n], stop_reason="diverged", num_iter=100, **settings)


def _has(res, start):
    return [r for r in res.confidence_reasons if r.startswith(start)]


# ---- synthetic curves, one per reason ----------------------------------------------------------

def test_a_clean_curve_is_high_confidence_and_suggests_quietly():
    res = _diverged(CLEAN)
    assert res.confidence == "high" and res.confidence_reasons == [] and res.trustworthy
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert res.suggest(strict=True) == pytest.approx(R.suggest(res.lrs, res.smoothed, "lrkit", 100))


@pytest.mark.parametrize("k, level", [(None, "medium"), (5, "low")])
def test_rules_that_disagree_lower_the_confidence(k, level):
    if k is None:  # a slow, straight descent over 7 decades: steepest at its start, minimum at its end
        loss = np.where(X < 0, 2 - 0.1 * (X + 7), 2 - 0.7 + 5 * X)
    else:  # a small early step, then a long slow descent: the estimates lie 3-4 decades apart
        loss = 2 - 0.5 * np.tanh(k * (X + 5)) - 0.1 * (X + 7) + np.where(X > 0, 10 * X, 0)
    res = _diverged(loss, 95)
    assert res.confidence == level and res.trustworthy
    (why,) = _has(res, "rules disagree: the lrkit rule's three estimates span")
    assert "decades" in why and "confirm_lr" in why


def test_repeats_that_differ_by_3_to_10x_are_medium():
    runs = []
    for shift in (0.0, 0.3, 0.6):  # the same curve moved by 0.3 decades each
        loss = 2 - np.tanh(2 * (X + 3 - shift)) + np.where(X > -1 + shift, 20 * (X + 1 - shift) ** 2, 0)
        runs.append(FinderRun(LRS[:90], loss[:90], R.ema(loss[:90], 0.05), "diverged"))
    res = FinderResult._combine(runs, {"num_iter": 100, "smooth": 0.05}, [1.0])
    assert 3 < res.spread()["ratio"] < 10 and res.trustworthy
    assert res.confidence == "medium" and _has(res, "repeats differ: their lrkit suggestions span 3.2x")


@pytest.mark.parametrize("batches, val, level, times", [
    (20, False, "high", None),  # 4.5 passes (digits-mlp's default sweep sees 5): no finding
    (12, False, "medium", "7.5"),
    (8, False, "medium", "11.2"),
    (5, False, "medium", "18.0"),  # never low on its own (bench/finder_confidence.py: it did not hurt there)
    (5, True, "medium", "18.0"),
])
def test_passes_over_small_data(batches, val, level, times):
    res = _diverged(CLEAN, batches_per_pass=batches, val_loader=val)
    assert res.confidence == level
    found = _has(res, "small data: the sweep went over the training data")
    if times is None:
        assert not found
    else:
        assert f"{times} times" in found[0]
        assert ("pass val_loader=" in found[0]) is (not val)


def test_accumulation_counts_in_the_passes():
    res = _diverged(CLEAN, batches_per_pass=45, accumulation_steps=4)
    assert res.passes == pytest.approx(90 * 4 / 45) and res.confidence == "medium"


def test_a_small_drop_is_medium():
    loss = 2 - 0.03 * (1 + np.tanh(2 * (X + 3))) + np.where(X > -1, 20 * (X + 1) ** 2, 0)  # falls 3%
    res = _diverged(loss)
    assert res.trustworthy and res.confidence == "medium"
    assert _has(res, "small drop: the smoothed loss fell only 2.1% before its minimum")


def test_no_descent_is_low_and_says_so():
    res = FinderResult.from_curve(LRS, np.full(100, 2.3), stop_reason="completed")
    assert res.confidence == "low" and res.confidence_reasons == res.reasons
    assert res.confidence_reasons[0].startswith("no descent")


def test_a_completed_sweep_without_a_turn_up_says_raise_end_lr():
    loss = DESCENT + np.where(X > -2, 0.3 * (X + 2), 0)  # rises a little after 1e-2, not half of the drop
    res = FinderResult.from_curve(LRS, loss, stop_reason="completed")
    assert res.turn_up is None and res.trustworthy and res.confidence == "medium"
    (why,) = _has(res, "no turn-up")
    assert why.endswith("raise end_lr")


def test_a_bounded_loss_that_turned_up_late_never_says_raise_end_lr():
    # a sigmoid-MSE-like loss: falls from 0.1 to 0.02 around 1e-3, rises ~4x only in the last decade
    loss = 0.02 + 0.08 / (1 + np.exp(4 * (X + 3))) + np.where(X > 0.3, 0.3 * (X - 0.3), 0.0)
    res = FinderResult.from_curve(LRS, loss, stop_reason="completed")
    assert res.turn_up is not None and res.turn_up["lr"] == pytest.approx(2.72, rel=0.01)
    assert res.stall["lr"] == pytest.approx(1.29, rel=0.01)  # the raw minimum, 0.7 decades before end_lr
    assert res.confidence == "low" and not res.trustworthy
    assert res.reasons[0].startswith("stopped falling at lr=1.29: the raw loss is lowest there")
    assert not any("raise end_lr" in r for r in res.reasons + res.confidence_reasons)
    # the rules read the curve up to the raw minimum, as a stop there would have left it
    n = res.stall["read_to"]
    assert res.suggestions()["min10"] == R.suggest(LRS[:n], res.smoothed[:n], "min10", 100)
    assert res.suggestions()["min10"] < R.suggest(LRS, res.smoothed, "min10", 100)
    # the same loss without the turn: the old message, which is right there
    still = FinderResult.from_curve(LRS, 2 - np.tanh(X), stop_reason="completed")
    assert still.turn_up is None and still.stall is None and still.reasons[0].startswith("still falling at end_lr")


def test_a_loss_that_goes_flat_is_not_still_falling():
    # a saturating sigmoid: the loss falls to 0.09 at 1e-2, then sits at 0.1 (every output 0) up to end_lr
    loss = np.where(X < -2, 0.1 + 0.15 / (1 + np.exp(3 * (X + 2.6))), 0.1)
    loss[np.argmin(np.abs(X + 2.1))] = 0.09
    res = FinderResult.from_curve(LRS, loss, stop_reason="completed")
    assert res.turn_up is None and res.stall is not None and res.stall["lr"] < 0.02
    assert res.reasons[0].startswith("stopped falling at lr=") and res.confidence == "low"
    assert not any("raise end_lr" in r for r in res.confidence_reasons)  # flat is not "did not turn up yet"
    assert res.suggest_range()[1] <= res.stall["lr"]


def test_sweep_density_is_medium():
    lrs = np.logspace(-7, 1, 300)
    x = np.log10(lrs)
    loss = 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0)
    res = FinderResult.from_curve(lrs[:270], loss[:270], stop_reason="diverged", num_iter=300)
    assert res.confidence == "medium" and _has(res, "sweep density: the lrkit rule was measured on")


def test_lag_free_and_turn_up_ignore_noise_and_nan():
    rng = np.random.default_rng(0)
    noisy = CLEAN[:90] * np.exp(0.05 * rng.standard_normal(90))
    noisy[40] = 50.0  # one wild step is not a turn
    noisy[41] = float("nan")
    t = turn_up(LRS[:90], noisy, 100)
    assert t is not None and t["index"] > 75 and t["min_lr"] < t["lr"]
    assert lag_free([1.0, float("nan"), 3.0], 3).tolist() == [1.0, 2.0, 3.0]
    assert turn_up(LRS, DESCENT, 100) is None  # never rises
    assert turn_up(LRS, np.full(100, 1.0), 100) is None  # never falls


# ---- suggest(): warn on low, strict raises ---------------------------------------------------------

def test_low_confidence_warns_and_strict_raises():
    two_steps = 2 - 0.5 * np.tanh(5 * (X + 5)) - 0.1 * (X + 7) + np.where(X > 0, 10 * X, 0)
    res = _diverged(two_steps, 95)  # a trustworthy curve whose rules lie 3.7 decades apart
    assert res.trustworthy and res.confidence == "low"
    with pytest.warns(LRKitWarning, match="low confidence in the suggestion .*rules disagree"):
        lr = res.suggest()
    assert lr > 0
    with pytest.raises(LRKitError, match="low confidence in the suggestion"):
        res.suggest(strict=True)
    medium = _diverged(CLEAN, batches_per_pass=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert medium.confidence == "medium" and medium.suggest(strict=True) > 0  # medium: no warning, a number


def test_bad_strict_is_a_clear_error():
    with pytest.raises(LRKitError, match="suggest: strict must be True or False, got 'yes'"):
        _diverged(CLEAN).suggest(strict="yes")


def test_confidence_survives_json_and_repr(tmp_path):
    res = _diverged(2 - 0.5 * np.tanh(5 * (X + 5)) - 0.1 * (X + 7) + np.where(X > 0, 10 * X, 0), 95)
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["confidence"] == "low" and d["confidence_reasons"] == res.confidence_reasons
    assert d["turn_up"]["index"] == res.turn_up["index"]
    res.save(tmp_path / "r.json")
    back = FinderResult.load(tmp_path / "r.json")
    assert back.confidence == "low" and back.confidence_reasons == res.confidence_reasons
    assert "confidence low" in repr(res)


# ---- real runs ------------------------------------------------------------------------------------

def _xy(n, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    return x, (x[:, 0] > 0).long() + (x[:, 1] > 0).long()


def _loader(x, y, bs=32):
    return [(x[i:i + bs], y[i:i + bs]) for i in range(0, len(x), bs)]


def _mlp():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 3))


def test_real_run_on_small_data_is_medium_and_on_more_data_is_not():
    x, y = _xy(4096)
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    small = find_lr(model, opt, _loader(x[:256], y[:256]), nn.CrossEntropyLoss(), progress=False)
    assert small.passes == pytest.approx(len(small.lrs) / 8) and small.passes > 11
    assert small.confidence == "medium" and _has(small, "small data")
    big = find_lr(model, opt, _loader(x, y), nn.CrossEntropyLoss(), progress=False)  # 128 batches: < 1 pass
    assert big.passes < 1 and not _has(big, "small data")
    # with a held-out split the curve measures generalisation: medium at most on that count
    val = find_lr(model, opt, _loader(x[:256], y[:256]), nn.CrossEntropyLoss(),
                  val_loader=_loader(x[-512:], y[-512:], 256), progress=False)
    assert _has(val, "small data") and "the validation loss" in _has(val, "small data")[0]


def test_real_run_that_never_descends_is_low():
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = _xy(4096)
    res = find_lr(model, opt, _loader(x, y), nn.CrossEntropyLoss(), start_lr=1e-9, end_lr=1e-7, adapt=False,
                  progress=False)
    assert res.confidence == "low" and res.confidence_reasons[0].startswith("no descent")
    with pytest.raises(LRKitError, match="untrustworthy .*no descent"):
        res.suggest(strict=True)


def _digits_run(optimizer, loss_fn=None, **kw):
    from lrkit.experiments.tasks import get_task

    task = get_task("digits-mlp", optimizer)
    model = task.build_model(0)
    return find_lr(model, task.make_optimizer(model), task.train_loader(0), loss_fn or task.loss_fn,
                   progress=False, **kw)


def test_real_bounded_loss_reads_up_to_where_it_stopped_falling():
    def sigmoid_mse(out, y):  # cannot exceed 1: saturates flat at 0.1 instead of blowing up
        return nn.functional.mse_loss(torch.sigmoid(out), nn.functional.one_hot(y, 10).float())

    res = _digits_run("adamw", sigmoid_mse, confirm=False)
    assert res.stop_reason == "completed" and res.stall is not None and res.confidence == "low"
    assert res.reasons[0].startswith("stopped falling at lr=")
    assert not any("raise end_lr" in r for r in res.confidence_reasons)
    # read up to the raw minimum: 0.10x the grid-best LR there, 0.97 of its accuracy (bench/finder_confidence.py)
    assert res.suggestions()["lrkit"] < res.stall["lr"]


def test_real_sweep_that_ends_too_early_says_raise_end_lr():
    res = _digits_run("sgd", end_lr=0.03, num_iter=60, confirm=False)  # no descent in 60 steps: swept again in 180
    assert res.stop_reason == "completed" and res.stall is None and res.confidence == "low"
    assert len(res.adaptations) == 1 and len(res.lrs) == 180
    assert res.reasons[0] == "still falling at end_lr: the loss never turned up; raise end_lr"


# ---- noisy curves (issue 16's small tabular regression) ------------------------------------------

@pytest.mark.parametrize("sigma, level", [(0.0, "high"), (0.1, "high"), (0.35, "low")])
def test_a_noisy_training_loss_is_low_before_it_is_untrustworthy(sigma, level):
    # noise of sigma x the drop (2.0) step to step; over 0.5 x the drop the curve is untrustworthy
    loss = CLEAN + sigma * 2.0 * np.random.default_rng(0).standard_normal(100)
    res = _diverged(loss)
    assert res.trustworthy and res.confidence == level
    assert bool(_has(res, "noisy curve: the training loss jumps")) is (level == "low")
    if level == "low":
        assert "confirm_lr" in _has(res, "noisy curve")[0]


def test_with_val_loader_the_noise_is_read_on_the_training_loss():
    noisy = CLEAN + 0.35 * 2.0 * np.random.default_rng(1).standard_normal(100)
    run = FinderRun(LRS[:90], CLEAN[:90], CLEAN[:90], "diverged", train_losses=noisy[:90])  # a smooth val curve
    res = FinderResult._combine([run], {"num_iter": 100, "smooth": 0.0, "val_loader": True}, [1.0])
    assert res.confidence == "low" and _has(res, "noisy curve")
    back = FinderResult.from_dict(json.loads(json.dumps(res.to_dict())))
    np.testing.assert_array_equal(back.runs[0].train_losses, noisy[:90])
    assert back.confidence_reasons == res.confidence_reasons
    quiet = FinderResult._combine([FinderRun(LRS[:90], CLEAN[:90], CLEAN[:90], "diverged", train_losses=CLEAN[:90])],
                                  {"num_iter": 100, "smooth": 0.0, "val_loader": True}, [1.0])
    assert quiet.confidence == "high"


def test_real_noisy_regression_on_small_data_is_low():
    torch.manual_seed(0)
    x = torch.randn(300, 10)
    y = x[:, :1] * 0.5 + torch.randn(300, 1)  # a weak signal under a lot of noise: the loss hardly falls
    model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    res = find_lr(model, opt, _loader(x, y), nn.MSELoss(), progress=False, confirm=False)
    assert res.confidence == "low" and (_has(res, "noisy curve") or any(r.startswith("noisy") for r in res.reasons))
    val = find_lr(model, opt, _loader(x, y), nn.MSELoss(), val_loader=_loader(x[:64], y[:64]), progress=False, confirm=False)
    assert val.settings["smooth"] == 0.0 and val.runs[0].train_losses is not None
    assert len(val.runs[0].train_losses) == len(val.lrs) and val.confidence == "low"


# ---- SGD on a sequence model ------------------------------------------------------------------------

@pytest.mark.parametrize("sgd, seq, level", [(True, True, "low"), (True, False, "high"), (False, True, "low"),
                                             (False, False, "high")])
def test_a_sequence_model_is_low(sgd, seq, level):
    res = _diverged(CLEAN, plain_sgd=sgd, sequence_model=seq)
    assert res.confidence == level and bool(_has(res, "sequence model: on 4 of the 6")) is (level == "low")
    if level == "low":
        assert "steps upward" in _has(res, "sequence model")[0]


def test_sweep_context_sees_recurrent_and_attention_layers_and_plain_sgd():
    from lrkit.finder.core import sweep_context

    layer = nn.TransformerEncoderLayer(16, 2, 32, batch_first=True)
    assert sweep_context(layer, torch.optim.AdamW(layer.parameters())) == {
        "optimizer": "AdamW", "plain_sgd": False, "sequence_model": True}
    mlp = _mlp()

    class ClippedSGD(torch.optim.SGD):  # a subclass is still plain SGD
        pass

    assert sweep_context(mlp, ClippedSGD(mlp.parameters(), lr=0.1)) == {
        "optimizer": "ClippedSGD", "plain_sgd": True, "sequence_model": False}


def test_real_gru_with_sgd_is_low_and_restores():
    torch.manual_seed(0)

    class LM(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb, self.rnn, self.head = nn.Embedding(16, 8), nn.GRU(8, 16, batch_first=True), nn.Linear(16, 16)

        def forward(self, x):
            return self.head(self.rnn(self.emb(x))[0]).reshape(-1, 16)

    seq = torch.randint(0, 16, (64, 9))
    loader = [(seq[i:i + 16, :-1], seq[i:i + 16, 1:].reshape(-1)) for i in range(0, 64, 16)]
    model = LM()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    before = [p.detach().clone() for p in model.parameters()]
    res = find_lr(model, opt, loader, nn.CrossEntropyLoss(), start_lr=1e-4, end_lr=100, num_iter=40, progress=False)
    assert res.settings["plain_sgd"] and res.settings["sequence_model"]
    assert res.confidence == "low" and _has(res, "sequence model")
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))


def test_a_turn_up_in_the_last_points_is_not_still_falling():
    # falls until lr ~ 3 (index 94), then rises 3x in the last 5 points: the EMA is still falling at the end
    loss = 5.5 - 2.0 * (1 + np.tanh(1.5 * (X + 1))) / 2
    loss[95:] = loss[94] * np.array([1.5, 2.0, 2.5, 3.0, 3.5])
    res = FinderResult.from_curve(LRS, loss, stop_reason="completed", num_iter=100)
    assert res.turn_up is not None and res.stall is None and res.confidence == "low"
    (why,) = [r for r in res.reasons if r.startswith("turned up at the end")]
    assert "raise end_lr" not in why and "confirm_lr" in why
    assert not any("raise end_lr" in r for r in res.confidence_reasons)
