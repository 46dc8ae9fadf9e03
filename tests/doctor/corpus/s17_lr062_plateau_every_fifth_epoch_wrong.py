# Wrong: a segmentation loop that steps ReduceLROnPlateau(patience=10) only every 5th epoch of range(1, 40): 7 calls,
# and it needs 11 bad calls in a row before it cuts, so it never changes the LR (LR062).
import torch
import torch.optim as optim


def train(net, device, loader):
    optimizer = optim.RMSprop(net.parameters(), lr=5e-6, weight_decay=1e-8, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "min", factor=0.75, patience=10)  # expect: LR062
    criterion = torch.nn.CrossEntropyLoss()
    running = 0.0
    for epoch in range(1, 40):
        net.train()
        for image, label in loader:
            optimizer.zero_grad()
            loss = criterion(net(image.to(device)), label.to(device).long())
            running += loss.item()
            loss.backward()
            optimizer.step()
        if epoch % 5 == 0:
            scheduler.step(running)
            running = 0.0


if __name__ == "__main__":
    train(AttentionUNet(), torch.device("cpu"), train_loader)
