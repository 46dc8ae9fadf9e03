"""The terminal plot: fits the width, draws the curve where it is, labels the axes."""

import math
import time

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

import lrkit as lk
from lrkit.advisor import RECIPES, get_recipe
from lrkit.viz import terminal_plot

BRAILLE = range(0x2800, 0x2900)


def _plot_rows(text, height):
    lines = text.splitlines()
    return lines[1:1 + height]  # after the title line


def _dots(row_text):
    """Columns (after the 10-char label+axis) holding a drawn cell."""
    body = row_text[10:]
    return [i for i, ch in enumerate(body) if ch != " "]


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_advisor_recipe_draws_in_80_columns(name):
    """The named recipes (what `lrkit recipes` lists) draw over their own run, stepping and base LR."""
    r = get_recipe(name)
    total = r.total_steps or (r.epochs or 90) * 100
    out = terminal_plot(r.schedule, total, steps_per_epoch=100, per=r.per, base_lr=r.base_lr)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80 and len(lines) == 1 + 16 + 2
    assert any(ch != " " for line in _plot_rows(out, 16) for ch in line[10:])


@pytest.mark.parametrize("width", [40, 80, 120])
def test_fits_the_width_and_height(width):
    out = terminal_plot(lk.warmup("5%") >> lk.cosine(), total_steps=1000, width=width, height=12)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert len(lines) == 1 + 12 + 2  # title, plot rows, axis, tick labels
    assert lines[0].startswith("lr vs step")
    assert lines[-1].split() == ["0", "500", "1000"]


def test_braille_curve_is_where_the_lr_is():
    # cosine from 1 to 0: top-left cell and bottom-right cell are drawn, the opposite corners empty
    out = terminal_plot(lk.cosine(), total_steps=1000, width=80, height=10)
    rows = _plot_rows(out, 10)
    assert all(ch == " " or ord(ch) in BRAILLE for r in rows for ch in r[10:])
    top, bottom = _dots(rows[0]), _dots(rows[-1])
    assert top and min(top) == 0 and max(top) < 35
    assert bottom and max(bottom) == 69 and min(bottom) > 35
    assert rows[0].startswith("       1 ┤") and rows[-1].startswith("       0 ┤")
    # every column holds part of the curve (it is continuous)
    cols = set()
    for r in rows:
        cols.update(_dots(r))
    assert cols == set(range(70))


def test_step_drop_is_a_vertical_line():
    s = lk.constant(500, factor=1.0) >> lk.constant(factor=0.1)
    out = terminal_plot(s, total_steps=1000, width=80, height=10, ascii=True)
    rows = _plot_rows(out, 10)
    drop_col = round(500 * 70 / 1001)
    for r in rows[:-1]:  # the drop spans every row between 1 and 0.1 in that column or the next
        body = r[10:].ljust(70)
        if r is rows[0]:
            continue
        assert "*" in body[drop_col - 1:drop_col + 2] or body.strip() == ""
    assert set(rows[0][10:10 + drop_col - 1]) == {"*"}  # the first half on the top row
    assert "0.1" not in rows[0]


def test_log_scale_labels_and_zero_left_out():
    out = terminal_plot(lk.warmup(10) >> lk.cosine(min_lr=1e-4), total_steps=100, log=True, height=9)
    rows = _plot_rows(out, 9)
    assert "log scale" in out.splitlines()[0]
    assert rows[0].split()[0] == "1" and rows[-1].split()[0] == "0.0001"
    # the mid label is the geometric middle: 10^-2
    assert rows[4].split()[0] == "0.01"
    with pytest.raises(lk.LRKitError, match="every LR is 0"):
        terminal_plot(lk.constant(factor=0.0), total_steps=10, log=True)


def test_compare_uses_one_marker_per_schedule_and_a_legend():
    out = terminal_plot(["cosine", lk.constant(factor=0.5)], total_steps=200, height=8, width=60)
    lines = out.splitlines()
    assert lines[-2:] == ["  * cosine", "  o constant(factor=0.5)"]
    body = "".join(line[10:] for line in lines[1:9])
    assert set(body) <= {" ", "*", "o", "&"}
    assert body.count("o") > 40 and body.count("*") > 40 and "&" in body  # they cross once


def test_color_and_labels():
    out = terminal_plot([lk.cosine(), lk.cosine(min_lr=0.5)], total_steps=100, color=True, labels=["a", "b"])
    assert "\x1b[33m" in out and "\x1b[36m" in out
    assert out.splitlines()[-1].endswith(" b")
    with pytest.raises(lk.LRKitError, match="one label per schedule"):
        terminal_plot([lk.cosine()], total_steps=10, labels=["a", "b"])


def test_epoch_information_in_the_title():
    out = terminal_plot(lk.cosine(), total_steps=1000, steps_per_epoch=100, per="epoch")
    assert out.splitlines()[0] == "lr vs step (10 epochs of 100 steps)  (base_lr=1, stepped per epoch)"


@pytest.mark.parametrize("kwargs, msg", [
    (dict(width=10), r"width must be a whole number >= 30 \(columns\), got 10"),
    (dict(height=1), r"height must be a whole number >= 3 \(rows\), got 1"),
])
def test_bad_sizes(kwargs, msg):
    with pytest.raises(lk.LRKitError, match=msg):
        terminal_plot(lk.cosine(), total_steps=10, **kwargs)


def test_flat_curve_is_drawn_on_the_top_row():
    out = terminal_plot(lk.constant(factor=0.5), total_steps=50, height=5, width=40)
    rows = _plot_rows(out, 5)
    assert rows[0].split()[0] == "0.5" and len(_dots(rows[0])) == 30
    assert rows[-1].split()[0] == "0" and _dots(rows[-1]) == [] or rows[-1].rstrip().endswith("┤")


def test_large_runs_are_fast_enough():
    t0 = time.perf_counter()
    out = terminal_plot(lk.cyclic(2000), total_steps=10**6, height=8)
    assert time.perf_counter() - t0 < 2.0
    rows = _plot_rows(out, 8)
    # 250 cycles (0.25 -> 1 -> 0.25) in 70 columns: a full band from 1 down to 0.25, nothing below
    assert all(len(_dots(r)) == 70 for r in rows[:5])
    assert _dots(rows[-1]) == [] and _dots(rows[-2]) == []



@settings(max_examples=60, deadline=None)
@given(total=st.integers(1, 5000), width=st.integers(30, 140), height=st.integers(3, 30),
       warm=st.integers(1, 99), log=st.booleans(), ascii_=st.booleans(), n=st.integers(1, 3))
def test_any_run_fits_its_box(total, width, height, warm, log, ascii_, n):
    specs = [f"warmup({warm}%) >> cosine(min_lr=1e-4)", "cosine", "constant(factor=0.5)"][:n]
    assume(math.ceil(total * warm / 100) < total)  # the warmup must leave the cosine a step
    out = terminal_plot(specs, total_steps=total, width=width, height=height, log=log, ascii=ascii_)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert len(lines) == 1 + height + 2 + (n if n > 1 else 0)
    body = "".join(line[10:] for line in lines[1:1 + height])
    assert body.strip()  # something is drawn
