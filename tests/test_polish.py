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


def test_dark_theme_paths_stand_off_the_fill_under_them():
    """Every run colour on every colour of the dark map: the path itself has 3:1 against the fill,
    or its casing does (the dark outline, or the light halo around it). Without the halo the
    valley's dark blue takes the blue and the vermillion paths and their dark casing below 3:1."""
    from matplotlib import colors as mcolors

    from gdviz.drawing.grid import colormap
    from gdviz.drawing.theme import make_theme
    from test_presets import contrast

    t = make_theme("dark", "web")
    assert t.surface_alpha == 1.0  # the fill is the map's colour itself, not blended with the background
    fills = [mcolors.to_hex(c) for c in colormap(t)(np.linspace(0, 1, 64))]
    worst_without_halo = 99.0
    for run in t.run_colors:
        for fill in fills:
            best = max(contrast(run, fill), contrast(t.outline, fill), contrast(t.halo, fill))
            assert best >= 3.0, (run, fill, best)
            worst_without_halo = min(worst_without_halo, max(contrast(run, fill), contrast(t.outline, fill)))
        assert contrast(run, t.outline) >= 3.0 or contrast(run, t.halo) >= 3.0  # the casing frames the path
    assert worst_without_halo < 3.0  # the halo is what it takes


def test_dark_theme_frame_draws_the_halo(short_history):
    anim = gdviz.Animation(short_history, panels=("surface",), size=(480, 270), max_frames=3, theme="dark")
    anim.frame(-1)
    surface = surface_of(anim)
    assert surface.halos is not None and len(surface.halos.get_segments()) == 1
    assert surface.halos.get_linewidths()[0] > surface.outlines.get_linewidths()[0]
    light = gdviz.Animation(short_history, panels=("surface",), size=(480, 270), max_frames=3)
    light.frame(0)
    assert surface_of(light).halos is None


def _printed_sizes(anim, epochs, columns):
    """Every text's size in the tiles of a filmstrip printed on A4 landscape, in points."""
    from matplotlib.text import Text

    from gdviz.drawing.theme import POINTS_PER_HEIGHT
    from gdviz.formats.still import A4_LANDSCAPE_MM, MM_PER_POINT, caption_height

    w, h = anim.size
    rows = -(-len(epochs) // columns)
    mm_per_px = min(A4_LANDSCAPE_MM[0] / (columns * w), A4_LANDSCAPE_MM[1] / (rows * (h + caption_height(anim))))
    anim.frame(0)
    sizes = [t.get_fontsize() for t in anim.figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    sizes.append(anim.theme.annotation_size)  # the legend's and the caption's stamps
    if anim.theme.show_header:
        sizes.append(anim.theme.header_size)
    return [s * h / POINTS_PER_HEIGHT * mm_per_px / MM_PER_POINT for s in sizes]


@pytest.mark.parametrize("preset, panels", [("web", ("fit", "surface", "loss")), ("slides", ("fit",))])
def test_filmstrip_text_prints_at_6pt_on_a4(short_history, preset, panels):
    from gdviz.formats.still import filmstrip_animation, plan

    anim = gdviz.Animation(short_history, panels=panels, preset=preset, size=(640, 360), max_frames=4)
    epochs, columns = plan(anim, None, 15)
    assert min(_printed_sizes(anim, epochs, columns)) < 6.0  # the frame's own type would print too small
    tiles = filmstrip_animation(anim, epochs, columns)
    assert min(_printed_sizes(tiles, epochs, columns)) >= 6.0


def test_filmstrip_of_the_fit_gives_the_tutorials_stills(tmp_path, tutorial_history):
    """--filmstrip 15 --panels fit: epochs 0, 20, ..., 280, each the line over the data, captioned."""
    import imageio.v3 as iio

    from gdviz.cli import main
    from gdviz.formats.still import caption_height, captions, filmstrip_animation, plan

    out = tmp_path / "stills.png"
    assert main(["render", "--filmstrip", "15", "--panels", "fit", "--size", "320x180", "-o", str(out)]) == 0
    anim = gdviz.Animation(tutorial_history, panels=("fit",), size=(320, 180))
    epochs, columns = plan(anim, None, 15)
    assert epochs == list(range(0, 300, 20)) and columns == 4
    tiles = filmstrip_animation(anim, epochs, columns)
    cap = caption_height(tiles)
    image = iio.imread(out)
    assert image.shape[:2] == (4 * (180 + cap), 4 * 320)
    for k in (0, 7, 14):  # a tile is the retyped frame at its epoch, pixel for pixel
        row, col = divmod(k, 4)
        tile = image[row * (180 + cap):row * (180 + cap) + 180, col * 320:col * 320 + 320, :3]
        assert np.array_equal(tile, tiles.frame_at(epochs[k]))
    assert captions(tiles, epochs)[1] == f"epoch 20   SSE {gdviz.drawing.text.readable(tutorial_history.loss[20])}"


def test_the_3d_bowl_fills_its_panel(short_history):
    """The box (the bowl's rim at its top corners) spans most of the 3D axes (it spanned 0.70 by 0.72),
    and the SSE axis's name, beside it, stays in the frame."""
    from mpl_toolkits.mplot3d import proj3d

    anim = gdviz.Animation(short_history, panels=("fit", "surface3d"), size=(640, 360), max_frames=3)
    anim.frame(0)
    panel = next(p for p in anim.panels if p.name == "surface3d")
    ax = panel.ax
    corners = np.array(np.meshgrid(panel._xlim, panel._ylim, panel._zlim)).reshape(3, -1)
    px, py, _ = proj3d.proj_transform(*corners, ax.get_proj())
    xy = ax.transData.transform(np.column_stack([px, py]))
    assert np.ptp(xy[:, 0]) >= 0.78 * ax.bbox.width and np.ptp(xy[:, 1]) >= 0.78 * ax.bbox.height
    label = ax.zaxis.label.get_window_extent(anim.figure.canvas.get_renderer())
    assert label.x1 <= 640 and xy[:, 0].min() >= ax.bbox.x0 - 0.1 * ax.bbox.width
