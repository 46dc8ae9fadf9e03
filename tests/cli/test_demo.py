"""``lrkit demo`` (first version: the recipe drawings of lrkit.viz)."""

from lrkit.cli import main
from lrkit.viz import RECIPES


def test_demo_command_terminal_only(capsys):
    assert main(["demo", "--no-files"]) == 0
    out = capsys.readouterr().out
    assert out.count("== ") == len(RECIPES)
    assert "warmup end (step 500): 0.001" in out
