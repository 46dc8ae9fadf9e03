"""``auto``, ``auto.min``, ``auto.max`` in comparison entries: parsing, resolving, storing, resuming."""

import optuna
import pytest

import lrkit as lk
from lrkit.experiments.trials import AUTO_ATTR
from lrkit.experiments.runner import TaskFinder, compare_task
from lrkit.experiments.specs import Entry, auto_values, substitute_auto
from lrkit.experiments.space import Template

import _toy

VALUES = {"lr": 0.4, "min_lr": 0.05, "max_lr": 1.2}


def _attr(path, name="lrkit-compare"):
    return optuna.load_study(study_name=name, storage=f"sqlite:///{path}").user_attrs.get(AUTO_ATTR)


@pytest.mark.parametrize("text, keys, resolved", [
    ("onecycle(max_lr=auto.max)", {"max_lr"}, ("onecycle(max_lr=1.2)", None)),
    ("onecycle(max_lr = auto.max / 2)", {"max_lr"}, ("onecycle(max_lr = 0.6)", None)),
    ("cyclic(base_lr=auto.min, max_lr=auto.max*0.5)", {"min_lr", "max_lr"}, ("cyclic(base_lr=0.05, max_lr=0.6)", None)),
    ("constant; lr=auto.max/10", {"max_lr"}, ("constant", 0.12)),
    ("onecycle(max_lr=auto.max); lr = auto.min", {"min_lr", "max_lr"}, ("onecycle(max_lr=1.2)", 0.05)),
    ("constant; lr=auto*2", {"lr"}, ("constant", 0.8)),
    ("lambda_(expr='auto.max', k=auto)", {"lr"}, ("lambda_(expr='auto.max', k=0.4)", None)),  # quoted: text
])
def test_entries_parse_and_resolve_auto_min_and_max(text, keys, resolved):
    e = Entry.parse(text)
    assert e.auto_keys == keys and e.needs_auto
    assert e.resolve(VALUES) == resolved


@pytest.mark.parametrize("text, msg", [
    ("onecycle(max_lr=auto.maxx)", "'auto.maxx' is not a finder value: write auto (the suggestion), auto.min or"),
    ("onecycle(max_lr=auto.mid)", "'auto.mid' is not a finder value"),
    ("onecycle(max_lr=auto.)", "'auto.' is not a finder value"),
    ("onecycle(max_lr=auto.max.min)", "'auto.max.min' is not a finder value"),
    ("onecycle(max_lr=auto.mid*3)", "'auto.mid' is not a finder value"),
    ("constant; lr=auto.mid", "'auto.mid' is not a finder value"),
    ("constant; lr=auto.max*x", "after ';' a comparison entry takes 'lr=NUMBER' or 'lr=auto' (auto.min, auto.max)"),
])
def test_bad_auto_names_are_one_clear_error(text, msg):
    with pytest.raises(lk.LRKitError) as e:
        Entry.parse(text)
    assert msg in str(e.value)


def test_substitution_needs_the_value_it_names():
    assert substitute_auto("cyclic(base_lr=auto/10, max_lr=auto)", 0.5) == "cyclic(base_lr=0.05, max_lr=0.5)"
    with pytest.raises(lk.LRKitError, match="'auto.max' needs the LR finder's max_lr"):
        substitute_auto("onecycle(max_lr=auto.max)", 0.5)  # a number is only the suggestion
    with pytest.raises(lk.LRKitError, match="'auto' needs the LR finder's lr"):
        substitute_auto("onecycle(max_lr=auto)", {"max_lr": 1.0})
    with pytest.raises(lk.LRKitError, match="auto/0"):
        substitute_auto("onecycle(max_lr=auto.max/0)", VALUES)
    with pytest.raises(lk.LRKitError, match="'auto' is for lrkit compare"):
        Template.parse("onecycle(max_lr=auto.max, pct_start=?)")


def test_auto_values_takes_a_number_a_mapping_or_a_finder_result():
    assert auto_values(0.3) == {"lr": 0.3}
    assert auto_values({"max_lr": 2, "lr": 0.5}) == {"lr": 0.5, "max_lr": 2.0}

    class Result:  # the two methods compare() uses of lrkit.find_lr's result
        def __init__(self, rng):
            self.rng = rng

        def suggest(self):
            return 0.1

        def suggest_range(self):
            if self.rng is None:
                raise lk.LRKitError("too short")
            return self.rng

    assert auto_values(Result((0.01, 0.3))) == {"lr": 0.1, "min_lr": 0.01, "max_lr": 0.3}
    assert auto_values(Result(None)) == {"lr": 0.1}
    for bad, msg in [({"max": 1.0}, "unknown key 'max'"), ({"lr": 0}, "lr must be an LR > 0, got 0"),
                     ("0.1", "lr must be an LR > 0, got '0.1'"), ({"min_lr": 2, "max_lr": 1}, "must be <= max_lr")]:
        with pytest.raises(lk.LRKitError, match=msg):
            auto_values(bad)


def test_a_mapping_auto_lr_is_resolved_once_stored_and_reused(tmp_path):
    calls = []

    def finder():
        calls.append(1)
        return dict(VALUES)

    schedules = ["constant; lr=auto", "onecycle(max_lr=auto.max)", "cyclic(base_lr=auto.min, max_lr=auto.max)"]
    kw = dict(seeds=1, out=tmp_path, progress=False, auto_lr=finder)
    res = lk.compare(_toy.train, schedules, **kw)
    assert calls == [1]
    assert [(r["spec"], r["lr"]) for r in res.runs] == [
        ("constant", 0.4), ("onecycle(max_lr=1.2)", None), ("cyclic(base_lr=0.05, max_lr=1.2)", None)]
    assert res.auto_lr == 0.4 and res.auto_range == (0.05, 1.2)
    assert _attr(tmp_path / "runs.db") == {"value": 0.4, "min_lr": 0.05, "max_lr": 1.2}
    # the report shows what auto.max became, like auto
    table = res.table()
    assert "| `onecycle(max_lr=auto.max)` → `onecycle(max_lr=1.2)` |" in table
    assert "| `constant; lr=auto` → lr=0.4 |" in table
    md = (tmp_path / "report.md").read_text()
    assert "`auto` = the LR finder's suggestion, 0.4" in md and "`auto.min` = 0.05, `auto.max` = 1.2" in md
    assert res.to_json()["auto_range"] == [0.05, 1.2]
    # resumed: the stored values are used, the finder is not asked again, nothing is rerun
    again = lk.compare(_toy.train, schedules, **kw)
    assert calls == [1] and [r["trial"] for r in again.runs] == [r["trial"] for r in res.runs]


def test_auto_max_with_only_a_number_names_the_entry_and_what_to_pass(tmp_path):
    with pytest.raises(lk.LRKitError) as e:
        lk.compare(_toy.train, ["constant; lr=auto", "onecycle(max_lr=auto.max)"], seeds=1, out=tmp_path,
                   progress=False, auto_lr=lambda: 0.3)
    msg = str(e.value)
    assert "'onecycle(max_lr=auto.max)' uses auto.max (the high end of its suggest_range())" in msg
    assert "auto_lr gave only lr=0.3: pass auto_lr={'lr': …, 'min_lr': …, 'max_lr': …}" in msg
    assert _attr(tmp_path / "runs.db") is None  # nothing half-resolved was stored
    with pytest.raises(lk.LRKitError, match="'onecycle\\(max_lr=auto.min\\)' uses auto.min .* no LR finder"):
        lk.compare(_toy.train, ["onecycle(max_lr=auto.min)"], seeds=1, progress=False)


def test_a_study_stored_with_only_the_suggestion_resumes_and_keeps_it(tmp_path):
    """A study of the code before auto.min/auto.max holds ``{"value": lr}``: that LR is never replaced."""
    kw = dict(seeds=1, out=tmp_path, progress=False)
    first = lk.compare(_toy.train, ["constant; lr=auto"], auto_lr=0.8, **kw)
    assert _attr(tmp_path / "runs.db") == {"value": 0.8}  # the format stored before this change
    # plain auto resumes from it with any auto_lr (not asked), or none
    assert lk.compare(_toy.train, ["constant; lr=auto"], auto_lr=None, **kw).runs[0]["trial"] == first.runs[0]["trial"]
    # auto.max is missing: a number cannot give it (and the stored suggestion stays)
    with pytest.raises(lk.LRKitError, match="auto_lr gave only lr=0.5"):
        lk.compare(_toy.train, ["constant; lr=auto", "onecycle(max_lr=auto.max)"], auto_lr=0.5, **kw)
    assert _attr(tmp_path / "runs.db") == {"value": 0.8}
    # a finder giving all three adds only what is missing: auto keeps 0.8, not the new 0.5
    res = lk.compare(_toy.train, ["constant; lr=auto", "onecycle(max_lr=auto.max)"],
                     auto_lr=lambda: {"lr": 0.5, "min_lr": 0.1, "max_lr": 2.0}, **kw)
    assert [(r["spec"], r["lr"]) for r in res.runs] == [("constant", 0.8), ("onecycle(max_lr=2)", None)]
    assert res.runs[0]["trial"] == first.runs[0]["trial"]
    assert _attr(tmp_path / "runs.db") == {"value": 0.8, "min_lr": 0.1, "max_lr": 2.0}


@pytest.mark.slow
def test_task_finder_gives_all_three_from_one_run_and_compare_task_stores_them(tmp_path):
    finder = TaskFinder("digits-mlp")
    result = finder.run()
    lo, hi = result.suggest_range()
    expected = {"lr": result.suggest(), "min_lr": lo, "max_lr": hi}
    got = finder()
    assert got == pytest.approx(expected, rel=1e-9) and lo < got["lr"] < hi
    res = compare_task("digits-mlp", ["constant; lr=auto", "onecycle(max_lr=auto.max)"], seeds=1, epochs=1,
                       out=tmp_path, progress=False)
    stored = _attr(tmp_path / "runs.db", "compare-digits-mlp-sgd-1ep")
    assert stored == pytest.approx({"value": got["lr"], "min_lr": lo, "max_lr": hi}, rel=1e-9)
    assert res.runs[0]["lr"] == pytest.approx(got["lr"], rel=1e-5)
    assert lk.parse(res.runs[1]["spec"]).max_lr == pytest.approx(hi, rel=1e-5)
    assert "suggest() and suggest_range()" in (tmp_path / "report.md").read_text()
