"""matplotlib figures: files written and readable, curves drawn with the curve's values."""

import matplotlib.image
import numpy as np
import pytest
from matplotlib.figure import Figure

import lrkit as lk
from lrkit.viz import plot_schedules


def test_png_written_and_readable(tmp_path):
    path = tmp_path / "c.png"
    fig = plot_schedules("warmup(5%) >> cosine(min_lr=1e-5)", total_steps=1000, base_lr=0.1, path=path)
    assert isinstance(fig, Figure)
    img = matplotlib.image.imread(path)
    assert img.shape[0] == 360 and img.shape[1] == 700  # figsize (7, 3.6) at dpi 100
    assert img.std() > 0.05  # something is drawn, not a blank canvas


def test_svg_written(tmp_path):
    path = tmp_path / "c.svg"
    plot_schedules([lk.cosine(), lk.warmup(10) >> lk.cosine()], total_steps=100, path=str(path), log=True)
    text = path.read_text()
    assert text.startswith("<?xml") and "<svg" in text and text.rstrip().endswith("</svg>")


def test_line_data_is_the_curve():
    s = lk.warmup(10) >> lk.cosine(min_lr=0.001)
    fig = plot_schedules(s, total_steps=300, base_lr=0.1, mark_points=True)
    ax = fig.axes[0]
    line, marks = ax.get_lines()
    x, y = line.get_data()
    curve = s.bind(total_steps=300)
    assert np.array_equal(x, np.arange(301))
    assert np.array_equal(y, curve(np.arange(301), 0.1))
    mx, my = marks.get_data()
    assert list(mx) == [0, 10, 150, 299, 300]
    assert list(my) == [curve(t, 0.1) for t in mx]
    assert ax.get_title() == str(s)


def test_long_runs_are_drawn_as_an_envelope_with_the_extremes():
    s = lk.cyclic(500)
    fig = plot_schedules(s, total_steps=10**6, mark_points=False)
    x, y = fig.axes[0].get_lines()[0].get_data()
    assert len(x) < 10_000
    assert y.max() == pytest.approx(1.0) and y.min() == pytest.approx(0.25)
    assert np.all(np.diff(x) >= 0)


def test_draws_into_a_given_axes_and_epoch_axis():
    fig = Figure()
    ax = fig.add_subplot()
    out = plot_schedules(lk.cosine(), total_steps=100, steps_per_epoch=10, per="epoch", ax=ax)
    assert out is fig
    assert len(ax.get_lines()) == 2
    assert any(getattr(c, "get_xlabel", lambda: "")() == "epoch" for c in ax.child_axes)


@pytest.mark.parametrize("name", ["c.pdf", "c.jpg", "c"])
def test_other_extensions_are_refused(tmp_path, name):
    with pytest.raises(lk.LRKitError, match=r"output file must end in \.png or \.svg"):
        plot_schedules(lk.cosine(), total_steps=10, path=tmp_path / name)
    assert not (tmp_path / name).exists()


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(lk.LRKitError, match="folder of the output file does not exist"):
        plot_schedules(lk.cosine(), total_steps=10, path=tmp_path / "nope" / "c.png")


def test_without_matplotlib_the_error_names_the_extra(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    with pytest.raises(lk.LRKitError, match=r"pip install lrkit\[plot\]"):
        plot_schedules(lk.cosine(), total_steps=10, path=tmp_path / "c.png")


def test_a_python_function_schedule_draws_too():
    s = lk.lambda_(lambda step: 0.9 ** (step // 10))  # not serializable: Python only, no spec text
    fig = plot_schedules(s, total_steps=100, mark_points=False)
    x, y = fig.axes[0].get_lines()[0].get_data()
    assert y[25] == pytest.approx(0.81) and y[100] == pytest.approx(0.9 ** 10)


def test_the_old_argument_name_specs_still_works_with_a_deprecation():
    import warnings

    import lrkit as lk
    from lrkit.viz import plot_schedules

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fig = plot_schedules(specs=["cosine", "linear"], total_steps=10)
    assert len(fig.axes[0].lines) >= 2
    assert [w.category for w in seen] == [lk.errors.LRKitDeprecationWarning]
    assert "write plot_schedules(schedules=...)" in str(seen[0].message)
