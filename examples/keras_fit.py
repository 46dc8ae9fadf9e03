"""Keras 3: an lrkit schedule as the optimizer's learning_rate; it survives model.save / load_model.

Run: python examples/keras_fit.py   (any Keras backend; torch by default here, ~3 s)
"""

import os
import tempfile

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402

import lrkit.keras  # noqa: E402

SPEC = "warmup(10%) >> cosine(min_lr=1e-4)"


def main():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(256, 8)).astype("float32")
    y = (x.sum(axis=1, keepdims=True) > 0).astype("float32")
    epochs, batch = 5, 32
    total = epochs * (len(x) // batch)
    schedule = lrkit.keras.schedule(SPEC, total_steps=total, base_lr=0.05)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
    hist = model.fit(x, y, epochs=epochs, batch_size=batch, verbose=0)
    print(f"{SPEC} over {total} steps: lr at 0/4/20/40 = "
          + ", ".join(f"{float(schedule(t)):.4g}" for t in (0, 4, 20, 40)))
    print(f"final accuracy {hist.history['accuracy'][-1]:.3f}")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "model.keras")
        model.save(path)
        again = keras.models.load_model(path)
        print("reloaded schedule:", again.optimizer._learning_rate.get_config()["spec"])


if __name__ == "__main__":
    main()
