import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # the toy train_fn module, importable by worker processes too


@pytest.fixture
def toy_env(tmp_path, monkeypatch):
    """A log file the toy train_fn appends start/end lines to; returns a reader of those lines."""
    log = tmp_path / "runs.log"
    monkeypatch.setenv("LRKIT_TEST_LOG", str(log))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))

    def lines(kind=None):
        if not log.exists():
            return []
        rows = [tuple(x.split("|")) for x in log.read_text().splitlines() if x]
        return [r for r in rows if kind is None or r[0] == kind]

    return lines
