"""One formula, three array namespaces: every family's closed form in numpy, jax.numpy (under jit) and keras.ops.

The numpy curve is the reference (float64, held to torch/transformers by the parity
tests). JAX computes in float32: there the step itself is rounded to float32 (to a
multiple of 64 near 10^9), so each comparison evaluates numpy at that same rounded
step, and the LRs must then agree to a few float32 rounding steps of the base LR.
Keras (torch backend) computes in its float type, float32, with the same bound.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
jax = pytest.importorskip("jax")
keras = pytest.importorskip("keras")
import jax.numpy as jnp  # noqa: E402


import lrkit as lk  # noqa: E402
import lrkit.jax  # noqa: E402
from lrkit.schedules.plateau import _cut_closed_form  # noqa: E402

#: 8 float32 rounding steps of the base LR (the worst measured is under 4; see docs/integrations.md)
F32_ATOL = 8 * 2.0 ** -23

#: at least one spec per registered family (checked below), with its awkward options
SPECS = [
    "warmup(5%) >> cosine", "warmup(5%, mode=exponential, start_factor=0.01) >> cosine(min_lr=1e-5)",
    "cosine(num_cycles=2, min_lr_ratio=0.1)", "constant(10%, factor=0.3) >> linear(start_factor=0.5)",
    "step(10%, gamma=0.5)", "multistep([30%, 60%, 90%])", "exponential(gamma=0.99999999)",
    "exponential(decay_rate=0.5, decay_steps=10%, staircase=true)", "exponential(end_factor=0.001, min_lr=0.01)",
    "poly(power=2, min_lr=0.01)", "poly(20%, power=0.9, cycle=true)", "inverse_time(decay_rate=2, decay_steps=10%)",
    "tanh(min_lr_ratio=0.05)", "piecewise([20%, 50%], [1, 0.5, 0.1])",
    "piecewise([20%, 50%], [0, 1, 0.1], interpolate=linear)", "piecewise([20%, 50%], [0, 1, 0.1], interpolate=cosine)",
    "cyclic(5%, mode=triangular2)", "cyclic(5%, base_lr=0.001, max_lr=0.1, mode=exp_range, gamma=0.9999999)",
    "onecycle", "onecycle(anneal_strategy=linear, three_phase=true)", "restarts(10%, period_mult=2, decay=0.5)",
    "restarts(7%, k_decay=2, limit=3, min_lr=0.01)", "inverse_sqrt(5%)", "inverse_sqrt(4000, d_model=512)",
    "wsd(warmup=5%)", "wsd(warmup=5%, warmup_type=cosine, decay_type=sqrt, min_lr_ratio=0.1)",
    "warmup(5%) >> cosine * clip(min_lr=0.01, max_lr=0.9)", "0.5 * (warmup(1%) >> plateau)",
]


def _steps(total):
    rng = np.random.default_rng(0)
    s = np.concatenate([rng.integers(0, total + 1, 500), np.linspace(0, total, 401).astype(np.int64),
                        total - np.arange(20), np.arange(20)])
    return np.unique(s[(s >= 0) & (s <= total)])


def test_every_family_is_covered():
    used = {n.name for spec in SPECS for n in lk.parse(spec).walk()}
    assert set(lk.REGISTRY) - used == {"lambda_"}  # lambda_: tested with a function below


@pytest.mark.parametrize("total", [1000, 10**9])
def test_jax_float32_under_jit_matches_numpy(total):
    steps = _steps(total)
    t32 = np.float32(steps)
    for spec in SPECS:
        curve = lk.parse(spec).bind(total_steps=total)
        got = np.asarray(jax.jit(lambda t: curve.evaluate(t, 0.5, xp=jnp))(jnp.asarray(t32)), dtype=np.float64)
        want = curve(t32.astype(np.float64), 0.5)
        np.testing.assert_allclose(got, want, rtol=0, atol=F32_ATOL * 0.5, err_msg=spec)


def test_jax_float64_matches_numpy_to_float64_rounding():
    steps = _steps(10**9).astype(np.float64)
    with jax.enable_x64(True):
        for spec in SPECS:
            curve = lk.parse(spec).bind(total_steps=10**9)
            got = np.asarray(jax.jit(lambda t: curve.evaluate(t, 0.5, xp=jnp))(jnp.asarray(steps)))
            np.testing.assert_allclose(got, curve(steps, 0.5), rtol=1e-9, atol=1e-12, err_msg=spec)


def test_keras_ops_match_numpy():
    t32 = np.float32(_steps(10**6))
    t = keras.ops.convert_to_tensor(t32, dtype="float32")
    for spec in SPECS:
        curve = lk.parse(spec).bind(total_steps=10**6)
        got = keras.ops.convert_to_numpy(curve.evaluate(t, 0.5, xp=keras.ops)).astype(np.float64)
        np.testing.assert_allclose(got, curve(t32.astype(np.float64), 0.5), rtol=0, atol=F32_ATOL * 0.5, err_msg=spec)


def test_numpy_evaluate_is_the_curve_itself():
    steps = np.arange(0, 1001, 7, dtype=np.float64)
    for spec in SPECS:
        curve = lk.parse(spec).bind(total_steps=1000, steps_per_epoch=30, per="epoch")
        np.testing.assert_array_equal(curve.evaluate(steps, 0.5, xp=np), curve(steps, 0.5), err_msg=spec)


def test_a_billion_step_run_under_jit_has_no_table():
    fn = lrkit.jax.schedule("warmup(5%) >> cosine", total_steps=10**9, base_lr=1.0)
    jaxpr = jax.make_jaxpr(fn)(jnp.int32(0))
    assert all(np.size(c) <= 1 for c in jaxpr.consts)  # the old table held total_steps + 1 floats
    jitted = jax.jit(fn)
    steps = np.array([0, 1, 2, 12_345, 49_999_999, 50_000_000, 50_000_001, 123_456_789, 500_000_000,
                      999_999_999, 10**9, 2 * 10**9], dtype=np.int64)
    got = np.array([float(jitted(jnp.asarray(s, dtype=jnp.int32) if s < 2**31 else s)) for s in steps])
    curve = lk.parse("warmup(5%) >> cosine").bind(total_steps=10**9)
    at = np.minimum(np.float32(steps).astype(np.float64), 10**9)  # the step as float32 holds it
    np.testing.assert_allclose(got, curve(at, 1.0), rtol=0, atol=F32_ATOL)
    # and the float32 step is within 32 steps of the true one: the LR moves by far less than that
    np.testing.assert_allclose(got, curve(np.minimum(steps, 10**9), 1.0), rtol=0, atol=F32_ATOL)
    assert got[0] == 0.0 and got[5] == 1.0 and got[-2] == got[-1] == 0.0


def test_lambda_runs_with_the_frameworks_array():
    curve = lk.lambda_(lambda s: 0.99 ** s, duration=50).bind()
    steps = np.arange(60, dtype=np.float64)
    got = np.asarray(jax.jit(lambda t: curve.evaluate(t, 1.0, xp=jnp))(jnp.asarray(steps, dtype=jnp.float32)))
    np.testing.assert_allclose(got, curve(steps, 1.0), rtol=2e-6)


@pytest.mark.parametrize("factor", [0.0, 0.1, 0.5, 0.9])
@pytest.mark.parametrize("min_lr,eps", [(0.0, 1e-8), (1e-3, 0.0), (0.02, 1e-3), (0.0, 0.0)])
def test_plateau_cuts_in_closed_form_match_the_cuts_one_at_a_time(factor, min_lr, eps):
    curve = lk.plateau(factor=factor, min_lr=min_lr, eps=eps).bind()
    bases = np.array([1.0, 0.3, 0.1, 0.0301, 0.02, 1e-3, 0.0])
    with jax.enable_x64(True):
        for k in range(0, 40, 3):
            want = np.array([curve(0, b, reductions=k) for b in bases])
            got = np.asarray(_cut_closed_form(jnp, jnp.asarray(bases), min_lr, factor, eps, jnp.asarray(float(k))))
            # equal up to rounding; where rounding puts a value on the eps limit, one cut apart (<= eps)
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=max(eps, 1e-300) * 1.01)


def test_a_function_that_cannot_take_the_array_is_one_clear_error():
    def warm(s):
        return 1.0 if s < 10 else 0.5  # Python branching: fine in numpy, not on a traced array

    curve = lk.lambda_(warm).bind()
    assert curve(np.arange(12), 1.0).tolist()[9:] == [1.0, 0.5, 0.5]
    with pytest.raises(lk.LRKitError, match=r"^lambda_: the function failed on the framework's array of steps .*"
                                            r"write it with array operations"):
        jax.jit(lambda t: curve.evaluate(t, 1.0, xp=jnp))(jnp.arange(12.0))
