# Right: the milestones scheduler is stepped after train() (from another module) has stepped the optimizer
# through the epoch; adjust_learning_rate() before it only sets the LR and steps nothing.
import torch

from engine import adjust_learning_rate, evaluate, train

optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, [50, 65], gamma=0.1)
for epoch in range(1, 76):
    adjust_learning_rate(optimizer, epoch)
    stats = train(net, criterion, optimizer, train_loader)
    evaluate(net, test_loader)
    scheduler.step()
