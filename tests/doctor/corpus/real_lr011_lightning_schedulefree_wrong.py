# Lightning module with a schedule-free optimizer (switched with train/eval in the hooks) plus a cosine decay.
import lightning as L
import schedulefree
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


class LitModel(L.LightningModule):
    def __init__(self, net, lr=1e-3):
        super().__init__()
        self.net = net
        self.lr = lr

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def on_train_epoch_start(self):
        self.optimizers().train()

    def on_validation_epoch_start(self):
        self.optimizers().eval()

    def configure_optimizers(self):
        optimizer = schedulefree.AdamWScheduleFree(self.parameters(), lr=self.lr, warmup_steps=200)
        scheduler = CosineAnnealingLR(optimizer, T_max=self.trainer.max_epochs)  # expect: LR011
        return {"optimizer": optimizer, "lr_scheduler": scheduler}
