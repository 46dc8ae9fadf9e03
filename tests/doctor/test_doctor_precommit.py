"""The pre-commit hook, for real: the `pre-commit` package installs lrkit from this repository into its
own virtualenv (numpy from the package index) and runs `lrkit-doctor` on a temporary git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"


def test_hooks_file_declares_the_doctor_for_python_and_notebooks():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "lrkit-doctor" and hook["entry"] == "lrkit doctor" and hook["language"] == "python"
    assert hook["types_or"] == ["python", "jupyter"]
    from pre_commit.clientlib import load_manifest   # pre-commit's own check of the manifest
    assert load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))[0]["id"] == "lrkit-doctor"


def _git(cwd: Path, *args: str, env: dict) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _hook_repo(dest: Path, env: dict) -> Path:
    """A git repository holding one commit of this working tree's package (try-repo builds from a commit;
    uncommitted and untracked files of the real checkout would otherwise be left out)."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _git(dest, "init", "-q", env=env)
    _git(dest, "add", "-A", env=env)
    _git(dest, "commit", "-q", "-m", "lrkit as it is in the working tree", env=env)
    return dest


def _pre_commit(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.timeout(1200)   # pre-commit builds its own venv with pip (84 s here on a loaded machine)
def test_pre_commit_refuses_a_commit_with_a_scheduling_bug(tmp_path):
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(tmp_path), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "PRE_COMMIT_COLOR": "never"}
    env.pop("PYTHONPATH", None)   # the hook must run the lrkit that pre-commit installed
    hooks = _hook_repo(tmp_path / "lrkit-repo", env)
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q", env=env)
    (project / "clean.py").write_text((CORPUS / "lr003_right.py").read_text())
    (project / "train.py").write_text((CORPUS / "lr003_wrong.py").read_text())
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
        "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
        "source": ["import torch\n", "sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n",
                   "for epoch in range(3):\n", "    sched.step()\n"]}]}
    (project / "explore.ipynb").write_text(json.dumps(nb))

    # try-repo on the clean script alone: the hook passes
    _git(project, "add", "clean.py", env=env)
    ok = _pre_commit(project, "try-repo", str(hooks), "lrkit-doctor", env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "lrkit doctor" in ok.stdout and "Passed" in ok.stdout

    # with the buggy script and notebook staged: it fails and shows the findings
    _git(project, "add", "train.py", "explore.ipynb", env=env)
    bad = _pre_commit(project, "try-repo", str(hooks), "lrkit-doctor", env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "exit code: 1" in bad.stdout
    assert "train.py:15:9: LR003 ReduceLROnPlateau `plateau` is never given a metric" in bad.stdout
    assert "explore.ipynb:cell 1:4:5: LR003" in bad.stdout and "fix: " in bad.stdout
    assert "clean.py" not in bad.stdout.split("Failed", 1)[1]

    # installed as the repository's git hook: `git commit` is refused while the bug is staged
    sha = _git(hooks, "rev-parse", "HEAD", env=env).strip()
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(
        {"repos": [{"repo": str(hooks), "rev": sha, "hooks": [{"id": "lrkit-doctor"}]}]}))
    _git(project, "add", ".pre-commit-config.yaml", env=env)
    installed = _pre_commit(project, "install", env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    refused = subprocess.run(["git", "commit", "-m", "train"], cwd=project, env=env, capture_output=True,
                             text=True, timeout=600)
    assert refused.returncode != 0 and "train.py:15:9: LR003" in refused.stdout + refused.stderr
    assert subprocess.run(["git", "rev-parse", "--verify", "HEAD"], cwd=project, env=env,
                          capture_output=True).returncode != 0   # nothing was committed

    # the clean script alone commits
    _git(project, "rm", "-q", "--cached", "train.py", "explore.ipynb", env=env)
    done = subprocess.run(["git", "commit", "-m", "clean"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _git(project, "ls-files", env=env).split() == [".pre-commit-config.yaml", "clean.py"]
