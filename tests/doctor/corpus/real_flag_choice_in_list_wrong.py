# Wrong: the scheduler is chosen by a flag; the per-epoch step is guarded by a membership test that also
# holds for OneCycle, which is then stepped per batch and once more per epoch.
import torch


class Experiment:
    def __init__(self, args, model, train_loader):
        self.args, self.model, self.train_loader = args, model, train_loader

    def train(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=self.args.lr)
        if self.args.scheduler == "OneCycleLR":
            scheduler = torch.optim.lr_scheduler.OneCycleLR(
                optimizer, max_lr=self.args.lr, epochs=self.args.epochs, steps_per_epoch=len(self.train_loader))
        elif self.args.scheduler == "CosineAnnealingLR":
            scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=self.args.epochs)
        elif self.args.scheduler == "StepLR":
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
        else:
            scheduler = None
        for epoch in range(self.args.epochs):
            for x, y in self.train_loader:
                loss = torch.nn.functional.mse_loss(self.model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                if self.args.scheduler == "OneCycleLR" and scheduler is not None:
                    scheduler.step()
            if self.args.scheduler in ["OneCycleLR", "CosineAnnealingLR", "StepLR"] and scheduler is not None:
                scheduler.step()  # expect: LR016
