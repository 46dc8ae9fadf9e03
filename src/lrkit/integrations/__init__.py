"""Framework integrations: HF transformers, Lightning, Keras 3 and JAX/optax.

Each module imports its framework lazily; ``import lrkit`` imports none of them.
``lrkit.keras`` and ``lrkit.jax`` are short aliases of
:mod:`lrkit.integrations.keras` and :mod:`lrkit.integrations.jax`.
"""
