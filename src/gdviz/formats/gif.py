"""GIF: one global palette, only the changed pixels, streamed block by block.

:class:`GifEncoder` turns RGBA frames into a looping GIF89a file while holding only the
previous frame. ``python -m gdviz.formats._child gif OUT W H N`` runs it as the child
process that :class:`GifWriter` feeds: N sample frames on stdin first (for the
palette), then for each frame 4 bytes of delay in centiseconds (little-endian) and its
W*H*4 bytes of RGBA (see :mod:`gdviz.formats._child`). The file is complete when stdin
closes and the process exits 0.

Numpy and Pillow only: no matplotlib here.
"""

from __future__ import annotations

import struct
import sys
from typing import BinaryIO, Callable, Optional

import numpy as np

from ..errors import GdvizError
from .base import PipeWriter
from .registry import Format, register

__all__ = ["GifWriter", "GifEncoder", "PaletteMap", "global_palette"]

#: Pixels sampled for the palette: every SAMPLE_STEP-th (the frames' flat colours
#: dominate any sample; the full frames would only cost time).
SAMPLE_STEP = 3


def global_palette(sample: list, colors: int = 255, exact: int = 48) -> np.ndarray:
    """A palette of at most `colors` RGB entries for frames like `sample` (list of RGBA arrays).

    The `exact` most frequent colours go in unchanged (the background, the text, the run
    colour, the flat contour bands: a GIF whose white turns light grey looks wrong), and
    a median cut of the sample fills the rest with the anti-aliased in-betweens.
    """
    from PIL import Image

    rgb = np.concatenate([np.asarray(f)[..., :3].reshape(-1, 3)[::SAMPLE_STEP] for f in sample], axis=0)
    packed = (rgb[:, 0].astype(np.uint32) << 16) | (rgb[:, 1].astype(np.uint32) << 8) | rgb[:, 2]
    values, counts = np.unique(packed, return_counts=True)
    top = values[np.argsort(counts, kind="stable")[::-1][:exact]]
    fixed = np.stack([(top >> 16) & 255, (top >> 8) & 255, top & 255], axis=1).astype(np.uint8)
    rest = colors - len(fixed)
    img = Image.fromarray(np.ascontiguousarray(rgb[np.newaxis]), "RGB")
    q = img.quantize(colors=rest, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette = q.getpalette()
    assert palette is not None  # a quantized image always has one
    cut = np.frombuffer(bytes(palette[: 3 * rest]), dtype=np.uint8).reshape(-1, 3)
    return np.concatenate([fixed, cut], axis=0)[:colors]


class PaletteMap:
    """Exact nearest-colour lookup into a fixed palette, remembered per 24-bit colour.

    A colour already in the palette maps to itself (white stays white); others go to
    the nearest entry in RGB. Each distinct colour is solved once, so after the first
    frame almost every lookup is a single table read. The table is 32 MB, whatever
    the number of frames.
    """

    def __init__(self, palette: np.ndarray):
        self.palette = np.asarray(palette, dtype=np.int32).reshape(-1, 3)
        self.table = np.full(1 << 24, -1, dtype=np.int16)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        rgb = np.asarray(rgb, dtype=np.uint8)
        packed = (rgb[..., 0].astype(np.int32) << 16) | (rgb[..., 1].astype(np.int32) << 8) | rgb[..., 2]
        idx = self.table[packed]
        unknown = idx < 0
        if unknown.any():
            self._solve(np.unique(packed[unknown]))
            idx = self.table[packed]
        return idx.astype(np.uint8)

    def _solve(self, packed: np.ndarray) -> None:
        for start in range(0, packed.size, 2048):
            chunk = packed[start : start + 2048]
            cols = np.stack([(chunk >> 16) & 255, (chunk >> 8) & 255, chunk & 255], axis=1)
            dist = ((cols[:, np.newaxis, :] - self.palette[np.newaxis, :, :]) ** 2).sum(axis=2)
            self.table[chunk] = dist.argmin(axis=1)


class GifEncoder:
    """Write frames into an open binary file as one looping GIF.

    * The palette (255 colours + 1 transparent) comes from sample frames before the
      first frame, so every frame maps to the same colours and nothing flickers.
    * Each frame stores only the rectangle that changed since the previous frame; in it
      the unchanged pixels are transparent and compress to almost nothing, and only the
      changed ones are mapped to the palette.
    * Identical consecutive frames merge into one with a longer delay.
    * Delays are whole centiseconds, the GIF unit.
    """

    TRANSPARENT = 255

    def __init__(self, fh: BinaryIO, width: int, height: int, sample: list):
        from PIL import GifImagePlugin, Image

        self._Image, self._plugin = Image, GifImagePlugin
        self.fh, self.width, self.height = fh, width, height
        pal = global_palette(sample, 255)
        table = np.zeros((256, 3), dtype=np.uint8)
        table[: len(pal)] = pal
        self._map = PaletteMap(pal)
        screen = struct.pack("<6sHHBBB", b"GIF89a", width, height, 0xF7, 0, 0)
        loop = b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00"
        fh.write(screen + table.tobytes() + loop)
        self._prev: Optional[np.ndarray] = None  # the last frame's pixels as uint32
        self._pending: Optional[list] = None  # [encode(delay) -> bytes, delay]: written once the next frame differs

    def add(self, frame: np.ndarray, ticks: int) -> None:
        """Add an (H, W, 4) uint8 frame shown for `ticks` centiseconds. Keep `frame` unchanged until the next add."""
        pixels = frame.view(np.uint32)[..., 0]
        if self._prev is None:
            changed = None
        else:
            changed = pixels != self._prev
            if not changed.any():  # same picture: show the previous one longer
                assert self._pending is not None  # the previous frame's, held back
                self._pending[1] += ticks
                self._prev = pixels  # same pixels; the caller may now reuse the older buffer
                return
        self._flush()
        self._pending = [self._block(frame, changed), ticks]
        self._prev = pixels

    def close(self) -> None:
        """Write the last frame and the trailer."""
        self._flush()
        self.fh.write(b";")

    def _flush(self) -> None:
        if self._pending is not None:
            encode, ticks = self._pending
            self.fh.write(encode(ticks))
            self._pending = None

    def _block(self, frame: np.ndarray, changed: Optional[np.ndarray]) -> Callable[[int], bytes]:
        """Quantise and LZW-encode the changed rectangle now; the delay is filled in later."""
        if changed is None:
            y0, y1, x0, x1 = 0, self.height, 0, self.width
            idx = self._map(frame[..., :3])
            transparency = None
        else:
            rows = np.flatnonzero(changed.any(axis=1))
            cols = np.flatnonzero(changed.any(axis=0))
            y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
            mask = changed[y0:y1, x0:x1]
            idx = np.full(mask.shape, self.TRANSPARENT, dtype=np.uint8)
            idx[mask] = self._map(frame[y0:y1, x0:x1, :3][mask])
            transparency = self.TRANSPARENT
        indexed = self._Image.fromarray(idx, "P")
        # getdata writes the image descriptor and the LZW data; we add the control extension.
        parts = b"".join(self._plugin.getdata(indexed, offset=(x0, y0)))
        flags = (1 << 2) | (1 if transparency is not None else 0)  # disposal 1: keep what is under

        def encode(ticks: int) -> bytes:
            delay = min(max(int(ticks), 2), 0xFFFF)
            return struct.pack("<3sBHBB", b"!\xf9\x04", flags, delay, transparency or 0, 0) + parts

        return encode


class GifWriter(PipeWriter):
    """Looping GIF with one global palette, encoded by a child process (:class:`GifEncoder`).

    The encoder runs in a second Python process fed through a pipe, like ffmpeg for
    video, so quantising and LZW coding use the other core while this process draws.
    The sample frames for the palette go first; then each frame as 4 bytes of delay
    (centiseconds, little-endian) and its raw RGBA pixels.
    """

    default_fps = 20.0
    wants_sample = True
    name = "GIF encoder"

    @classmethod
    def tick(cls, fps):
        return 0.01  # GIF delays are centiseconds

    @classmethod
    def check(cls, size, fps):
        if fps > 50:
            raise GdvizError(
                f"GIF delays are whole centiseconds and browsers slow down anything faster than 50 fps; "
                f"got fps={fps:g}: use --fps 50 or less for GIF, or write .mp4."
            )

    def __init__(self, path, size, fps, **options):
        super().__init__(path, size, fps, **options)
        sample = options.get("sample")
        if not sample:
            raise ValueError("the GIF writer needs sample frames to build its palette")
        self._start([sys.executable, "-m", "gdviz.formats._child", "gif", str(self.path), str(self.width), str(self.height),
                     str(len(sample))], first=[np.ascontiguousarray(f, dtype=np.uint8).tobytes() for f in sample])

    def write(self, rgba, ticks: int) -> None:
        self._send(struct.pack("<I", int(ticks)), rgba)


register(Format(".gif", "GIF (256 colours)", writer=GifWriter, transparent=False,
                plays_in="everywhere: browsers, GitHub READMEs, chat, PowerPoint, Keynote, Google Slides"))

