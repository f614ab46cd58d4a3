"""What every streaming writer shares: the three verbs, and an encoder child process.

A writer is opened on a temporary path (renamed onto the target only on success, see
:mod:`gdviz._files`), takes frames as RGBA buffers with a whole number of ticks each
(``tick(fps)`` seconds), and is closed or aborted::

    with Writer(path, size, fps, transparent=False) as w:
        w.write(rgba, ticks)

Heavy imports (Pillow, imageio-ffmpeg, python-pptx) happen inside the writer that needs
them, so that checking a command line never loads them.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import IO, Optional

import numpy as np

from .. import interrupts
from ..errors import GdvizError

__all__ = ["Writer", "PipeWriter", "FfmpegWriter", "ffmpeg_exe", "require_encoder", "clear_hidden"]


def clear_hidden(rgba) -> np.ndarray:
    """A copy of an (H, W, 4) frame whose fully transparent pixels are (0, 0, 0, 0).

    The colour under alpha 0 is invisible, but whatever was left there (text stamped
    onto a clear background, a cleared canvas's old colour) changes from frame to frame
    and costs bytes in every format that keeps alpha.
    """
    frame = np.array(rgba, dtype=np.uint8, copy=True)
    frame.view(np.uint32)[..., 0][frame[..., 3] == 0] = 0
    return frame


class Writer:
    """Base class of the streaming writers.

    Parameters
    ----------
    path : Path
        Where to write (a temporary file, or folder for a frame folder).
    size : (int, int)
        Frame width and height in pixels.
    fps : float
        Frames per second.
    sample : list of (H, W, 4) uint8 arrays, optional
        A few frames before the first write, for writers that set ``wants_sample``
        (the GIF palette).
    transparent : bool, default False
        Keep the frames' alpha channel. Only formats registered as transparent get True.
    target : Path, optional
        The final output the temporary `path` becomes (for text that names it).
    total : int, optional
        The number of ticks that will be written (the sum of every ``write``'s `ticks`).
    """

    #: Frames per second when the Animation sets none.
    default_fps: float = 30.0
    #: The writer wants a few sample frames before the first write (e.g. for a palette).
    wants_sample = False
    #: The writer takes ``words=(description, WebVTT captions)`` (a video in a page or a slide).
    wants_words = False

    @classmethod
    def tick(cls, fps: float) -> float:
        """Seconds in one tick, the unit frame durations are rounded to: one video frame by default."""
        return 1.0 / fps

    @classmethod
    def check(cls, size: tuple, fps: float) -> None:
        """Raise GdvizError for a size or fps this format cannot hold (before any drawing)."""

    def __init__(self, path: Path, size: tuple, fps: float, *, sample: Optional[list] = None,
                 transparent: bool = False, target: Optional[Path] = None, total: Optional[int] = None):
        self.path = Path(path)
        self.width, self.height = size
        self.fps = fps
        self.transparent = bool(transparent)
        self.target = Path(target) if target is not None else self.path
        self.total = total

    def write(self, rgba, ticks: int) -> None:
        """Add one frame (an (H, W, 4) uint8 buffer) shown for `ticks` ticks."""
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
    """The ffmpeg executable imageio-ffmpeg provides (its own, or IMAGEIO_FFMPEG_EXE)."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise GdvizError("Writing video needs imageio-ffmpeg; install it with `pip install imageio-ffmpeg`.") from None
    return imageio_ffmpeg.get_ffmpeg_exe()


_ENCODERS: dict = {}


def _encoders(exe: str) -> frozenset:
    """The encoder names `exe` lists (asked once per executable; a failed listing is not remembered)."""
    if exe not in _ENCODERS:
        with interrupts.held_back():  # like the encoders: a terminal's Ctrl-C is for gdviz, not this child
            proc = subprocess.Popen([exe, "-hide_banner", "-encoders"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        out = proc.communicate()[0].decode(errors="replace")
        names = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 6 and parts[0][0] in "VAS":
                names.add(parts[1])
        if proc.returncode != 0:
            return frozenset(names)
        _ENCODERS[exe] = frozenset(names)
    return _ENCODERS[exe]


def require_encoder(encoder: str, what: str) -> str:
    """The ffmpeg executable, after checking that it has `encoder`; else a GdvizError naming the fix.

    imageio-ffmpeg 0.8.1 and later ship an ffmpeg with every encoder gdviz uses; an
    older wheel, or IMAGEIO_FFMPEG_EXE pointing at a smaller build, may lack some.
    """
    exe = ffmpeg_exe()
    if encoder not in _encoders(exe):
        raise GdvizError(
            f"Writing {what} needs ffmpeg's {encoder} encoder, which {exe!r} lacks; install the ffmpeg that "
            "imageio-ffmpeg ships with `pip install -U \"imageio-ffmpeg>=0.8.1\"` (and unset IMAGEIO_FFMPEG_EXE "
            "if it points at another ffmpeg)."
        )
    return exe


class PipeWriter(Writer):
    """A writer whose encoder is a child process fed through its stdin.

    The child runs on the other core while this process draws the next frame. Its
    stderr goes to a temporary file (a full pipe would stall it) and is quoted if it
    fails; abort() kills it, so no encoder outlives an interrupted render.
    """

    name = "encoder"
    _proc: subprocess.Popen[bytes]  # the encoder, once _start has started it

    def _start(self, cmd: list, first=()) -> None:
        """Start the encoder and send it `first` (e.g. palette samples).

        SIGINT and SIGTERM are held back while the child is created: it inherits the
        blocked mask, so it never reacts to a terminal's Ctrl-C itself and this process
        stops it (see :mod:`gdviz.interrupts`). Any failure here stops the child, since
        the caller's `with` block has not begun yet.
        """
        self._log = tempfile.TemporaryFile()
        try:
            with interrupts.held_back():
                self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log)
        except BaseException:
            self._log.close()
            raise
        try:
            self._send(*first)
        except BaseException:
            self.abort()
            raise

    @property
    def _stdin(self) -> IO[bytes]:
        """The encoder's stdin: always a pipe (it was started with stdin=PIPE)."""
        assert self._proc.stdin is not None
        return self._proc.stdin

    def _failed(self) -> RuntimeError:
        self._log.seek(0)
        text = self._log.read().decode(errors="replace").strip().splitlines()
        return RuntimeError(f"{self.name} failed: {text[-1] if text else 'no message'}")

    def _send(self, *chunks) -> None:
        interrupts.check()  # Ctrl-C or SIGTERM stops the render at its next frame
        try:
            for chunk in chunks:
                self._stdin.write(chunk)
        except BrokenPipeError:
            self._proc.wait()
            error = self._failed()
            self._log.close()
            raise error from None

    def close(self) -> None:
        try:
            self._stdin.close()
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
            self._stdin.close()
        except OSError:
            pass
        self._proc.wait()
        self._log.close()


class FfmpegWriter(PipeWriter):
    """Frames piped to ffmpeg as raw RGBA (no conversion in Python), one per tick.

    A frame held for several ticks is sent several times. Subclasses give the encoder
    and its output options.
    """

    name = "ffmpeg"
    #: The ffmpeg encoder, checked before starting.
    encoder = ""
    #: What the error names if the encoder is missing ("WebM (.webm)").
    what = ""

    def output_args(self) -> list:
        """ffmpeg's options after the input: codec, pixel format, container."""
        raise NotImplementedError

    def output_path(self) -> str:
        return str(self.path)

    def __init__(self, path, size, fps, **options):
        super().__init__(path, size, fps, **options)
        exe = require_encoder(self.encoder, self.what)
        self._start([
            exe, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{self.width}x{self.height}",
            "-framerate", f"{fps:g}", "-i", "pipe:0", "-an", *self.output_args(), self.output_path(),
        ])

    def write(self, rgba, ticks: int) -> None:
        if self.transparent:
            rgba = clear_hidden(rgba)
        self._send(*([rgba] * ticks))
