# Right: an RL-style loop over rollouts whose update happens in a helper, with the plateau stepped once per
# rollout on the mean return over a window (patience 20 rollouts): not an evaluation loop.
import torch


def update(policy, optimizer, batch):
    optimizer.zero_grad()
    loss = policy.loss(batch)
    loss.backward()
    optimizer.step()
    return loss.item()


def run(policy, rollouts):
    optimizer = torch.optim.Adam(policy.parameters(), lr=3e-4)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", patience=20)
    window = []
    for batch in rollouts:
        update(policy, optimizer, batch)
        window = (window + [batch.mean_return])[-50:]
        scheduler.step(sum(window) / len(window))
