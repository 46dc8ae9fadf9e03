"""Test-wide environment (also for the doctests under src/): no display, one thread, Keras on torch."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("KERAS_BACKEND", "torch")  # Keras 3 without TensorFlow
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
