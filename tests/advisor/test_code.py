"""The code the advisor prints runs as pasted (torch and Lightning are executed here)."""

import pytest

from lrkit.advisor import recommend


def _run(code):
    namespace = {"__name__": "__snippet__"}
    exec(compile(code, "<snippet>", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("kw", [
    dict(model="vit", epochs=20, steps_per_epoch=60, optimizer="adamw"),
    dict(model="resnet", epochs=3, steps_per_epoch=5, optimizer="sgd", goal="reproduce"),
    dict(model="cnn", epochs=20, steps_per_epoch=60, optimizer="adamw", goal="fast"),
    dict(model="llm", epochs=2, steps_per_epoch=600, optimizer="adamw"),
    dict(model="mlp", epochs=3, steps_per_epoch=5, optimizer="adamw"),
])
def test_torch_snippet_runs_and_follows_the_schedule(kw):
    import lrkit as lk

    rec = recommend(**kw)
    assert kw["model"] != "vit" or "cosine" in rec.spec  # the long runs exercise real decays
    ns = _run(rec.code["torch"])
    sched, opt = ns["scheduler"], ns["optimizer"]
    total = ns["EPOCHS"] * ns["STEPS_PER_EPOCH"]
    assert sched.position == total
    curve = rec.schedule.bind(total_steps=total, steps_per_epoch=ns["STEPS_PER_EPOCH"], per=rec.per)
    assert opt.param_groups[0]["lr"] == pytest.approx(curve(total, ns["LR"]), rel=1e-12, abs=1e-15)


@pytest.mark.slow
def test_lightning_snippet_runs():
    pytest.importorskip("lightning")
    rec = recommend(model="transformer-nlp", epochs=2, steps_per_epoch=4, optimizer="adamw")
    ns = _run(rec.code["lightning"])
    trainer = ns["trainer"]
    assert trainer.global_step == 8
    sched = trainer.lr_scheduler_configs[0].scheduler
    assert sched.position == 8 and sched.total_steps == 8


def test_snippets_name_the_spec_and_lr():
    rec = recommend(model="resnet", epochs=90, batch_size=512, optimizer="sgd", goal="reproduce")
    for name, code in rec.code.items():
        assert repr(rec.spec) in code, name
        assert f"LR = {rec.base_lr!r}" in code, name
    assert 'per="epoch"' in rec.code["torch"]
