# The transfer-learning tutorial shape with the pre-1.1 order: train_model() receives the optimizer and the scheduler
# and steps the scheduler under `if phase == 'train':` at the top of each epoch, before the batch loop's steps.
import torch


def train_model(model, criterion, optimizer, scheduler, dataloaders, num_epochs=25):
    for epoch in range(num_epochs):
        for phase in ["train", "val"]:
            if phase == "train":
                scheduler.step()  # expect: LR010
                model.train()
            else:
                model.eval()
            for inputs, labels in dataloaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    loss = criterion(model(inputs), labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
    return model
