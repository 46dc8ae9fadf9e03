# Domain adaptation: zip(source_loader, target_loader) is the batch loop; an epoch-sized cosine is stepped in it.
import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler

EPOCHS = 60


def adapt(feature_extractor, classifier, source_loader, target_loader):
    params = list(feature_extractor.parameters()) + list(classifier.parameters())
    optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
    scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)
    for epoch in range(EPOCHS):
        for (xs, ys), (xt, _) in zip(source_loader, target_loader):
            fs, ft = feature_extractor(xs), feature_extractor(xt)
            loss = F.cross_entropy(classifier(fs), ys) + (fs.mean(0) - ft.mean(0)).pow(2).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
