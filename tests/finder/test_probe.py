"""find_lr's own confirmation of a low-confidence curve (lrkit.finder.probe): when it runs, what it
records, the confidence after it, exact restore, serialization and bad values."""

import warnings

import numpy as np
import pytest
import torch
import torch.nn as nn

from lrkit import LRKitError, LRKitWarning
from lrkit.finder import FinderResult, find_lr
from lrkit.finder.probe import NOTE, Replay

torch.set_num_threads(1)


def _regression(n=512, seed=0, batch=32):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 8, generator=g)
    y = x @ torch.randn(8, 1, generator=g) + 0.1 * torch.randn(n, 1, generator=g)
    return [(x[i:i + batch], y[i:i + batch]) for i in range(0, n, batch)]


def _mlp(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 1))


def _state(model, opt):
    return ([p.detach().clone() for p in model.parameters()],
            {k: (v.clone() if torch.is_tensor(v) else v) for s in opt.state.values() for k, v in s.items()},
            [g["lr"] for g in opt.param_groups], torch.get_rng_state())


def _same(a, b):
    assert all(torch.equal(x, y) for x, y in zip(a[0], b[0]))
    assert a[1].keys() == b[1].keys() and all(
        torch.equal(a[1][k], b[1][k]) if torch.is_tensor(a[1][k]) else a[1][k] == b[1][k] for k in a[1])
    assert a[2] == b[2] and torch.equal(a[3], b[3])


def test_confirm_true_runs_short_runs_and_suggest_returns_their_best_and_everything_is_restored():
    model = _mlp()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    opt.step()  # a non-empty optimizer state must come back too
    before = _state(model, opt)
    res = find_lr(model, opt, _regression(), nn.MSELoss(), progress=False, confirm=True, confirm_steps=30)
    _same(before, _state(model, opt))
    p = res.probe
    assert p["steps"] == 30 and p["replayed"] and p["score"].startswith("training loss")
    lrs = [r["lr"] for r in p["runs"]]
    assert lrs == sorted(lrs) and 3 <= len(lrs) <= 11
    assert p["suggested"] == pytest.approx(res.suggestions()["lrkit"])
    best = min(p["runs"], key=lambda r: r["metric"] if r["metric"] is not None else np.inf)
    assert p["backed_off_from"] in (None, best["lr"])
    assert p["best_lr"] == res.suggestions()["confirmed"]
    assert p["best_lr"] == best["lr"] or p["backed_off_from"] == best["lr"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LRKitWarning)
        assert res.suggest() == p["best_lr"] and res.suggest("lrkit") == res.suggestions()["lrkit"]
    (note,) = [a for a in res.adaptations if a.startswith(NOTE)]
    assert "runs of 30 steps from the same start" in note and f"{p['best_lr']:.3g}" in note
    assert any(r.startswith("confirmed: ") for r in res.confidence_reasons)
    assert not any(r.startswith("adapted sweep") for r in res.confidence_reasons)  # a confirmation is no slow-down


class _Counted:
    """A loader that counts the batches drawn from it."""

    def __init__(self, batches):
        self.batches, self.drawn = batches, 0

    def __len__(self):
        return len(self.batches)

    def __iter__(self):
        for b in self.batches:
            self.drawn += 1
            yield b


def test_the_runs_replay_one_draw_of_batches_so_the_same_lr_scores_the_same():
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loader = _Counted(_regression())
    res = find_lr(model, opt, loader, nn.MSELoss(), progress=False, confirm=True, confirm_steps=20)
    assert res.probe["replayed"] and len(res.probe["runs"]) >= 3
    assert loader.drawn == len(res.lrs) + 20  # the sweep's batches, then 20 drawn once for every run
    again = find_lr(model, opt, _regression(), nn.MSELoss(), progress=False, confirm=True, confirm_steps=20)
    assert again.probe["runs"] == res.probe["runs"]


def test_auto_confirms_only_a_low_curve_and_false_never():
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    clean = find_lr(model, opt, _regression(4096, batch=128), nn.MSELoss(), progress=False)
    assert clean.confidence != "low" and clean.probe is None
    gru = nn.GRU(4, 16, batch_first=True)  # a sequence model: low confidence, so "auto" confirms

    class Last(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn, self.head = gru, nn.Linear(16, 1)

        def forward(self, x):
            return self.head(self.rnn(x)[0][:, -1])

    g = torch.Generator().manual_seed(1)
    x = torch.randn(256, 6, 4, generator=g)
    y = x.sum(dim=(1, 2))[:, None] / 5
    data = [(x[i:i + 32], y[i:i + 32]) for i in range(0, 256, 32)]
    m = Last()
    o = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    off = find_lr(m, o, data, nn.MSELoss(), progress=False, confirm=False, num_iter=40, start_lr=1e-4)
    assert off.confidence == "low" and off.probe is None
    on = find_lr(m, o, data, nn.MSELoss(), progress=False, num_iter=40, start_lr=1e-4, confirm_steps=15)
    assert on.probe is not None and on.lrs.tolist() == off.lrs.tolist()  # the same sweep, then the runs


def test_a_curve_with_nothing_to_read_is_not_confirmed():
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    res = find_lr(model, opt, _regression(), nn.MSELoss(), start_lr=1e-9, end_lr=1e-7, adapt=False,
                  progress=False, confirm=True)
    assert res.reasons[0].startswith("no descent") and res.probe is None


def test_with_val_loader_the_runs_are_scored_by_the_validation_loss():
    model = _mlp()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    data = _regression(640)
    res = find_lr(model, opt, data[:16], nn.MSELoss(), val_loader=data[16:], progress=False, confirm=True,
                  confirm_steps=20)
    assert res.probe["score"] == "validation loss"


def test_the_probe_round_trips_through_to_dict():
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    res = find_lr(model, opt, _regression(), nn.MSELoss(), progress=False, confirm=True, confirm_steps=10)
    back = FinderResult.from_dict(res.to_dict())
    assert back.probe == res.probe and back.suggestions() == res.suggestions()
    assert back.confidence == res.confidence and back.confidence_reasons == res.confidence_reasons


# ---- the confidence after a confirmation (synthetic probes on a synthetic curve) -----------------

LRS = np.logspace(-7, 1, 100)
X = np.log10(LRS)
CLEAN = 2 - np.tanh(2 * (X + 3)) + np.where(X > -1, 20 * (X + 1) ** 2, 0)


def _probed(best, tried, **settings):
    res = FinderResult.from_curve(LRS[:90], CLEAN[:90], stop_reason="diverged", num_iter=100, sequence_model=True,
                                  **settings)  # low: a sequence model
    assert res.confidence == "low"
    res.probe = {"suggested": 1e-3, "best_lr": best, "steps": 100, "score": "training loss (mean of the last steps)",
                 "replayed": True, "runs": [{"lr": x, "metric": 1.0 if x != best else 0.5} for x in tried]}
    return res


def test_a_confirmed_best_inside_the_lrs_tried_is_medium():
    res = _probed(1e-3, [3e-4, 1e-3, 3e-3])
    assert res.confidence == "medium" and res.confidence_reasons[-1].startswith("confirmed: ")


@pytest.mark.parametrize("best, edge", [(3e-3, "highest"), (3e-4, "lowest")])
def test_a_confirmed_best_at_an_edge_stays_low(best, edge):
    res = _probed(best, [3e-4, 1e-3, 3e-3])
    assert res.confidence == "low" and f"the {edge} LR tried" in res.confidence_reasons[-1]


def test_short_runs_on_small_data_without_a_validation_split_stay_low():
    res = _probed(1e-3, [3e-4, 1e-3, 3e-3], batches_per_pass=5)  # 90 steps = 18 passes
    assert res.confidence == "low" and "val_loader=" in res.confidence_reasons[-1]
    with pytest.warns(LRKitWarning, match="memorising"):
        assert res.suggest() == 1e-3
    with pytest.raises(LRKitError, match="low confidence"):
        res.suggest(strict=True)


# ---- bad values, and the replay ---------------------------------------------------------------

@pytest.mark.parametrize("kw, match", [({"confirm": "yes"}, "confirm must be True, False or 'auto'"),
                                       ({"confirm": 1}, "confirm must be True, False or 'auto'"),
                                       ({"confirm_steps": 2}, "confirm_steps"),
                                       ({"confirm_steps": True}, "confirm_steps"),
                                       ({"confirm_steps": 10.5}, "confirm_steps")])
def test_bad_confirm_values_are_one_clear_error(kw, match):
    model = _mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    with pytest.raises(LRKitError, match=match):
        find_lr(model, opt, _regression(), nn.MSELoss(), progress=False, **kw)


def test_batches_too_large_to_keep_are_drawn_on_instead():
    class Source:
        i = 0

        def next(self):
            self.i += 1
            return (torch.zeros(1024), self.i)  # 4 KiB each

    r = Replay(Source(), 10, limit=16 * 1024)
    assert not r.replayed and r.next()[1] == 6  # five were drawn before the limit was passed
    r = Replay(Source(), 3, limit=16 * 1024)
    assert r.replayed and [r.next()[1] for _ in range(4)] == [1, 2, 3, 1]


def test_auto_does_not_confirm_on_small_data_without_a_validation_split():
    model = _mlp()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    data = _regression(128)  # 4 batches: the sweep goes over them 25 times
    res = find_lr(model, opt, data, nn.MSELoss(), progress=False)
    assert res.confidence == "low" and res.probe is None
    (why,) = [r for r in res.confidence_reasons if r.startswith("small data")]
    assert "find_lr does not make them" in why and "val_loader=" in why
    forced = find_lr(model, opt, data, nn.MSELoss(), progress=False, confirm=True, confirm_steps=10)
    assert forced.probe is not None and forced.confidence == "low"  # and still low: memorising
