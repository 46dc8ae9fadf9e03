"""lambda_: evaluation (array path and per-element fallback), not serializable, validation."""

import math

import numpy as np
import pytest

import lrkit as lk
from lrkit.schedules.lambda_ import call_on_steps


def test_golden_values_and_int_steps():
    seen = []

    def fn(step):
        seen.append(type(step))
        return 1.0 if step < 3 else 0.1

    c = lk.lambda_(fn).bind()
    assert c(np.arange(5), 2.0).tolist() == [2.0, 2.0, 2.0, 0.2, 0.2]
    assert c(7, 2.0) == pytest.approx(0.2)
    assert int in seen  # torch passes ints: so do we, on the per-element path


def test_array_path_calls_once():
    calls = []

    def fn(step):
        calls.append(np.shape(step))
        return 0.5 ** (step / 10)

    c = lk.lambda_(fn).bind()
    out = c(np.arange(1000), np.array([1.0, 0.1]))
    assert out.shape == (1000, 2)
    assert out[10, 1] == pytest.approx(0.05)
    assert calls.count((1000,)) == 1  # one array call (plus two scalar spot checks)
    assert len(calls) == 3


def test_falls_back_when_array_result_disagrees():
    # works on arrays without error but means something else there: len() of the argument
    def fn(step):
        return 1.0 / (1 + len(str(step)))

    got = call_on_steps(fn, np.array([5.0, 50.0, 500.0]), "x")
    assert got.tolist() == [0.5, 1 / 3, 0.25]


def test_duration_holds_final_value_and_leads_sequence():
    s = lk.lambda_(lambda t: 1 - t / 10, 10) >> lk.constant(factor=0.5)
    c = s.bind(total_steps=20)
    assert c(5, 1.0) == pytest.approx(0.5)
    assert c(10, 1.0) == pytest.approx(0.5)
    assert lk.lambda_(lambda t: 1 - t / 10, 10).bind()(50, 1.0) == pytest.approx(0.0)


def test_str_shows_function_name_and_is_not_serializable():
    def warm(step):
        return min(1.0, (step + 1) / 100)

    s = lk.lambda_(warm)
    assert str(s) == "lambda_(<warm>)"
    assert str(lk.lambda_(lambda t: 1.0)) == "lambda_(<lambda>)"
    assert str(lk.lambda_(math.exp, "5ep")) == "lambda_(<exp>, 5ep)"
    with pytest.raises(lk.LRKitError, match="lambda_: holds Python code and cannot be serialized"):
        s.to_dict()
    with pytest.raises(lk.SpecError, match=r"^lambda_ holds Python code and cannot be written in a spec"):
        lk.from_dict({"type": "lambda_", "fn": "warm"})
    with pytest.raises(lk.SpecError, match=r"^lambda_ holds Python code and cannot be written in a spec"):
        lk.parse(str(s))
    assert isinstance(s, lk.Schedule) and lk.lambda_.serializable is False


def test_error_in_user_function_names_the_step():
    def bad(step):
        if step == 3:
            raise ZeroDivisionError("boom")
        return 1.0

    with pytest.raises(lk.LRKitError, match=r"lambda_: the function failed at step 3: ZeroDivisionError: boom"):
        lk.lambda_(bad).bind()(np.arange(5), 1.0)


@pytest.mark.parametrize("kw,msg", [
    (dict(fn=None), "lambda_: fn must be a function of the step"),
    (dict(fn=0.5), "lambda_: fn must be a function of the step"),
    (dict(fn=abs, duration=0), "lambda_: duration must be > 0"),
])
def test_rejects(kw, msg):
    with pytest.raises(lk.LRKitError) as e:
        lk.lambda_(**kw)
    assert str(e.value).startswith(msg)


@pytest.mark.parametrize("fn,msg", [
    (lambda s: float("nan"), r"^lambda_: the function returned nan at step 3; it must return a finite number$"),
    (lambda s: 1.0 if s < 3 else math.inf, r"^lambda_: the function returned inf at step 3;"),
    (lambda s: 1.0 - s / 2, r"^lambda_: the function returned -0.5 at step 3; an LR multiplier must be >= 0$"),
])
def test_bad_multipliers_raise_instead_of_reaching_the_optimizer(fn, msg):
    c = lk.lambda_(fn).bind(total_steps=10)
    with pytest.raises(lk.LRKitError, match=msg):
        c(3)
    with pytest.raises(lk.LRKitError, match=msg.split(" at step")[0]):
        c(np.arange(11))
