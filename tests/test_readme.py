"""The README's promises: two set-up commands, a Python example that runs, plot commands that work."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _blocks(lang: str) -> list[str]:
    """The fenced code blocks whose info string is ``lang`` ("" for plain blocks), in order."""
    out, current, info = [], None, None
    for line in README.read_text().splitlines():
        if line.startswith("```"):
            if current is None:
                current, info = [], line[3:].strip()
            else:
                if info == lang:
                    out.append("\n".join(current) + "\n")
                current = None
        elif current is not None:
            current.append(line)
    return out


def test_quickstart_has_exactly_the_two_commands():
    first = _blocks("")[0]
    commands = [line.split("#")[0].strip() for line in first.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


@pytest.mark.slow  # a fresh interpreter importing torch and training 1000 steps: several seconds
def test_python_example_runs_and_prints_what_it_says(tmp_path):
    (code,) = _blocks("python")
    assert len(code.strip().splitlines()) <= 12
    env = dict(os.environ, OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, "-c", "import torch; torch.set_num_threads(1)\n" + code],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    claimed = re.search(r"# the LR at step 500: ([0-9.]+)", code).group(1)
    assert run.stdout.strip().startswith(claimed.rstrip("."))
    assert float(run.stdout) == pytest.approx(1e-5 + (0.1 - 1e-5) * 0.5 * (1 + __import__("math").cos(
        __import__("math").pi * 450 / 950)), rel=1e-12)


def test_plot_commands_in_the_readme_work(tmp_path, monkeypatch, capsys):
    from lrkit.cli import main

    monkeypatch.chdir(tmp_path)
    lines = [line.split(" #")[0].strip() for block in _blocks("") for line in block.splitlines()]
    plots = [shlex.split(line)[1:] for line in lines if line.startswith("lrkit plot ")]
    assert len(plots) == 2
    for argv in plots:
        assert main(argv) == 0
    assert (tmp_path / "schedules.png").stat().st_size > 1000


def test_links_point_to_files_that_exist():
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README.read_text()):
        if not target.startswith("http"):
            assert (README.parent / target).exists(), target
