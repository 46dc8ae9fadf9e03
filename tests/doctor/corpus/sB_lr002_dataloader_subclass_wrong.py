# A prefetching DataLoader subclass of the file (the common `DataLoaderX`) feeds the loop; T_max counts its
# batches over the run (len(train_data) * EPOCHS), but the cosine is stepped once per epoch: after 40 epochs
# it has moved 40 of its len(train_data) * 40 steps.
import torch
from prefetch_generator import BackgroundGenerator
from torch.utils.data import DataLoader, TensorDataset


class DataLoaderX(DataLoader):
    def __iter__(self):
        return BackgroundGenerator(super().__iter__())


EPOCHS = 40
train_data = DataLoaderX(TensorDataset(torch.randn(6400, 3, 8, 8), torch.randint(0, 10, (6400,))),
                         batch_size=64, shuffle=True, num_workers=2)
net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(192, 10))
optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=len(train_data) * EPOCHS)
for epoch in range(EPOCHS):
    for images, labels in train_data:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(net(images), labels).backward()
        optimizer.step()
    scheduler.step()  # expect: LR002
