# Right: a two-critic GAN with one critic switched off: its optimizer is never stepped, and its scheduler,
# stepped with the others each epoch, is a harmless left-over; every optimizer the loop steps has its own.
import torch

opt_gen = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_critic_x = torch.optim.Adam(critic_x.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_critic_y = torch.optim.Adam(critic_y.parameters(), lr=2e-4, betas=(0.5, 0.999))
decay = lambda ep: 1.0 - max(0, ep - 50) / 50
sched_gen = torch.optim.lr_scheduler.LambdaLR(opt_gen, lr_lambda=decay)
sched_critic_x = torch.optim.lr_scheduler.LambdaLR(opt_critic_x, lr_lambda=decay)
sched_critic_y = torch.optim.lr_scheduler.LambdaLR(opt_critic_y, lr_lambda=decay)
for epoch in range(100):
    for real_x, real_y in loader:
        opt_gen.zero_grad()
        gen_loss(real_x, real_y).backward()
        opt_gen.step()
        opt_critic_y.zero_grad()
        critic_loss(critic_y, real_y).backward()
        opt_critic_y.step()
    sched_gen.step()
    sched_critic_x.step()
    sched_critic_y.step()
