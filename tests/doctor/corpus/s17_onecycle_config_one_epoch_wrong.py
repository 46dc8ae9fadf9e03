# Wrong: a speech-recognition script whose hyper-parameters sit in a dict with "epochs": 1 (left from a smoke test);
# OneCycleLR is sized from it, but the loop under __main__ runs 10 epochs and train() steps it every batch: after
# the first epoch torch raises a ValueError (LR013).
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader


def train(model, device, train_loader, criterion, optimizer, scheduler, epoch):
    model.train()
    for batch_idx, (spectrograms, labels, input_lengths, label_lengths) in enumerate(train_loader):
        optimizer.zero_grad()
        output = F.log_softmax(model(spectrograms.to(device)), dim=2).transpose(0, 1)
        loss = criterion(output, labels.to(device), input_lengths, label_lengths)
        loss.backward()
        optimizer.step()
        scheduler.step()


if __name__ == "__main__":
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    hparams = {"learning_rate": 5e-4, "batch_size": 10, "epochs": 1}
    train_loader = DataLoader(train_dataset, batch_size=hparams["batch_size"], shuffle=True)
    model = SpeechModel().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), hparams["learning_rate"])
    criterion = torch.nn.CTCLoss(blank=28)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hparams["learning_rate"],  # expect: LR013
                                                    steps_per_epoch=int(len(train_loader)),
                                                    epochs=hparams["epochs"], anneal_strategy="linear")
    epochs = 10
    for epoch in range(1, epochs + 1):
        train(model, device, train_loader, criterion, optimizer, scheduler, epoch)
