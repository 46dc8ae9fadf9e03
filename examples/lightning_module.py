"""Lightning: configure_optimizers returns the lrkit scheduler stepped per update (interval="step").

Run: python examples/lightning_module.py   (CPU, a linear model on synthetic data, ~3 s)
"""

import warnings

import lightning as L
import torch

import lrkit.lightning as lkl

SPEC = "warmup(1ep) >> cosine(min_lr=1e-4)"


class Regression(L.LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.net = torch.nn.Linear(8, 1)
        self.lr = lr

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=self.lr, momentum=0.9)
        # total_steps = trainer.estimated_stepping_batches, steps_per_epoch from the train loader
        return lkl.configure_optimizers(opt, SPEC, self.trainer)


def main():
    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1) + 0.1 * torch.randn(256, 1)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=32)
    lrs = []
    monitor = lkl.MonitorCallback(log=lambda step, group_lrs: lrs.append(group_lrs[0]))
    trainer = L.Trainer(max_epochs=4, accelerator="cpu", logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, callbacks=[monitor])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*does not have many workers.*")
        trainer.fit(Regression(), loader)
    print(f"{len(lrs)} updates; LR per epoch start: " + ", ".join(f"{lr:.4g}" for lr in lrs[::8]))
    print(monitor.summary())


if __name__ == "__main__":
    main()
