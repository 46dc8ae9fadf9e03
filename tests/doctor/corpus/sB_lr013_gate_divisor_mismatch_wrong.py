# The schedule's length divides the run by 8, but the optimizer and the scheduler step every 4 batches: the
# linear decay reaches 0 halfway through the 3 epochs and the rest of the run trains at LR 0.
import torch
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm
from transformers import get_linear_schedule_with_warmup

triplets = TensorDataset(torch.randn(6000, 128), torch.randn(6000, 128))
loader = DataLoader(triplets, batch_size=4, shuffle=True)
encoder = torch.nn.Linear(128, 64)
optimizer = torch.optim.Adam(encoder.parameters(), lr=2e-4)
scheduler = get_linear_schedule_with_warmup(optimizer, len(loader) // 8, len(loader) * 3 // 8)  # expect: LR013

for epoch in range(3):
    encoder.train()
    for i, (anchor, positive) in enumerate(tqdm(loader)):
        loss = (encoder(anchor) - encoder(positive)).pow(2).mean()
        loss.backward()
        if (i + 1) % 4 == 0:
            optimizer.step()
            optimizer.zero_grad()
            scheduler.step()
