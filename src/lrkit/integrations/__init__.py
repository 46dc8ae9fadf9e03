"""Keras 3 and JAX/optax adapters (behind ``lrkit.keras`` and ``lrkit.jax``), and two moved names.

Every framework adapter is ``lrkit.<framework>``: :mod:`lrkit.torch`, :mod:`lrkit.transformers`,
:mod:`lrkit.lightning`, :mod:`lrkit.keras`, :mod:`lrkit.jax`. Each imports its framework
when it is imported (and raises :class:`lrkit.errors.DependencyError` with the install
command when the framework is missing); ``import lrkit`` imports none of them.
``lrkit.integrations.transformers`` and ``lrkit.integrations.lightning`` are the old
names of :mod:`lrkit.transformers` and :mod:`lrkit.lightning`: importing them still
works, with a :class:`lrkit.errors.LRKitDeprecationWarning`.
"""
