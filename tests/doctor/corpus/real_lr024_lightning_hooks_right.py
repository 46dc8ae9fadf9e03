# Lightning with a schedule-free optimizer: the optimizer mode follows the model in the train/validation hooks.
import lightning as L
import schedulefree
import torch


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

    def on_save_checkpoint(self, checkpoint):
        self.optimizers().eval()

    def configure_optimizers(self):
        return schedulefree.AdamWScheduleFree(self.parameters(), lr=self.lr, warmup_steps=200)
