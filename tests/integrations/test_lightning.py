"""Lightning: Trainer.fit on a tiny module with the lrkit scheduler, plateau, monitor and finder callbacks."""

import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
L = pytest.importorskip("lightning")

import lrkit as lk  # noqa: E402
import lrkit.lightning as lkl  # noqa: E402

LR = 0.05


def _loader(n=40, batch=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 4, generator=g)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(n, generator=g)
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y[:, None]), batch_size=batch)


class _Module(L.LightningModule):
    def __init__(self, spec, per="step", monitor="val_loss", groups=1):
        super().__init__()
        torch.manual_seed(0)
        self.net = torch.nn.Linear(4, 1)
        self.spec, self.per, self.monitor, self.groups = spec, per, monitor, groups
        self.lr = LR
        self.lrs = []
        self.vals = []

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", torch.nn.functional.mse_loss(self.net(x), y))

    def on_validation_epoch_end(self):
        self.vals.append(float(self.trainer.callback_metrics["val_loss"]))

    def on_before_optimizer_step(self, optimizer):  # the LRs this update uses
        self.lrs.append([float(g["lr"]) for g in optimizer.param_groups])

    def configure_optimizers(self):
        if self.groups == 1:
            params = self.parameters()
        else:
            params = [{"params": [self.net.weight]}, {"params": [self.net.bias], "lr": self.lr / 10}]
        opt = torch.optim.SGD(params, lr=self.lr, momentum=0.9)
        return lkl.configure_optimizers(opt, self.spec, self.trainer, per=self.per, monitor=self.monitor)


def _trainer(**kw):
    base = dict(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False, enable_progress_bar=False,
                enable_model_summary=False, max_epochs=3, num_sanity_val_steps=0)
    base.update(kw)
    return L.Trainer(**base)


def _fit(module, trainer, val=False):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Lightning's "num_workers" advice etc.
        trainer.fit(module, _loader(), _loader(8, seed=1) if val else None)
    return np.asarray(module.lrs)


def test_fit_steps_the_lrkit_curve_per_update_two_groups():
    spec = "warmup(10%) >> cosine(min_lr=1e-4)"
    module = _Module(spec, groups=2)
    lrs = _fit(module, _trainer())
    assert lrs.shape == (30, 2)  # 10 batches x 3 epochs
    curve = lk.parse(spec).bind(total_steps=30, steps_per_epoch=10)
    np.testing.assert_allclose(lrs, curve(np.arange(30), np.array([LR, LR / 10])), rtol=1e-12)
    assert lrs[0, 0] == 0.0 and lrs[3, 0] == LR


def test_epoch_units_gradient_accumulation_and_per_epoch():
    # 10 batches, accumulate 3 -> ceil(10/3) = 4 updates per epoch (Lightning steps on the last partial one)
    spec = "warmup(1ep) >> multistep(milestones=[1ep], gamma=0.5)"
    module = _Module(spec, per="epoch")
    lrs = _fit(module, _trainer(accumulate_grad_batches=3))[:, 0]
    assert len(lrs) == 12
    expected = lk.parse(spec).bind(total_steps=12, steps_per_epoch=4, per="epoch")(np.arange(12), LR)
    np.testing.assert_allclose(lrs, expected, rtol=1e-12)
    assert lkl.run_length(module.trainer) == (12, 4)


def test_plateau_through_lightning_reduce_on_plateau():
    spec = "warmup(5) >> plateau(factor=0.5, patience=0, threshold=0)"
    module = _Module(spec)
    lrs = _fit(module, _trainer(max_epochs=4), val=True)[:, 0]
    sched = module.trainer.lr_scheduler_configs[0].scheduler
    assert len(module.vals) == 4 and sched.controller.last_epoch == 4  # one metric per epoch, not per step
    # Lightning's val_loss history through a fresh controller: cuts after epoch e apply from epoch e+1
    ctl = lk.plateau(factor=0.5, patience=0, threshold=0).controller()
    cuts = np.cumsum([ctl.step(v) for v in module.vals])
    expected = [LR * i / 5 for i in range(5)] + [LR] * 5
    for e in range(1, 4):
        expected += [LR * 0.5 ** cuts[e - 1]] * 10
    np.testing.assert_allclose(lrs, expected, rtol=1e-12)
    assert sched.reductions == cuts[-1]


def test_plateau_needs_the_two_configs():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(lk.LRKitError, match="holds plateau.*configure_optimizers"):
        lkl.scheduler_config(opt, "plateau", None, total_steps=10)


def test_unknown_run_length_is_an_error():
    from types import SimpleNamespace as NS

    with pytest.raises(lk.LRKitError, match="set Trainer\\(max_steps="):
        lkl.run_length(NS(estimated_stepping_batches=float("inf"), num_training_batches=float("inf"),
                          accumulate_grad_batches=1))


def test_monitor_callback_logs_every_update():
    spec = "warmup(3) >> linear"
    module = _Module(spec)
    seen = []
    mon = lkl.MonitorCallback(log=lambda step, lrs: seen.append((step, lrs[0])))
    _fit(module, _trainer(max_epochs=1, callbacks=[mon]))
    expected = lk.parse(spec).bind(total_steps=10)(np.arange(10), LR)
    assert [s for s, _ in seen] == list(range(1, 11))
    np.testing.assert_allclose([lr for _, lr in seen], expected, rtol=1e-12)
    assert mon.findings == [] and "10 optimizer steps" in mon.summary()


def test_finder_callback_sets_the_base_lr_of_the_schedule():
    spec = "warmup(2) >> cosine"
    module = _Module(spec)
    from lrkit.finder.lightning import LRFinder

    finder = LRFinder(start_lr=1e-4, end_lr=1.0, num_iter=20)
    before = module.net.weight.detach().clone()
    at_start = []

    class _Weights(L.Callback):
        def on_train_start(self, trainer, pl_module):  # after the finder's on_fit_start
            at_start.append(pl_module.net.weight.detach().clone())

    trainer = _trainer(max_epochs=1, callbacks=[finder, _Weights()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.fit(module, _loader())
    lr = finder.lr
    assert finder.result is not None and lr == finder.result.suggest() and 1e-4 < lr < 1.0
    assert module.lr == lr
    lrs = np.asarray(module.lrs)[:, 0]
    # the fit ran the schedule from step 0 on the suggested base; the sweep's updates did not move it
    np.testing.assert_allclose(lrs, lk.parse(spec).bind(total_steps=10)(np.arange(10), lr), rtol=1e-12)
    # the sweep's 20 updates were undone: training started from the initial weights
    assert torch.equal(at_start[0], before)
    assert finder.result.num_iter >= 10


def test_resume_from_a_lightning_checkpoint_continues_the_curve(tmp_path):
    spec = "warmup(10%) >> cosine(min_lr=1e-4)"
    ckpt = L.pytorch.callbacks.ModelCheckpoint(dirpath=tmp_path, save_top_k=-1, every_n_epochs=1,
                                               filename="{epoch}")
    full = _fit(_Module(spec), _trainer(enable_checkpointing=True, callbacks=[ckpt]))
    resumed = _Module(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _trainer().fit(resumed, _loader(), ckpt_path=str(tmp_path / "epoch=0.ckpt"))
    assert len(resumed.lrs) == 20
    np.testing.assert_array_equal(np.asarray(resumed.lrs), full[10:])  # bit for bit


def test_sample_budgets_count_the_global_batch():
    # batch 4 x accumulate 2 x 1 process = 8 samples per update; 10 batches -> 5 updates per epoch, 3 epochs
    spec = "warmup(40sp) >> cosine(min_lr=1e-4)"
    module = _Module(spec)
    lrs = _fit(module, _trainer(accumulate_grad_batches=2))[:, 0]
    sched = module.trainer.lr_scheduler_configs[0].scheduler
    assert (sched.samples_per_step, sched.total_steps) == (8, 15)
    assert lkl.samples_per_step(module.trainer) == 8
    same_in_steps = lk.parse("warmup(5) >> cosine(min_lr=1e-4)").bind(total_steps=15)(np.arange(15), LR)
    np.testing.assert_array_equal(lrs, same_in_steps)


def test_token_budgets_need_tokens_per_step():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(lk.LRKitError, match=r"is in tokens: pass tokens_per_step=… to LRScheduler"):
        lkl.scheduler_config(opt, "warmup(4ktok) >> cosine", None, total_steps=10)
    cfg = lkl.scheduler_config(opt, "warmup(4ktok) >> cosine", None, total_steps="10ktok", tokens_per_step=1000)
    assert (cfg["scheduler"].total_steps, cfg["scheduler"].curve(2, 1.0)) == (10, 0.5)


class _ParamModule(_Module):
    """Weight decay and momentum on lrkit schedules too, through lrkit.torch.ParamScheduler."""

    def on_before_optimizer_step(self, optimizer):
        g = optimizer.param_groups[0]
        self.lrs.append([g["lr"], g["weight_decay"], g["momentum"]])

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=self.lr, momentum=0.9, weight_decay=1e-3)
        sched = lk.torch.ParamScheduler(opt, self.spec, total_steps=self.trainer.estimated_stepping_batches)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}


def test_param_scheduler_drives_weight_decay_and_momentum_in_fit():
    specs = {"lr": "warmup(3) >> cosine", "weight_decay": "linear(end_factor=0.1)",
             "momentum": "warmup(5, start_factor=0.9) >> constant"}
    used = _fit(_ParamModule(specs), _trainer(max_epochs=2))
    t = np.arange(20)
    want = np.stack([lk.parse(specs[k]).bind(total_steps=20)(t, b) for k, b in
                     (("lr", LR), ("weight_decay", 1e-3), ("momentum", 0.9))], 1)
    np.testing.assert_allclose(used, want, rtol=1e-12)
