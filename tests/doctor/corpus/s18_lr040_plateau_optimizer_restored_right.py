# Right: a Trainer class resumes the model and the optimizer (whose param groups hold the reduced LR) and starts
# the loop at the saved epoch; the ReduceLROnPlateau is new, but it reads the LR from the optimizer, so nothing
# restarts (only its patience count begins again). Also a resume of the weights only whose loop always starts
# at a constant 0: a fresh run from those weights, with a fresh schedule.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


class Trainer:
    def __init__(self, config, model):
        self.config = config
        self.model = model

    def load_checkpoint(self):
        ckpt = torch.load(self.config.ckpt_path)
        return ckpt["epoch"], ckpt["model_state"], ckpt["optim_state"]

    def train(self, train_loader, valid_loader):
        if self.config.optimizer == "SGD":
            optimizer = torch.optim.SGD(self.model.parameters(), lr=self.config.lr, momentum=0.9)
        else:
            optimizer = torch.optim.Adam(self.model.parameters(), lr=self.config.lr)
        scheduler = ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=5)
        if self.config.resume:
            start_epoch, model_state, optim_state = self.load_checkpoint()
            self.model.load_state_dict(model_state)
            optimizer.load_state_dict(optim_state)
        else:
            start_epoch = 0
        for epoch in range(start_epoch, self.config.epochs):
            for x, y in train_loader:
                optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                optimizer.step()
            correct = sum((self.model(x).argmax(1) == y).sum().item() for x, y in valid_loader)
            scheduler.step(correct / len(valid_loader.dataset))


def fine_tune_from_weights(args, model, train_loader):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    scheduler = ReduceLROnPlateau(optimizer, patience=2)
    start_epoch = 0
    if args.resume:
        model.load_state_dict(torch.load(args.weights))
    for epoch in range(start_epoch, args.epochs):
        total = 0.0
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        scheduler.step(total)
