# Wrong: pre-1.1 order. The milestones scheduler is stepped at the top of each epoch, before train() (from
# another module) steps the optimizer: every milestone arrives one epoch early and torch warns.
import torch

from engine import evaluate, train

optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, [50, 65], gamma=0.1)
for epoch in range(1, 76):
    scheduler.step()  # expect: LR010
    stats = train(net, criterion, optimizer, train_loader)
    evaluate(net, test_loader)
