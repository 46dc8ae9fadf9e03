# Wrong: a Lightning module returns CyclicLR (half cycle step_size_up=2000 iterations by default) without
# "interval": "step", so Lightning steps it once per epoch: one cycle takes 4000 epochs.
import lightning as L
import torch


class Ranker(L.LightningModule):
    def training_step(self, batch, batch_idx):
        return self.model(**batch).loss

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=1e-3, momentum=0.9)
        scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr=1e-4, max_lr=1e-2)
        return {"optimizer": optimizer, "lr_scheduler": scheduler}  # expect: LR002
