"""Text that changes every frame, drawn straight into the frame buffer.

Matplotlib lays text out glyph by glyph; at 720p one line of numbers costs about 15 ms,
more than everything else in a frame together. The moving labels (the header, the
epoch/SSE box) are monospace, so Pillow's FreeType renders the same font file in about
1 ms and we blend its coverage mask into the canvas buffer. Static text (titles, ticks)
stays matplotlib's.
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from functools import lru_cache

import numpy as np

__all__ = ["TextStamp", "readable", "fixed_width", "MINUS"]

#: Lines a stamp remembers: enough for the lines that repeat (a table's header, the
#: reference row, runs that have converged), few enough to keep memory flat.
_LINE_CACHE = 64

#: The one minus sign gdviz draws (U+2212), in text and tick labels alike.
MINUS = "\u2212"
#: Superscript digits, for a power of ten's exponent.
_POWER = {ord(d): s for d, s in zip("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")}


def readable(v: float, digits: int = 4) -> str:
    """`v` with about `digits` significant digits, in plain notation from 0.001 to 10^7.

    A projector audience reads 67710 and 0.9792 at a glance, 6.771e+04 not; only
    very large or very small values get a power of ten, written as the tick labels
    write it (``1.490×10⁸``).
    """
    v = float(v)
    if v == 0 or not np.isfinite(v):
        return f"{v:g}".replace("-", MINUS)
    mag = int(np.floor(np.log10(abs(v))))
    if -3 <= mag < 7:
        return f"{v:.{max(0, digits - 1 - mag)}f}".replace("-", MINUS)
    mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
    power = str(int(exponent)).replace("-", "\u207b").translate(_POWER)
    return f"{mantissa.replace('-', MINUS)}×10{power}"


def fixed_width(values: np.ndarray):
    """A formatter with the same number of decimals and the same width for every value in `values`.

    Digits that stay put read calmly as they change: about five significant digits
    for the largest magnitude, switching to scientific notation for huge or tiny ones.
    """
    biggest = float(np.max(np.abs(values))) if values.size else 1.0
    if biggest == 0 or not (1e-3 <= biggest < 1e6):
        return lambda v: f"{v:+.3e}".replace("-", MINUS)
    decimals = max(0, 4 - int(np.floor(np.log10(biggest))))
    width = len(f"{-biggest:+.{decimals}f}")
    return lambda v: f"{v:+{width}.{decimals}f}".replace("-", MINUS)


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
        Extra pixels between lines of multi-line text (rounded to whole pixels).
    """

    def __init__(self, family: str, size_px: float, color, x: float, y: float, line_spacing: float = 0.0):
        from matplotlib import colors as mcolors

        self.font = _font(family, float(size_px))
        self.color = np.array(mcolors.to_rgb(color), dtype=np.float32) * 255.0
        self.x, self.y = int(round(x)), int(round(y))
        self.spacing = int(round(line_spacing))  # whole pixels: every line starts on a pixel row
        self._lines: OrderedDict = OrderedDict()  # line text -> the pixels its glyphs cover (see _line)
        self._glyphs: dict = {}  # (character, subpixel phase) -> its coverage bitmap
        self._widths: dict = {}
        self._advance = self.font.getlength("M")
        self._margin = int(np.ceil(self._advance))

    def row_middle(self, k: int) -> float:
        """The vertical middle of line `k`'s capitals, in pixels below the stamp's top.

        Pillow puts line k at k * (bottom of "A" + line spacing) below the first.
        """
        left, top, right, bottom = self.font.getbbox("A")
        return k * (bottom + self.spacing) + 0.5 * (top + bottom)

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

    def _glyph(self, ch: str, phase: float) -> tuple:
        """(rows, cols, coverage) of one character drawn `phase` pixels (0 to 1) right of
        a whole pixel, with cols counted from that pixel (a glyph may reach left of it)."""
        key = (ch, phase)
        found = self._glyphs.get(key)
        if found is None:
            from PIL import Image, ImageDraw

            m = self._margin
            ascent, descent = self.font.getmetrics()
            width = int(np.ceil(self.font.getbbox(ch)[2])) + 2 * m + 2
            img = Image.new("L", (width, ascent + descent + 2))
            ImageDraw.Draw(img).text((m + phase, 0), ch, font=self.font, fill=255)
            a = np.asarray(img)
            rows, cols = np.nonzero(a)
            found = self._glyphs[key] = (rows, cols - m, a[rows, cols])
        return found

    def _pixels(self, line: str) -> tuple:
        """(rows, cols, coverage 0-255) of `line`: the pixels Pillow draws for it.

        A monospace line is put together from one bitmap per character and subpixel
        phase (pen positions are multiples of the font's advance, which FreeType keeps
        to 1/64 pixel, so the phases repeat), several times faster than rendering it.
        Where neighbouring glyphs' anti-aliased edges share a pixel the right one's
        coverage is kept, a few pixels a line off Pillow's by a shade (tests hold it).
        A character of another width (a fallback glyph), or a combining mark (the hat of
        m̂, drawn over the letter before it), makes Pillow render the line.
        """
        if any(self._width_of(ch) != self._advance or unicodedata.combining(ch) for ch in set(line)):
            from PIL import Image, ImageDraw

            ascent, descent = self.font.getmetrics()
            right = self.font.getbbox(line or " ")[2]
            img = Image.new("L", (int(np.ceil(max(right, 1))) + 2, ascent + descent + 2))
            ImageDraw.Draw(img).text((0, 0), line, font=self.font, fill=255)
            a = np.asarray(img)
            rows, cols = np.nonzero(a)
            return rows, cols, a[rows, cols]
        parts = []
        for j, ch in enumerate(line):
            if ch != " ":
                x = j * self._advance
                ix = int(x)
                rows, cols, cover = self._glyph(ch, x - ix)
                parts.append((rows, cols + ix, cover))
        if not parts:
            empty = np.empty(0, dtype=np.intp)
            return empty, empty, np.empty(0, dtype=np.uint8)
        return (np.concatenate([r for r, _, _ in parts]), np.concatenate([c for _, c, _ in parts]),
                np.concatenate([a for _, _, a in parts]))

    def _width_of(self, ch: str) -> float:
        width = self._widths.get(ch)
        if width is None:
            width = self._widths[ch] = self.font.getlength(ch)
        return width

    def _line(self, line: str) -> tuple:
        """(rows, cols, coverage) of the pixels `line`'s glyphs touch, built once and remembered.

        Lines repeat from frame to frame (headers, the reference row, a run that has
        converged), so most frames build only the lines whose digits changed.
        """
        found = self._lines.get(line)
        if found is None:
            rows, cols, cover = self._pixels(line)
            found = (rows, cols, (cover.astype(np.float32) / 255.0)[:, None])
            if len(self._lines) >= _LINE_CACHE:  # the least recently used goes: memory stays flat in the frames
                self._lines.popitem(last=False)
            self._lines[line] = found
        else:
            self._lines.move_to_end(line)
        return found

    def draw(self, buf: np.ndarray, text: str) -> None:
        """Blend `text` into `buf` (H, W, 4 uint8, straight alpha, modified in place).

        On a transparent frame the text is composited over what is there, alpha included,
        so the header reads on a clear background.

        Each line lands where Pillow's multiline layout puts it (line k at k times the
        bottom of "A" plus the spacing), and only the pixels its glyphs cover are blended.
        """
        H, W = buf.shape[:2]
        step = self.font.getbbox("A")[3] + self.spacing
        for k, line in enumerate(text.split("\n")):
            rows, cols, a = self._line(line)
            if not rows.size:
                continue
            ys = rows + int(round(self.y + k * step))
            xs = cols + self.x
            keep = (ys >= 0) & (ys < H) & (xs >= 0) & (xs < W)
            if not keep.all():
                ys, xs, a = ys[keep], xs[keep], a[keep]
                if not ys.size:  # the whole line falls outside the frame
                    continue
            under = buf[ys, xs].astype(np.float32)
            if under[:, 3].min() == 255.0:  # opaque underneath: the usual blend
                buf[ys, xs, :3] = (under[:, :3] * (1.0 - a) + self.color * a + 0.5).astype(np.uint8)
            else:  # a transparent frame: the text over what is there ("over", straight alpha)
                below = under[:, 3:] / 255.0 * (1.0 - a)
                alpha = a + below
                rgb = (self.color * a + under[:, :3] * below) / np.maximum(alpha, 1e-6)
                buf[ys, xs, :3] = (rgb + 0.5).astype(np.uint8)
                buf[ys, xs, 3] = (alpha[:, 0] * 255.0 + 0.5).astype(np.uint8)
