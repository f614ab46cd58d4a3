"""Text that changes every frame, drawn straight into the frame buffer.

Matplotlib lays text out glyph by glyph; at 720p one line of numbers costs about 15 ms,
more than everything else in a frame together. The moving labels (the header, the
epoch/SSE box) are monospace, so Pillow's FreeType renders the same font file in about
1 ms and we blend its coverage mask into the canvas buffer. Static text (titles, ticks)
stays matplotlib's.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["TextStamp", "readable"]


def readable(v: float, digits: int = 4) -> str:
    """`v` with about `digits` significant digits, in plain notation from 0.001 to 10^7.

    A projector audience reads 67710 and 0.9792 at a glance, 6.771e+04 not; only
    very large or very small values fall back to scientific notation.
    """
    v = float(v)
    if v == 0 or not np.isfinite(v):
        return f"{v:g}"
    mag = int(np.floor(np.log10(abs(v))))
    if -3 <= mag < 7:
        return f"{v:.{max(0, digits - 1 - mag)}f}"
    return f"{v:.{digits - 1}e}"


@lru_cache(maxsize=8)
def _font(family: str, size_px: float):
    from matplotlib import font_manager
    from PIL import ImageFont

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=True)
    return ImageFont.truetype(path, size=size_px)


class TextStamp:
    """Draw text of one font, size and colour at a fixed place in an RGBA buffer.

    Parameters
    ----------
    family : str
        A font family matplotlib knows (its file is shared with Pillow).
    size_px : float
        Font size in pixels.
    color : matplotlib colour
    x, y : float
        Top-left corner of the text in buffer pixels (x right, y down).
    line_spacing : float
        Extra pixels between lines of multi-line text.
    """

    def __init__(self, family: str, size_px: float, color, x: float, y: float, line_spacing: float = 0.0):
        from matplotlib import colors as mcolors

        self.font = _font(family, float(size_px))
        self.color = np.array(mcolors.to_rgb(color), dtype=np.float32) * 255.0
        self.x, self.y = int(round(x)), int(round(y))
        self.spacing = line_spacing
        self._sizes: dict = {}  # monospace: the size depends only on the lines' lengths

    def measure(self, text: str) -> tuple[int, int]:
        """(width, height) in pixels the text may cover: its ink, and for every line the
        font's full ascent and descent, so any digits or letters of the same line
        lengths fit the same box."""
        from PIL import Image, ImageDraw

        draw = ImageDraw.Draw(Image.new("L", (1, 1)))
        left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=self.font, spacing=self.spacing)
        lines = text.split("\n")
        ascent, descent = self.font.getmetrics()
        advance = self.font.getlength("M")
        width = max(right, max(len(line) for line in lines) * advance)
        height = max(bottom, len(lines) * (ascent + descent) + (len(lines) - 1) * self.spacing)
        return int(np.ceil(width)) + 1, int(np.ceil(height)) + 1

    def draw(self, buf: np.ndarray, text: str) -> None:
        """Blend `text` into `buf` (H, W, 4 uint8, modified in place)."""
        from PIL import Image, ImageDraw

        shape = tuple(len(line) for line in text.split("\n"))
        if shape not in self._sizes:
            self._sizes[shape] = self.measure(text)
        w, h = self._sizes[shape]
        H, W = buf.shape[:2]
        x0, y0 = max(self.x, 0), max(self.y, 0)
        x1, y1 = min(self.x + w, W), min(self.y + h, H)
        if x1 <= x0 or y1 <= y0:
            return
        mask = Image.new("L", (w, h))
        ImageDraw.Draw(mask).multiline_text((0, 0), text, font=self.font, fill=255, spacing=self.spacing)
        a = np.asarray(mask, dtype=np.float32)[y0 - self.y : y1 - self.y, x0 - self.x : x1 - self.x, None] / 255.0
        region = buf[y0:y1, x0:x1, :3]
        region[...] = (region * (1.0 - a) + self.color * a + 0.5).astype(np.uint8)
