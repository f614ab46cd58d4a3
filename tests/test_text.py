"""Moving text is stamped from cached glyphs; it must look exactly like Pillow's own rendering."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from gdviz.drawing.text import MINUS, TextStamp, fixed_width, readable

TEXT = ("epoch  40 / 299   η 0.001\n"
        "    gd            10.85  +0.5935  −1.9159  off chart ↓\n"
        "    least squares 0.9243  w₀′ w₁′ ŷ·x  mm WW 1234567890")


@pytest.mark.parametrize("size", [10.0, 13.0, 14.58, 17.36, 24.3, 33.5])
def test_stamped_text_matches_pillows_multiline_rendering(size):
    stamp = TextStamp("DejaVu Sans Mono", size, "#222222", 7, 5, line_spacing=0.25 * size)
    buf = np.full((8 * int(size) + 20, 60 * int(size), 4), 255, np.uint8)
    stamp.draw(buf, TEXT)
    ref = Image.new("L", buf.shape[1::-1])
    ImageDraw.Draw(ref).multiline_text((7, 5), TEXT, font=stamp.font, fill=255, spacing=stamp.spacing)
    a = np.asarray(ref, np.float32)[..., None] / 255.0
    expected = (255 * (1 - a) + stamp.color * a + 0.5).astype(np.uint8)
    diff = np.abs(expected.astype(int) - buf[..., :3].astype(int)).max(axis=2)
    ink = int((a[..., 0] > 0).sum())
    assert ink > 1000
    # The same pixels, but for a few where two glyphs' anti-aliased edges meet.
    assert (diff > 0).sum() <= 0.005 * ink and diff.max() <= 80


def test_stamps_cache_lines_and_redraw_them_identically():
    stamp = TextStamp("DejaVu Sans Mono", 14.0, "#000000", 0, 0)
    one = np.full((40, 400, 4), 255, np.uint8)
    two = one.copy()
    stamp.draw(one, "SSE 12.84")
    stamp.draw(two, "SSE 12.84")
    assert np.array_equal(one, two) and "SSE 12.84" in stamp._lines


def test_display_numbers_use_one_minus_sign():
    assert readable(-15.0612) == MINUS + "15.06" and "-" not in readable(-2.5e12)
    fmt = fixed_width(np.array([-3.2, 1.0]))
    assert fmt(-3.2).startswith(MINUS) and fmt(1.0).startswith("+") and len(fmt(-3.2)) == len(fmt(1.0))
