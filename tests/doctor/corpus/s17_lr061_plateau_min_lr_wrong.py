# Wrong: a GAN-vocoder style trainer with one learning rate for both nets; the plateau's min_lr is that same LR, so
# it has no room to cut, and the cosine's floor is above it, so that LR climbs (LR061 twice).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ReduceLROnPlateau

lr = 1e-4
epochs = 200
optimizer_g = torch.optim.Adam(generator.parameters(), lr=lr, betas=(0.5, 0.9))
optimizer_d = torch.optim.Adam(discriminator.parameters(), lr=lr, betas=(0.5, 0.9))
scheduler_g = ReduceLROnPlateau(optimizer_g, mode="min", factor=0.5, patience=5, min_lr=lr)  # expect: LR061
scheduler_d = CosineAnnealingLR(optimizer_d, T_max=epochs, eta_min=5e-4)  # expect: LR061
for epoch in range(epochs):
    g_loss = train_gan_epoch(generator, discriminator, loader, optimizer_g, optimizer_d)
    scheduler_g.step(g_loss)
    scheduler_d.step()
