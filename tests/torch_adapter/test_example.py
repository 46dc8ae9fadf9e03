"""examples/torch_loop.py runs, learns, and resumes bit for bit after an interruption."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "torch_loop.py"


def _run(*args):
    p = subprocess.run([sys.executable, str(EXAMPLE), "--epochs", "4", *args], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout, json.loads(p.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_example_trains_and_resumes_exactly(tmp_path):
    full_out, full = _run("--log", str(tmp_path / "full.jsonl"))
    assert full["val_acc"] > 0.9 and full["position"] == 4 * 45  # 90 micro-batches of 16, 2 per update
    ck, log = str(tmp_path / "ck.pt"), str(tmp_path / "cut.jsonl")
    first, _ = _run("--checkpoint", ck, "--stop-after", "2", "--log", log)
    assert "stopped after epoch 2" in first
    second, resumed = _run("--checkpoint", ck, "--log", log)
    assert "resumed at epoch 2" in second
    assert resumed == full  # same weights, same accuracy, same position
    assert Path(log).read_text() == (tmp_path / "full.jsonl").read_text()  # same LR at every update
