# A bucketing iterator of the file yields padded batches; T_max counts its batches over the run
# (len(train_data) * epochs) but the cosine is stepped once per epoch: it barely leaves its start.
import torch


class BucketIterator:
    def __init__(self, examples, batch_size, shuffle=True):
        self.examples = sorted(examples, key=len)
        self.batch_size = batch_size
        self.shuffle = shuffle

    def __len__(self):
        return len(self.examples) // self.batch_size

    def __iter__(self):
        for i in range(len(self)):
            chunk = self.examples[i * self.batch_size:(i + 1) * self.batch_size]
            yield torch.nn.utils.rnn.pad_sequence(chunk, batch_first=True)


epochs = 15
train_data = BucketIterator([torch.randn(n % 30 + 5) for n in range(3000)], batch_size=32)
lm = torch.nn.Linear(34, 34)
optim = torch.optim.Adam(lm.parameters(), lr=1e-3)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(optim, T_max=len(train_data) * epochs)
for epoch in range(epochs):
    for batch in train_data:
        optim.zero_grad()
        lm(torch.nn.functional.pad(batch, (0, 34 - batch.shape[1]))).pow(2).mean().backward()
        optim.step()
    sched.step()  # expect: LR002
