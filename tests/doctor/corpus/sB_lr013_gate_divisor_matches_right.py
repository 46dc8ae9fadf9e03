# The schedule's length is the run divided by the same 4 the optimizer and the scheduler step under: 3 epochs
# of updates, decayed to 0 at the end of the run.
import torch
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm
from transformers import get_linear_schedule_with_warmup

triplets = TensorDataset(torch.randn(6000, 128), torch.randn(6000, 128))
loader = DataLoader(triplets, batch_size=4, shuffle=True)
encoder = torch.nn.Linear(128, 64)
optimizer = torch.optim.Adam(encoder.parameters(), lr=2e-4)
scheduler = get_linear_schedule_with_warmup(optimizer, len(loader) // 40, len(loader) * 3 // 4)

for epoch in range(3):
    encoder.train()
    for i, (anchor, positive) in enumerate(tqdm(loader)):
        loss = (encoder(anchor) - encoder(positive)).pow(2).mean()
        loss.backward()
        if (i + 1) % 4 == 0:
            optimizer.step()
            optimizer.zero_grad()
            scheduler.step()
