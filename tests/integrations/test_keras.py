"""Keras 3 (torch backend): the lrkit schedule inside model.fit, save/reload, plateau callback."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")

import lrkit as lk  # noqa: E402
import lrkit.keras  # noqa: E402

SPEC = "warmup(5) >> cosine(min_lr=1e-4)"


class _RecordLR(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.lrs = []

    def on_train_batch_begin(self, batch, logs=None):
        self.lrs.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))


def _data(n=64):
    rng = np.random.default_rng(0)
    return rng.normal(size=(n, 4)).astype("float32"), rng.integers(0, 2, n)


def test_fit_uses_the_lrkit_curve():
    x, y = _data()
    total = 3 * 8  # 3 epochs x 8 batches of 8
    sched = lrkit.keras.schedule(SPEC, total_steps=total, base_lr=0.05)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=sched),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rec = _RecordLR()
    model.fit(x, y, epochs=3, batch_size=8, verbose=0, callbacks=[rec])
    expected = lk.parse(SPEC).bind(total_steps=total)(np.arange(total), 0.05)
    np.testing.assert_allclose(rec.lrs, expected, rtol=1e-6, atol=1e-9)


def test_saved_model_reloads_the_same_schedule(tmp_path):
    x, y = _data(16)
    sched = lrkit.keras.schedule(SPEC, total_steps=40, base_lr=0.1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=sched),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    path = tmp_path / "m.keras"
    model.save(path)
    again = keras.models.load_model(path)
    lr = again.optimizer._learning_rate
    assert type(lr).__name__ == "LRKitSchedule"
    assert lr.get_config() == sched.get_config()
    for t in (0, 3, 17, 40, 99):
        assert float(lr(t)) == pytest.approx(float(sched(t)), rel=1e-7)


def test_get_config_is_the_constructor_arguments():
    sched = lrkit.keras.schedule("cosine", total_steps=10, base_lr=0.1, steps_per_epoch=5, per="epoch")
    again = type(sched).from_config(sched.get_config())
    assert again.get_config() == sched.get_config()
    assert [float(again(t)) for t in range(12)] == [float(sched(t)) for t in range(12)]


def test_bad_inputs():
    with pytest.raises(lk.SpecError, match="unknown schedule 'cosin'"):
        lrkit.keras.schedule("cosin", total_steps=10, base_lr=0.1)
    with pytest.raises(lk.LRKitError, match="total_steps must be a whole number >= 1"):
        lrkit.keras.schedule("cosine", total_steps=0, base_lr=0.1)
    for bad in (10.5, "10"):  # was truncated to 10 / a bare int() ValueError
        with pytest.raises(lk.LRKitError, match=f"total_steps must be a whole number >= 1.*got {bad!r}"):
            lrkit.keras.schedule("cosine", total_steps=bad, base_lr=0.1)
    for bad in ("0.1", [0.1, 0.2], float("nan"), -0.1):
        with pytest.raises(lk.LRKitError, match=r"base_lr must be a number >= 0 \(the LR the schedule multiplies\)"):
            lrkit.keras.schedule("cosine", total_steps=10, base_lr=bad)


def test_token_budgets_and_their_config():
    sched = lrkit.keras.schedule("warmup(1Mtok) >> cosine", total_steps="10Mtok", base_lr=0.1,
                                 tokens_per_step=2**17)
    assert sched.total_steps == 77  # ceil(10e6 / 131072)
    cfg = sched.get_config()
    assert cfg["tokens_per_step"] == 2**17 and "samples_per_step" not in cfg
    again = type(sched).from_config(cfg)
    in_steps = lk.parse("warmup(8) >> cosine").bind(total_steps=77)(np.arange(80), 0.1)
    np.testing.assert_allclose([float(again(t)) for t in range(80)], np.minimum(in_steps, 0.1), rtol=1e-6, atol=1e-9)
    with pytest.raises(lk.LRKitError, match="is in tokens: pass tokens_per_step="):
        lrkit.keras.schedule("warmup(1Mtok) >> cosine", total_steps=100, base_lr=0.1)
