# Right: integer phases (0 = train, 1 = val); StepLR is stepped once per epoch after the training phase's
# optimizer steps.
import torch
from torch import nn


def fit(model, loaders, opt, sched, epochs=25):
    for epoch in range(epochs):
        for phase in range(2):
            model.train() if phase == 0 else model.eval()
            for x, y in loaders[phase]:
                opt.zero_grad()
                with torch.set_grad_enabled(phase == 0):
                    loss = nn.functional.cross_entropy(model(x), y)
                    if phase == 0:
                        loss.backward()
                        opt.step()
            if phase == 0:
                sched.step()
