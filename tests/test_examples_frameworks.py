"""The framework examples run as scripts, print the lrkit curve's values, and pass lrkit doctor."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _run(name, *modules):
    for m in modules:
        pytest.importorskip(m)
    env = {**os.environ, "KERAS_BACKEND": "torch", "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    out = subprocess.run([sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=300,
                         cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


@pytest.mark.slow
def test_hf_trainer_example():
    out = _run("hf_trainer.py", "transformers", "accelerate")
    assert "schedule: warmup(5%) >> cosine(min_lr=1e-05) over 40 steps" in out
    import lrkit as lk

    curve = lk.parse("warmup(5%) >> cosine(min_lr=1e-5)").bind(total_steps=40)
    logged = {int(m[1]): float(m[2]) for m in re.finditer(r"step\s+(\d+)\s+lr (\S+)", out)}
    assert sorted(logged) == [10, 20, 30, 40]
    steps = sorted(logged)  # the Trainer logs the LR update `step` used: position step - 1
    expected = curve([s - 1 for s in steps], 0.001)
    assert [logged[s] for s in steps] == pytest.approx(list(expected), rel=1e-5)
    assert "no findings" in out


@pytest.mark.slow
def test_lightning_example():
    out = _run("lightning_module.py", "lightning")
    assert "32 updates; LR per epoch start: 0, 0.05, 0.03753, 0.01258" in out
    assert "no findings" in out


@pytest.mark.slow
def test_keras_example():
    out = _run("keras_fit.py", "keras")
    assert "lr at 0/4/20/40 = 0, 0.05, 0.02938, 0.0001" in out
    assert "reloaded schedule: warmup(10%) >> cosine(min_lr=0.0001)" in out


@pytest.mark.slow
def test_optax_example():
    out = _run("optax_loop.py", "jax", "optax")
    assert "step   0  lr 0  loss" in out and "step 199  lr 0.00010341" in out
    final = float(re.search(r"step 199 .* loss (\S+)", out)[1])
    assert final < 0.01  # the schedule trained the regression


def test_doctor_finds_nothing_in_the_framework_examples():
    files = [str(EXAMPLES / f) for f in ("hf_trainer.py", "lightning_module.py", "keras_fit.py", "optax_loop.py")]
    out = subprocess.run([sys.executable, "-m", "lrkit", "doctor", *files], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no findings in 4 files" in out.stdout + out.stderr
