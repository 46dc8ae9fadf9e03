"""piecewise (schedules/piecewise.py): golden values, validation, optax / Keras / numpy parity."""

import math

import numpy as np
import pytest

import lrkit as lk


def test_constant_golden():
    c = lk.piecewise([100, 250, 400], [1.0, 0.3, 0.05, 0.002]).bind()
    b = 0.7
    expect = {0: b, 99: b, 100: b * 0.3, 249: b * 0.3, 250: b * 0.05, 399: b * 0.05, 400: b * 0.002, 10**6: b * 0.002}
    steps = np.array(sorted(expect))
    np.testing.assert_allclose(c(steps, b), [expect[s] for s in steps], rtol=1e-15)


def test_linear_golden():
    c = lk.piecewise([100, 300], [0.0, 1.0, 0.1], interpolate="linear").bind()
    b = 0.7
    expect = {0: 0.0, 25: b * 0.25, 100: b, 200: b * (1.0 + (0.1 - 1.0) * 0.5), 299: b * (1.0 - 0.9 * 199 / 200),
              300: b * 0.1, 5000: b * 0.1}
    steps = np.array(sorted(expect))
    np.testing.assert_allclose(c(steps, b), [expect[s] for s in steps], rtol=1e-14)


def test_cosine_golden():
    c = lk.piecewise([100, 300], [1.0, 0.5, 0.0], interpolate="cosine").bind()
    expect = {0: 1.0, 50: 0.5 + 0.5 / 2 * (math.cos(math.pi * 0.5) + 1), 100: 0.5,
              150: 0.0 + 0.5 / 2 * (math.cos(math.pi * 0.25) + 1), 300: 0.0, 400: 0.0}
    steps = np.array(sorted(expect))
    np.testing.assert_allclose(c(steps, 1.0), [expect[s] for s in steps], rtol=1e-14, atol=1e-16)


def test_units_and_groups():
    c = lk.piecewise(["2ep", "50%"], [1.0, 0.1, 0.01]).bind(total_steps=1000, steps_per_epoch=100)
    out = c(np.array([199, 200, 499, 500]), np.array([1.0, 0.5]))
    np.testing.assert_allclose(out, [[1.0, 0.5], [0.1, 0.05], [0.1, 0.05], [0.01, 0.005]], rtol=1e-15)


def test_numpy_interp_parity():
    rng = np.random.default_rng(0)
    for _ in range(5):
        k = int(rng.integers(1, 6))
        bounds = np.cumsum(rng.integers(1, 200, size=k))
        factors = rng.uniform(0, 2, size=k + 1)
        c = lk.piecewise([int(x) for x in bounds], [float(x) for x in factors], interpolate="linear").bind()
        steps = np.arange(0, int(bounds[-1]) + 50)
        np.testing.assert_allclose(c(steps, 1.0), np.interp(steps, np.concatenate(([0], bounds)), factors),
                                   rtol=1e-12, atol=1e-15)


def test_round_trip():
    for s in (lk.piecewise([10, "2ep", "50%"], [1, 0.5, 0.2, 0.1]), lk.piecewise([5], [0, 1], interpolate="cosine")):
        assert lk.from_dict(s.to_dict()) == s
        assert str(s).startswith("piecewise([")


RULES = [
    (lambda: lk.piecewise(), r"^piecewise: boundaries must be a list of durations, got None$"),
    (lambda: lk.piecewise([], [1.0]), r"^piecewise: boundaries must be a non-empty list of durations, got \[\]$"),
    (lambda: lk.piecewise([10]), r"^piecewise: factors must be a list of numbers, got None$"),
    (lambda: lk.piecewise([20, 10], [1, 1, 1]), r"^piecewise: boundaries must be strictly increasing, got '\[20, 10\]'$"),
    (lambda: lk.piecewise([0, 10], [1, 1, 1]), r"^piecewise: boundaries must be > 0, got '0'$"),
    (lambda: lk.piecewise([10], [1.0]), r"^piecewise: factors must be one more than the boundaries \(2 numbers"),
    (lambda: lk.piecewise([10], [1.0, -0.5]), r"^piecewise: factors must be a list of finite numbers >= 0, got \[1.0, -0.5\]$"),
    (lambda: lk.piecewise([10], [1.0, float("nan")]), r"^piecewise: factors must be a list of finite numbers >= 0"),
    (lambda: lk.piecewise([10], [1.0, 0.5], interpolate="cubic"),
     r"^piecewise: interpolate must be one of 'constant', 'linear', 'cosine', got 'cubic'$"),
    (lambda: lk.piecewise(["2ep", 150], [1, 1, 1]).bind(steps_per_epoch=100),
     r"^piecewise: boundaries must be strictly increasing once resolved to steps, got \[2ep, 150\] = \[200, 150\] steps$"),
    (lambda: lk.piecewise(["5%"], [1, 1]).bind(), r"^piecewise: boundaries=5% needs the run length"),
]


@pytest.mark.parametrize("make,msg", RULES, ids=[f"rule{i}" for i in range(len(RULES))])
def test_rejects(make, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        make()


@pytest.mark.slow  # importing jax takes ~2 s
def test_optax_parity():
    optax = pytest.importorskip("optax")
    jax = pytest.importorskip("jax")
    bs = {100: 0.5, 250: 0.2, 400: 0.1}
    factors = list(np.cumprod([1.0, 0.5, 0.2, 0.1]))
    steps = np.arange(0, 600, 3)
    cases = [
        (optax.piecewise_constant_schedule(0.4, bs), lk.piecewise([100, 250, 400], factors)),
        (optax.piecewise_interpolate_schedule("linear", 0.4, bs),
         lk.piecewise([100, 250, 400], factors, interpolate="linear")),
        (optax.piecewise_interpolate_schedule("cosine", 0.4, bs),
         lk.piecewise([100, 250, 400], factors, interpolate="cosine")),
    ]
    for peer, ours in cases:
        want = np.asarray(jax.vmap(peer)(np.asarray(steps, dtype=np.int32)), dtype=np.float64)
        np.testing.assert_allclose(ours.bind()(steps, 0.4), want, rtol=2e-6, atol=1e-9)  # optax: float32


@pytest.mark.slow  # importing Keras takes ~3 s
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_keras_piecewise_constant_is_one_step_later():
    keras = pytest.importorskip("keras")
    values = [0.4, 0.1, 0.02]
    peer = keras.optimizers.schedules.PiecewiseConstantDecay([100, 250], values)
    ours = lk.piecewise([101, 251], [v / values[0] for v in values]).bind()  # Keras keeps the old value at b
    steps = np.array([0, 99, 100, 101, 250, 251, 400])
    want = np.asarray([float(keras.ops.convert_to_numpy(peer(int(s)))) for s in steps])
    np.testing.assert_allclose(ours(steps, 0.4), want, rtol=2e-7)
