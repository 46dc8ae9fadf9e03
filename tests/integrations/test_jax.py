"""JAX/optax: the lrkit schedule as a jitted optax learning rate."""

import numpy as np
import pytest

jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import lrkit as lk  # noqa: E402
import lrkit.jax  # noqa: E402

SPEC = "warmup(5) >> cosine(min_lr=1e-4)"


def test_schedule_is_jittable_and_matches_the_curve():
    fn = lrkit.jax.schedule(SPEC, total_steps=50, base_lr=0.05)
    steps = jnp.arange(60)
    got = np.asarray(jax.jit(jax.vmap(fn))(steps))
    expected = lk.parse(SPEC).bind(total_steps=50)(np.minimum(np.arange(60), 50), 0.05)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)


def test_optax_updates_follow_the_schedule():
    fn = lrkit.jax.schedule(SPEC, total_steps=20, base_lr=0.1)
    opt = optax.sgd(learning_rate=fn)
    params = jnp.zeros(3)
    state = opt.init(params)

    @jax.jit
    def update(params, state):
        grads = jnp.ones(3)  # loss = sum(params): the update is -lr
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state, updates

    deltas = []
    for _ in range(20):
        params, state, updates = update(params, state)
        deltas.append(-float(updates[0]))
    expected = lk.parse(SPEC).bind(total_steps=20)(np.arange(20), 0.1)
    np.testing.assert_allclose(deltas, expected, rtol=1e-6, atol=1e-9)


def test_plateau_is_refused_with_the_optax_alternative():
    with pytest.raises(lk.LRKitError, match="optax.contrib.reduce_on_plateau"):
        lrkit.jax.schedule("warmup(5) >> plateau", total_steps=20, base_lr=0.1)


def test_bad_base_lr_is_one_clear_error():
    for bad in ("0.1", [0.1, 0.2], float("inf")):
        with pytest.raises(lk.LRKitError, match=r"^base_lr must be a number >= 0 \(the LR the schedule multiplies\)"):
            lrkit.jax.schedule("cosine", total_steps=10, base_lr=bad)


def test_sample_budgets_convert_like_steps():
    fn = lrkit.jax.schedule("warmup(2ksp) >> cosine", total_steps="20ksp", base_lr=0.1, samples_per_step=256)
    steps = jnp.arange(80)
    in_steps = lk.parse("warmup(8) >> cosine").bind(total_steps=79)(np.minimum(np.arange(80), 79), 0.1)
    np.testing.assert_allclose(np.asarray(jax.jit(jax.vmap(fn))(steps)), in_steps, rtol=1e-6, atol=1e-9)
    with pytest.raises(lk.LRKitError, match="is in samples: pass samples_per_step="):
        lrkit.jax.schedule("warmup(2ksp) >> cosine", total_steps=100, base_lr=0.1)


def test_weight_decay_and_b1_through_inject_hyperparams():
    """optax.inject_hyperparams takes an lrkit schedule for any hyperparameter: base_lr is its peak value."""
    total = 12
    lr = lrkit.jax.schedule("warmup(2) >> cosine", total, base_lr=0.1)
    wd = lrkit.jax.schedule("linear(end_factor=0.1)", total, base_lr=0.05)
    b1 = lrkit.jax.schedule("warmup(4, start_factor=0.9) >> constant", total, base_lr=0.95)
    opt = optax.inject_hyperparams(optax.adamw)(learning_rate=lr, weight_decay=wd, b1=b1)
    params = jnp.ones(3)
    state = opt.init(params)
    seen = []
    for _ in range(total):
        updates, state = opt.update(jnp.full(3, 0.5), state, params)
        params = optax.apply_updates(params, updates)
        hp = state.hyperparams  # the values the update just made used
        seen.append([float(hp["learning_rate"]), float(hp["weight_decay"]), float(hp["b1"])])
    t = np.arange(total)
    want = np.stack([lk.parse("warmup(2) >> cosine").bind(total_steps=total)(t, 0.1),
                     lk.parse("linear(end_factor=0.1)").bind(total_steps=total)(t, 0.05),
                     lk.parse("warmup(4, start_factor=0.9) >> constant").bind(total_steps=total)(t, 0.95)], 1)
    np.testing.assert_allclose(np.asarray(seen), want, rtol=1e-6, atol=1e-9)
