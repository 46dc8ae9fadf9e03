# Wrong: a distillation script whose --scheduler cos arm builds CosineAnnealingLR(eta_min=args.lr) while every
# optimizer arm starts at lr=args.lr: the cosine runs from the LR to itself and never moves it (LR061).
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--optimizer", default="adam")
parser.add_argument("--scheduler", default="step")
parser.add_argument("--lr", type=float, default=2e-4)
parser.add_argument("--num_epochs", type=int, default=50)
args = parser.parse_args()

student = Student()
if args.optimizer == "sgd":
    optimizer = torch.optim.SGD(student.parameters(), lr=args.lr, momentum=0.9)
else:
    optimizer = torch.optim.Adam(student.parameters(), lr=args.lr)
if args.scheduler == "cos":
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.num_epochs, eta_min=args.lr)  # expect: LR061
else:
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)
for epoch in range(args.num_epochs):
    distill_one_epoch(student, teacher, train_loader, optimizer)
    scheduler.step()
