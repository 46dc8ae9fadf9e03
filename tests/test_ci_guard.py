"""The CI guard in the root conftest.py: with LRKIT_FORBID_SKIPS set, a skipped test fails the run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pytest(tmp_path, env_extra, *args):
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_x.py").write_text("import pytest\n\ndef test_ok():\n    pass\n\n"
                                        "def test_skipped():\n    pytest.skip('no server')\n")
    env = {k: v for k, v in os.environ.items() if k != "LRKIT_FORBID_SKIPS"}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args, str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_a_skip_fails_the_run_only_when_forbidden(tmp_path, args):
    allowed = _pytest(tmp_path, {}, *args)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    forbidden = _pytest(tmp_path, {"LRKIT_FORBID_SKIPS": "1"}, *args)
    assert forbidden.returncode == 1, forbidden.stdout + forbidden.stderr
    assert "LRKIT_FORBID_SKIPS: skipped in CI: " in forbidden.stdout and "test_skipped: " in forbidden.stdout
    assert "no server" in forbidden.stdout


def test_a_hanging_test_fails_with_its_stack_instead_of_holding_the_run(tmp_path):
    """pyproject's `faulthandler_timeout` and `timeout`: a test that never returns has every thread's stack
    printed, then fails, named, with where it hung, so a hang shows in CI's log as one failure instead of the
    whole run running into CI's own limit."""
    (tmp_path / "test_hang.py").write_text("import threading\n\ndef test_ok():\n    pass\n\n"
                                           "def test_hangs():\n    threading.Event().wait()\n")
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c",
                          str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path), "-o", "faulthandler_timeout=1",
                          "-o", "timeout=3",
                          "-n", "2", str(tmp_path)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    assert out.returncode == 1, text
    assert "Timeout" in text and "test_hangs" in text and "Event().wait()" in text, text
    assert "Most recent call first" in text or "most recent call first" in text, text   # faulthandler's dump
