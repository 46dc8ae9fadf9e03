# A batch generator of the file (batch_size in its constructor, __next__ hands out one batch); the linear
# schedule counts its batches over the epochs and is stepped after every batch.
import torch
from transformers import get_linear_schedule_with_warmup


class BatchGenerator:
    def __init__(self, pairs, batch_size=32):
        self.pairs, self.batch_size, self.pos = pairs, batch_size, 0

    def __len__(self):
        return len(self.pairs) // self.batch_size

    def __iter__(self):
        self.pos = 0
        return self

    def __next__(self):
        if self.pos + self.batch_size > len(self.pairs):
            raise StopIteration
        rows = self.pairs[self.pos:self.pos + self.batch_size]
        self.pos += self.batch_size
        return torch.stack([a for a, _ in rows]), torch.stack([b for _, b in rows])


train_examples = BatchGenerator([(torch.randn(48), torch.randn(48)) for _ in range(2048)])
n_epochs = 4
encoder = torch.nn.Linear(48, 48)
opt = torch.optim.AdamW(encoder.parameters(), lr=2e-5)
sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=100, num_training_steps=len(train_examples) * n_epochs)
for epoch in range(n_epochs):
    for left, right in train_examples:
        loss = 1 - torch.nn.functional.cosine_similarity(encoder(left), right).mean()
        loss.backward()
        opt.step()
        sched.step()
        opt.zero_grad()
