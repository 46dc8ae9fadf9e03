# The same **kwargs trainer, with the cosine sized in epochs (T_max=epochs) as it is stepped once per epoch.
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
                self.scheduler.step()


if __name__ == "__main__":
    epochs = 100
    data = TensorDataset(torch.randn(4096, 32), torch.zeros(4096))
    train_loader = DataLoader(data, batch_size=256, shuffle=True, drop_last=True)
    net = torch.nn.Linear(32, 16)
    optimizer = torch.optim.Adam(net.parameters(), lr=3e-4, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs - 10, eta_min=0)
    trainer = ContrastiveTrainer(model=net, optimizer=optimizer, scheduler=scheduler, epochs=epochs)
    trainer.train(train_loader)
