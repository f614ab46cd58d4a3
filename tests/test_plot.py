"""gdviz.plot: one panel of a run, drawn into the user's own Axes with the animation's panel code.

Each function draws into an Axes of a figure that already holds other artists of the
user's; those, and every other Axes, must come out exactly as they went in.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdviz  # noqa: E402
from gdviz.drawing import plot as plot_module  # noqa: E402


@pytest.fixture(scope="module")
def runs():
    data = gdviz.make_data(n=40, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [gdviz.train(data, epochs=30, seed=1), gdviz.train(data, epochs=30, seed=1, optimizer="momentum")]


def _snapshot(fig) -> dict:
    """What the user's own things look like: every artist of the other Axes and of the figure."""
    out = {"axes": list(fig.axes), "texts": [(t.get_text(), t.get_position()) for t in fig.texts],
           "patches": list(fig.patches), "lines": list(fig.lines), "facecolor": fig.get_facecolor(),
           "size": tuple(fig.get_size_inches()), "layout": type(fig.get_layout_engine()).__name__}
    return out


def _axes_state(ax) -> tuple:
    children = ax.get_children()
    return (tuple(children), ax.get_xlim(), ax.get_ylim(), ax.get_title(), ax.get_xlabel(), ax.get_facecolor(),
            tuple(ax.get_position().bounds),
            tuple((np.asarray(c.get_xydata()).tobytes(), c.get_color(), c.get_visible()) for c in ax.lines))


def _user_figure(projection=None):
    fig = plt.figure(figsize=(4.0, 2.0), dpi=50)
    mine = fig.add_subplot(1, 3, 1)
    mine.plot([0, 1, 2], [2, 0, 1], color="red", label="mine")
    mine.scatter([0, 1], [1, 2])
    mine.text(0.5, 0.5, "my note")
    mine.set_title("my panel")
    image = fig.add_subplot(1, 3, 2)
    image.imshow(np.arange(12.0).reshape(3, 4))
    target = fig.add_subplot(1, 3, 3, projection=projection)
    fig.suptitle("my figure")
    fig.text(0.01, 0.01, "a footnote")
    return fig, [mine, image], target


@pytest.mark.parametrize("name", ["fit", "surface", "loss", "surface3d", "maths", "network"])
def test_each_plot_draws_in_its_axes_and_touches_nothing_else(runs, name):
    fig, others, target = _user_figure("3d" if name == "surface3d" else None)
    try:
        before_fig, before = _snapshot(fig), [_axes_state(ax) for ax in others]
        got = getattr(gdviz.plot, name)(runs, 12, ax=target)
        assert got is target
        fig.canvas.draw()  # draws without error, every artist a plain one
        assert _snapshot(fig) == before_fig
        assert [_axes_state(ax) for ax in others] == before
        assert target.get_children() and not any(a.get_animated() for a in target.get_children() if a.get_visible())
        if name in ("maths", "network"):  # one run shown, named in the title; no legend
            assert target.get_legend() is None and target.texts
        elif name != "surface3d":
            assert target.get_legend() is not None  # two runs: named
    finally:
        plt.close(fig)


def test_ax_none_draws_into_the_current_axes(runs):
    fig, (left, right) = plt.subplots(1, 2, figsize=(4, 2), dpi=50)
    try:
        plt.sca(left)
        assert gdviz.plot.loss(runs[0]) is left
        assert len(right.get_children()) == len(plt.figure().add_subplot().get_children())  # still empty
    finally:
        plt.close("all")


def test_the_fit_shows_the_line_of_the_epoch_asked(runs):
    h = runs[0]
    fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
    try:
        gdviz.plot.fit(h, 7, ax=ax, residuals="off", reference=False)
        (segments,) = [c.get_segments() for c in ax.collections if c.get_visible() and hasattr(c, "get_segments")]
        (x0, y0), (x1, y1) = segments[0]
        assert np.isclose(y0, h.intercept[7] + h.slope[7] * x0) and np.isclose(y1, h.intercept[7] + h.slope[7] * x1)
        assert ax.get_legend() is None  # one run: no legend unless asked
    finally:
        plt.close(fig)


@pytest.mark.parametrize("run, shown", [(None, 0), (1, 1), ("momentum", 1)])
def test_the_maths_writes_the_lines_of_the_epoch_asked_as_real_text(runs, run, shown):
    from matplotlib.text import Text

    from gdviz.drawing.mathstext import epoch_numbers, maths_lines

    fig, ax = plt.subplots(figsize=(5, 2.5), dpi=50)
    try:
        assert gdviz.plot.maths(runs, 9, ax=ax, run=run) is ax
        want = maths_lines(epoch_numbers(runs[shown], 9))
        got = [t for t in ax.texts if t.get_visible()]
        assert [t.get_text() for t in got] == want and all(type(t) is Text for t in got)
        assert ax.get_title(loc="left").endswith(["gd", "momentum"][shown])
    finally:
        plt.close(fig)


def test_the_network_shows_the_numbers_of_the_history_at_the_epoch(runs):
    from gdviz.drawing.panels.network import DIGITS
    from gdviz.drawing.tickformat import number

    h, k, sample = runs[0], 11, 5
    fig, ax = plt.subplots(figsize=(5, 3), dpi=50)
    try:
        gdviz.plot.network(h, k, ax=ax, sample=sample)
        shown = "\n".join(t.get_text() for t in ax.texts if t.get_visible())
        z = h.w1[k] * h.data.x[sample] + h.w0[k]
        for text in (f"w₁ = {number(h.w1[k], DIGITS)}", f"w₀ = {number(h.w0[k], DIGITS)}", f"Z = {number(z, DIGITS)}",
                     f"E = {number(h.loss[k], DIGITS)}", f"= {number(h.grad_w1[k], DIGITS)}",
                     f"= {number(h.grad_w0[k], DIGITS)}", f"y = {number(h.data.y[sample], DIGITS)}",
                     number(h.data.x[sample], DIGITS)):
            assert text in shown, text
        assert f"point {sample}" in ax.get_title(loc="left")
        # The numbers are anchored to the Axes: moved (a layout engine would), they move with it.
        w1 = next(t for t in ax.texts if t.get_text().startswith("w₁"))

        def centre():  # the middle of w₁'s value, in fractions of the Axes: its anchor, half way along its edge
            fig.canvas.draw()
            box = w1.get_window_extent()
            return ax.transAxes.inverted().transform([(0.5 * (box.x0 + box.x1), 0.0)])[0, 0]

        before = centre()
        ax.set_position([0.3, 0.2, 0.6, 0.7])
        assert abs(centre() - before) < 1e-6
    finally:
        plt.close(fig)


def test_the_same_panel_code_as_the_animation():
    import inspect

    source = inspect.getsource(plot_module)
    assert "PANELS[name](ax, scene)" in source  # the animation's panels, not a copy


@pytest.mark.parametrize("call, words", [
    (lambda r, ax: gdviz.plot.fit(r, 31, ax=ax), "`epoch` must be a whole number from 0 to 29"),
    (lambda r, ax: gdviz.plot.fit(r, ax="left"), "`ax` must be a matplotlib Axes"),
    (lambda r, ax: gdviz.plot.surface3d(r, ax=ax), "pass ax=fig.add_subplot(projection='3d')"),
    (lambda r, ax: gdviz.plot.loss("run", ax=ax), "`history` must be a gdviz.History"),
    (lambda r, ax: gdviz.plot.surface(r, ax=ax, legend="yes"), "`legend` must be True, False or None"),
    (lambda r, ax: gdviz.plot.maths(r, ax=ax, run="adam"), "`run` must be the label of one of the runs ('gd')"),
    (lambda r, ax: gdviz.plot.maths(r, ax=ax, run=1), "or its index, 0 to 0; got 1."),
    (lambda r, ax: gdviz.plot.network(r, ax=ax, sample=40), "`sample` must be the index of a data point, 0 to 39"),
    (lambda r, ax: gdviz.plot.network(r, ax=ax, sample=-1), "a whole number from 0; got -1"),
])
def test_bad_input_is_one_sentence(runs, call, words):
    fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
    try:
        with pytest.raises(gdviz.GdvizError, match=None) as err:
            call(runs[0], ax)
        assert words in str(err.value), str(err.value)
    finally:
        plt.close(fig)


def test_history_plot_is_a_picture_without_pyplot(runs):
    """A fresh notebook's formatter (no inline backend registered: pyplot never imported there) makes a PNG.

    A new DisplayFormatter has no type printer for Figure, as in a kernel where pyplot
    was never imported; examples/widget.ipynb checks the same on a real kernel.
    """
    pytest.importorskip("IPython")
    from IPython.core.formatters import DisplayFormatter

    fig = runs[0].plot(size=(3, 2))
    data, _ = DisplayFormatter().format(fig)
    assert sorted(data) == ["image/png", "text/plain"] and data["image/png"].startswith(b"\x89PNG")
