# The fine-tune done right: the length uses the loop's own epoch count (the HF course's form), and a schedule
# a little longer than the run (ending at ~15% of the peak on purpose) is not a mistake either.
import torch
from torch.optim import AdamW
from torch.utils.data import DataLoader
from tqdm import tqdm
from transformers import get_scheduler
from torch.optim.lr_scheduler import CosineAnnealingLR

num_epochs = 3


def fine_tune(model, train_dataset):
    train_loader = DataLoader(train_dataset, batch_size=16, shuffle=True)
    optimizer = AdamW(model.parameters(), lr=5e-5)
    lr_scheduler = get_scheduler("linear", optimizer=optimizer, num_warmup_steps=0,
                                 num_training_steps=len(train_loader) * num_epochs)
    for epoch in range(num_epochs):
        for batch in tqdm(train_loader):
            model(**batch).loss.backward()
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()


def pretrain(model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=100)
    for epoch in range(80):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
