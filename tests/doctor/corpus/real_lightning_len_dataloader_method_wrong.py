# OneCycleLR sized with len(self.train_dataloader()) (batches of one epoch) and returned without "interval":
# Lightning steps it once per epoch.
import lightning as L
import torch


class Model(L.LightningModule):
    def train_dataloader(self):
        return torch.utils.data.DataLoader(self.dataset, batch_size=32, shuffle=True)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=1e-3)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3,
                                                        total_steps=len(self.train_dataloader()))
        return [optimizer], [scheduler]  # expect: LR002
