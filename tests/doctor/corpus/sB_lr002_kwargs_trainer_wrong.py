# A SimCLR-style trainer keeps what it is given through **kwargs (`self.scheduler = kwargs["scheduler"]`). The
# cosine is sized with len(train_loader), a count of batches, but the trainer steps it once per epoch (after a
# 10-epoch warm phase): it takes len(train_loader) epochs to reach its floor, far past the run.
import torch
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm


class ContrastiveTrainer:
    def __init__(self, *args, **kwargs):
        self.model = kwargs["model"]
        self.optimizer = kwargs["optimizer"]
        self.scheduler = kwargs["scheduler"]
        self.epochs = kwargs["epochs"]

    def train(self, loader):
        for epoch in range(self.epochs):
            with tqdm(loader, unit="batch") as bar:
                for views, _ in bar:
                    loss = self.model(views).pow(2).mean()
                    self.optimizer.zero_grad()
                    loss.backward()
                    self.optimizer.step()
            if epoch >= 10:
                self.scheduler.step()  # expect: LR002


if __name__ == "__main__":
    data = TensorDataset(torch.randn(4096, 32), torch.zeros(4096))
    train_loader = DataLoader(data, batch_size=256, shuffle=True, drop_last=True)
    net = torch.nn.Linear(32, 16)
    optimizer = torch.optim.Adam(net.parameters(), lr=3e-4, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=len(train_loader), eta_min=0)
    trainer = ContrastiveTrainer(model=net, optimizer=optimizer, scheduler=scheduler, epochs=100)
    trainer.train(train_loader)
