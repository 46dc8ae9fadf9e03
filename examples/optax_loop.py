"""JAX/optax: an lrkit schedule as a jit-compatible optax learning rate.

Run: python examples/optax_loop.py   (CPU, linear regression, ~2 s)
"""

import jax
import jax.numpy as jnp
import optax

import lrkit.jax

SPEC = "warmup(5%) >> cosine(min_lr=1e-4)"
STEPS = 200


def main():
    key_x, key_w = jax.random.split(jax.random.PRNGKey(0))
    x = jax.random.normal(key_x, (512, 8))
    y = x @ jax.random.normal(key_w, (8,))
    schedule = lrkit.jax.schedule(SPEC, total_steps=STEPS, base_lr=0.05)
    opt = optax.adamw(learning_rate=schedule, weight_decay=1e-4)
    params = jnp.zeros(8)
    state = opt.init(params)

    @jax.jit
    def step(params, state):
        loss, grads = jax.value_and_grad(lambda p: jnp.mean((x @ p - y) ** 2))(params)
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state, loss

    for i in range(STEPS):
        params, state, loss = step(params, state)
        if i % 50 == 0 or i == STEPS - 1:
            print(f"step {i:3d}  lr {float(schedule(i)):.5g}  loss {float(loss):.5f}")


if __name__ == "__main__":
    main()
