# The scheduler arrives as a parameter (built in another file) and is stepped twice per epoch on one path: after
# the batch loop ("update the learning rate") and again at the end of the epoch body.
import torch


def train(model, train_dataloader, optimizer, lr_scheduler, num_epochs):
    for epoch in range(num_epochs):
        model.train()
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        lr_scheduler.step()
        torch.cuda.empty_cache()
        print(f"epoch {epoch} done")
        lr_scheduler.step()  # expect: LR016
