"""lrkit.confirm_lr / lrkit find --confirm: the LRs tried, the cost stated first, the best kept, clear errors."""

import json
import math

import numpy as np
import pytest

import lrkit
from lrkit import LRKitError
from lrkit.cli import main
from lrkit.finder import FinderResult, confirm_lr
from lrkit.finder.confirm import candidate_lrs


def test_candidates_are_centred_on_the_lr():
    assert candidate_lrs(1.0, 1) == [1.0]
    assert candidate_lrs(1.0, 2) == pytest.approx([1 / 3, 1.0])
    assert candidate_lrs(1.0, 5) == pytest.approx([1 / 9, 1 / 3, 1.0, 3.0, 9.0])


def test_the_cost_is_stated_before_the_first_run_and_the_best_is_kept():
    events = []

    def train(lr):
        events.append(("run", lr))
        return {0.1: 0.90, 0.3: 0.95, 0.9: float("nan")}[round(lr, 6)]

    c = lrkit.confirm_lr(train, 0.3, seconds_per_run=2.0, announce=lambda m: events.append(("said", m)))
    assert events[0] == ("said", "confirm_lr: 3 runs of your train function at lr = 0.1, 0.3, 0.9 (the same "
                                 "budget and seed each): about 6 s (2 s per run)")
    assert [e[0] for e in events[1:]] == ["run"] * 3
    assert c.best_lr == 0.3 and c.best_metric == 0.95 and not c.moved  # the diverged run (NaN) is the worst
    d = c.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["runs"][2] == {"lr": pytest.approx(0.9), "metric": None} and d["best_lr"] == 0.3


def test_mode_min_and_a_finder_result_as_the_lr():
    lrs = np.logspace(-5, 0, 50)
    x = np.log10(lrs)
    res = FinderResult.from_curve(lrs, 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0),
                                  smooth=0.0, stop_reason="diverged")
    c = confirm_lr(lambda lr: abs(math.log10(lr / 0.01)), res, 5, mode="min", announce=lambda m: None)
    assert c.suggested == res.suggestions()["lrkit"] and c.best_lr == pytest.approx(res.suggestions()["lrkit"] * 9)
    assert c.moved and "min" in repr(c)


def test_the_default_announcement_goes_to_stderr(capsys):
    confirm_lr(lambda lr: 1.0, 0.1, 1)
    assert capsys.readouterr().err.startswith("confirm_lr: 1 run of your train function at lr = 0.1")


@pytest.mark.parametrize("args, kwargs, match", [
    (("not callable", 0.1), {}, "train must be a function lr -> metric, got str"),
    ((lambda lr: 1.0, -1.0), {}, r"lr must be a finite number > 0 or a FinderResult, got -1.0"),
    ((lambda lr: 1.0, 0.1, 0), {}, r"k must be a whole number >= 1 \(the number of runs\), got 0"),
    ((lambda lr: 1.0, 0.1), {"factor": 1.0}, "factor must be a number > 1, got 1.0"),
    ((lambda lr: 1.0, 0.1), {"mode": "best"}, "mode must be 'max' \\(accuracy\\) or 'min' \\(loss\\), got 'best'"),
    ((lambda lr: 1.0, 0.1), {"seconds_per_run": 0}, "seconds_per_run must be a number > 0 or None, got 0"),
    ((lambda lr: "good", 0.1), {}, r"train\(0.0333\) must return a number \(the metric\), got str"),
])
def test_bad_input_is_one_clear_error(args, kwargs, match):
    with pytest.raises(LRKitError, match="confirm_lr: " + match):
        confirm_lr(*args, announce=lambda m: None, **kwargs)


def test_a_real_confirmation_on_a_built_in_task():
    from lrkit.experiments.tasks import get_task

    task = get_task("digits-mlp")
    c = confirm_lr(lambda lr: task.train(None, seed=0, lr=lr, epochs=2)["final"]["val_acc"], 0.1,
                   announce=lambda m: None)
    assert c.lrs == pytest.approx([0.1 / 3, 0.1, 0.3]) and all(0.1 < m <= 1 for m in c.metrics)
    assert c.best_metric == max(c.metrics) and len(c.seconds_each) == 3


def test_find_confirm_on_the_cli(capsys):
    assert main(["find", "--task", "digits-mlp", "--confirm", "3", "--confirm-epochs", "2"]) == 0
    out = capsys.readouterr().out
    said = out.index("confirm_lr: 3 runs of digits-mlp (sgd, 2 epochs, seed 0) at lr = ")
    assert said > out.index("confidence") and "s per run)" in out[said:]
    assert out.count("  lr ") == 3 and "<- best" in out and "confirmed: lr " in out
    assert main(["find", "--task", "digits-mlp", "--json", "--confirm", "1", "--confirm-epochs", "1"]) == 0
    cap = capsys.readouterr()
    d = json.loads(cap.out)
    assert len(d["confirm"]["runs"]) == 1 and d["confirm"]["best_lr"] == d["suggested_lr"]
    assert cap.err.startswith("confirm_lr: 1 run of digits-mlp")
    assert main(["find", "--task", "digits-mlp", "--json", "--confirm", "1", "--confirm-epochs", "1",
                 "--confirm-extend", "2"]) == 0
    cap = capsys.readouterr()
    assert "and up to 2 more past an edge" in cap.err and 1 <= len(json.loads(cap.out)["confirm"]["runs"]) <= 3


@pytest.mark.parametrize("argv, message", [
    (["--confirm", "-1"], "--confirm must be an integer >= 1 (runs), or 0 for none, got -1"),
    (["--confirm", "2", "--confirm-epochs", "0"], "--confirm-epochs must be an integer >= 1, got 0"),
    (["--confirm", "2", "--confirm-extend", "-1"], "--confirm-extend must be an integer >= 0 (extra runs), got -1"),
    (["--confirm", "2", "--confirm-refine", "7"], "--confirm-refine must be an integer from 0 to 6 (rounds of 2 runs), got 7"),
])
def test_find_confirm_bad_input_is_one_line(capsys, argv, message):
    assert main(["find", "--task", "digits-mlp", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def _peaked(best):
    """A toy short run whose metric peaks at ``best`` (higher is better), recording each LR it trains."""
    seen = []

    def train(lr):
        seen.append(lr)
        return -abs(math.log10(lr / best))

    return train, seen


def test_an_edge_best_keeps_stepping_in_its_direction_until_it_gets_worse():
    train, seen = _peaked(3.0)  # 30x above the suggestion: 0.1 x 3^3 = 2.7 is the closest reachable
    said = []
    c = confirm_lr(train, 0.1, extend=4, announce=said.append)
    assert said == ["confirm_lr: 3 runs of your train function at lr = 0.0333, 0.1, 0.3, and up to 4 more past an "
                    "edge (x3 each) if the best is there (the same budget and seed each)"]
    assert c.lrs == pytest.approx([0.1 / 3, 0.1, 0.3, 0.9, 2.7, 8.1]) and seen == pytest.approx(c.lrs)
    assert c.best_lr == pytest.approx(2.7) and c.moved and len(c.seconds_each) == 6
    train, _ = _peaked(0.003)  # below: steps down
    c = confirm_lr(train, 0.1, extend=5, mode="max", announce=lambda m: None)
    assert c.lrs == pytest.approx([0.1 / 81, 0.1 / 27, 0.1 / 9, 0.1 / 3, 0.1, 0.3]) and c.best_lr == pytest.approx(0.1 / 27)


def test_extension_stays_within_its_budget_and_stops_at_a_diverged_run():
    train, _ = _peaked(100.0)
    c = confirm_lr(train, 0.1, extend=2, announce=lambda m: None)
    assert len(c.lrs) == 5 and c.best_lr == pytest.approx(0.1 * 27)  # out of budget, still at the edge
    c = confirm_lr(lambda lr: float("nan") if lr > 0.5 else lr, 0.1, extend=3, announce=lambda m: None)
    assert c.lrs == pytest.approx([0.1 / 3, 0.1, 0.3, 0.9]) and c.best_lr == pytest.approx(0.3)
    c = confirm_lr(train, 0.1, extend=0, announce=lambda m: None)  # the old bracket
    assert len(c.lrs) == 3


def test_the_cost_states_the_most_the_extension_can_add():
    said = []
    confirm_lr(lambda lr: 1.0, 0.1, 3, extend=2, seconds_per_run=2.0, announce=said.append)
    assert said[0].endswith("(the same budget and seed each): about 6 s (2 s per run), at most 10 s")


def _good_and_flat():
    """A high-confidence FinderResult (a clear descent, then divergence) and a low one (no descent)."""
    lrs = np.logspace(-7, 1, 100)
    x = np.log10(lrs)
    good = FinderResult.from_curve(lrs, 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0),
                                   smooth=0.0, stop_reason="diverged", num_iter=100)
    flat = FinderResult.from_curve(lrs, 2.0 + 0.001 * np.sin(x), smooth=0.0, num_iter=100)
    return good, flat


def test_auto_extends_only_when_confirming_a_low_confidence_result():
    good, flat = _good_and_flat()
    assert good.confidence == "high" and flat.confidence == "low"
    train, _ = _peaked(1e3)
    assert len(confirm_lr(train, good, announce=lambda m: None).lrs) == 3
    assert len(confirm_lr(train, flat, refine=0, announce=lambda m: None).lrs) == 3 + lrkit.finder.confirm.AUTO_EXTEND
    # and refine="auto" adds at most 2 runs a round after it
    n = len(confirm_lr(train, flat, announce=lambda m: None).lrs)
    assert 3 + lrkit.finder.confirm.AUTO_EXTEND < n <= 3 + lrkit.finder.confirm.AUTO_EXTEND + 2 * lrkit.finder.confirm.AUTO_REFINE


@pytest.mark.parametrize("extend", [-1, 1.5, True, "more", None])
def test_extend_bad_values_are_one_clear_error(extend):
    with pytest.raises(LRKitError, match=r"confirm_lr: extend must be a whole number >= 0 \(extra runs past an edge\) "
                                         r"or 'auto', got "):
        confirm_lr(lambda lr: 1.0, 0.1, extend=extend, announce=lambda m: None)


def _jumpy(narrow=0.173):
    """A toy metric (higher is better) whose smooth part peaks at 0.1, plus a narrow good region around
    ``narrow`` (within x1.12 of it) that a bracket of LRs 3x apart steps over: a jumpy metric such as the
    sigmoid autoencoder's validation MSE, which moved up to 25% between neighbouring LRs."""
    seen = []

    def train(lr):
        seen.append(lr)
        return -abs(math.log10(lr / 0.1)) + (1.0 if abs(math.log10(lr / narrow)) < 0.05 else 0.0)

    return train, seen


def test_refinement_finds_a_better_lr_between_the_brackets_lrs():
    train, seen = _jumpy()
    plain = confirm_lr(train, 0.1, refine=0, announce=lambda m: None)
    assert plain.best_lr == 0.1 and len(seen) == 3  # 0.0333, 0.1, 0.3: the narrow region is missed
    said = []
    c = confirm_lr(train, 0.1, refine=1, seconds_per_run=1.0, announce=said.append)
    assert said[0].endswith("and up to 2 more around the best (x1.73) (the same budget and seed each): "
                            "about 3 s (1 s per run), at most 5 s")
    assert c.best_lr == pytest.approx(0.1 * 3 ** 0.5) and c.moved and len(c.lrs) == 5
    assert c.best_metric > plain.best_metric and c.lrs == sorted(c.lrs)


def test_refinement_rounds_halve_the_step_and_never_rerun_an_lr():
    train, seen = _jumpy(narrow=0.1 * 3 ** 0.25)  # only the second round (x1.32) reaches it
    c = confirm_lr(train, 0.1, refine=2, announce=lambda m: None)
    assert c.best_lr == pytest.approx(0.1 * 3 ** 0.25)
    assert len(seen) == len(set(round(x, 12) for x in seen)) == len(c.lrs) <= 3 + 4
    # a smooth peak at the suggestion: the refinement tries x1.73 and x1.32 either side and keeps it
    train, seen = _peaked(0.1)
    c = confirm_lr(train, 0.1, refine=2, announce=lambda m: None)
    assert len(seen) == 7 and c.best_lr == 0.1 and not c.moved


def test_auto_refines_only_a_low_confidence_result():
    good, flat = _good_and_flat()
    said = []
    train, _ = _peaked(1e3)
    confirm_lr(train, good, announce=said.append)
    confirm_lr(train, flat, announce=said.append)
    assert "around the best" not in said[0]
    assert f"up to {2 * lrkit.finder.confirm.AUTO_REFINE} more around the best (x1.73, x1.32)" in said[1]


@pytest.mark.parametrize("refine", [-1, 7, 1.5, True, "more", None])
def test_refine_bad_values_are_one_clear_error(refine):
    with pytest.raises(LRKitError, match=r"confirm_lr: refine must be a whole number from 0 to 6 \(rounds of 2 runs "
                                         r"around the best\) or 'auto', got "):
        confirm_lr(lambda lr: 1.0, 0.1, refine=refine, announce=lambda m: None)
