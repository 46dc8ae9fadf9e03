# Wrong: PPO-style training to a budget of environment steps. Each rollout collects up to `rollout_len` steps
# but stops at the end of an episode, so `while global_step < total_timesteps` makes more updates than
# total_timesteps // rollout_len: the linear decay reaches 0 early and stays there. The second script runs whole
# episodes (however long) and sizes its cosine by the longest episode.
import gymnasium as gym
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR

total_timesteps = 1_000_000
rollout_len = 2048


def train_ppo(agent):
    env = gym.make("LunarLander-v3")
    optimizer = torch.optim.Adam(agent.parameters(), lr=3e-4)
    num_updates = total_timesteps // rollout_len
    scheduler = LinearLR(optimizer, start_factor=1.0, end_factor=0.0, total_iters=num_updates)  # expect: LR013
    global_step = 0
    while global_step < total_timesteps:
        obs, _ = env.reset()
        batch = []
        for _ in range(rollout_len):
            global_step += 1
            action = agent.act(obs)
            obs, reward, terminated, truncated, _ = env.step(action)
            batch.append((obs, action, reward))
            if terminated or truncated:
                break
        loss = agent.ppo_loss(batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()


def train_reinforce(policy, budget=500_000, max_episode_len=1000):
    env = gym.make("CartPole-v1")
    optimizer = torch.optim.Adam(policy.parameters(), lr=1e-3)
    scheduler = CosineAnnealingLR(optimizer, T_max=budget // max_episode_len)  # expect: LR013
    steps_done = 0
    while steps_done < budget:
        obs, _ = env.reset()
        done, log_probs, rewards = False, [], []
        while not done:
            steps_done += 1
            action, log_prob = policy.sample(obs)
            obs, reward, terminated, truncated, _ = env.step(action)
            log_probs.append(log_prob)
            rewards.append(reward)
            done = terminated or truncated
        loss = policy.reinforce_loss(log_probs, rewards)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()


def train_vectorised(envs, agent, total_timesteps=2_000_000, num_steps=128, num_envs=8):
    # the rollout of num_steps over num_envs environments stops when every environment is done
    optimizer = torch.optim.Adam(agent.parameters(), lr=2.5e-4)
    scheduler = LinearLR(optimizer, 1.0, 0.0, total_iters=total_timesteps // (num_steps * num_envs))  # expect: LR013
    global_step = 0
    while global_step < total_timesteps:
        for step in range(num_steps):
            global_step += num_envs
            dones = envs.step(agent.act())
            if dones.all():
                break
        optimizer.zero_grad()
        agent.loss().backward()
        optimizer.step()
        scheduler.step()
