"""For each finding of ``lrkit diagnose``: the likely causes, most likely first, and the fix as code.

The fix names the lrkit spec and the torch call, both sized for the run that was read
(``{T}`` = its length in steps, ``{W}`` = 5% of it, ``{lr}`` = its peak LR).

>>> fix_for("LR028", total_steps=1000, peak_lr=0.1)["spec"]
'cosine'
>>> causes_for("LR026")[0]
'the scheduler is never stepped (no scheduler.step() after optimizer.step())'
"""

from __future__ import annotations

from typing import Any

__all__ = ["causes_for", "fix_for"]

_LK = 'lrkit.torch.LRScheduler(optimizer, "{spec}", total_steps={T})'

_CAUSES: dict[str, tuple[str, ...]] = {
    "LR012": ("the schedule is sized in epochs but stepped every batch (T_max=epochs)",
              "T_max / total_steps is too small for this run (taken from another run length)",
              "the scheduler is stepped more than once per optimizer step"),
    "LR014": ("the LR is too high for this model at this point (no warmup, or a too-high peak)",
              "a loss computed on bad data (log(0), an empty batch) or fp16 overflow without a scaler",
              "exploding gradients without clipping"),
    "LR015": ("the LR is at the edge of stability", "an outlier batch", "mixed-precision overflow"),
    "LR026": ("the scheduler is never stepped (no scheduler.step() after optimizer.step())",
              "a ReduceLROnPlateau that is never given its metric (or a monitor key that is never logged)",
              "the scheduler was built on another optimizer than the one that steps",
              "no scheduler was meant: a constant LR (fine for short runs, too high late in long ones)"),
    "LR027": ("a resume restored the model and optimizer but not the scheduler's state (a fresh scheduler "
              "starts over)",
              "the scheduler's state was restored into another plan (a changed spec or run length), so a "
              "chainable torch scheduler rescales the restored LR",
              "two schedulers write the LR (one restarted)"),
    "LR028": ("a cosine sized in epochs (T_max=epochs) stepped after every batch: it is periodic and swings "
              "back up after T_max steps",
              "a cyclic / warm-restart schedule with a cycle far shorter than intended (step_size or T_0 in "
              "epochs, stepped per batch)"),
    "LR029": ("the schedule's length is shorter than the run (T_max, total_steps or num_training_steps from "
              "another run length)",
              "the length counts epochs where steps were meant, or the scheduler is stepped twice per update",
              "a decay to the floor on purpose followed by a long fine-tuning tail"),
    "LR030": ("a smooth schedule stepped once per epoch (Lightning interval 'epoch', scheduler.step() after "
              "the batch loop)",
              "logging that only records the LR once per epoch while it changes every step"),
    "LR031": ("the peak LR is too high: one-cycle's max_lr or the LR after warmup is past the edge of "
              "stability (often 3-10x too high)",
              "the warmup is too short to let the optimizer's statistics settle before the peak",
              "a restart that jumps straight back to the peak"),
    "LR032": ("a ReduceLROnPlateau that is never given the metric (scheduler.step() without it, or a monitor "
              "key that is never logged)",
              "mode does not match the metric (mode='min' on an accuracy)",
              "threshold too strict, patience or cooldown longer than the evaluations, or min_lr already reached",
              "no schedule at all: the LR is constant by design"),
    "LR033": ("no warmup: the full LR from the first step while Adam's statistics (and a post-LN "
              "Transformer's activations) are not settled",
              "the LR is too high for this model, warmup or not",
              "a warmup too short to matter"),
    "LR034": ("another base LR than planned (set after the scheduler was built, or a param group multiplier)",
              "a linear-scaling rule applied twice, or not at all", "the log records another param group"),
    "LR035": ("the schedule is sized for another run length (T_max, total_steps)",
              "stepped per batch while sized in epochs (faster), or per epoch while sized in steps (slower)",
              "stepped twice per update (by hand and by the framework)"),
    "LR036": ("a resume built a fresh scheduler instead of restoring its state",
              "the checkpoint lacks the scheduler's state (HF scheduler.pt, Lightning lr_schedulers)"),
    "LR037": ("the run crashed or was stopped (time limit) before its end",
              "max_steps / epochs smaller than the schedule's total_steps"),
    "LR038": ("another schedule than planned ran (a default scheduler, a different spec)",
              "two schedulers, or a callback, write the LR"),
}

# code -> (spec, torch call): what to run instead
_FIX: dict[str, tuple[str, str]] = {
    "LR012": ("warmup(5%) >> cosine", "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max={T})  "
              "# T_max in optimizer steps; scheduler.step() after every optimizer.step()"),
    "LR014": ("warmup(10%) >> cosine", "torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr={lr_low:.3g}, "
              "total_steps={T})  # a lower peak, warmed up; also torch.nn.utils.clip_grad_norm_(params, 1.0)"),
    "LR015": ("warmup(10%) >> cosine", "torch.optim.lr_scheduler.SequentialLR(optimizer, [LinearLR(optimizer, "
              "0.01, total_iters={W2}), CosineAnnealingLR(optimizer, T_max={T} - {W2})], milestones=[{W2}])"),
    "LR026": ("warmup(5%) >> cosine", "scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, "
              "T_max={T}); ... optimizer.step(); scheduler.step()"),
    "LR027": ("warmup(5%) >> cosine", "torch.save({{'model': model.state_dict(), 'optimizer': "
              "optimizer.state_dict(), 'scheduler': scheduler.state_dict()}}, path); on resume: "
              "scheduler.load_state_dict(ckpt['scheduler'])"),
    "LR028": ("cosine", "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max={T})  "
              "# T_max = epochs * len(train_loader), stepped per batch"),
    "LR029": ("warmup(5%) >> cosine", "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max={T})  "
              "# the whole run, in the unit you step"),
    "LR030": ("warmup(5%) >> cosine", "torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max={T})  "
              "# stepped after every optimizer.step() (Lightning: 'interval': 'step')"),
    "LR031": ("onecycle(max_lr={lr_low:.3g})", "torch.optim.lr_scheduler.OneCycleLR(optimizer, "
              "max_lr={lr_low:.3g}, total_steps={T})  # the peak 3-10x lower; measure it with `lrkit find`"),
    "LR032": ("plateau(patience=3, factor=0.3)", "scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau("
              "optimizer, mode='{mode}', factor=0.3, patience=3); after each evaluation: "
              "scheduler.step(val_metric)"),
    "LR033": ("warmup(5%) >> cosine", "torch.optim.lr_scheduler.SequentialLR(optimizer, [LinearLR(optimizer, "
              "0.01, total_iters={W}), CosineAnnealingLR(optimizer, T_max={T} - {W})], milestones=[{W}])"),
    "LR034": ("{spec}", "for g in optimizer.param_groups: g['lr'] = {base_lr:.3g}  # before building the scheduler"),
    "LR035": ("{spec}", "# size the schedule for {T} optimizer steps and call scheduler.step() once per "
              "optimizer.step()"),
    "LR036": ("{spec}", "scheduler.load_state_dict(ckpt['scheduler'])  # on resume, with the model and optimizer"),
    "LR037": ("{spec}", "# resume from the last checkpoint with its scheduler state, or plan for the steps you run"),
    "LR038": ("{spec}", "# one scheduler, built on the optimizer that steps"),
}


def causes_for(code: str) -> list[str]:
    """The likely causes of finding ``code``, most likely first."""
    return list(_CAUSES.get(code, ()))


def fix_for(code: str, total_steps: int, peak_lr: float, spec: str | None = None, base_lr: float | None = None,
            mode: str = "min") -> dict[str, Any]:
    """``{"spec", "lrkit", "torch"}``: the schedule to run instead, as an lrkit spec and torch code."""
    s_tpl, torch_tpl = _FIX.get(code, ("warmup(5%) >> cosine", ""))
    T = max(int(total_steps), 1)
    W = max(1, round(0.05 * T))
    values = dict(T=T, W=W, W2=max(1, round(0.1 * T)), lr=peak_lr, lr_low=peak_lr / 10 if code == "LR031" else
                  peak_lr / 3, spec=spec or "warmup(5%) >> cosine", base_lr=base_lr or peak_lr, mode=mode)
    sp = s_tpl.format(**values)
    return {"spec": sp, "lrkit": _LK.format(spec=sp.replace('"', '\\"'), T=T), "torch": torch_tpl.format(**values)}
