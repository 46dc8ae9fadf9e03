"""``import lrkit`` (and the integration modules' own import) pulls in no framework."""

import json
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
])
def test_import_lrkit_imports_no_framework(code):
    assert _imported(code) == []


def test_each_integration_imports_only_its_own_framework():
    # the adapters import their framework lazily: loading the module costs nothing until it is used
    assert _imported("import lrkit.integrations.keras, lrkit.keras") == []
    assert _imported("import lrkit.integrations.jax, lrkit.jax") == []
    # the HF/Lightning adapters sit on lrkit.torch, so torch (only) comes with them
    assert _imported("import lrkit.integrations.transformers") == ["torch"]
    assert _imported("import lrkit.integrations.lightning") == ["torch"]
