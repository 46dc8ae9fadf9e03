"""Real logs for the diagnose tests, written once per test session by really training the built-in tasks."""

import pytest


@pytest.fixture(scope="session")
def real_logs(tmp_path_factory):
    """``{(framework, run): folder}`` for HF Trainer, Lightning and a plain torch loop (see _diagnose_logs.py)."""
    from _diagnose_logs import make_logs

    return make_logs(tmp_path_factory.mktemp("diagnose-logs"))
