# Right: the number of updates is what the loop makes. CleanRL-style: a fixed number of updates, each over a
# rollout of exactly num_steps (episodes are reset inside the rollout, never cut short); and a budget loop
# whose rollouts always collect the full rollout length (no break), so it makes exactly total // n updates.
import gymnasium as gym
import torch
from torch.optim.lr_scheduler import LinearLR


def train_fixed_updates(agent, total_timesteps=1_000_000, num_steps=128):
    envs = gym.vector.SyncVectorEnv([lambda: gym.make("CartPole-v1")])
    optimizer = torch.optim.Adam(agent.parameters(), lr=2.5e-4, eps=1e-5)
    num_updates = total_timesteps // num_steps
    scheduler = LinearLR(optimizer, start_factor=1.0, end_factor=0.0, total_iters=num_updates)
    global_step = 0
    obs, _ = envs.reset()
    for update in range(1, num_updates + 1):
        for step in range(num_steps):
            global_step += 1
            obs, reward, terminated, truncated, _ = envs.step(agent.act(obs))
        loss = agent.loss()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()


def train_budget(agent, total=200_000, rollout=256):
    env = gym.make("Pendulum-v1")
    optimizer = torch.optim.Adam(agent.parameters(), lr=3e-4)
    scheduler = LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=total // rollout)
    t = 0
    obs, _ = env.reset()
    while t < total:
        for _ in range(rollout):
            t += 1
            obs, reward, terminated, truncated, _ = env.step(agent.act(obs))
            if terminated or truncated:
                obs, _ = env.reset()
        optimizer.zero_grad()
        agent.loss().backward()
        optimizer.step()
        scheduler.step()
