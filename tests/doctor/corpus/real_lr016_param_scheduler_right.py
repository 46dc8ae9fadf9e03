# A scheduler passed in as a parameter, stepped once per epoch; a resume loop before training fast-forwards it.
import torch


def train(model, train_dataloader, optimizer, lr_scheduler, start_epoch, num_epochs):
    for _ in range(start_epoch):
        lr_scheduler.step()
    for epoch in range(start_epoch, num_epochs):
        model.train()
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        lr_scheduler.step()
        torch.cuda.empty_cache()
