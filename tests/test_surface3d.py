"""The 3D view: the SSE bowl with every run's path on it, fixed or with the camera turning."""

from __future__ import annotations


import numpy as np
import pytest
from matplotlib import colors as mcolors

import gdviz
from gdviz.drawing.panels.base import path_rows, up_to
from gdviz.drawing.panels.surface3d import ELEVATION, ROUND_AZIMUTH, SWAY, view_azimuth
from gdviz.drawing.tickformat import format_sqrt_axis

SMALL = (480, 270)


@pytest.fixture(scope="module")
def race(sweep):
    return gdviz.Animation(sweep, panels=("fit", "surface3d"), size=SMALL, max_frames=25)


@pytest.fixture(scope="module")
def turning(sweep):
    return gdviz.Animation(sweep, panels=("fit", "surface3d", "loss"), size=SMALL, max_frames=25, rotate=True)


def _at(h, epoch):
    return int(np.searchsorted(h.epoch, epoch, side="right") - 1)


def _bowl(anim):
    return next(p for p in anim.panels if p.name == "surface3d")


@pytest.mark.parametrize("which", ["race", "turning"])
@pytest.mark.parametrize("where", ["first", "middle frame", "unscheduled epoch", "after the diverged run ended", "last"])
def test_paths_hold_each_runs_history_at_frame_at_epochs(request, sweep, which, where):
    anim = request.getfixturevalue(which)
    scheduled = set(anim.epochs.tolist())
    epoch = {"first": 0, "middle frame": int(anim.epochs[len(anim) // 2]),
             "unscheduled epoch": next(e for e in range(3, 80) if e not in scheduled),
             "after the diverged run ended": len(sweep[2]) + 4, "last": 79}[where]
    frame = anim.frame_at(epoch)
    assert frame.shape == (SMALL[1], SMALL[0], 3)
    bowl, moment = _bowl(anim), anim.moment(epoch)
    points = iter(bowl.point_xyz)
    for k, (h, run) in enumerate(zip(sweep, anim._scene.runs)):
        row = _at(h, epoch)
        assert moment.rows[k] == row
        path = bowl.path_xyz[k]
        rows = up_to(path_rows(run), row if bowl._leaves[k] is None else min(row, bowl._leaves[k]))
        expected = np.column_stack([h.w0[rows], h.w1[rows], np.sqrt(h.loss[rows])])
        if bowl._leaves[k] is not None and row >= bowl._leaves[k]:
            # A run that left the window: its path up to there, cut where it crosses the box's side.
            np.testing.assert_array_equal(path[:-1], expected[:-1])
            (x0, x1), (y0, y1), (z0, z1) = bowl._xlim, bowl._ylim, bowl._zlim
            end = path[-1]
            assert x0 - 1e-9 <= end[0] <= x1 + 1e-9 and y0 - 1e-9 <= end[1] <= y1 + 1e-9 and end[2] <= z1 + 1e-9
            assert np.isclose(end[0], [x0, x1]).any() or np.isclose(end[1], [y0, y1]).any() or np.isclose(end[2], z1)
        else:
            np.testing.assert_array_equal(path, expected)  # the path ends at the run's row, on the bowl
        if not moment.ended[k]:
            xyz = next(points)
            want = [np.clip(h.w0[row], *bowl._xlim), np.clip(h.w1[row], *bowl._ylim),
                    np.clip(np.sqrt(h.loss[row]), *bowl._zlim)]
            np.testing.assert_array_equal(xyz, want)
    assert next(points, None) is None
    # The artists were given exactly these paths: their projection is the paths projected.
    from mpl_toolkits.mplot3d import proj3d

    for k, segment in enumerate(bowl.paths.get_segments()):
        px, py, _ = proj3d.proj_transform(*bowl.path_xyz[k].T, bowl.ax.M)
        np.testing.assert_allclose(segment, np.column_stack([px, py]), rtol=1e-9, atol=1e-12)


def test_the_paths_are_drawn_above_the_surface(race):
    race.frame(len(race) // 2)
    bowl = _bowl(race)
    assert bowl.ax.computed_zorder is False
    moving = [bowl.outlines, bowl.paths, bowl.points, bowl.ended_marks]
    for artist in moving:
        assert artist.get_animated()  # left out of the background: drawn over it, every frame
        assert artist.get_zorder() > bowl.surface.get_zorder() and artist.get_zorder() > bowl.contours.get_zorder()
    assert bowl.outlines.get_zorder() < bowl.paths.get_zorder() < bowl.points.get_zorder()
    # Turning, the whole axes is redrawn first and the moving artists after it.
    turning = gdviz.Animation(race.runs, panels=("surface3d",), size=SMALL, max_frames=5, rotate=True)
    turning.frame(1)
    tb = _bowl(turning)
    assert tb.ax.get_animated() and tb.ax.computed_zorder is False
    drawn = tb.update(turning.moment(int(turning.epochs[1])))
    assert drawn[0] is tb.ax and drawn[1:4] == [tb.outlines, tb.paths, tb.points]


def test_the_current_point_shows_in_its_colour_wherever_it_is_on_the_bowl(data):
    """Pixels, not zorders: the dot at every frame's point is the run's colour, never the surface's."""
    h = gdviz.train(data, epochs=60, eta=0.004, seed=1, w0=1.0, w1=-2.5)
    for rotate in (False, True):
        anim = gdviz.Animation(h, panels=("surface3d",), size=(640, 360), max_frames=8, rotate=rotate, reference=False)
        anim.frame(0)
        colour = np.array(mcolors.to_rgb(anim._scene.runs[0].color)) * 255
        for i in range(len(anim)):
            frame = anim.frame(i).astype(float)
            bowl = _bowl(anim)
            x, y = bowl.points.get_offsets()[0]
            px, py = bowl.ax.transData.transform((x, y))
            cx, cy = int(round(px)), int(round(anim.size[1] - py))
            patch = frame[cy - 1:cy + 2, cx - 1:cx + 2].reshape(-1, 3)
            assert np.abs(patch - colour).max(axis=1).min() < 40, (rotate, i, patch)


def test_a_turning_camera_sways_and_a_fixed_one_stays(race, turning):
    fixed = []
    for i in range(len(race)):
        race.frame(i)
        fixed.append((_bowl(race).ax.azim, _bowl(race).ax.elev))
    assert len(set(fixed)) == 1
    angles = []
    for i in range(len(turning)):
        turning.frame(i)
        angles.append(_bowl(turning).ax.azim)
        assert _bowl(turning).ax.elev == pytest.approx(ELEVATION)
    angles = np.array(angles)
    start = _bowl(turning)._azimuth
    quarter = len(angles) // 4
    assert np.all(np.diff(angles[: quarter]) > 0) and np.all(np.diff(angles[quarter + 1: 3 * quarter]) < 0)
    assert angles[0] == pytest.approx(start) and angles[-1] == pytest.approx(start)  # a loop does not jump
    assert angles.max() == pytest.approx(start + SWAY, abs=1.0) and angles.min() == pytest.approx(start - SWAY, abs=1.0)
    for end in (angles.min(), angles.max()):  # never looking along w0's or w1's axis
        assert min(abs(end - a) for a in (-180, -90, 0)) >= 10
    assert fixed[0][0] == pytest.approx(start)  # the same default view, fixed or turning
    # frame_at between two frames turns the camera between their angles. Neighbouring frames
    # an epoch apart (the start here) have no epoch between them: use the pairs that do,
    # where the sway does not turn back between the two (at a quarter and three quarters).
    epochs, last = turning.epochs.astype(int), len(angles) - 1
    gaps = [i for i in range(last) if epochs[i + 1] - epochs[i] > 1
            and not any(i < q * last < i + 1 for q in (0.25, 0.75))]
    assert len(gaps) >= 3, epochs  # the schedule spreads 25 frames over 80 epochs
    for i in (gaps[0], gaps[len(gaps) // 2], gaps[-1]):
        turning.frame_at(int((epochs[i] + epochs[i + 1]) // 2))
        assert angles[i] != angles[i + 1], i
        assert min(angles[i], angles[i + 1]) < _bowl(turning).ax.azim < max(angles[i], angles[i + 1]), i


@pytest.mark.parametrize("ext", [".mp4", ".gif"])
def test_a_turning_animation_decodes_at_its_size(tmp_path, sweep, ext):
    import imageio.v3 as iio

    path = gdviz.render(sweep, tmp_path / f"bowl{ext}", panels="fit,surface3d", size=(320, 180), max_frames=12,
                        rotate=True, progress=False)
    frames = iio.imread(path, index=None)
    assert frames.shape[1:3] == (180, 320) and len(frames) >= 2
    assert np.abs(frames[len(frames) // 3].astype(int) - frames[2 * len(frames) // 3].astype(int)).mean() > 0.5


@pytest.mark.parametrize("panels", [("fit", "surface3d"), ("fit", "surface3d", "loss"), ("surface3d",),
                                    ("surface", "surface3d"), ("surface3d", "loss"), ("fit", "surface", "surface3d"),
                                    ("surface", "surface3d", "loss"), ("fit", "surface", "surface3d", "loss")])
def test_every_layout_with_the_3d_view(sweep, panels):
    anim = gdviz.Animation(sweep, panels=panels, size=(640, 360), max_frames=5)
    assert anim.frame(2).shape == (360, 640, 3)
    assert [p.name for p in anim.panels] == list(panels)
    boxes = [p.ax.get_position(original=True) for p in anim.panels]
    for box in boxes:
        assert 0 <= box.x0 < box.x1 <= 1 and 0 <= box.y0 < box.y1 <= 1
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):  # no two slots overlap
            a, b = boxes[i], boxes[j]
            assert a.x1 <= b.x0 + 1e-9 or b.x1 <= a.x0 + 1e-9 or a.y1 <= b.y0 + 1e-9 or b.y1 <= a.y0 + 1e-9, \
                (panels[i], panels[j])
    if "fit" in panels:  # the fit panel stays the biggest one
        area = {p.name: p.ax.get_position().width * p.ax.get_position().height for p in anim.panels}
        assert area["fit"] == max(area.values()), area


def test_the_bowl_agrees_with_the_2d_surface(sweep):
    anim = gdviz.Animation(sweep, panels=("surface", "surface3d"), size=(640, 360), max_frames=5)
    anim.frame(0)
    flat, bowl = anim.panels
    assert flat.ax.get_xlim() == bowl.ax.get_xlim() and flat.ax.get_ylim() == bowl.ax.get_ylim()
    b0, b1, best = anim._scene.moments_trained().optimum()
    assert bowl._optimum == (b0, b1, pytest.approx(np.sqrt(best)))
    assert bowl.ax.get_zlim()[0] == pytest.approx(np.sqrt(best))
    assert bowl.title.get_text().startswith("SSE bowl")
    assert bowl.ax.get_xlabel() == "w₀" and bowl.ax.get_ylabel() == "w₁" and bowl.ax.get_zlabel() == "SSE"


def test_scaled_runs_label_the_trained_weights(data):
    h = gdviz.train(data, epochs=30, seed=1, scale="standardize")
    anim = gdviz.Animation(h, panels=("surface3d",), size=SMALL, max_frames=4)
    anim.frame(1)
    bowl = _bowl(anim)
    assert (bowl.ax.get_xlabel(), bowl.ax.get_ylabel()) == ("w₀′", "w₁′")
    assert "x′" in bowl.title.get_text()


def test_the_height_is_the_square_root_of_the_sse_labelled_in_sse():
    class Axis:
        def set_major_locator(self, locator):
            self.locator = locator

        def set_major_formatter(self, formatter):
            self.formatter = formatter

    for lo, hi, labels in [(0.96, 44.7, ["1", "100", "500", "1k"]), (0.0, 2.0, ["0", "0.2", "1", "2"]),
                           (31.6, 34.6, ["1k", "1.05k", "1.1k", "1.15k"])]:
        axis = Axis()
        format_sqrt_axis(axis, lo, hi)
        ticks = axis.locator()
        assert axis.formatter.format_ticks(ticks) == labels
        assert all(lo <= t <= hi for t in ticks)


def test_the_camera_looks_down_the_valley_from_in_front():
    from gdviz.data.moments import Moments

    tutorial = Moments.of(gdviz.make_data(seed=0))
    azim = view_azimuth(tutorial, (-1.5, 3.7), (-3.0, 4.8))
    assert -135 <= azim <= -45 and abs(azim + 90) >= 40
    round_bowl = Moments.of(gdviz.Dataset(np.array([-1.0, 1.0, -1.0, 1.0]), np.array([0.0, 1.0, 2.0, 3.0])))
    assert view_azimuth(round_bowl, (-1, 1), (-1, 1)) == ROUND_AZIMUTH
    # All x equal: the valley runs along w1; the camera looks at it obliquely, not down w1's axis.
    flat = Moments.of(gdviz.Dataset(np.zeros(5), np.arange(5.0)))
    assert abs(view_azimuth(flat, (-1, 1), (-1, 1)) + 90) == pytest.approx(40)


@pytest.mark.parametrize("options, words", [
    ({"rotate": True}, "surface3d"),
    ({"rotate": True, "panels": ("fit", "surface")}, "drop `rotate`"),
    ({"rotate": "yes", "panels": ("surface3d",)}, "True or False"),
])
def test_bad_rotate_options_are_clear_errors(data, options, words):
    h = gdviz.train(data, epochs=3, seed=1)
    with pytest.raises(gdviz.GdvizError, match=words):
        gdviz.Animation(h, **options)


@pytest.mark.parametrize("rotate", [False, True], ids=["fixed", "turning"])
def test_transparent_frames_keep_the_bowl_opaque(tmp_path, sweep, rotate):
    """Over an unknown slide only the background goes: every pixel of the bowl stays opaque."""
    from PIL import Image, ImageDraw

    anim = gdviz.Animation(sweep, panels=("surface3d",), size=SMALL, max_frames=4, transparent=True, rotate=rotate)
    rgba = np.asarray(anim.draw(1))
    alpha = rgba[..., 3]
    # Where the bowl is: its facets as projected for this frame, filled in a mask.
    bowl, (w, h) = _bowl(anim), SMALL
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    for facet in bowl.surface.get_paths():
        draw.polygon([(x, h - y) for x, y in bowl.ax.transData.transform(facet.vertices)], fill=255)
    filled = np.asarray(mask) > 0
    inside = filled.copy()
    for _ in range(2):  # two pixels in from its outline, which is antialiased against the clear background
        inside[1:-1, 1:-1] &= inside[:-2, 1:-1] & inside[2:, 1:-1] & inside[1:-1, :-2] & inside[1:-1, 2:]
    assert inside.sum() > 0.05 * w * h
    # Opaque: exactly so, but for the faint seams antialiasing leaves between facets (alpha 249 and
    # up here); facets drawn at the 2D map's alpha (0.78) would leave about 200.
    assert alpha[inside].min() >= 240 and (alpha[inside] == 255).mean() > 0.95
    assert (alpha[~filled] == 0).mean() > 0.5  # the background around it is clear


@pytest.mark.parametrize("rotate", [False, True], ids=["fixed", "turning"])
def test_vector_stills_of_the_3d_view_keep_its_text_and_rasterise_the_bowl(tmp_path, sweep, rotate):
    import re

    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (pip install pypdf)")
    anim = gdviz.Animation(sweep, panels=("fit", "surface3d"), size=SMALL, max_frames=25, rotate=rotate)
    pdf = anim.save(tmp_path / "bowl.pdf", at=40)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "SSE bowl" in text and "epoch 40 / 79" in text and "diverged" in text
    svg = anim.save(tmp_path / "bowl.svg", at=40).read_text()
    texts = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))
    assert "SSE bowl" in texts and "w₀" in texts
    # The tick labels of the bowl's three axes are text too, turning or not (the
    # animation stamps a turning view's labels as pixels; a vector still must not).
    assert len(re.findall(r"<text", svg)) >= 25
    # The bowl alone: its facets one raster image (no seams between them, a small file),
    # not thousands of vector polygons.
    bowl = gdviz.Animation(sweep, panels=("surface3d",), size=SMALL, max_frames=25, rotate=rotate)
    alone = bowl.save(tmp_path / "alone.svg", at=40).read_text()
    assert alone.count("<image") == 1 and alone.count("<path") < 500
    for tick in ("1k", "500", "100"):  # the √SSE axis, labelled in SSE
        assert re.search(rf"<text[^>]*>\s*{tick}\s*</text>", svg), tick
