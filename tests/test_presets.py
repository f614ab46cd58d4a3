"""Presets, themes and stills: each destination gets its size, legible type and colours,
and a poster or a filmstrip that is exactly the animation's frames."""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib import colors as mcolors
from matplotlib.text import Text

import gdviz
from gdviz.drawing.theme import PALETTES, PRESETS, make_theme

#: The smallest em a preset promises, in pixels at its own frame height (issue 9).
MIN_EM = {"slides": 0.022 * 1080, "slides-4x3": 0.022 * 1080, "web": 0.018 * 720, "square": 0.018 * 1080,
          "thumbnail": 10.0}


@pytest.fixture(scope="module")
def history():
    return gdviz.train(gdviz.make_data(seed=0), seed=0)


def _luminance(c) -> float:
    rgb = np.array(mcolors.to_rgb(c))
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    hi, lo = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _ink_rows(frame: np.ndarray, box, background) -> int:
    """Rows of ink (pixels far from the background) inside box = (x0, y0, x1, y1), display coords, y up."""
    h = frame.shape[0]
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    crop = frame[max(h - y1, 0):h - y0, max(x0, 0):x1, :3].astype(int)
    ink = np.abs(crop - background).sum(axis=2) > 120
    rows = np.flatnonzero(ink.any(axis=1))
    return 0 if rows.size == 0 else int(rows[-1] - rows[0] + 1)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_has_its_size_and_legible_type(history, preset):
    anim = gdviz.Animation(history, preset=preset, max_frames=6)
    frame = anim.frame(3)
    w, h = PRESETS[preset].size
    assert frame.shape == (h, w, 3) and anim.size == (w, h)
    assert anim.fps == PRESETS[preset].fps
    least = MIN_EM[preset]
    # Every matplotlib text: its em at least the preset's minimum; the digits' ink, measured
    # in the rendered frame, at least 0.7 of it.
    renderer = anim.figure.canvas.get_renderer()
    background = np.array(mcolors.to_rgb(anim.theme.background)) * 255
    texts = [t for t in anim.figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert texts
    for text in texts:
        em = text.get_fontsize() * anim.figure.dpi / 72.0
        assert em >= least - 1e-6, (text.get_text(), em, least)
    measured = 0
    for panel in anim.panels:
        for axis in (panel.ax.xaxis, panel.ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for loc, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels()):
                if not (lo <= loc <= hi and label.get_visible() and label.get_text()):
                    continue
                ink = _ink_rows(frame, label.get_window_extent(renderer).extents, background)
                assert ink >= 0.7 * least, (label.get_text(), ink, least)
                measured += 1
    # The legend stays inside the panel it sits on, whatever the type size and aspect.
    x, y, bw, bh, _ = anim._legend.box_px
    host = anim._legend.host.ax.bbox
    assert host.x0 <= x and x + bw <= host.x1 and host.y0 <= y and y + bh <= host.y1
    # The stamped text (the header, the legend): its em, and the header's digits' ink.
    legend = anim._legend.stamp
    assert legend.font.size >= least - 1e-6
    if anim._header is not None:
        header = anim._header
        assert header.font.size >= least - 1e-6
        top = h - header.y
        box = (header.x, top - header.font.size * 1.3, header.x + 0.4 * w, top)
        assert _ink_rows(frame, box, background) >= 0.7 * least
    else:
        assert preset == "thumbnail"


def test_a_preset_yields_to_explicit_size_and_fps(history):
    anim = gdviz.Animation(history, preset="slides", size=(1280, 720), fps=12)
    assert anim.size == (1280, 720) and anim.fps == 12
    assert anim.theme.tick_size == make_theme("light", "slides").tick_size  # type stays the preset's share


@pytest.mark.parametrize("name", list(PALETTES))
def test_each_theme_has_its_background_and_readable_text(history, name):
    anim = gdviz.Animation(history, theme=name, size=(640, 360), max_frames=4)
    frame = anim.frame(1)
    expected = (np.array(mcolors.to_rgb(PALETTES[name].background)) * 255 + 0.5).astype(int)
    for corner in (frame[0, 0], frame[-1, -1], frame[0, -1], frame[-1, 0]):
        assert np.array_equal(corner.astype(int), expected)
    pal = PALETTES[name]
    # Every text colour at 7:1 or more against its background: the text, the muted one (tick
    # labels, the loss panel's "least squares"; the legend's reference row is in the text's).
    for colour in (pal.text, pal.muted_text):
        assert contrast(colour, pal.background) >= 7.0, (name, colour)
    if name == "dark":
        assert all(c.lower() != "#000000" for c in pal.run_colors)


def test_the_dark_surface_colours_rise_steadily_in_lightness():
    from gdviz.drawing.grid import colormap

    cmap = colormap(make_theme("dark"))
    light = np.array([_luminance(c) for c in cmap(np.linspace(0, 1, 64))])
    assert np.all(np.diff(light) > 0)  # ordered: the valley floor is the darkest, the rim the lightest
    assert contrast(mcolors.to_hex(cmap(0.0)), PALETTES["dark"].background) >= 1.5  # not sunk into the background


def test_transparent_frames_leave_every_background_pixel_clear(history):
    anim = gdviz.Animation(history, theme="dark", transparent=True, size=(640, 360), max_frames=4)
    rgba = np.asarray(anim.draw(2)).copy()
    h, w = rgba.shape[:2]
    m = int(0.012 * min(w, h))
    for band in (rgba[:m], rgba[-m:], rgba[:, :m], rgba[:, -m:]):
        assert (band[..., 3] == 0).all()
    # The header band right of the header's text is background too.
    assert (rgba[: int(0.02 * h), w // 2:, 3] == 0).all()
    assert (rgba[..., 3] == 255).any()  # and the panels' content is there, opaque


@pytest.fixture(scope="module")
def strip_anim(history):
    return gdviz.Animation(history, size=(320, 180))


def test_a_filmstrip_is_the_tutorials_stills_exactly(tmp_path, strip_anim):
    from PIL import Image

    from gdviz.formats.still import caption_height, filmstrip_animation, plan

    path = strip_anim.save(tmp_path / "strip.png", filmstrip=15)
    image = np.asarray(Image.open(path))
    w, h = strip_anim.size
    # The tiles are the frames with their type sized to print at 6 pt or more on A4 landscape.
    tiles = filmstrip_animation(strip_anim, *plan(strip_anim, None, 15))
    cap = caption_height(tiles)
    columns, rows = 4, 4
    assert image.shape == (rows * (h + cap), columns * w, 3)
    for k, epoch in enumerate(range(0, 300, 20)):
        col, row = k % columns, k // columns
        tile = image[row * (h + cap):row * (h + cap) + h, col * w:(col + 1) * w]
        assert np.array_equal(tile, tiles.frame_at(epoch))
        caption = image[row * (h + cap) + h:(row + 1) * (h + cap), col * w:(col + 1) * w]
        assert (caption != 255).any(axis=2).sum() > 50  # the caption's ink
    empty = image[3 * (h + cap):, 3 * w:]  # the 16th place stays empty
    assert (empty == 255).all()


def test_a_poster_is_the_last_epoch_or_the_one_asked(tmp_path, strip_anim):
    from PIL import Image

    last = np.asarray(Image.open(strip_anim.save(tmp_path / "p.png")))
    assert np.array_equal(last, strip_anim.frame_at(299))
    at = np.asarray(Image.open(strip_anim.save(tmp_path / "q.png", at=40)))
    assert np.array_equal(at, strip_anim.frame_at(40))


def test_vector_stills_keep_their_text(tmp_path, strip_anim):
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (pip install pypdf)")
    pdf = strip_anim.save(tmp_path / "poster.pdf", at=40)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "epoch" in text and "40 / 299" in text and "least squares" in text and "gd" in text
    svg = strip_anim.save(tmp_path / "strip.svg", filmstrip=4).read_text()
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    joined = " ".join(texts)
    for epoch in (0, 75, 150, 225):
        assert f"epoch {epoch:>3} / 299" in joined or f"epoch {epoch} / 299" in joined
        assert f"epoch {epoch}   SSE" in joined  # its caption
    assert "<image" in svg  # the points and the contour fill, rasterised
    assert svg.count("<text") >= 4 * 10


def test_the_still_options_only_go_with_stills(tmp_path, strip_anim):
    for path, options, words in ((tmp_path / "x.gif", {"at": 3}, "animates"),
                                 (tmp_path / "x.png", {"at": 300}, "from 0 to 299"),
                                 (tmp_path / "x.png", {"filmstrip": 0}, "from 1 to 100"),
                                 (tmp_path / "x.png", {"at": 3, "filmstrip": 4}, "one of them")):
        with pytest.raises(gdviz.GdvizError, match=words):
            strip_anim.save(path, **options)
    assert list(tmp_path.iterdir()) == []


def test_the_cli_names_a_presets_output_and_keeps_the_format(tmp_path, monkeypatch):
    from gdviz import cli

    got = {}
    monkeypatch.setattr(cli, "_animate", lambda anim, out, fmt, args: got.update(anim=anim, out=out) or 0)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["render", "--preset", "slides", "--max-frames", "3", "--epochs", "5", "--no-progress"]) == 0
    assert str(got["out"]) == "renders/descent-slides.gif" and got["anim"].size == (1920, 1080)
    assert cli.main(["render", "--preset", "thumbnail", "-o", "t.mp4", "--no-progress", "--epochs", "5"]) == 0
    assert str(got["out"]) == "t.mp4" and got["anim"].size == (480, 270) and got["anim"].fps == 15
    assert cli.main(["compare", "--preset", "square", "--theme", "dark", "--epochs", "5", "--no-progress"]) == 0
    assert str(got["out"]) == "renders/compare-square.gif" and got["anim"].theme.name == "dark"
