"""Where the panels go in a frame, for any size and type scale.

The fit panel, the one students know, is the largest: on the left of a wide frame
(16:9, 4:3), on top of a square or tall one. The surface comes next to it (square-ish,
so circles look like circles when the problem is well conditioned) and the loss curve,
the smallest, under the surface (or beside it, under the fit, on a square frame).
Matplotlib's constrained layout fits the margins to the actual tick labels, titles and
type sizes once, when the figure is first drawn; after that the layout is frozen, so
every frame (and every still drawn later) has the same geometry.
"""

from __future__ import annotations

from typing import Optional

from ..theme import Theme
from .network import EXTENT

__all__ = ["arrange", "arrange_maths", "arrange_surfaces", "freeze", "stacked_heights", "WIDE", "MATHS_STEP"]

#: Frames at least this wide for their height put the panels side by side.
WIDE = 1.25
#: One line of the maths panel, in ems of the theme's label size (the monospace's capitals
#: and the panel's spacing between lines).
MATHS_STEP = 1.45
#: One character of the maths panel's monospace, in ems.
MATHS_ADVANCE = 0.602


def arrange(fig, panels: tuple, theme: Theme, size: tuple, makers: dict, surfaces: int = 1,
            maths_lines: int = 12, maths_chars: int = 44) -> dict:
    """Create one axes per panel name in `fig`; returns {name: axes}.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    panels : tuple of str
        Panel names, in the order given by the user.
    theme : Theme
        For the header band on top and the padding (both scale with type size).
    size : (int, int)
        Frame size in pixels.
    makers : dict
        Each panel's ``make_axes(fig, gridspec_cell, theme)`` (the 3D view's makes a 3D axes).
    surfaces : int, default 1
        How many 2D surfaces (one per set of trained coordinates); from 2 up, see
        :func:`arrange_surfaces`, and the axes are keyed ``surface``, ``surface 2``, ...
    maths_lines : int, default 12
        How many lines the maths panel writes (9 for sgd, up to 22 for Adam): on a wide
        frame it gets the height they take, the panel under it the rest (see
        :func:`stacked_heights`).
    maths_chars : int, default 44
        How wide its widest line is, in characters: on a wide frame its column is as wide
        as that line at the label size wants, from 47% up to half of the frame.

    Notes
    -----
    The maths panel, when asked for, takes the place a surface would (it needs room for
    its lines); with all five panels the four beside the fit go two by two.

    Wide frames: the fit panel on the left the full height; one surface and the loss
    stacked on the right (the surface twice the loss's height); with both surfaces, the
    2D map and the 3D bowl side by side over the loss. Square or tall frames: the fit on
    top, the others side by side under it (the loss a strip under both surfaces when all
    four are shown).

    With the maths panel and one other beside the fit (the lesson: fit, network, maths):
    on a wide frame the maths panel on top of the right-hand column at the height its
    lines take, the other under it; when both do not fit one column (Adam's 22 lines)
    the maths panel has the column to itself and the other goes under the fit. On a
    square or tall frame the fit and the other side by side, the maths panel the full
    width under them (its lines are long).
    """
    w, h = size
    wide = w / h >= WIDE
    pad = 0.9 * theme.tick_size / 72.0  # inches: about a line of tick labels between panels
    margin = 0.012  # of the frame, all round: nothing touches the edge
    fig.set_layout_engine("constrained", rect=(margin, margin, 1.0 - 2 * margin, 1.0 - theme.header_band - margin),
                          w_pad=pad / 2, h_pad=pad / 2, wspace=0.06, hspace=0.06)
    main = "fit" if "fit" in panels else panels[0]
    others = [p for p in panels if p != main]
    # The loss curve takes the smallest place; the maths text, then the surface (2D or 3D) the one next to the fit.
    others.sort(key=lambda name: (name == "loss", name != "maths"))

    def add(spec, name):
        return makers[name](fig, spec, theme)

    if surfaces > 1 and "surface" in panels:
        return arrange_surfaces(fig, panels, surfaces, add, wide, tall=h / w >= WIDE)

    if len(panels) == 1:
        gs = fig.add_gridspec(1, 1)
        return {main: add(gs[0, 0], main)}
    if len(panels) == 2:
        if wide:
            gs = fig.add_gridspec(1, 2, width_ratios=[1.12, 1.0])
            return {main: add(gs[0, 0], main), others[0]: add(gs[0, 1], others[0])}
        gs = fig.add_gridspec(2, 1, height_ratios=[1.1, 1.0])
        return {main: add(gs[0, 0], main), others[0]: add(gs[1, 0], others[0])}
    if len(panels) == 3:
        upper, lower = others[0], others[1]
        if upper == "maths":
            return arrange_maths(fig, theme, (main, lower), add, wide, (maths_lines, maths_chars))
        if wide:
            gs = fig.add_gridspec(2, 2, width_ratios=[1.12, 1.0], height_ratios=[2.2, 1.0])
            return {main: add(gs[:, 0], main), upper: add(gs[0, 1], upper), lower: add(gs[1, 1], lower)}
        gs = fig.add_gridspec(2, 2, height_ratios=[1.15, 1.0])
        return {main: add(gs[0, :], main), upper: add(gs[1, 0], upper), lower: add(gs[1, 1], lower)}
    if len(panels) == 5:  # every panel: the fit, and the four others two by two beside or under it
        if wide:
            gs = fig.add_gridspec(2, 3, width_ratios=[1.1, 1.0, 1.0])
            cells = [gs[0, 1], gs[0, 2], gs[1, 1], gs[1, 2]]
            return {main: add(gs[:, 0], main), **{name: add(cell, name) for name, cell in zip(others, cells)}}
        gs = fig.add_gridspec(3, 2, height_ratios=[1.1, 1.0, 1.0])
        cells = [gs[1, 0], gs[1, 1], gs[2, 0], gs[2, 1]]
        return {main: add(gs[0, :], main), **{name: add(cell, name) for name, cell in zip(others, cells)}}
    # Four: the fit and three others (both surfaces and the loss, say).
    first, second, lower = others[0], others[1], others[2]
    if wide:
        gs = fig.add_gridspec(2, 3, width_ratios=[1.1, 1.0, 1.2], height_ratios=[2.0, 1.0])
        return {main: add(gs[:, 0], main), first: add(gs[0, 1], first), second: add(gs[0, 2], second),
                lower: add(gs[1, 1:], lower)}
    gs = fig.add_gridspec(3, 2, height_ratios=[1.1, 1.0, 0.55])
    return {main: add(gs[0, :], main), first: add(gs[1, 0], first), second: add(gs[1, 1], second),
            lower: add(gs[2, :], lower)}


def arrange_maths(fig, theme: Theme, pair: tuple, add, wide: bool, text: tuple) -> dict:
    """The maths panel beside the fit and one other panel (the lesson: fit, network, maths).

    `pair` is (the fit, the other panel), `text` the maths panel's (lines, widest line in
    characters), `add(cell, name)` makes one panel's axes. Wide frames: the fit on the
    left; on the right the maths panel at the height of its lines (:func:`stacked_heights`)
    and the other under it, the column as wide as the widest line wants (47% of the frame
    up to half); when both do not fit one column, the maths panel has it to itself and
    the other goes under the fit. Square or tall frames: the fit and the other side by
    side, the maths panel the full width under them (its lines are long).
    """
    main, other = pair
    lines, chars = text
    ratios = stacked_heights(fig, theme, "maths", other, lines)
    if not wide:
        gs = fig.add_gridspec(2, 2, height_ratios=ratios[::-1] if ratios else [0.8, 1.2])  # Adam's: the most
        return {main: add(gs[0, 0], main), other: add(gs[0, 1], other), "maths": add(gs[1, :], "maths")}
    want = chars * MATHS_ADVANCE * theme.label_size / 72.0 / fig.get_figwidth()
    right = min(max(want, 1.0 / 2.12), 0.5)
    if ratios is None:  # too many lines for both: the maths the full height, the other under the fit
        gs = fig.add_gridspec(2, 2, width_ratios=[1.0 - right, right], height_ratios=[1.0, 1.0])
        return {main: add(gs[0, 0], main), other: add(gs[1, 0], other), "maths": add(gs[:, 1], "maths")}
    gs = fig.add_gridspec(2, 2, width_ratios=[1.0 - right, right], height_ratios=ratios)
    return {main: add(gs[:, 0], main), "maths": add(gs[0, 1], "maths"), other: add(gs[1, 1], other)}


def stacked_heights(fig, theme: Theme, upper: str, lower: str, maths_lines: int):
    """Height ratios of the maths panel (`upper`) over another (`lower`) in one column of a wide frame.

    The maths panel gets the height its lines take at the theme's label size; the
    network the height of its diagram at the annotation size (the rest, if more: it
    spreads), a surface the rest but at least half the column (the loss 30%). None when the two do
    not fit one column (Adam's 22 lines over a network): the caller gives the maths
    panel a column of its own.
    """
    header = theme.header_band + 2 * 0.012  # of the frame: the header line and the margins
    column = fig.get_figheight() * (1.0 - header) - 2 * 0.9 * theme.tick_size / 72.0  # inches, less the gap
    title = (1.3 * theme.title_size + 8.0) / 72.0  # a title line and its pad
    maths = title + max(int(maths_lines), 1) * MATHS_STEP * theme.label_size / 72.0
    if lower == "network":
        other = title + (EXTENT[3] - EXTENT[2]) * theme.annotation_size / 72.0
    elif lower == "loss":  # the smallest panel: a strip
        other = 0.3 * column
    else:  # a surface: at least half the column
        other = 0.5 * column
    if maths + other > 1.04 * column:  # a few per cent short: the two shrink their type a little
        return None
    return [maths, max(other, column - maths)]


def arrange_surfaces(fig, panels: tuple, surfaces: int, add, wide: bool = True, tall: bool = False) -> dict:
    """Two or three surfaces side by side across the top, the other panels (fit, loss) under them.

    Every surface gets the same width, whatever the frame's shape: the point of the
    picture is comparing the bowls. Under them, on a wide frame, the fit and the loss
    side by side; on a square one, each the full width (the fit, then the loss as a
    strip), so the fit's legend has room. A tall frame (portrait) is too narrow for
    surfaces side by side: everything goes in one column, the surfaces first.
    `add(cell, name)` makes one panel's axes.
    """
    rest = [p for p in panels if p != "surface"]
    if tall:
        names = ["surface"] * surfaces + rest
        gs = fig.add_gridspec(len(names), 1, height_ratios=[0.6 if n == "loss" else 1.0 for n in names])
        keys = ["surface" if k == 0 else f"surface {k + 1}" for k in range(surfaces)] + rest
        return {key: add(gs[k, 0], name) for k, (key, name) in enumerate(zip(keys, names))}
    cols = 6  # 2 and 3 surfaces, and 1 or 2 panels under them, all divide it
    stacked = not wide and len(rest) > 1
    rows = 1 + (len(rest) if stacked else bool(rest))
    ratios: Optional[list[float]]
    if rows == 2:
        ratios = [1.25, 1.0]
    else:  # stacked: the loss, the smallest, a strip
        ratios = [1.0] + [0.6 if name == "loss" else 1.0 for name in rest] if stacked else None
    gs = fig.add_gridspec(rows, cols, height_ratios=ratios)
    out = {}
    span = cols // surfaces
    for k in range(surfaces):
        out["surface" if k == 0 else f"surface {k + 1}"] = add(gs[0, k * span : (k + 1) * span], "surface")
    for k, name in enumerate(rest):
        if stacked:
            out[name] = add(gs[1 + k, :], name)
        else:
            span = cols // len(rest)
            out[name] = add(gs[1, k * span : (k + 1) * span], name)
    return out


def freeze(fig) -> None:
    """Keep the positions constrained layout found: later draws must not move anything."""
    for ax in fig.axes:
        ax.set_position(ax.get_position(original=False))
    fig.set_layout_engine("none")
