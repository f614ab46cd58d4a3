"""Writers: stream frames into a file, one frame in memory at a time.

A writer is found by the output's extension in :data:`WRITERS`. It is opened on a
temporary path (the Animation renames it onto the target only on success), takes
frames as RGBA buffers with a whole number of ticks each (``tick(fps)`` seconds), and
is closed or aborted. Heavy imports (Pillow, imageio-ffmpeg) happen inside the writer
that needs them.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

import numpy as np

from . import interrupts
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


class _PipeWriter(Writer):
    """A writer whose encoder is a child process fed through its stdin.

    The child runs on the other core while this process draws the next frame. Its
    stderr goes to a temporary file (a full pipe would stall it) and is quoted if it
    fails; abort() kills it, so no encoder outlives an interrupted render.
    """

    name = "encoder"

    def _start(self, cmd: list, first=()) -> None:
        """Start the encoder and send it `first` (e.g. palette samples).

        SIGINT and SIGTERM are held back while the child is created: it inherits the
        blocked mask, so it never reacts to a terminal's Ctrl-C itself and this process
        stops it (see :mod:`gdviz.interrupts`). Any failure here stops the child, since
        the caller's `with` block has not begun yet.
        """
        self._log = tempfile.TemporaryFile()
        self._proc = None
        try:
            with interrupts.held_back():
                self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log)
            self._send(*first)
        except BaseException:
            if self._proc is None:
                self._log.close()
            else:
                self.abort()
            raise

    def _failed(self) -> RuntimeError:
        self._log.seek(0)
        text = self._log.read().decode(errors="replace").strip().splitlines()
        return RuntimeError(f"{self.name} failed: {text[-1] if text else 'no message'}")

    def _send(self, *chunks) -> None:
        interrupts.check()  # Ctrl-C or SIGTERM stops the render at its next frame
        try:
            for chunk in chunks:
                self._proc.stdin.write(chunk)
        except BrokenPipeError:
            self._proc.wait()
            error = self._failed()
            self._log.close()
            raise error from None

    def close(self) -> None:
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        while True:  # the encoder finishes the file; an interrupt meanwhile stops it (see __exit__)
            try:
                code = self._proc.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                interrupts.check()
        if code != 0:
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


@register
class Mp4Writer(_PipeWriter):
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

    name = "ffmpeg"

    def __init__(self, path, size, fps, sample=None):
        super().__init__(path, size, fps)
        self._start([
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{self.width}x{self.height}",
            "-framerate", f"{fps:g}", "-i", "pipe:0", "-an",
            "-c:v", "libx264", "-preset", self.preset, "-crf", str(self.crf),
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", str(self.path),
        ])

    def write(self, rgba, ticks: int) -> None:
        self._send(*([rgba] * ticks))


@register
class GifWriter(_PipeWriter):
    """Looping GIF with one global palette, encoded by a child process (:mod:`gdviz.gif`).

    The encoder runs in a second Python process fed through a pipe, like ffmpeg for
    MP4, so quantising and LZW coding use the other core while this process draws.
    The sample frames for the palette go first; then each frame as 4 bytes of delay
    (centiseconds, little-endian) and its raw RGBA pixels.
    """

    extensions = (".gif",)
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

    def __init__(self, path, size, fps, sample=None):
        super().__init__(path, size, fps)
        if not sample:
            raise ValueError("the GIF writer needs sample frames to build its palette")
        self._start([sys.executable, "-m", "gdviz.gif", str(self.path), str(self.width), str(self.height),
                     str(len(sample))], first=[np.ascontiguousarray(f, dtype=np.uint8).tobytes() for f in sample])

    def write(self, rgba, ticks: int) -> None:
        self._send(struct.pack("<I", int(ticks)), rgba)
