# Right: a GAN trainer class whose resume restores both optimizers and both schedulers of its list with the epoch.
import torch
from torch.optim.lr_scheduler import StepLR


class GANTrainer:
    def __init__(self, G, D, epochs=200):
        self.G, self.D, self.epochs = G, D, epochs
        self.opts = [torch.optim.Adam(G.parameters(), lr=2e-4), torch.optim.Adam(D.parameters(), lr=2e-4)]
        self.scheds = [StepLR(self.opts[0], step_size=30, gamma=0.5), StepLR(self.opts[1], step_size=30, gamma=0.5)]
        self.first_epoch = 0

    def restore(self, path):
        blob = torch.load(path, map_location="cpu")
        self.G.load_state_dict(blob["G"])
        for opt, state in zip(self.opts, blob["opts"]):
            opt.load_state_dict(state)
        for sched, state in zip(self.scheds, blob["scheds"]):
            sched.load_state_dict(state)
        self.first_epoch = blob["epoch"] + 1

    def fit(self, loader):
        for epoch in range(self.first_epoch, self.epochs):
            for real in loader:
                d_loss = self.D.loss(real, self.G)
                self.opts[1].zero_grad(); d_loss.backward(); self.opts[1].step()
                g_loss = self.G.loss(self.D)
                self.opts[0].zero_grad(); g_loss.backward(); self.opts[0].step()
            for sched in self.scheds:
                sched.step()
