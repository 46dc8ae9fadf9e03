"""Real training logs for the diagnose tests: small runs of the built-in tasks, one per injected bug.

Three writers, the way users produce logs: an HF ``Trainer`` (its ``trainer_state.json``),
Lightning with ``CSVLogger`` + ``LearningRateMonitor`` (``metrics.csv``), and a plain torch loop
writing TensorBoard through ``torch.utils.tensorboard``. Each writes the same runs:

- ``healthy``: warmup then cosine at a good LR (digits-mlp, SGD 0.1);
- ``cosine_epochs``: ``CosineAnnealingLR(T_max=epochs)`` stepped every batch;
- ``plateau_unfed``: ``ReduceLROnPlateau`` never given its metric (25 epochs: the metric flattens);
- ``resume_restart``: stopped at half the run, resumed with the scheduler's state lost;
- ``onecycle_10x``: ``OneCycleLR`` at 10x a good max_lr;
- ``postln_nowarmup`` / ``postln_healthy``: the post-LN char-LM at a high AdamW LR, without and
  with warmup;
- ``never_stepped``: a warmup-cosine scheduler created but never stepped.

``make_logs(root)`` writes ``root/<framework>/<run>/`` and returns ``{(framework, run): path}``.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import torch

from lrkit.experiments.tasks import get_task

DIGITS_EPOCHS = 8          # digits-mlp: 20 steps per epoch, 160 steps
CHARLM_STEPS = 40          # charlm-postln: 40 steps
EVAL_EVERY = 10            # a validation every 10 optimizer steps
GOOD_ONECYCLE_MAX_LR = 0.4
POSTLN_LR = 0.1            # 10x the task's good AdamW LR

RUNS = {
    "healthy": dict(task="digits-mlp", lr=0.1, sched="warmcos"),
    "cosine_epochs": dict(task="digits-mlp", lr=0.1, sched="cos_epochs"),
    "plateau_unfed": dict(task="digits-mlp", lr=0.1, sched="plateau", epochs=25),   # long enough to plateau
    "resume_restart": dict(task="digits-mlp", lr=0.1, sched="warmcos", resume=True),
    "onecycle_10x": dict(task="digits-mlp", lr=0.1, sched="onecycle"),
    "postln_nowarmup": dict(task="charlm-postln", lr=POSTLN_LR, sched="cosine"),
    "postln_healthy": dict(task="charlm-postln", lr=POSTLN_LR, sched="warmcos"),
    "never_stepped": dict(task="digits-mlp", lr=0.1, sched="warmcos", step=False),
}
FRAMEWORKS = ("hf", "lightning", "tensorboard")

# more bugs for the figures of docs/diagnose.md (docs/diagnose_figures.py; the torch loop only)
DOC_RUNS = {
    "linear_tiny": dict(task="digits-mlp", lr=0.1, sched="linear_short", horizon=8),       # 5% of the run
    "linear_one_epoch": dict(task="digits-mlp", lr=0.1, sched="linear_short", horizon=20),  # one epoch of 8
    "cosine_per_epoch": dict(task="digits-mlp", lr=0.1, sched="cos_epochs", per="epoch"),
    "onecycle_30x": dict(task="digits-mlp", lr=0.1, sched="onecycle", factor=30),
}


def _plan(run: dict) -> tuple[int, int]:
    """(total optimizer steps, steps per epoch)."""
    if run["task"] == "charlm-postln":
        return CHARLM_STEPS, CHARLM_STEPS
    spe = get_task(run["task"]).steps_per_epoch()
    return run.get("epochs", DIGITS_EPOCHS) * spe, spe


def _data(task):
    """Train and validation tensors: digits as samples; the char-LM as fixed windows."""
    if task.name.startswith("charlm"):
        g = torch.Generator().manual_seed(0)
        xs, ys = [], []
        for _ in range(CHARLM_STEPS):
            x, y = _window_batch(task, g)
            xs.append(x)
            ys.append(y)
        vx, vy = zip(*task._eval_batches("val")[:4])
        return torch.cat(xs), torch.cat(ys), torch.cat(vx), torch.cat(vy)
    x, y = task._tensors("train")
    vx, vy = task._tensors("val")
    return x, y, vx, vy


def _window_batch(task, g):
    from lrkit.experiments.tasks.charlm import _windows

    return _windows(task._stream("train"), task.batch_size, g)


class Net(torch.nn.Module):
    """The task's model with an HF-style forward: ``forward(x, labels) -> {"loss", "logits"}``."""

    def __init__(self, task, seed=0):
        super().__init__()
        self.inner = task.build_model(seed)
        self.loss_fn = task.loss_fn

    def forward(self, x, labels=None):
        out = self.inner(x)
        return {"loss": self.loss_fn(out, labels), "logits": out} if labels is not None else {"logits": out}


def make_scheduler(opt, run: dict):
    """The torch scheduler the run asks for (what a user writes)."""
    sch = torch.optim.lr_scheduler
    total, spe = _plan(run)
    kind = run["sched"]
    if kind == "warmcos":
        w = max(1, total // 10)
        return sch.SequentialLR(opt, [sch.LinearLR(opt, start_factor=0.01, total_iters=w),
                                      sch.CosineAnnealingLR(opt, T_max=total - w)], milestones=[w])
    if kind == "cosine":
        return sch.CosineAnnealingLR(opt, T_max=total)
    if kind == "cos_epochs":
        return sch.CosineAnnealingLR(opt, T_max=total // spe)          # epochs, but stepped per batch
    if kind == "plateau":
        return sch.ReduceLROnPlateau(opt, mode="min", factor=0.3, patience=2)
    if kind == "onecycle":
        return sch.OneCycleLR(opt, max_lr=run.get("factor", 10) * GOOD_ONECYCLE_MAX_LR, total_steps=total)
    if kind == "linear_short":      # get_linear_schedule_with_warmup(num_training_steps=<too small>), no warmup
        return sch.LambdaLR(opt, lambda s, h=run["horizon"]: max(0.0, 1 - s / h))
    raise ValueError(kind)  # pragma: no cover


def _optimizer(task, model, run):
    return task.make_optimizer(model.inner, run["lr"])


def _batches(x, y, batch, seed):
    g = torch.Generator().manual_seed(seed)
    while True:
        perm = torch.randperm(len(x), generator=g)
        for i in range(0, len(x) - batch + 1, batch):
            idx = perm[i:i + batch]
            yield x[idx], y[idx]


def _val_loss(model, vx, vy):
    model.eval()
    with torch.no_grad():
        out = model(vx, vy)
    model.train()
    return float(out["loss"])


# ---- plain torch loop -> TensorBoard ---------------------------------------------------------------
def _torch_loop(run: dict, out: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    task = get_task(run["task"])
    total, spe = _plan(run)
    x, y, vx, vy = _data(task)
    model = Net(task)
    opt = _optimizer(task, model, run)
    sched = make_scheduler(opt, run)
    half = total // 2 if run.get("resume") else total
    writer = SummaryWriter(str(out))
    batches = _batches(x, y, task.batch_size, 0)
    step = 0

    def train_until(stop, model, opt, sched, writer):
        nonlocal step
        while step < stop:
            xb, yb = next(batches)
            lr = opt.param_groups[0]["lr"]
            loss = model(xb, yb)["loss"]
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            per_epoch = run.get("per") == "epoch"
            if run.get("step", True) and run["sched"] != "plateau" and (not per_epoch or step % spe == 0):
                sched.step()                       # (plateau: never fed its metric)
            writer.add_scalar("train/loss", loss.item(), step)
            writer.add_scalar("train/lr", lr, step)
            if step % EVAL_EVERY == 0:
                writer.add_scalar("val/loss", _val_loss(model, vx, vy), step)

    train_until(half, model, opt, sched, writer)
    if run.get("resume"):                          # save model + optimizer, not the scheduler; resume
        state = {"model": model.state_dict(), "opt": opt.state_dict()}
        writer.close()
        model = Net(task)
        model.load_state_dict(state["model"])
        opt = _optimizer(task, model, run)
        opt.load_state_dict(state["opt"])
        sched = make_scheduler(opt, run)           # a fresh scheduler: the schedule restarts
        writer = SummaryWriter(str(out))
        train_until(total, model, opt, sched, writer)
    writer.close()


# ---- HF Trainer -> trainer_state.json ----------------------------------------------------------------
class _Samples(torch.utils.data.Dataset):
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return {"x": self.x[i], "labels": self.y[i]}


def _hf(run: dict, out: Path) -> None:
    import transformers

    task = get_task(run["task"])
    total, _ = _plan(run)
    x, y, vx, vy = _data(task)
    plateau = run["sched"] == "plateau"

    def trainer_for(max_steps, resume_from=None):
        model = Net(task)
        opt = _optimizer(task, model, run)
        sched = make_scheduler(opt, run)
        never = not run.get("step", True)   # the user's scheduler is built but not handed to the Trainer
        args = transformers.TrainingArguments(
            output_dir=str(out), use_cpu=True, report_to=[], logging_steps=1, max_steps=max_steps,
            per_device_train_batch_size=task.batch_size, per_device_eval_batch_size=512, learning_rate=run["lr"],
            disable_tqdm=True, seed=0, dataloader_num_workers=0, save_strategy="steps", save_steps=total // 2,
            eval_strategy="no" if plateau else "steps", eval_steps=EVAL_EVERY, remove_unused_columns=False, lr_scheduler_type="constant" if never else "linear")
        return transformers.Trainer(model=model, args=args, train_dataset=_Samples(x, y),
                                    eval_dataset=_Samples(vx, vy), optimizers=(opt, None if never else sched))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if run.get("resume"):
            first = trainer_for(total)
            first.add_callback(_StopAt(total // 2))
            first.train()
            ckpt = out / f"checkpoint-{total // 2}"
            for name in ("optimizer.pt", "scheduler.pt"):      # copied without them: the schedule restarts
                (ckpt / name).unlink()
            trainer = trainer_for(total)
            trainer.train(resume_from_checkpoint=str(ckpt))
        else:
            trainer = trainer_for(total)
            trainer.train()
    trainer.save_state()


class _StopAt:
    """An HF callback that stops training at a step (the run that crashed halfway)."""

    def __new__(cls, stop):
        import transformers

        class StopAt(transformers.TrainerCallback):
            def on_step_end(self, args, state, control, **kw):
                if state.global_step >= stop:
                    control.should_training_stop = True
                    control.should_save = True

        return StopAt()


# ---- Lightning -> CSVLogger metrics.csv ------------------------------------------------------------
def _lightning(run: dict, out: Path) -> None:
    import lightning as L
    from lightning.pytorch.callbacks import LearningRateMonitor
    from lightning.pytorch.loggers import CSVLogger

    task = get_task(run["task"])
    total, _ = _plan(run)
    x, y, vx, vy = _data(task)
    plateau = run["sched"] == "plateau"

    class Module(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.net = Net(task)

        def training_step(self, batch, i):
            loss = self.net(*batch)["loss"]
            self.log("train_loss", loss, on_step=True, on_epoch=False)
            return loss

        def validation_step(self, batch, i):
            # the plateau run logs the metric as "valid_loss" but monitors "val_loss": never fed
            self.log("valid_loss" if plateau else "val_loss", self.net(*batch)["loss"])

        def configure_optimizers(self):
            opt = _optimizer(task, self.net, run)
            sched = make_scheduler(opt, run)
            if not run.get("step", True):
                return opt                                  # the scheduler is built but never handed over
            if plateau:
                return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "monitor": "val_loss",
                                                           "strict": False}}
            return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}

        def on_save_checkpoint(self, checkpoint):
            if run.get("resume"):
                checkpoint["lr_schedulers"] = []            # stripped to keep checkpoints small: the bug

    def loader(a, b, shuffle):
        g = torch.Generator().manual_seed(0)
        return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(a, b), batch_size=task.batch_size if
                                           shuffle else 512, shuffle=shuffle, generator=g, drop_last=shuffle)

    logger = CSVLogger(str(out), name="", version="")

    def trainer(max_steps):
        return L.Trainer(accelerator="cpu", devices=1, logger=logger, max_steps=max_steps, max_epochs=-1,
                         callbacks=[LearningRateMonitor(logging_interval="step")], log_every_n_steps=1,
                         val_check_interval=EVAL_EVERY, check_val_every_n_epoch=None, num_sanity_val_steps=0,
                         enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if run.get("resume"):
            t1 = trainer(total // 2)
            t1.fit(Module(), loader(x, y, True), loader(vx, vy, False))
            ckpt = out / "half.ckpt"
            t1.save_checkpoint(str(ckpt))
            trainer(total).fit(Module(), loader(x, y, True), loader(vx, vy, False), ckpt_path=str(ckpt))
        else:
            trainer(total).fit(Module(), loader(x, y, True), loader(vx, vy, False))


WRITERS = {"hf": _hf, "lightning": _lightning, "tensorboard": _torch_loop}


def make_logs(root: str | os.PathLike, frameworks=FRAMEWORKS, runs=None) -> dict[tuple[str, str], Path]:
    """Run every (framework, run) once into ``root/<framework>/<run>``; returns their paths."""
    torch.set_num_threads(1)
    out = {}
    every = {**RUNS, **DOC_RUNS}
    for fw in frameworks:
        for name in runs or RUNS:
            d = Path(root) / fw / name
            if d.exists():
                shutil.rmtree(d)
            d.mkdir(parents=True)
            WRITERS[fw](every[name], d)
            out[(fw, name)] = d
    return out


if __name__ == "__main__":  # python tests/diagnosis/_logs.py OUT [framework ...]
    import sys
    import time

    t0 = time.time()
    paths = make_logs(sys.argv[1], tuple(sys.argv[2:]) or FRAMEWORKS)
    print(json.dumps({f"{k[0]}/{k[1]}": str(v) for k, v in paths.items()}, indent=1))
    print(f"{time.time() - t0:.1f} s")
