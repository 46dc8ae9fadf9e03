# Automatic optimization with a hand update in training_step, but the scheduler is stepped before it: that update
# already reads the stepped LR (LR010), and Lightning steps the scheduler as well (LR016).
import lightning as L
import torch


class M(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(2, 1)

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        sch = self.lr_schedulers()
        loss = self.fc(batch).sum()
        sch.step()  # expect: LR010, LR016
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1)
        return [opt], [torch.optim.lr_scheduler.StepLR(opt, 10)]
