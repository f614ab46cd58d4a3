"""APNG: true-colour animated PNG with alpha, only the changed pixels, streamed frame by frame.

ffmpeg's own APNG encoder either stores whole frames (5 MB for 60 frames of the
default picture) or tries every blend mode per frame (177 ms a frame), so gdviz encodes
APNG itself, like GIF: in a child process (:mod:`gdviz.formats._child`), each frame
reduced to the rectangle that changed, with the unchanged pixels in it made fully
transparent and blended OVER the previous frame (they compress to almost nothing);
identical consecutive frames merge into one longer delay. Pillow compresses each
rectangle; the chunks are rewrapped as APNG frames (fcTL + fdAT). Delays are whole
milliseconds.

Numpy and Pillow only: no matplotlib here.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from typing import BinaryIO, Optional

import numpy as np

from ..errors import GdvizError
from .base import PipeWriter, clear_hidden
from .registry import Format, register

__all__ = ["ApngWriter", "ApngEncoder", "MAX_FPS", "check_animated_image_fps"]

#: Browsers stretch animated-image frames of 10 ms or less to 100 ms; stay well above.
MAX_FPS = 60


def check_animated_image_fps(fps: float) -> None:
    """The frame rate an animated image (APNG, WebP) can have: browsers play faster ones unevenly."""
    if fps > MAX_FPS:
        raise GdvizError(f"Browsers play animated images unevenly above {MAX_FPS} fps; got fps={fps:g}: "
                         f"use --fps {MAX_FPS} or less for .apng and .webp, or write .webm or .mp4.")


_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_SOURCE, _OVER = 0, 1  # blend_op of fcTL


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _idat(png: bytes) -> bytes:
    """The concatenated IDAT data of a PNG file."""
    pos, out = len(_SIGNATURE), []
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        if kind == b"IDAT":
            out.append(png[pos + 8 : pos + 8 + n])
        pos += 12 + n
    return b"".join(out)


def _delay(ms: int) -> tuple:
    """(delay_num, delay_den) for `ms` milliseconds within fcTL's 16-bit fields."""
    ms = max(int(ms), 1)
    if ms <= 0xFFFF:
        return ms, 1000
    return min((ms + 5) // 10, 0xFFFF), 100


class ApngEncoder:
    """Write RGBA frames into an open, seekable binary file as one looping APNG.

    Parameters
    ----------
    fh : binary file
        Seekable: the frame count in the header is filled in by :meth:`close`.
    width, height : int
    transparent : bool, default False
        Keep the frames' alpha; otherwise every pixel is written opaque.
    level : int, default 6
        zlib compression level.
    """

    def __init__(self, fh: BinaryIO, width: int, height: int, *, transparent: bool = False, level: int = 6):
        from PIL import Image

        self._Image = Image
        self.fh, self.width, self.height = fh, width, height
        self.transparent, self.level = transparent, level
        fh.write(_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)))
        self._actl_at = fh.tell() + 8  # where acTL's data starts
        fh.write(_chunk(b"acTL", struct.pack(">II", 0, 0)))  # frame count patched in close(); 0 plays = forever
        self._prev: Optional[np.ndarray] = None  # the last frame's pixels as uint32
        self._prev_alpha_zero: Optional[np.ndarray] = None
        self._pending: Optional[list] = None  # [(x0, y0, w, h, blend, data), ms]
        self._frames = 0
        self._seq = 0

    def add(self, frame: np.ndarray, ms: int) -> None:
        """Add an (H, W, 4) uint8 frame shown for `ms` milliseconds. Keep `frame` unchanged until the next add."""
        pixels = frame.view(np.uint32)[..., 0]
        if self._prev is None:
            block = self._encode(frame, 0, 0, self.width, self.height, None, _SOURCE)
        else:
            changed = pixels != self._prev
            if not changed.any():  # same picture: show the previous one longer
                assert self._pending is not None  # the previous frame's, held back
                self._pending[1] += ms
                self._prev = pixels
                return
            rows = np.flatnonzero(changed.any(axis=1))
            cols = np.flatnonzero(changed.any(axis=0))
            y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
            mask = changed[y0:y1, x0:x1]
            blend = _OVER
            if self.transparent:
                # OVER reproduces a changed pixel exactly only if it is opaque or lands on a fully
                # transparent one; otherwise the whole rectangle replaces what was there.
                alpha = frame[y0:y1, x0:x1, 3]
                assert self._prev_alpha_zero is not None  # kept with every frame when transparent
                if not ((alpha[mask] == 255) | self._prev_alpha_zero[y0:y1, x0:x1][mask]).all():
                    blend = _SOURCE
            block = self._encode(frame[y0:y1, x0:x1], x0, y0, x1 - x0, y1 - y0,
                                 mask if blend == _OVER else None, blend)
        self._flush()
        self._pending = [block, ms]
        self._prev = pixels
        if self.transparent:
            self._prev_alpha_zero = frame[..., 3] == 0

    def _encode(self, rect: np.ndarray, x0: int, y0: int, w: int, h: int, keep: Optional[np.ndarray],
                blend: int) -> tuple:
        """Compress a rectangle now (the caller's buffer is reused); the delay is written later."""
        rect = np.array(rect, dtype=np.uint8, copy=True)
        if not self.transparent:
            rect[..., 3] = 255
        if keep is not None:  # pixels that did not change: fully transparent, so OVER leaves them
            rect[~keep] = 0
        buf = io.BytesIO()
        self._Image.fromarray(rect, "RGBA").save(buf, "PNG", compress_level=self.level)
        return x0, y0, w, h, blend, _idat(buf.getvalue())

    def _flush(self) -> None:
        if self._pending is None:
            return
        (x0, y0, w, h, blend, data), ms = self._pending
        num, den = _delay(ms)
        fh = self.fh
        fh.write(_chunk(b"fcTL", struct.pack(">IIIIIHHBB", self._seq, w, h, x0, y0, num, den, 0, blend)))
        self._seq += 1
        if self._frames == 0:
            fh.write(_chunk(b"IDAT", data))
        else:
            fh.write(_chunk(b"fdAT", struct.pack(">I", self._seq) + data))
            self._seq += 1
        self._frames += 1
        self._pending = None

    def close(self) -> None:
        """Write the last frame, the trailer, and the frame count into the header."""
        self._flush()
        if self._frames == 0:
            raise ValueError("an APNG needs at least one frame")
        self.fh.write(_chunk(b"IEND", b""))
        end = self.fh.tell()
        actl = struct.pack(">II", self._frames, 0)
        self.fh.seek(self._actl_at)
        self.fh.write(actl + struct.pack(">I", zlib.crc32(b"acTL" + actl) & 0xFFFFFFFF))
        self.fh.seek(end)

    @property
    def frames(self) -> int:
        """Frames written so far (identical consecutive frames count once)."""
        return self._frames


class ApngWriter(PipeWriter):
    """Looping APNG, encoded by a child process (:class:`ApngEncoder`) fed through a pipe.

    Each frame goes as 4 bytes of delay (milliseconds, little-endian) and its raw RGBA
    pixels; held frames are longer delays, not repeated frames.
    """

    default_fps = 20.0
    name = "APNG encoder"

    @classmethod
    def tick(cls, fps):
        return 0.001  # delays in whole milliseconds

    @classmethod
    def check(cls, size, fps):
        check_animated_image_fps(fps)

    def __init__(self, path, size, fps, **options):
        super().__init__(path, size, fps, **options)
        self._start([sys.executable, "-m", "gdviz.formats._child", "apng", str(self.path), str(self.width),
                     str(self.height), "0", "transparent" if self.transparent else "opaque"])

    def write(self, rgba, ticks: int) -> None:
        self._send(struct.pack("<I", int(ticks)), clear_hidden(rgba) if self.transparent else rgba)


register(Format(".apng", "APNG (animated PNG, lossless)", writer=ApngWriter, transparent=True,
                plays_in="browsers (Chrome, Firefox, Safari, Edge), web pages and blogs; not PowerPoint"))
