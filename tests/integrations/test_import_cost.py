"""``import lrkit`` pulls in no framework; each adapter module imports its own framework (and torch's adapters torch)."""

import json
import os
import subprocess
import sys

import pytest

HEAVY = ["torch", "transformers", "lightning", "pytorch_lightning", "keras", "jax", "optax", "matplotlib",
         "optuna", "tensorflow", "accelerate"]


def _imported(code):
    probe = (f"import sys\n{code}\n"
             f"print(__import__('json').dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("code", [
    "import lrkit",
    "import lrkit as lk; lk.parse('warmup(5%) >> cosine').bind(total_steps=100)(50, 0.1)",
    "import lrkit.integrations",
    "import lrkit.errors, lrkit.spec, lrkit.schedules",
])
def test_import_lrkit_imports_no_framework(code):
    assert _imported(code) == []


@pytest.mark.parametrize("module, framework", [
    ("lrkit.torch", "torch"),
    ("lrkit.jax", "jax.numpy"),
    ("lrkit.keras", "keras"),  # the tests run Keras on its torch backend
    ("lrkit.transformers", "transformers.trainer, torch"),  # the Trainer brings accelerate
    ("lrkit.lightning", "lightning, torch"),
])
def test_each_adapter_imports_its_own_framework(module, framework):
    # an adapter module defines its framework's classes at module level: importing it imports the
    # framework, and nothing that the framework itself (with torch for the torch-based adapters) does not
    assert _imported(f"import {module}") == _imported(f"import {framework}")
    assert framework.split(".")[0].split(",")[0] in _imported(f"import {module}")


def _fail(code, **env):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, **env})
    assert out.returncode == 1, out.stdout + out.stderr
    return out.stderr.strip().splitlines()[-1]


def test_keras_without_its_backend_says_how_to_choose_one():
    # Keras 3 is installed; TensorFlow, the backend this asks for, is not
    last = _fail("import lrkit.keras", KERAS_BACKEND="tensorflow")
    assert last.startswith("lrkit.errors.DependencyError: lrkit.keras: keras is installed but cannot be imported "
                           "(ModuleNotFoundError: No module named 'tensorflow')"), last
    assert "KERAS_BACKEND=torch or KERAS_BACKEND=jax" in last and "here tensorflow" in last
    assert "pip install keras" not in last


@pytest.mark.parametrize("module, install", [
    ("lrkit.torch", "pip install lrkit[torch]"),
    ("lrkit.transformers", "pip install transformers accelerate"),
    ("lrkit.lightning", "pip install lightning"),
    ("lrkit.jax", "pip install jax optax"),
    ("lrkit.keras", "pip install keras, and a backend"),
])
def test_a_missing_framework_is_one_error_type_with_the_install_command(module, install):
    # the framework hidden from the import system, as on a machine without it
    framework = {"lrkit.jax": "jax", "lrkit.keras": "keras"}.get(module, module.split(".")[1])
    code = (f"import sys; sys.modules[{framework!r}] = None\n"
            f"import lrkit\ntry:\n    import {module}\n"
            f"except lrkit.errors.DependencyError as e:\n"
            f"    assert isinstance(e, lrkit.LRKitError) and isinstance(e, ImportError)\n    raise\n")
    last = _fail(code)
    assert last.startswith(f"lrkit.errors.DependencyError: {module} needs {framework}"), last
    assert install in last
