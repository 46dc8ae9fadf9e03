"""Decay families (schedules/decay.py): golden values, validation rules, forms, optax/Keras parity."""

import math

import numpy as np
import pytest

import lrkit as lk

# ---- golden table: one row per family config, expected values written by hand with math ----
# (schedule, bind kwargs, base_lr, {step: expected LR})
B = 0.3
GOLDEN = [
    ("step", lk.step(30, gamma=0.1), {}, B,
     {0: B, 29: B, 30: B * 0.1, 59: B * 0.1, 60: B * 0.1 ** 2, 95: B * 0.1 ** 3}),
    ("step-epochs", lk.step("2ep", gamma=0.5), dict(steps_per_epoch=7), B,
     {0: B, 13: B, 14: B * 0.5, 28: B * 0.25, 100: B * 0.5 ** 7}),
    ("multistep", lk.multistep([10, 25, 40], gamma=0.2), {}, B,
     {0: B, 9: B, 10: B * 0.2, 24: B * 0.2, 25: B * 0.2 ** 2, 40: B * 0.2 ** 3, 1000: B * 0.2 ** 3}),
    ("multistep-%", lk.multistep(["50%", "75%"]), dict(total_steps=200), B,
     {99: B, 100: B * 0.1, 150: B * 0.01}),
    ("exponential-gamma", lk.exponential(gamma=0.97), {}, B,
     {0: B, 1: B * 0.97, 10: B * 0.97 ** 10, 777: B * 0.97 ** 777}),
    ("exponential-rate", lk.exponential(decay_rate=0.96, decay_steps=100), {}, B,
     {0: B, 50: B * 0.96 ** 0.5, 100: B * 0.96, 250: B * 0.96 ** 2.5}),
    ("exponential-staircase", lk.exponential(decay_rate=0.96, decay_steps=100, staircase=True), {}, B,
     {99: B, 100: B * 0.96, 299: B * 0.96 ** 2}),
    ("exponential-end", lk.exponential(end_factor=0.001), dict(total_steps=300), B,
     {0: B, 100: B * 0.001 ** (1 / 3), 150: B * math.sqrt(0.001), 300: B * 0.001}),
    ("exponential-duration-floor", lk.exponential(50, gamma=0.9, min_lr=0.01), {}, B,
     {10: B * 0.9 ** 10, 30: max(B * 0.9 ** 30, 0.01), 50: 0.01, 80: 0.01}),
    ("linear", lk.linear(), dict(total_steps=400), B,
     {0: B, 100: B * 0.75, 200: B * 0.5, 399: B * 1 / 400, 400: 0.0}),
    ("linear-factors", lk.linear(40, start_factor=1 / 3, end_factor=1.0), {}, B,
     {0: B / 3, 10: B * (1 / 3 + (2 / 3) * 10 / 40), 40: B, 90: B}),
    ("poly", lk.poly(power=0.9), dict(total_steps=1000), B,
     {0: B, 250: B * 0.75 ** 0.9, 999: B * 0.001 ** 0.9, 1000: 0.0}),
    ("poly-min_lr", lk.poly(100, power=2.0, min_lr=1e-4), {}, B,
     {0: B, 30: 1e-4 + (B - 1e-4) * 0.7 ** 2, 100: 1e-4, 150: 1e-4}),
    ("poly-ratio", lk.poly(100, min_lr_ratio=0.1), {}, B,
     {50: 0.1 * B + 0.9 * B * 0.5, 100: 0.1 * B}),
    ("poly-cycle", lk.poly(100, power=1.0, min_lr=0.0, cycle=True), {}, B,
     {0: B, 100: 0.0, 101: B * (1 - 101 / 200), 250: B * (1 - 250 / 300)}),
    ("inverse_time", lk.inverse_time(decay_rate=0.5, decay_steps=10), {}, B,
     {0: B, 5: B / 1.25, 10: B / 1.5, 1000: B / 51}),
    ("inverse_time-staircase", lk.inverse_time(decay_rate=0.5, decay_steps=10, staircase=True), {}, B,
     {9: B, 10: B / 1.5, 29: B / 2.0}),
    ("inverse_time-per-step", lk.inverse_time(decay_rate=0.01), {}, B,
     {0: B, 100: B / 2, 300: B / 4}),
    ("tanh", lk.tanh(), dict(total_steps=200), B,
     {0: B * 0.5 * (1 - math.tanh(-7)), 50: B * 0.5 * (1 - math.tanh(-7 * 0.75 + 3 * 0.25)),
      199: B * 0.5 * (1 - math.tanh(-7 * (1 / 200) + 3 * (199 / 200))), 200: 0.0}),
    ("tanh-floor", lk.tanh(100, lb=-5, ub=5, min_lr=1e-3), {}, B,
     {0: 1e-3 + 0.5 * (B - 1e-3) * (1 - math.tanh(-5)), 50: 1e-3 + 0.5 * (B - 1e-3), 100: 1e-3, 500: 1e-3}),
]


@pytest.mark.parametrize("label,sched,kw,base,expect", GOLDEN, ids=[r[0] for r in GOLDEN])
def test_golden(label, sched, kw, base, expect):
    c = sched.bind(**kw)
    steps = np.array(sorted(expect))
    want = np.array([expect[s] for s in steps])
    got = c(steps, base)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    for s in steps:  # the scalar path gives the same numbers
        assert c(int(s), base) == pytest.approx(expect[s], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("label,sched,kw,base,expect", GOLDEN, ids=[r[0] for r in GOLDEN])
def test_round_trips_and_groups(label, sched, kw, base, expect):
    assert lk.from_dict(sched.to_dict()) == sched
    c = sched.bind(**kw)
    bases = np.array([0.1, 1.0, 3.0])
    steps = np.arange(0, 500, 7)
    out = c(steps, bases)
    assert out.shape == (len(steps), 3)
    for j, b in enumerate(bases):
        np.testing.assert_array_equal(out[:, j], c(steps, float(b)))


def test_hold_after_span_in_a_sequence():
    s = lk.linear(10, end_factor=0.5) >> lk.exponential(10, end_factor=0.1) >> lk.poly(power=2.0)
    c = s.bind(total_steps=40)
    # each part is a multiplier of the base LR, starting on its own clock
    assert c(9, 1.0) == pytest.approx(0.55, rel=1e-14) and c(10, 1.0) == 1.0
    assert c(19, 1.0) == pytest.approx(0.1 ** 0.9, rel=1e-14) and c(20, 1.0) == 1.0
    assert c(30, 1.0) == pytest.approx(0.25, rel=1e-14) and c(40, 1.0) == 0.0
    # a family with its own duration holds its final value after it
    for fam, end in [(lk.linear(10, end_factor=0.5), 0.5), (lk.exponential(10, end_factor=0.1), 0.1),
                     (lk.poly(10, min_lr=0.2), 0.2), (lk.tanh(10, min_lr=0.2), 0.2), (lk.exponential(10, gamma=0.5), 0.5 ** 10)]:
        np.testing.assert_allclose(fam.bind(total_steps=40)(np.arange(10, 41), 1.0), end, rtol=1e-14)


def test_step_vs_staircase_exponential_are_the_same_curve():
    steps = np.arange(0, 2000)
    a = lk.step(100, gamma=0.8).bind()(steps, 1.0)
    b = lk.exponential(decay_rate=0.8, decay_steps=100, staircase=True).bind()(steps, 1.0)
    np.testing.assert_allclose(a, b, rtol=1e-15)


def test_per_epoch_staircase():
    c = lk.exponential("10ep", end_factor=0.01).bind(total_steps=1000, steps_per_epoch=100, per="epoch")
    assert c(0, 1.0) == c(99, 1.0) == 1.0
    assert c(100, 1.0) == c(199, 1.0) == pytest.approx(0.01 ** 0.1, rel=1e-14)


# ---- validation: one test per rule, asserting the message ---------------------------------

RULES = [
    (lambda: lk.step(), r"^step: step_size must be a duration \(steps, '5ep' or '5%'\), got None$"),
    (lambda: lk.step(0), r"^step: step_size must be > 0, got '0'$"),
    (lambda: lk.step(-10), r"^step: step_size must be > 0, got '-10'$"),
    (lambda: lk.step(10, gamma=0), r"^step: gamma must be > 0, got 0.0$"),
    (lambda: lk.step(10, gamma=-0.1), r"^step: gamma must be > 0, got -0.1$"),
    (lambda: lk.step(10, gamma=float("nan")), r"^step: gamma must be finite, got nan$"),
    (lambda: lk.step(10, gamma="0.1"), r"^step: gamma must be a number, got '0.1'$"),
    (lambda: lk.multistep(), r"^multistep: milestones must be a list of durations, got None$"),
    (lambda: lk.multistep([]), r"^multistep: milestones must be a non-empty list of durations, got \[\]$"),
    (lambda: lk.multistep([30, 20]), r"^multistep: milestones must be strictly increasing, got '\[30, 20\]'$"),
    (lambda: lk.multistep([30, 30]), r"^multistep: milestones must be strictly increasing"),
    (lambda: lk.multistep([0, 20]), r"^multistep: milestones must be > 0, got '0'$"),
    (lambda: lk.multistep([10], gamma=float("inf")), r"^multistep: gamma must be finite, got inf$"),
    (lambda: lk.multistep(["2ep", 150]).bind(steps_per_epoch=100),
     r"^multistep: milestones must be strictly increasing once resolved to steps, got \[2ep, 150\] = \[200, 150\]"),
    (lambda: lk.exponential(), r"^exponential: give exactly one of gamma .*, got none of them$"),
    (lambda: lk.exponential(gamma=0.9, end_factor=0.1),
     r"^exponential: give exactly one of gamma .*, got gamma=0.9, end_factor=0.1$"),
    (lambda: lk.exponential(gamma=0.9, decay_rate=0.9, decay_steps=10), r"got gamma=0.9, decay_rate=0.9$"),
    (lambda: lk.exponential(gamma=0), r"^exponential: gamma must be > 0, got 0.0$"),
    (lambda: lk.exponential(gamma=float("-inf")), r"^exponential: gamma must be finite, got -inf$"),
    (lambda: lk.exponential(decay_rate=-1, decay_steps=10), r"^exponential: decay_rate must be > 0, got -1.0$"),
    (lambda: lk.exponential(end_factor=0), r"^exponential: end_factor must be > 0, got 0.0$"),
    (lambda: lk.exponential(decay_rate=0.9),
     r"^exponential: decay_steps must be given with decay_rate \(steps, '5ep' or '5%'\), got None$"),
    (lambda: lk.exponential(decay_rate=0.9, decay_steps="0ep"), r"^exponential: decay_steps must be > 0, got '0ep'$"),
    (lambda: lk.exponential(gamma=0.9, decay_steps=10), r"^exponential: decay_steps must be given only with decay_rate"),
    (lambda: lk.exponential(gamma=0.9, staircase=True),
     r"^exponential: staircase must be false unless decay_rate and decay_steps are given, got True$"),
    (lambda: lk.exponential(decay_rate=0.9, decay_steps=5, staircase="yes"),
     r"^exponential: staircase must be true or false, got 'yes'$"),
    (lambda: lk.exponential(gamma=1.5, min_lr=0.1), r"^exponential: min_lr must be left out when the LR does not decay"),
    (lambda: lk.exponential(gamma=0.5, min_lr=-1), r"^exponential: min_lr must be >= 0, got -1.0$"),
    (lambda: lk.exponential(-5, gamma=0.5), r"^exponential: duration must be > 0, got '-5'$"),
    (lambda: lk.exponential(end_factor=0.1).bind(),
     r"^exponential\(\) needs the run length: pass total_steps=… to bind\(\), or give exponential\(duration=…\)$"),
    (lambda: lk.linear(start_factor=-0.5), r"^linear: start_factor must be >= 0, got -0.5$"),
    (lambda: lk.linear(end_factor=float("nan")), r"^linear: end_factor must be finite, got nan$"),
    (lambda: lk.linear(0), r"^linear: duration must be > 0, got '0'$"),
    (lambda: lk.linear(2.5), r"^linear: duration must be a whole number of steps"),
    (lambda: lk.linear().bind(), r"^linear\(\) needs the run length"),
    (lambda: lk.poly(power=0), r"^poly: power must be > 0, got 0.0$"),
    (lambda: lk.poly(power=-1), r"^poly: power must be > 0, got -1.0$"),
    (lambda: lk.poly(min_lr=-1e-3), r"^poly: min_lr must be >= 0, got -0.001$"),
    (lambda: lk.poly(min_lr_ratio=1.5), r"^poly: min_lr_ratio must be <= 1, got 1.5$"),
    (lambda: lk.poly(min_lr=0.1, min_lr_ratio=0.1), r"^poly: min_lr must be left out when min_lr_ratio is given"),
    (lambda: lk.poly(cycle=1), r"^poly: cycle must be true or false, got 1$"),
    (lambda: lk.inverse_time(), r"^inverse_time: decay_rate must be a number, got None$"),
    (lambda: lk.inverse_time(decay_rate=0), r"^inverse_time: decay_rate must be > 0, got 0.0$"),
    (lambda: lk.inverse_time(decay_rate=float("nan")), r"^inverse_time: decay_rate must be finite, got nan$"),
    (lambda: lk.inverse_time(decay_rate=1, decay_steps=-3), r"^inverse_time: decay_steps must be > 0, got '-3'$"),
    (lambda: lk.inverse_time(decay_rate=1, decay_steps="2ep").bind(),
     r"^inverse_time: decay_steps=2ep is in epochs: pass steps_per_epoch=… to bind\(\)$"),
    (lambda: lk.tanh(lb=3.0), r"^tanh: lb must be < ub \(3\), got 3.0$"),
    (lambda: lk.tanh(ub=float("inf")), r"^tanh: ub must be finite, got inf$"),
    (lambda: lk.tanh(min_lr=-1.0), r"^tanh: min_lr must be >= 0, got -1.0$"),
    (lambda: lk.tanh(min_lr=0.1, min_lr_ratio=0.1), r"^tanh: min_lr must be left out when min_lr_ratio is given"),
    (lambda: lk.tanh().bind(), r"^tanh\(\) needs the run length"),
]


@pytest.mark.parametrize("make,msg", RULES, ids=[f"rule{i}" for i in range(len(RULES))])
def test_rejects(make, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        make()


def test_from_dict_errors_are_spec_errors():
    with pytest.raises(lk.SpecError, match=r"^step: gamma must be > 0"):
        lk.from_dict({"type": "step", "step_size": 10, "gamma": 0})
    with pytest.raises(lk.SpecError, match=r"^exponential: unknown parameter 'rate'"):
        lk.from_dict({"type": "exponential", "rate": 0.9})


# ---- optax and Keras parity (the real libraries) ---------------------------------------

@pytest.mark.slow  # importing jax takes ~2 s
def test_optax_exponential_and_polynomial():
    optax = pytest.importorskip("optax")
    jax = pytest.importorskip("jax")
    steps = np.arange(0, 600)
    cases = [
        (optax.exponential_decay(0.3, transition_steps=50, decay_rate=0.9),
         lk.exponential(decay_rate=0.9, decay_steps=50)),
        (optax.exponential_decay(0.3, transition_steps=50, decay_rate=0.9, staircase=True, end_value=0.05),
         lk.exponential(decay_rate=0.9, decay_steps=50, staircase=True, min_lr=0.05)),
        (optax.polynomial_schedule(0.3, 0.003, power=2.0, transition_steps=400),
         lk.poly(400, power=2.0, min_lr=0.003)),
        (optax.linear_schedule(0.3, 0.03, transition_steps=250), lk.linear(250, end_factor=0.1)),
    ]
    for peer, ours in cases:
        want = np.asarray(jax.vmap(peer)(np.asarray(steps[::7], dtype=np.int32)), dtype=np.float64)
        got = ours.bind()(steps[::7], 0.3)
        np.testing.assert_allclose(got, want, rtol=2e-6)  # optax runs in float32


@pytest.mark.slow  # importing Keras takes ~3 s
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_inverse_time_exponential_polynomial():
    keras = pytest.importorskip("keras")
    sch = keras.optimizers.schedules
    steps = np.arange(0, 900, 11)
    cases = [
        (sch.InverseTimeDecay(0.3, decay_steps=40, decay_rate=0.7), lk.inverse_time(decay_rate=0.7, decay_steps=40)),
        (sch.InverseTimeDecay(0.3, decay_steps=40, decay_rate=0.7, staircase=True),
         lk.inverse_time(decay_rate=0.7, decay_steps=40, staircase=True)),
        (sch.ExponentialDecay(0.3, decay_steps=100, decay_rate=0.96, staircase=True),
         lk.exponential(decay_rate=0.96, decay_steps=100, staircase=True)),
        (sch.PolynomialDecay(0.3, decay_steps=300, end_learning_rate=0.01, power=0.5),
         lk.poly(300, power=0.5, min_lr=0.01)),
        (sch.PolynomialDecay(0.3, decay_steps=300, end_learning_rate=0.01, power=2.0, cycle=True),
         lk.poly(300, power=2.0, min_lr=0.01, cycle=True)),
    ]
    for peer, ours in cases:
        want = np.asarray([float(keras.ops.convert_to_numpy(peer(int(s)))) for s in steps])
        got = ours.bind()(steps, 0.3)
        np.testing.assert_allclose(got, want, rtol=2e-6)  # Keras computes in float32
