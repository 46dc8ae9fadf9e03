"""diagnose's readers on small files written here: every format, and bad input (one clear error, never a traceback)."""

import json
import math

import numpy as np
import pytest

import lrkit as lk
from lrkit.cli import main
from lrkit.diagnosis import LogError

LR = [0.1 * (1 + math.cos(math.pi * s / 200)) / 2 for s in range(200)]


def _csv(path, header, rows):
    path.write_text(header + "\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n")
    return path


def test_plain_csv_jsonl_and_wandb_export_read_alike(tmp_path):
    _csv(tmp_path / "a.csv", "step,lr,loss", [(s + 1, LR[s], 1.0) for s in range(200)])
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps({"step": s + 1, "train": {"learning_rate": LR[s],
                                                             "loss": 1.0}}) for s in range(200)) + "\n")
    _csv(tmp_path / "c.csv", "Step,my-run - train/learning_rate,my-run - train/learning_rate__MIN,my-run - train/loss",
         [(s + 1, LR[s], LR[s], 1.0) for s in range(200)])
    d = lk.diagnose(tmp_path)
    assert [r.name for r in d.runs] == ["a.csv", "b.jsonl", "c.csv"]
    assert [r.columns["lr"] for r in d.runs] == ["lr", "train/learning_rate", "train/learning_rate"]
    assert {r.schedule["spec"] for r in d.runs} == {"cosine"} and d.findings == []


def test_tensorboard_folder_and_hf_checkpoint_folder(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "tb")) as w:
        for s in range(200):
            w.add_scalar("lr/group_0", LR[s], s + 1)
            w.add_scalar("loss", 1.0, s + 1)
    ck = tmp_path / "hf" / "checkpoint-200"
    ck.mkdir(parents=True)
    hist = [{"step": s + 1, "learning_rate": LR[s], "loss": 1.0, "epoch": s / 20} for s in range(200)]
    (ck / "trainer_state.json").write_text(json.dumps({"log_history": hist + [{"step": 200, "train_runtime": 1.0,
                                                                              "train_loss": 9.0}]}))
    d = lk.diagnose([tmp_path / "tb", tmp_path / "hf"])
    assert [(r.source, r.columns["lr"], r.schedule["spec"]) for r in d.runs] == [
        ("tensorboard", "lr/group_0", "cosine"), ("hf", "learning_rate", "cosine")]
    assert lk.diagnose(tmp_path, run="hf").runs[0].name == "hf"


def test_nan_is_evidence_and_steps_backwards_split_runs(tmp_path):
    rows = [(s + 1, 0.1, 1.0 if s < 150 else "nan") for s in range(200)] + [(s + 1, LR[s], 1.0) for s in range(200)]
    d = lk.diagnose(_csv(tmp_path / "two.csv", "step,lr,loss", rows))
    assert [r.path.rsplit("/", 1)[1] for r in d.runs] == ["two.csv#1", "two.csv#2"]
    assert "several runs appended to one file, split into 2" in d.runs[0].notes[0]
    assert [f.code for f in d.runs[0].findings] == ["LR026", "LR014"] and d.runs[0].findings[1].step == 151
    assert d.runs[1].findings == []


def test_no_lr_column_says_which_columns_and_how_to_name_it(tmp_path, capsys):
    p = _csv(tmp_path / "x.csv", "step,rate,loss", [(s, 0.1, 1.0) for s in range(1, 20)])
    with pytest.raises(LogError, match=r"no learning-rate column among: rate, loss; name it with --lr COLUMN"):
        lk.diagnose(p)
    assert lk.diagnose(p, lr="rate").runs[0].columns["lr"] == "rate"
    assert main(["diagnose", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lrkit diagnose: error: diagnose:") and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("name, text, message", [
    ("empty.csv", "", "the file is empty"),
    ("header.csv", "step,lr,loss\n", "no data rows"),
    ("trainer_state.json", '{"log_history": [{"step": 1, "learning_rate": 0.1', "a truncated trainer_state.json"),
    ("bad.jsonl", "{not json\n", "no JSON records"),
    ("notes.txt", "hello", "not a log lrkit reads"),
])
def test_unreadable_files_are_one_clear_error(tmp_path, capsys, name, text, message):
    (tmp_path / name).write_text(text)
    with pytest.raises(LogError, match=message):
        lk.diagnose(tmp_path / name)
    assert main(["diagnose", str(tmp_path / name)]) == 2
    assert message in capsys.readouterr().err


def test_truncated_csv_last_line_is_left_out_with_a_note(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("step,lr,loss\n" + "".join(f"{s},0.1,1.0\n" for s in range(1, 30)) + "30,0.")
    r = lk.diagnose(p).runs[0]
    assert r.steps == 29 and "incomplete (a truncated file?)" in r.notes[0]


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    p = _csv(tmp_path / "a.csv", "step,lr,loss", [(s + 1, LR[s], 1.0) for s in range(200)])
    assert main(["diagnose", str(tmp_path / "missing")]) == 2
    assert main(["diagnose", str(p), "--spec", "cosine"]) == 2
    assert "pass --total-steps N" in capsys.readouterr().err
    assert main(["diagnose", str(p), "--total-steps", "10"]) == 2
    assert main(["diagnose", str(p), "--spec", "cosin", "--total-steps", "200"]) == 2
    assert "did you mean 'cosine'" in capsys.readouterr().err
    assert main(["diagnose", str(p), "--run", "zzz"]) == 2
    assert "matches none of the runs" in capsys.readouterr().err
    assert main(["diagnose", str(p), "--plot", "out.svg"]) == 2
    assert main(["diagnose", str(p)]) == 0
    out = capsys.readouterr().out
    assert "schedule: cosine" in out and "no findings" in out and "logged LR vs step" in out


@pytest.mark.slow
def test_a_million_rows_are_read_in_seconds(tmp_path):
    import time

    n = 1_000_000
    steps = np.arange(1, n + 1)
    lr = lk.parse("warmup(2%) >> cosine").bind(total_steps=n)(steps - 1, base_lr=0.1)
    loss = 2.0 / np.sqrt(steps)
    p = tmp_path / "big.csv"
    np.savetxt(p, np.c_[steps, lr, loss], delimiter=",", header="step,lr,loss", comments="", fmt=["%d", "%.8g", "%.6g"])
    t0 = time.perf_counter()
    d = lk.diagnose(p)
    seconds = time.perf_counter() - t0
    assert d.runs[0].steps == n and d.findings == [] and d.runs[0].schedule["spec"] == "warmup(20000) >> cosine"
    assert seconds < 30, seconds


def test_tensorboard_reader_matches_tensorboards_own_loader(tmp_path):
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
    from torch.utils.tensorboard import SummaryWriter

    from lrkit.diagnosis.readers import read_logs

    with SummaryWriter(str(tmp_path)) as w:
        for s in range(300):
            w.add_scalar("train/lr", LR[s % 200], s)
            w.add_scalar("train/loss", float("nan") if s == 250 else 1.0 / (s + 1), s)
            w.add_text("note", "text events are skipped", s) if s % 100 == 0 else None
    [log] = read_logs(tmp_path)
    [path] = list(tmp_path.iterdir())
    ref = {}
    for ev in EventFileLoader(str(path)).Load():
        for v in ev.summary.value:
            if v.metadata.plugin_data.plugin_name == "scalars":
                ref.setdefault(v.tag, []).append((ev.step, float(np.asarray(v.tensor.float_val)[0])))
    assert sorted(log.columns) == sorted(ref) == ["train/loss", "train/lr"]
    for tag, pairs in ref.items():
        steps, values = log.columns[tag]
        assert steps.tolist() == [p[0] for p in pairs]
        np.testing.assert_array_equal(values, np.array([p[1] for p in pairs]))
    # a file cut in the middle of a record is read up to it, and says so
    data = path.read_bytes()
    path.write_bytes(data[:len(data) * 2 // 3])
    [log] = read_logs(tmp_path)
    assert "truncated record" in log.notes[0] and 150 < len(log.columns["train/lr"][0]) < 250


def test_json_shape_and_exit_codes_on_small_logs(tmp_path, capsys):
    ok = _csv(tmp_path / "ok.csv", "step,lr,loss", [(s + 1, LR[s], 1.0) for s in range(200)])
    bad = _csv(tmp_path / "bad.csv", "step,lr,loss", [(s + 1, 0.1, 1.0) for s in range(200)])
    assert main(["diagnose", str(ok), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"runs": [{"path": str(ok), "steps": 200, "findings": [], "notes": [],
                              "schedule": {"spec": "cosine", "base_lr": 0.1, "total_steps": 200,
                                           "source": "identified", "max_error": 0.0,
                                           "description": "cosine to 0 over 200 steps, peak LR 0.1"}}]}
    assert main(["diagnose", str(bad), "--format", "json"]) == 1
    [f] = json.loads(capsys.readouterr().out)["runs"][0]["findings"]
    assert list(f) == ["code", "step", "symptom", "evidence", "causes", "fix"]
    assert (f["code"], f["step"], f["evidence"]["lr"]) == ("LR026", 1, 0.1)
    assert list(f["fix"]) == ["spec", "lrkit", "torch", "text"] and len(f["causes"]) == 4
