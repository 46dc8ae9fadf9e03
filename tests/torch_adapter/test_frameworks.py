"""Frameworks take lrkit.torch.LRScheduler unchanged: Lightning steps it per update and with a metric."""

import warnings

import pytest
import torch

from lrkit.torch import LRScheduler


def _module(spec_config):
    import lightning.pytorch as pl

    class Tiny(pl.LightningModule):
        def __init__(self):
            super().__init__()
            self.layer = torch.nn.Linear(4, 1)
            self.lrs = []

        def training_step(self, batch, _):
            self.lrs.append(self.trainer.optimizers[0].param_groups[0]["lr"])
            return self.layer(batch[0]).pow(2).mean()

        def validation_step(self, batch, _):
            self.log("val_loss", torch.tensor(1.0))  # never improves: the plateau must cut

        def configure_optimizers(self):
            opt = torch.optim.SGD(self.parameters(), lr=0.1)
            return {"optimizer": opt, "lr_scheduler": spec_config(opt)}

    return Tiny()


def _fit(module, epochs):
    import lightning.pytorch as pl

    data = torch.utils.data.TensorDataset(torch.randn(40, 4))
    loader = torch.utils.data.DataLoader(data, batch_size=10)
    trainer = pl.Trainer(max_epochs=epochs, accelerator="cpu", logger=False, enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Lightning's own advice (num_workers, ...)
        trainer.fit(module, loader, loader)
    return module


@pytest.mark.slow
def test_lightning_steps_it_per_update_and_feeds_plateau():
    m = _fit(_module(lambda opt: {"scheduler": LRScheduler(opt, "warmup(4) >> cosine", total_steps=12),
                                  "interval": "step"}), epochs=3)
    want = LRScheduler(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1), "warmup(4) >> cosine",
                       total_steps=12).curve(list(range(12)), 0.1).tolist()
    assert m.lrs == pytest.approx(want, rel=1e-12)
    m = _fit(_module(lambda opt: {"scheduler": LRScheduler(opt, "plateau(patience=0, factor=0.5)"),
                                  "monitor": "val_loss", "reduce_on_plateau": True}), epochs=3)
    # val_loss 1.0 every epoch: the first sets best, each later one cuts (lr seen in the next epoch)
    assert m.lrs == pytest.approx([0.1] * 8 + [0.05] * 4, rel=1e-12)
