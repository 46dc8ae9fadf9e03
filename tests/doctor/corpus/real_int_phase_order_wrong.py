# Wrong: the old transfer-learning loop with integer phases (0 = train, 1 = val): StepLR is stepped at the top of
# the training phase, before that epoch's optimizer steps (pre-1.1 order).
import torch
from torch import nn


def fit(model, loaders, opt, sched, epochs=25):
    for epoch in range(epochs):
        for phase in range(2):
            if phase == 0:
                sched.step()  # expect: LR010
                model.train()
            else:
                model.eval()
            for x, y in loaders[phase]:
                opt.zero_grad()
                with torch.set_grad_enabled(phase == 0):
                    loss = nn.functional.cross_entropy(model(x), y)
                    if phase == 0:
                        loss.backward()
                        opt.step()
