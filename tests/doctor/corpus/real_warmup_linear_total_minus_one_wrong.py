# Wrong: pytorch_transformers' WarmupLinearSchedule with t_total=-1 (meant as "no decay"): past the warmup its
# factor is max(0, (t_total - step) / ...) = 0, so the LR falls to 0 after 100 steps.
import torch
from pytorch_transformers import AdamW, WarmupLinearSchedule


def train(model, loader, epochs=3):
    optimizer = AdamW(model.parameters(), lr=2e-5)
    scheduler = WarmupLinearSchedule(optimizer, warmup_steps=100, t_total=-1)  # expect: LR017
    for epoch in range(epochs):
        for batch in loader:
            loss = model(**batch)[0]
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
