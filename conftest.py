"""Test-wide environment (also for the doctests under src/): no display, one thread, Keras on torch."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("KERAS_BACKEND", "torch")  # Keras 3 without TensorFlow
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def pytest_sessionfinish(session, exitstatus):
    """With LRKIT_FORBID_SKIPS set (CI), a skipped test fails the run.

    Every test is meant to run in CI (the PostgreSQL test gets its server from
    .ci/run), so a skip there means a dependency or a service went missing, and
    the run must say so rather than pass with less tested.
    """
    if not os.environ.get("LRKIT_FORBID_SKIPS") or hasattr(session.config, "workerinput") or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        reporter.write_line("")
        for rep in skipped:
            reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else rep.longrepr
            reporter.write_line(f"LRKIT_FORBID_SKIPS: skipped in CI: {rep.nodeid}: {reason}", red=True)
        session.exitstatus = 1


# old module names kept for compatibility: importing them only warns (tests/integrations/test_pickle.py)
collect_ignore = ["src/lrkit/integrations/transformers.py", "src/lrkit/integrations/lightning.py"]
