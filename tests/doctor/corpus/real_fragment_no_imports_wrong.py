# An excerpt exported from a notebook: torch is used without being imported in this file; the cosine is built
# and never stepped.
model = build_model()  # noqa: F821
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)  # noqa: F821
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=30)  # noqa: F821  # expect: LR022
for epoch in range(30):
    for images, labels in train_loader:  # noqa: F821
        optimizer.zero_grad()
        criterion(model(images), labels).backward()  # noqa: F821
        optimizer.step()
