"""Frames a teacher would not apologise for (issue 16, item 8): each a test that can fail."""

import numpy as np
import pytest

import gdviz
from gdviz.drawing.placement import place_label, segments_touching


def surface_of(anim):
    return next(p for p in anim.panels if p.name == "surface")


def label_box(panel):
    box = panel.optimum_label.get_window_extent()
    return (box.x0, box.y0, box.x1, box.y1)


def test_place_label_takes_the_first_free_place():
    # A wall across "above": the label goes below, near; walls all round at one gap: it goes farther.
    above = np.array([[0, 12, 100, 12, 1.0]])
    x, y, far = place_label((50, 0), 20, 6, 5, (0, -100, 100, 100), above)
    assert y + 6 <= 0 and not far
    ring = np.array([[-100, 8, 200, 8, 1.0], [-100, -8, 200, -8, 1.0], [58, -100, 58, 100, 1], [42, -100, 42, 100, 1]])
    x, y, far = place_label((50, 0), 20, 6, 5, (-100, -100, 200, 200), ring)
    assert far and segments_touching(ring, (x, y, x + 20, y + 6)) == 0


@pytest.mark.parametrize("panels", [("fit", "surface"), ("surface", "loss")])
def test_least_squares_label_is_not_covered(sweep, panels):
    """The sweep's paths zig-zag and its arrows point at the star: the label keeps clear of them all,
    and of the legend when the surface hosts it."""
    anim = gdviz.Animation(sweep, panels=panels, size=(800, 450), max_frames=12)
    anim.frame(0)
    surface = surface_of(anim)
    box = label_box(surface)
    assert segments_touching(surface.obstacles(), box) == 0
    if panels[0] == "surface":  # the legend is drawn over the surface: never over the label
        x, y, w, h, _ = anim._legend.box_px
        assert box[2] < x or box[0] > x + w or box[3] < y or box[1] > y + h


def test_least_squares_label_is_in_the_frame(short_history):
    """Drawn once into the background, it is in every frame, and a leader line joins it to the star when far."""
    anim = gdviz.Animation(short_history, panels=("surface",), size=(640, 360), max_frames=4)
    frames = [anim.frame(i) for i in (0, -1)]
    surface = surface_of(anim)
    x0, y0, x1, y1 = (int(v) for v in label_box(surface))
    for frame in frames:  # the label's face colour (white on its dark halo) is in its box
        patch = frame[360 - y1:360 - y0, x0:x1].reshape(-1, 3).astype(int)
        grey = patch.max(axis=1) - patch.min(axis=1) < 25
        assert (grey & (patch.min(axis=1) > 150)).sum() >= 8 and (patch.max(axis=1) < 60).sum() >= 8  # face, halo
    assert surface.optimum_label in surface.late()
