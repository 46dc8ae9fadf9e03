# Wrong: the critic's optimizer is stepped but has no scheduler; the one scheduler meant for it was built on the
# switched-off critic's optimizer, which is never stepped: the stepped critic never decays.
import torch

opt_gen = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_critic_x = torch.optim.Adam(critic_x.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_critic_y = torch.optim.Adam(critic_y.parameters(), lr=2e-4, betas=(0.5, 0.999))
decay = lambda ep: 1.0 - max(0, ep - 50) / 50
sched_gen = torch.optim.lr_scheduler.LambdaLR(opt_gen, lr_lambda=decay)
sched_critic = torch.optim.lr_scheduler.LambdaLR(opt_critic_x, lr_lambda=decay)
for epoch in range(100):
    for real_x, real_y in loader:
        opt_gen.zero_grad()
        gen_loss(real_x, real_y).backward()
        opt_gen.step()
        opt_critic_y.zero_grad()
        critic_loss(critic_y, real_y).backward()
        opt_critic_y.step()
    sched_gen.step()
    sched_critic.step()  # expect: LR020
