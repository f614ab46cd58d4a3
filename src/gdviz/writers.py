"""Writers: stream frames into a file, one frame in memory at a time.

A writer is found by the output's extension in :data:`WRITERS`. It is opened on a
temporary path (the Animation renames it onto the target only on success), takes
frames as RGBA buffers with a whole number of ticks each (``tick(fps)`` seconds), and
is closed or aborted. Heavy imports (Pillow, imageio-ffmpeg) happen inside the writer
that needs them.
"""

from __future__ import annotations

import os
import queue
import struct
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .errors import GdvizError

__all__ = ["WRITERS", "Writer", "GifWriter", "Mp4Writer", "writer_for", "register", "supported"]

WRITERS: dict = {}


def register(cls):
    """Class decorator: make a writer available for its extensions."""
    for ext in cls.extensions:
        WRITERS[ext] = cls
    return cls


def supported() -> str:
    return ", ".join(sorted(WRITERS))


def writer_for(path) -> type:
    """The writer class for `path`'s extension, or a GdvizError listing the supported ones."""
    ext = Path(os.fspath(path)).suffix.lower()
    if ext not in WRITERS:
        what = f"Cannot write {ext} files" if ext else "The output has no extension"
        raise GdvizError(f"{what} ({os.fspath(path)!r}); end the name in one of: {supported()}.")
    return WRITERS[ext]


class Writer:
    """Base class: ``with Writer(path, size, fps) as w: w.write(rgba, ticks)``."""

    extensions: tuple = ()
    default_fps: float = 30.0
    #: The writer wants a few sample frames before the first write (e.g. for a palette).
    wants_sample = False

    @classmethod
    def tick(cls, fps: float) -> float:
        """Seconds in one tick: the unit frame durations are rounded to."""
        return 1.0 / fps

    @classmethod
    def check(cls, size: tuple, fps: float) -> None:
        """Raise GdvizError for a size or fps this format cannot hold (before any drawing)."""

    def __init__(self, path: Path, size: tuple, fps: float, sample: Optional[list] = None):
        self.path = Path(path)
        self.width, self.height = size
        self.fps = fps

    def write(self, rgba, ticks: int) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the file."""

    def abort(self) -> None:
        """Stop at once, releasing subprocesses and threads; the file is discarded by the caller."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.close()
            except BaseException:  # e.g. Ctrl-C while ffmpeg finishes: it must not outlive us
                self.abort()
                raise
        else:
            self.abort()
        return False


def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg
    except ImportError:
        raise GdvizError("Writing video needs imageio-ffmpeg; install it with `pip install imageio-ffmpeg`.") from None
    return imageio_ffmpeg.get_ffmpeg_exe()


@register
class Mp4Writer(Writer):
    """H.264 in MP4 (yuv420p, faststart), through the ffmpeg that imageio-ffmpeg ships.

    Frames go to ffmpeg's stdin as raw RGBA (no conversion in Python); a frame held for
    several ticks is sent several times. Preset ``veryfast`` at CRF 23: on these flat
    graphics it encodes about 1.5x faster than x264's default ``medium`` and the files
    come out no larger (bench/run.py measures both).
    """

    extensions = (".mp4",)
    default_fps = 30.0
    crf = 23
    preset = "veryfast"

    @classmethod
    def check(cls, size, fps):
        w, h = size
        if w % 2 or h % 2:
            raise GdvizError(
                f"H.264 video needs an even width and height; got {w}x{h}: use e.g. {w + w % 2}x{h + h % 2}."
            )

    def __init__(self, path, size, fps, sample=None):
        super().__init__(path, size, fps)
        self._log = tempfile.TemporaryFile()
        cmd = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{self.width}x{self.height}",
            "-framerate", f"{fps:g}", "-i", "pipe:0", "-an",
            "-c:v", "libx264", "-preset", self.preset, "-crf", str(self.crf),
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", str(self.path),
        ]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log)

    def _failed(self) -> RuntimeError:
        self._log.seek(0)
        text = self._log.read().decode(errors="replace").strip().splitlines()
        return RuntimeError(f"ffmpeg failed: {text[-1] if text else 'no message'}")

    def write(self, rgba, ticks: int) -> None:
        try:
            for _ in range(ticks):
                self._proc.stdin.write(rgba)
        except BrokenPipeError:
            self._proc.wait()
            raise self._failed() from None

    def close(self) -> None:
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        if self._proc.wait() != 0:
            raise self._failed()
        self._log.close()

    def abort(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        self._proc.wait()
        self._log.close()


def global_palette(sample: list, colors: int = 255, exact: int = 48) -> np.ndarray:
    """A palette of at most `colors` RGB entries for frames like `sample` (list of RGBA arrays).

    The `exact` most frequent colours go in unchanged (the background, the text, the run
    colour, the flat contour bands: a GIF whose white turns light grey looks wrong), and
    a median cut of the sample fills the rest with the anti-aliased in-betweens.
    """
    from PIL import Image

    rgb = np.concatenate([np.asarray(f)[..., :3].reshape(-1, 3) for f in sample], axis=0)
    packed = (rgb[:, 0].astype(np.uint32) << 16) | (rgb[:, 1].astype(np.uint32) << 8) | rgb[:, 2]
    values, counts = np.unique(packed, return_counts=True)
    top = values[np.argsort(counts, kind="stable")[::-1][:exact]]
    fixed = np.stack([(top >> 16) & 255, (top >> 8) & 255, top & 255], axis=1).astype(np.uint8)
    rest = colors - len(fixed)
    img = Image.fromarray(np.ascontiguousarray(rgb[np.newaxis]), "RGB")
    q = img.quantize(colors=rest, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    cut = np.frombuffer(bytes(q.getpalette()[: 3 * rest]), dtype=np.uint8).reshape(-1, 3)
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


@register
class GifWriter(Writer):
    """Looping GIF with one global palette, streamed block by block.

    * The palette (255 colours + 1 transparent) comes from sample frames before the
      first write, so every frame maps to the same colours and nothing flickers.
    * Each frame stores only the rectangle that changed since the previous frame, with
      unchanged pixels transparent (they compress to almost nothing).
    * Identical consecutive frames merge into one with a longer delay.
    * Delays are whole centiseconds (the GIF unit); quantising and LZW-encoding run in
      a worker thread, so drawing the next frame overlaps encoding this one.
    """

    extensions = (".gif",)
    default_fps = 20.0
    TRANSPARENT = 255

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

    wants_sample = True

    def __init__(self, path, size, fps, sample=None):
        super().__init__(path, size, fps)
        from PIL import Image

        self._Image = Image
        if not sample:
            raise GdvizError("The GIF writer needs sample frames to build its palette.")
        pal = global_palette(sample, 255)
        table = np.zeros((256, 3), dtype=np.uint8)
        table[: len(pal)] = pal
        self._palette_bytes = table.tobytes()
        self._map = PaletteMap(pal)
        self._fh = open(self.path, "wb")
        self._fh.write(self._header())
        self._prev: Optional[np.ndarray] = None  # last frame as uint32 pixels
        self._pending: Optional[list] = None  # [encode(delay) -> bytes, delay]: written when the next frame differs
        self._queue: queue.Queue = queue.Queue(maxsize=3)
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._work, name="gdviz-gif", daemon=True)
        self._thread.start()

    def _header(self) -> bytes:
        screen = struct.pack("<6sHHBBB", b"GIF89a", self.width, self.height, 0xF7, 0, 0)
        loop = b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00"
        return screen + self._palette_bytes + loop

    # -- producer side (the render loop) --------------------------------------------
    def write(self, rgba, ticks: int) -> None:
        if self._error is not None:
            raise self._error
        frame = np.array(rgba, dtype=np.uint8, copy=True).reshape(self.height, self.width, 4)
        self._put((frame, int(ticks)))

    def _put(self, item) -> None:
        while True:
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                if self._error is not None:
                    raise self._error
                if not self._thread.is_alive():
                    raise RuntimeError("the GIF encoder stopped unexpectedly")

    def close(self) -> None:
        self._put(None)
        self._thread.join()
        if self._error is not None:
            self._fh.close()
            raise self._error
        self._fh.write(b";")
        self._fh.close()

    def abort(self) -> None:
        self._stop = True
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            pass
        self._thread.join(timeout=5)
        self._fh.close()

    # -- consumer side (worker thread) ------------------------------------------------
    _stop = False

    def _work(self) -> None:
        try:
            while not self._stop:
                item = self._queue.get()
                if item is None:
                    break
                self._add(*item)
            if not self._stop:
                self._flush()
        except BaseException as exc:  # handed to the producer
            self._error = exc

    def _add(self, frame: np.ndarray, ticks: int) -> None:
        pixels = frame.view(np.uint32)[..., 0]
        if self._prev is None:
            changed = None
        else:
            changed = pixels != self._prev
            if not changed.any():  # same picture: show the previous one longer
                self._pending[1] += ticks
                return
        self._flush()
        self._pending = [self._block(frame, changed), ticks]
        self._prev = pixels

    def _flush(self) -> None:
        if self._pending is None:
            return
        encode, ticks = self._pending
        self._fh.write(encode(ticks))
        self._pending = None

    def _block(self, frame: np.ndarray, changed: Optional[np.ndarray]) -> Callable[[int], bytes]:
        """Quantise and encode the changed rectangle now; the delay is filled in later.

        Only the pixels that changed are mapped to the palette (usually a few percent
        of the frame: the line, the path, the numbers); the rest of the rectangle is
        the transparent index, which LZW packs into almost nothing.
        """
        from PIL import GifImagePlugin

        if changed is None:
            y0, y1, x0, x1 = 0, self.height, 0, self.width
            idx = self._map(frame[..., :3])
            transparency = None
        else:
            rows = np.flatnonzero(changed.any(axis=1))
            cols = np.flatnonzero(changed.any(axis=0))
            y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
            mask = changed[y0:y1, x0:x1]
            colours = frame[y0:y1, x0:x1, :3][mask]
            idx = np.full(mask.shape, self.TRANSPARENT, dtype=np.uint8)
            idx[mask] = self._map(colours[np.newaxis])[0]
            transparency = self.TRANSPARENT
        indexed = self._Image.fromarray(idx, "P")
        parts = b"".join(GifImagePlugin.getdata(indexed, offset=(x0, y0)))
        # getdata wrote a local header without a graphic control extension; we add our own.
        gce_flags = (1 << 2) | (1 if transparency is not None else 0)  # disposal 1: keep

        def encode(ticks: int) -> bytes:
            delay = max(int(ticks), 2)
            return struct.pack("<3sBHBB", b"!\xf9\x04", gce_flags, delay, transparency or 0, 0) + parts

        return encode
