"""One test per rule of the decision framework: input -> chosen schedule and the reason text."""

import json
import math

import pytest

import lrkit as lk
from lrkit.advisor import recommend
from lrkit.cli import main


def reasons(rec):
    return " | ".join(str(r) for r in rec.reasons)


def test_reproduce_uses_the_paper_recipe_exactly():
    rec = recommend(model="resnet", epochs=90, batch_size=256, optimizer="sgd", goal="reproduce")
    assert rec.spec == "multistep([30ep, 60ep], gamma=0.1)"
    assert rec.base_lr == 0.1 and rec.per == "epoch" and rec.recipe == "resnet-paper"
    assert "He et al. 2016" in reasons(rec) and "[goal]" in reasons(rec)


def test_reproduce_with_another_batch_scales_linearly_for_sgd():
    rec = recommend(model="resnet", epochs=90, batch_size=1024, optimizer="sgd", goal="reproduce")
    assert rec.base_lr == pytest.approx(0.4)
    assert "Linear scaling rule" in reasons(rec) and "[batch_size]" in reasons(rec)


def test_reproduce_has_no_recipe_for_mlp():
    with pytest.raises(lk.LRKitError, match="no paper recipe to reproduce for model='mlp'"):
        recommend(model="mlp", epochs=10, goal="reproduce")


def test_finetune_gets_short_warmup_and_linear_decay():
    rec = recommend(model="transformer-nlp", epochs=3, steps_per_epoch=500, optimizer="adamw", finetune=True)
    assert rec.spec == "warmup(10%) >> linear"
    assert rec.base_lr == 2e-5
    assert "Fine-tuning starts from good weights" in reasons(rec)
    assert any("discriminative LRs" in c for c in rec.caveats)


def test_goal_fast_picks_one_cycle_for_short_runs():
    rec = recommend(model="cnn", epochs=20, steps_per_epoch=100, optimizer="adamw", goal="fast")
    assert rec.spec.startswith("onecycle(")
    assert "super-convergence" in reasons(rec)


def test_goal_fast_refuses_one_cycle_for_long_runs():
    rec = recommend(model="cnn", epochs=200, optimizer="sgd", goal="fast")
    assert "onecycle" not in rec.spec
    assert any("one-cycle is meant for short runs" in c for c in rec.caveats)


def test_llm_gets_wsd():
    rec = recommend(model="llm", total_steps=100_000, optimizer="adamw")
    assert rec.spec == "wsd(warmup=1%, decay=20%, decay_type=sqrt)"
    assert "warmup-stable-decay" in reasons(rec)


def test_vit_gets_deit_warmup_and_cosine():
    rec = recommend(model="vit", epochs=300, batch_size=1024, optimizer="adamw")
    assert rec.spec == "warmup(5ep, start_factor=0.002) >> cosine(min_lr=1e-05)"
    assert rec.base_lr == pytest.approx(5e-4 * math.sqrt(2))  # square-root rule for AdamW
    assert "square-root rule" in reasons(rec)


def test_vit_short_run_warmup_is_a_fraction():
    rec = recommend(model="vit", epochs=20, optimizer="adamw")
    assert rec.warmup == "5%"


def test_transformer_from_scratch_warmup_cosine_to_ten_percent():
    rec = recommend(model="transformer-nlp", epochs=10, steps_per_epoch=1000, optimizer="adamw")
    assert rec.spec == "warmup(2%) >> cosine(min_lr_ratio=0.1)"
    assert "GPT-3" in reasons(rec)


def test_detection_multistep_times_warmup():
    rec = recommend(model="detection", total_steps=90_000, optimizer="sgd", batch_size=16)
    assert rec.spec == "multistep([67%, 89%], gamma=0.1) * warmup(1000, start_factor=0.001)"
    assert rec.base_lr == 0.02 and "Detectron2" in reasons(rec)


def test_segmentation_poly():
    rec = recommend(model="segmentation", total_steps=30_000, optimizer="sgd")
    assert rec.spec == "poly(power=0.9)"
    assert "poly decay with power 0.9" in reasons(rec)


def test_rl_linear_anneal_without_warmup():
    rec = recommend(model="rl", total_steps=1_000_000, optimizer="adam")
    assert rec.spec == "linear" and rec.warmup is None
    assert "PPO" in reasons(rec)


def test_cnn_sgd_moderate_batch_gets_cosine_without_warmup():
    rec = recommend(model="cnn", epochs=100, batch_size=128, optimizer="sgd")
    assert rec.spec == "cosine" and rec.warmup is None
    assert "No warmup" in reasons(rec)


def test_very_short_run_keeps_the_lr_constant():
    rec = recommend(model="mlp", epochs=30, steps_per_epoch=20, optimizer="sgd")  # 600 updates
    assert rec.spec == "constant"
    assert "far from convergence" in reasons(rec) and "[epochs]" in reasons(rec)
    assert any("wsd" in c for c in rec.caveats)


def test_very_short_adaptive_run_has_no_warmup():
    rec = recommend(model="transformer-nlp", epochs=6, steps_per_epoch=50, optimizer="adamw")  # 300 updates
    assert rec.spec == "constant" and rec.warmup is None
    assert "No warmup: in a run of 300 updates" in reasons(rec)
    # a large batch still gets its gradual warmup, however short the run
    big = recommend(model="resnet", epochs=6, steps_per_epoch=50, batch_size=8192, base_batch_size=256)
    assert big.spec.startswith("warmup(")


def test_short_run_rule_needs_the_run_length_in_steps():
    assert recommend(model="mlp", epochs=30, optimizer="sgd").spec == "cosine"  # steps unknown
    assert recommend(model="mlp", epochs=30, steps_per_epoch=50, optimizer="sgd").spec == "cosine"  # 1500


def test_large_batch_sgd_gets_gradual_warmup():
    rec = recommend(model="resnet", epochs=90, batch_size=4096, optimizer="sgd", base_batch_size=256, base_lr=0.1)
    assert rec.spec == "warmup(5ep) >> cosine"
    assert rec.base_lr == pytest.approx(1.6)
    assert "gradual warmup" in reasons(rec) and "Linear scaling rule" in reasons(rec)


def test_adaptive_optimizer_gets_short_warmup():
    rec = recommend(model="mlp", epochs=50, optimizer="adamw")
    assert rec.spec == "warmup(1ep) >> cosine"
    assert "[optimizer]" in reasons(rec)


def test_no_reference_lr_points_to_the_finder():
    rec = recommend(model="mlp", epochs=30, optimizer="sgd")
    assert rec.base_lr is None and "LR range test" in rec.base_lr_note
    assert "LR finder" in reasons(rec)


def test_explicit_warmup_is_used():
    rec = recommend(model="cnn", epochs=100, optimizer="sgd", warmup="3ep")
    assert rec.spec == "warmup(3ep) >> cosine"


def test_schedule_free_caveat():
    rec = recommend(model="cnn", epochs=10, optimizer="schedule-free")
    assert any("schedule-free" in c for c in rec.caveats)


def test_run_length_caveat_only_for_epoch_or_percent_durations():
    # step counts only ('multistep' is not 'ep'): no caveat; epochs without a run length: caveat
    assert not any("Pass total_steps" in c for c in recommend(recipe="detection").caveats)
    assert any("Pass total_steps" in c for c in recommend(recipe="resnet-paper").caveats)


def test_recipe_by_name():
    rec = recommend(recipe="transformer")
    assert rec.spec == "inverse_sqrt(4000, d_model=512)" and rec.recipe == "transformer"


@pytest.mark.parametrize("kw,msg", [
    (dict(model="cnn", epochs=0), "epochs must be > 0, got 0"),
    (dict(model="cnn", epochs=-3), "epochs must be > 0"),
    (dict(model="cnn"), "give the run length"),
    (dict(model="cnnn", epochs=3), "model must be one of cnn, resnet"),
    (dict(model="banana", epochs=3), "model must be one of"),
    (dict(model="cnn", epochs=3, goal="cheap"), "goal must be one of best, reproduce, fast"),
    (dict(model="cnn", epochs=3, optimizer="adagradx"), "optimizer must be one of"),
    (dict(model="cnn", epochs=3, warmup="5ep"), "warmup=5ep is longer than training"),
    (dict(model="cnn", epochs=3, steps_per_epoch=10, warmup=40), r"warmup=40 \(40 steps\) is longer than training"),
    (dict(model="cnn", epochs=3, batch_size=0), "batch_size must be a whole number >= 1"),
    (dict(model="cnn", epochs=2, steps_per_epoch=10, total_steps=30), "contradicts"),
    (dict(model="cnn", epochs=3, base_lr=-1.0), "base_lr must be > 0"),
    (dict(recipe="resnet-pape"), "unknown recipe 'resnet-pape'"),
    (dict(recipe="bert", model="vit-b"), "model must be one of"),
])
def test_contradictions_and_out_of_range_inputs(kw, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        recommend(**kw)


def test_every_recommendation_parses_and_binds():
    for model in ("cnn", "resnet", "vit", "transformer-nlp", "llm", "detection", "segmentation", "rl", "mlp"):
        for goal in ("best", "fast"):
            rec = recommend(model=model, epochs=30, steps_per_epoch=50, goal=goal)
            curve = rec.schedule.bind(total_steps=1500, steps_per_epoch=50)
            assert curve(0, 0.1) >= 0


def test_cli_json(capsys):
    assert main(["recommend", "--model", "vit", "--epochs", "300", "--batch-size", "4096", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("schedule", "base_lr", "warmup", "per", "reasons", "code"):
        assert key in data
    assert lk.parse(data["schedule"]) == lk.parse("warmup(5ep, start_factor=0.002) >> cosine(min_lr=1e-05)")
    assert set(data["code"]) == {"torch", "hf_trainer", "lightning", "keras"}


def test_cli_text_and_errors(capsys):
    assert main(["recommend", "--model", "resnet", "--epochs", "90", "--goal", "reproduce"]) == 0
    out = capsys.readouterr().out
    assert "multistep([30ep, 60ep], gamma=0.1)" in out and "why:" in out
    assert main(["recommend", "--model", "resnet", "--epochs", "0"]) == 2
    assert "epochs must be > 0" in capsys.readouterr().err
    assert main(["recommend", "--epochs", "3"]) == 2


def test_cli_recipes(capsys):
    assert main(["recipes", "--json"]) == 0
    names = [r["name"] for r in json.loads(capsys.readouterr().out)]
    assert {"resnet-paper", "vit-deit", "bert", "llm-wsd", "detr", "deeplab-poly"} <= set(names)
    assert main(["recipes"]) == 0
    assert "He et al. 2016" in capsys.readouterr().out


def test_the_schedule_is_an_object_and_its_text_is_what_the_advisor_wrote():
    rec = recommend(model="resnet", epochs=90, batch_size=256, optimizer="sgd", goal="reproduce")
    assert isinstance(rec.schedule, lk.Schedule) and rec.schedule == lk.parse(rec.spec)
    assert rec.spec == "multistep([30ep, 60ep], gamma=0.1)" != str(rec.schedule)  # the recipe's words kept
    assert rec.to_dict()["schedule"] == rec.spec and str(rec).startswith(f"schedule   {rec.spec}\n")
    warm = recommend(model="resnet", epochs=90, batch_size=1024, optimizer="sgd", base_batch_size=256)
    assert warm.spec == str(warm.schedule) == "warmup(5ep) >> cosine"
