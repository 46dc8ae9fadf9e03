# The batch loop of each epoch skips the first `skip` batches of a shuffled list (a warm start of the data order,
# not a resume): nothing is read from a checkpoint and the scheduler, built once, runs through every epoch.
import torch


def train(model, batches, epochs=5, skip=2):
    opt = torch.optim.AdamW(model.parameters(), lr=6e-4)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * (len(batches) - skip))
    for epoch in range(epochs):
        for i in range(skip, len(batches)):
            x, y = batches[i]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            cos.step()
