# Each optimizer has its own scheduler; the generator also has a hand-chained warm-up (a LinearLR beside
# its decay, both on optimizer_g on purpose), and the discriminator's scheduler is on optimizer_d.
import torch
from torch.optim.lr_scheduler import LinearLR, StepLR


def train(net_g, net_d, loader, epochs=200):
    optimizer_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optimizer_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    warmup_g = LinearLR(optimizer_g, start_factor=0.1, total_iters=5)
    scheduler_g = StepLR(optimizer_g, step_size=50, gamma=0.5)
    scheduler_d = StepLR(optimizer_d, step_size=50, gamma=0.5)
    for epoch in range(epochs):
        for real in loader:
            optimizer_g.zero_grad()
            net_g.adversarial_loss(net_d, real).backward()
            optimizer_g.step()
            optimizer_d.zero_grad()
            net_d.loss(net_g, real).backward()
            optimizer_d.step()
        warmup_g.step()
        scheduler_g.step()
        scheduler_d.step()
