# The same factory from another package, stepped in the right order; a diffusion sampler's `scheduler.step(...)`
# (a noise scheduler, called with arguments) is no LR scheduler.
import torch
from mylib.optim import get_optimizer_and_scheduler
from mylib.sampling import make_noise_scheduler


def train(model, loader, config, max_steps):
    (optimizer, scheduler), _ = get_optimizer_and_scheduler(model, config)
    step = 0
    while step < max_steps:
        for batch in loader:
            loss = model(batch)
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1


def sample(unet, latents, optimizer_steps):
    scheduler = make_noise_scheduler()
    for t in scheduler.timesteps:
        noise = unet(latents, t)
        latents = scheduler.step(noise, t, latents).prev_sample
    return latents
