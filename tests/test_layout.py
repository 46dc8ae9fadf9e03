"""The test tree cannot shadow a package the tests import."""

import importlib.util
from pathlib import Path

TESTS = Path(__file__).parent
FRAMEWORKS = ("torch", "transformers", "lightning", "keras", "jax", "optax", "optuna", "matplotlib", "numpy")


def test_no_test_folder_is_named_after_a_framework():
    # pytest puts test folders on sys.path; a folder named ``torch`` would be found as a namespace
    # package by ``import torch`` wherever the real one is missing, instead of an ImportError
    folders = {p.name for p in TESTS.rglob("*") if p.is_dir()}
    assert sorted(folders & set(FRAMEWORKS)) == []
    assert Path(importlib.util.find_spec("torch").origin).parent.name == "torch"
    assert TESTS not in Path(importlib.util.find_spec("torch").origin).parents
