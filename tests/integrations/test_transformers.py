"""HF transformers: the lrkit schedule inside a real Trainer (tiny GPT-2 built from a config, CPU)."""

import math
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("accelerate")

import lrkit as lk  # noqa: E402
import lrkit.transformers as lkt  # noqa: E402

LR = 1e-3


class _Dataset(torch.utils.data.Dataset):
    def __init__(self, n, seq=8, seed=0):
        g = torch.Generator().manual_seed(seed)
        self.ids = torch.randint(0, 64, (n, seq), generator=g)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "labels": self.ids[i]}


class _RecordLR(transformers.TrainerCallback):
    """The LR of every param group when each optimizer update begins (= the LR it uses)."""

    def __init__(self):
        self.lrs = []

    def on_step_begin(self, args, state, control, optimizer=None, **kwargs):
        self.lrs.append([float(g["lr"]) for g in optimizer.param_groups])


def _model():
    torch.manual_seed(0)
    cfg = transformers.GPT2Config(n_layer=1, n_embd=16, n_head=2, vocab_size=64, n_positions=16)
    return transformers.GPT2LMHeadModel(cfg)


def _args(tmp_path, **kw):
    base = dict(output_dir=str(tmp_path), use_cpu=True, report_to=[], save_strategy="no", logging_steps=1,
                per_device_train_batch_size=4, learning_rate=LR, disable_tqdm=True, seed=0,
                dataloader_num_workers=0)
    base.update(kw)
    return transformers.TrainingArguments(**base)


def _fit(trainer):
    rec = _RecordLR()
    trainer.add_callback(rec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", UserWarning)
        trainer.train()
    return np.asarray(rec.lrs)


def _logged_lrs(trainer):
    return {h["step"]: h["learning_rate"] for h in trainer.state.log_history if "learning_rate" in h}


@pytest.mark.slow
def test_lrkit_trainer_max_steps_percent_warmup(tmp_path):
    spec = "warmup(5%) >> cosine(min_lr=1e-5)"
    mon = lkt.MonitorCallback()
    trainer = lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=40), train_dataset=_Dataset(48),
                               lr_schedule=spec, callbacks=[mon])
    lrs = _fit(trainer)
    assert isinstance(trainer.lr_scheduler, lk.torch.trainer.TrainerScheduler)
    assert trainer.lr_scheduler.total_steps == 40 and trainer.lr_scheduler.steps_per_epoch == 12
    expected = lk.parse(spec).bind(total_steps=40)(np.arange(40), LR)
    assert lrs.shape == (40, 2)  # the Trainer's two groups (decay / no decay)
    np.testing.assert_allclose(lrs, np.stack([expected, expected], 1), rtol=1e-12, atol=0)
    assert lrs[0, 0] == 0.0 and lrs[1, 0] == pytest.approx(LR / 2, rel=1e-12)  # 5% of 40 = 2 steps
    logged = _logged_lrs(trainer)  # what the Trainer logs at step k is the LR update k used
    np.testing.assert_allclose([logged[k + 1] for k in range(40)], expected, rtol=1e-12)
    # the monitor: every update's LR per group, in the Trainer's log history too
    np.testing.assert_allclose(np.asarray(mon.monitor.history), lrs, rtol=0, atol=0)
    per_group = [(h["lr_group_0"], h["lr_group_1"], h["learning_rate"]) for h in trainer.state.log_history
                 if "lr_group_0" in h]
    assert len(per_group) == 40 and all(a == b == c for a, b, c in per_group)
    assert mon.findings == []


@pytest.mark.slow
def test_lrkit_trainer_epochs_with_gradient_accumulation(tmp_path):
    # 26 examples / batch 4 = 7 batches; GA=2 -> ceil(7/2) = 4 updates per epoch; 3 epochs = 12 updates
    spec = "warmup(1ep) >> linear(end_factor=0.1)"
    args = _args(tmp_path, num_train_epochs=3, gradient_accumulation_steps=2)
    trainer = lkt.LRKitTrainer(model=_model(), args=args, train_dataset=_Dataset(26), lr_schedule=spec)
    lrs = _fit(trainer)
    sched = trainer.lr_scheduler
    assert (sched.total_steps, sched.steps_per_epoch) == (12, 4) == (trainer.state.max_steps, 4)
    assert lkt.training_plan(args, _Dataset(26)) == (12, 4)
    expected = lk.parse(spec).bind(total_steps=12, steps_per_epoch=4)(np.arange(12), LR)
    np.testing.assert_allclose(lrs[:, 0], expected, rtol=1e-12)
    assert lrs[:, 0].tolist()[:5] == pytest.approx([0.0, LR / 4, LR / 2, 3 * LR / 4, LR], rel=1e-12)
    assert sched.position == 12  # one position per real update, not per micro-batch


@pytest.mark.slow
def test_plain_trainer_with_optimizers_and_training_plan(tmp_path):
    spec = "warmup(10%) >> cosine(min_lr=1e-5)"
    args = _args(tmp_path, num_train_epochs=2)
    data = _Dataset(30)
    total, spe = lkt.training_plan(args, data)
    model = _model()
    opt = torch.optim.AdamW(model.parameters(), lr=LR)
    sched = lkt.create_scheduler(opt, spec, num_training_steps=total, steps_per_epoch=spe, per="epoch")
    mon = lkt.MonitorCallback()
    trainer = transformers.Trainer(model=model, args=args, train_dataset=data, optimizers=(opt, sched),
                                   callbacks=[mon])
    lrs = _fit(trainer)
    assert (total, spe) == (trainer.state.max_steps, 8) == (16, 8)
    expected = lk.parse(spec).bind(total_steps=16, steps_per_epoch=8, per="epoch")(np.arange(16), LR)
    np.testing.assert_allclose(lrs[:, 0], expected, rtol=1e-12)
    # the monitor saw every update with the LR it used, and no scheduling mistake
    np.testing.assert_allclose(np.asarray(mon.monitor.history)[:, 0], expected, rtol=1e-12)
    assert mon.findings == [] and "16 optimizer steps" in mon.summary()


@pytest.mark.slow
def test_plateau_fed_by_evaluation(tmp_path):
    spec = "warmup(4) >> plateau(factor=0.5, patience=0, threshold=0)"
    args = _args(tmp_path, max_steps=12, eval_strategy="steps", eval_steps=4, per_device_eval_batch_size=8)
    trainer = lkt.LRKitTrainer(model=_model(), args=args, train_dataset=_Dataset(48),
                               eval_dataset=_Dataset(8, seed=1), lr_schedule=spec)
    lrs = _fit(trainer)[:, 0]
    # evaluations after updates 4, 8 and 12: the same controller on the same metrics decides the cuts
    evals = [h["eval_loss"] for h in trainer.state.log_history if "eval_loss" in h]
    ctl = lk.plateau(factor=0.5, patience=0, threshold=0).controller()
    cuts = np.cumsum([ctl.step(m) for m in evals])
    assert len(evals) == 3 and cuts[0] == 0  # the first evaluation sets the best
    expected = [0.0, LR / 4, LR / 2, 3 * LR / 4] + [LR] * 4 + [LR * 0.5 ** cuts[1]] * 4
    np.testing.assert_allclose(lrs, expected, rtol=1e-12)
    assert trainer.lr_scheduler.reductions == cuts[2]


def test_training_plan_matches_the_trainer_formula():
    from types import SimpleNamespace as NS

    def args(**kw):
        d = dict(max_steps=-1, num_train_epochs=2.5, gradient_accumulation_steps=3, train_batch_size=8,
                 dataloader_drop_last=False, world_size=1)
        d.update(kw)
        return NS(**d)

    assert lkt.training_plan(args(), list(range(100))) == (math.ceil(2.5 * 5), 5)  # 13 batches -> 5 updates
    assert lkt.training_plan(args(dataloader_drop_last=True), list(range(100))) == (10, 4)  # 12 batches
    assert lkt.training_plan(args(world_size=2), list(range(100))) == (8, 3)  # 7 batches per process
    assert lkt.training_plan(args(max_steps=50), num_batches=13) == (50, 5)
    assert lkt.training_plan(args(max_steps=50)) == (50, None)
    with pytest.raises(lk.LRKitError, match="needs the epoch length"):
        lkt.training_plan(args())


def test_create_scheduler_errors_and_unwrapping():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(lk.LRKitError, match=r"number of training steps must be a whole number >= 1 \(set max_steps or num_train_epochs/max_epochs\), got 0"):
        lkt.create_scheduler(opt, "cosine", num_training_steps=0)
    with pytest.raises(lk.SpecError, match="unknown schedule 'cosin'"):
        lkt.create_scheduler(opt, "cosin", num_training_steps=10)
    with pytest.raises(lk.LRKitError, match="needs steps_per_epoch|steps_per_epoch"):
        lkt.create_scheduler(opt, "warmup(1ep) >> cosine", num_training_steps=10)
    from accelerate.optimizer import AcceleratedOptimizer

    wrapped = AcceleratedOptimizer(opt, device_placement=False)
    s = lkt.create_scheduler(wrapped, "linear", num_training_steps=4)
    assert s.optimizer is opt
    for _ in range(2):
        wrapped.step()
        s.step()
    assert opt.param_groups[0]["lr"] == pytest.approx(0.05, rel=1e-12)


def test_lrkit_trainer_refuses_conflicting_arguments(tmp_path):
    with pytest.raises(lk.LRKitError, match="pass lr_schedule="):
        lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=4), train_dataset=_Dataset(8))
    with pytest.raises(lk.LRKitError, match="warmup_steps/warmup_ratio.*write the warmup in the spec"):
        lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=4, warmup_steps=2),
                         train_dataset=_Dataset(8), lr_schedule="cosine")
    with pytest.raises(lk.LRKitError, match="lr_scheduler_type='cosine', which lr_schedule replaces"):
        lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=4, lr_scheduler_type="cosine"),
                         train_dataset=_Dataset(8), lr_schedule="cosine")
    with pytest.raises(lk.LRKitError, match="plateau.*eval_strategy is 'no'"):
        lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=4), train_dataset=_Dataset(8),
                         lr_schedule="warmup(2) >> plateau")
    with pytest.raises(lk.LRKitError, match="lr_schedule_monitor='eval_acc' names the metric a plateau"):
        lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=4), train_dataset=_Dataset(8),
                         lr_schedule="cosine", lr_schedule_monitor="eval_acc")


@pytest.mark.slow
def test_resume_from_checkpoint_continues_the_curve(tmp_path):
    spec = "warmup(4) >> cosine(min_lr=1e-5)"
    args = _args(tmp_path, max_steps=20, save_strategy="steps", save_steps=10, logging_steps=5)
    full = _fit(lkt.LRKitTrainer(model=_model(), args=args, train_dataset=_Dataset(48), lr_schedule=spec))
    resumed = lkt.LRKitTrainer(model=_model(), args=args, train_dataset=_Dataset(48), lr_schedule=spec)
    rec = _RecordLR()
    resumed.add_callback(rec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resumed.train(resume_from_checkpoint=str(tmp_path / "checkpoint-10"))
    assert len(rec.lrs) == 10
    np.testing.assert_array_equal(np.asarray(rec.lrs), full[10:])  # bit for bit
    assert resumed.lr_scheduler.position == 20


@pytest.mark.slow
def test_lrkit_trainer_token_and_sample_budgets(tmp_path):
    # batch 4 x GA 2 x 1 process = 8 samples a step (the Trainer's own global batch); 8 tokens a sample -> 64
    spec = "warmup(256tok) >> constant(48sp) >> cosine(min_lr=1e-5)"
    args = _args(tmp_path, max_steps=12, gradient_accumulation_steps=2)
    trainer = lkt.LRKitTrainer(model=_model(), args=args, train_dataset=_Dataset(48), lr_schedule=spec,
                               lr_schedule_tokens_per_step=64)
    lrs = _fit(trainer)
    sched = trainer.lr_scheduler
    assert (sched.tokens_per_step, sched.samples_per_step) == (64, 8)
    in_steps = lk.parse("warmup(4) >> constant(6) >> cosine(min_lr=1e-5)").bind(total_steps=12)
    np.testing.assert_array_equal(lrs[:, 0], in_steps(np.arange(12), LR))


def test_lrkit_trainer_token_budgets_need_the_rate(tmp_path):
    with pytest.raises(lk.LRKitError, match="has durations in tokens: pass lr_schedule_tokens_per_step="):
        lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=4), train_dataset=_Dataset(8),
                         lr_schedule="warmup(1Mtok) >> cosine")
    with pytest.raises(lk.LRKitError, match="lr_schedule_samples_per_step must be > 0, got -1"):
        lkt.LRKitTrainer(model=_model(), args=_args(tmp_path, max_steps=4), train_dataset=_Dataset(8),
                         lr_schedule="cosine", lr_schedule_samples_per_step=-1)


class _RecordWD(transformers.TrainerCallback):
    def __init__(self):
        self.seen = []

    def on_step_begin(self, args, state, control, optimizer=None, **kwargs):
        g = optimizer.param_groups[0]
        self.seen.append([g["lr"], g["weight_decay"], g["betas"][1]])


@pytest.mark.slow
def test_param_scheduler_in_a_plain_trainer(tmp_path):
    model = _model()
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.1, betas=(0.9, 0.99))
    specs = {"lr": "warmup(2) >> cosine", "weight_decay": "linear(end_factor=0.1)",
             "beta2": "warmup(4, start_factor=0.96) >> constant"}
    sched = lk.torch.ParamScheduler(opt, specs, total_steps=8)
    rec = _RecordWD()
    trainer = transformers.Trainer(model=model, args=_args(tmp_path, max_steps=8), train_dataset=_Dataset(32),
                                   optimizers=(opt, sched), callbacks=[rec])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer.train()
    t = np.arange(8)
    want = np.stack([lk.parse(specs[k]).bind(total_steps=8)(t, b) for k, b in
                     (("lr", LR), ("weight_decay", 0.1), ("beta2", 0.99))], 1)
    np.testing.assert_allclose(np.asarray(rec.seen), want, rtol=1e-12)
