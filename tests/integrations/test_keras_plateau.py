"""Keras 3 (torch backend): PlateauCallback inside model.fit with validation data, against PlateauController."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")

import lrkit as lk  # noqa: E402
import lrkit.keras  # noqa: E402

LR = 0.05


class _Record(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.lrs, self.vals = [], []

    def on_train_batch_begin(self, batch, logs=None):
        self.lrs.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

    def on_epoch_end(self, epoch, logs=None):
        self.vals.append(float(logs["val_loss"]))


def _data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    return x, rng.normal(size=(n, 1)).astype("float32")  # pure noise: the validation loss stalls


@pytest.mark.parametrize("plateau", ["plateau(factor=0.5, patience=0, threshold=0.01)",
                                     "plateau(factor=0.3, patience=1, threshold=0.05, cooldown=1, min_lr=0.004)"])
def test_plateau_callback_cuts_like_the_controller(plateau):
    keras.utils.set_random_seed(0)
    spec = f"warmup(3) >> {plateau}"
    epochs, batches = 6, 4
    sched = lrkit.keras.schedule(spec, total_steps=epochs * batches, base_lr=LR)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=sched), loss="mse")
    rec = _Record()
    cb = lrkit.keras.PlateauCallback(sched, monitor="val_loss")
    model.fit(*_data(32, 0), validation_data=_data(16, 1), epochs=epochs, batch_size=8, verbose=0,
              shuffle=False, callbacks=[rec, cb])
    node = next(n for n in lk.parse(spec).walk() if n.name == "plateau")
    ctl = node.controller()
    cuts = np.cumsum([ctl.step(v) for v in rec.vals])
    assert cb.controller.state_dict() == ctl.state_dict()
    assert sched.reductions == cuts[-1] >= 1  # the run did plateau
    curve = lk.parse(spec).bind(total_steps=epochs * batches)
    expected = []
    for e in range(epochs):  # cuts decided after epoch e apply from epoch e + 1
        k = 0 if e == 0 else int(cuts[e - 1])
        expected += list(curve(np.arange(e * batches, (e + 1) * batches), LR, reductions=k))
    np.testing.assert_allclose(rec.lrs, expected, rtol=1e-6, atol=1e-9)


def test_plateau_callback_needs_the_metric_and_one_plateau():
    sched = lrkit.keras.schedule("warmup(2) >> plateau", total_steps=8, base_lr=LR)
    cb = lrkit.keras.PlateauCallback(sched, monitor="val_acc")
    with pytest.raises(lk.LRKitError, match="metric 'val_acc' is not in the epoch logs \\(loss, val_loss\\)"):
        cb.on_epoch_end(0, {"loss": 1.0, "val_loss": 1.0})
    with pytest.raises(lk.LRKitError, match="exactly one plateau"):
        lrkit.keras.PlateauCallback(lrkit.keras.schedule("cosine", total_steps=8, base_lr=LR))


def test_epochs_without_validation_are_skipped_and_a_missing_feed_is_warned():
    keras.utils.set_random_seed(0)
    spec = "plateau(factor=0.5, patience=0, threshold=0.01)"
    sched = lrkit.keras.schedule(spec, total_steps=6 * 4, base_lr=LR)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=sched), loss="mse")
    rec, cb = _Record(), lrkit.keras.PlateauCallback(sched)
    rec.on_epoch_end = lambda epoch, logs=None: rec.vals.append(logs.get("val_loss"))
    model.fit(*_data(32, 0), validation_data=_data(16, 1), validation_freq=2, epochs=6, batch_size=8, verbose=0,
              shuffle=False, callbacks=[rec, cb])
    fed = [v for v in rec.vals if v is not None]
    assert len(fed) == 3 and rec.vals[0] is None
    ctl = lk.parse(spec).controller()
    for v in fed:
        ctl.step(v)
    assert cb.controller.state_dict() == ctl.state_dict()

    cb2 = lrkit.keras.PlateauCallback(lrkit.keras.schedule(spec, total_steps=4, base_lr=LR))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=cb2.schedule), loss="mse")
    with pytest.warns(lk.LRKitWarning, match="'val_loss' was never in the epoch logs"):
        model.fit(*_data(32, 0), epochs=1, batch_size=8, verbose=0, callbacks=[cb2])


def test_plateau_callback_needs_an_lrkit_schedule():
    with pytest.raises(lk.LRKitError, match="schedule must be the lrkit.keras.schedule.*got ExponentialDecay"):
        lrkit.keras.PlateauCallback(keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))
