"""One spec, five frameworks: the LR of every update in plain torch, HF Trainer, Lightning, Keras and optax.

Each framework runs a real (tiny) training loop and the LR each update used is
recorded where the framework applies it; all must agree with the torch loop to
1e-6 relative (Keras and optax compute in float32).
"""

import os
import warnings

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("accelerate")
L = pytest.importorskip("lightning")
keras = pytest.importorskip("keras")
jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
import jax.numpy as jnp  # noqa: E402

import lrkit as lk  # noqa: E402
import lrkit.jax  # noqa: E402
import lrkit.keras  # noqa: E402
import lrkit.torch  # noqa: E402
import lrkit.lightning as lkl  # noqa: E402
import lrkit.transformers as lkt  # noqa: E402

STEPS, BATCH, LR = 20, 4, 0.05
SPECS = ["warmup(10%) >> cosine(min_lr=1e-5)",
         "onecycle(max_lr=0.1)",
         "warmup(2) >> multistep(milestones=[30%, 60%], gamma=0.1)"]


def _xy(seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(STEPS * BATCH, 4, generator=g)
    return x, x.sum(1, keepdim=True)


def torch_loop(spec):
    torch.manual_seed(0)
    net = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=0.9)
    sched = lrkit.torch.LRScheduler(opt, spec, total_steps=STEPS)
    x, y = _xy()
    lrs = []
    for i in range(STEPS):
        lrs.append(opt.param_groups[0]["lr"])
        loss = torch.nn.functional.mse_loss(net(x[i * BATCH:(i + 1) * BATCH]), y[i * BATCH:(i + 1) * BATCH])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    return lrs


class _HFNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 1)

    def forward(self, x, labels=None):
        out = self.lin(x)
        return {"loss": torch.nn.functional.mse_loss(out, labels), "logits": out}


class _HFRecord(transformers.TrainerCallback):
    def __init__(self):
        self.lrs = []

    def on_step_begin(self, args, state, control, optimizer=None, **kwargs):
        self.lrs.append(optimizer.param_groups[0]["lr"])


def hf_trainer(spec, tmp_path):
    x, y = _xy()
    data = [{"x": x[i], "labels": y[i]} for i in range(len(x))]
    args = transformers.TrainingArguments(output_dir=str(tmp_path), use_cpu=True, report_to=[], save_strategy="no",
                                          per_device_train_batch_size=BATCH, num_train_epochs=1, learning_rate=LR,
                                          disable_tqdm=True, logging_strategy="no", seed=0)
    rec = _HFRecord()
    trainer = lkt.LRKitTrainer(model=_HFNet(), args=args, train_dataset=data, lr_schedule=spec, callbacks=[rec])
    trainer.train()
    return rec.lrs


class _LModule(L.LightningModule):
    def __init__(self, spec):
        super().__init__()
        self.net, self.spec, self.lrs = torch.nn.Linear(4, 1), spec, []

    def training_step(self, batch, batch_idx):
        return torch.nn.functional.mse_loss(self.net(batch[0]), batch[1])

    def on_before_optimizer_step(self, optimizer):
        self.lrs.append(optimizer.param_groups[0]["lr"])

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=LR, momentum=0.9)
        return lkl.configure_optimizers(opt, self.spec, self.trainer)


def lightning_fit(spec):
    module = _LModule(spec)
    trainer = L.Trainer(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, max_epochs=1)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(*_xy()), batch_size=BATCH)
    trainer.fit(module, loader)
    return module.lrs


class _KerasRecord(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.lrs = []

    def on_train_batch_begin(self, batch, logs=None):
        self.lrs.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))


def keras_fit(spec):
    x, y = (t.numpy() for t in _xy())
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    sched = lrkit.keras.schedule(spec, total_steps=STEPS, base_lr=LR)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=sched, momentum=0.9), loss="mse")
    rec = _KerasRecord()
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False, callbacks=[rec])
    return rec.lrs


def optax_loop(spec):
    opt = optax.sgd(learning_rate=lrkit.jax.schedule(spec, total_steps=STEPS, base_lr=LR))
    params = jnp.zeros(2)
    state = opt.init(params)

    @jax.jit
    def update(params, state):
        updates, state = opt.update(jnp.ones(2), state, params)  # gradient 1: the update is -lr
        return optax.apply_updates(params, updates), state, -updates[0]

    lrs = []
    for _ in range(STEPS):
        params, state, lr = update(params, state)
        lrs.append(float(lr))
    return lrs


@pytest.mark.parametrize("spec", SPECS)
def test_same_lrs_in_every_framework(spec, tmp_path):
    reference = np.asarray(torch_loop(spec))
    curve = lk.parse(spec).bind(total_steps=STEPS)(np.arange(STEPS), LR)
    np.testing.assert_allclose(reference, curve, rtol=1e-12, atol=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = {"hf": hf_trainer(spec, tmp_path), "lightning": lightning_fit(spec), "keras": keras_fit(spec),
               "optax": optax_loop(spec)}
    for name, lrs in got.items():
        assert len(lrs) == STEPS, name
        np.testing.assert_allclose(np.asarray(lrs, dtype=np.float64), reference, rtol=1e-6, atol=0,
                                   err_msg=f"{name} differs from the torch loop for {spec!r}")
