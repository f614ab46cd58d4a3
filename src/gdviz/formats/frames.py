"""A folder of PNG frames and the LaTeX beamer snippet that plays them (``--frames png``).

``DIR/frame-0000.png``, ``frame-0001.png``, ... one file per shown frame at the fps
(held frames repeated, so that the ``animate`` package's constant frame rate reproduces
the holds), written by ffmpeg's PNG encoder on the other core (zlib level 2: fast, and
files within 15% of level 6), and ``DIR/animation.tex`` with the ``\\animategraphics``
line. The folder appears whole at the end (:func:`gdviz.files.atomic_folder`).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from .base import FfmpegWriter
from .registry import Format, register

__all__ = ["PngFramesWriter", "TEX_NAME", "frame_name", "beamer_snippet"]

TEX_NAME = "animation.tex"
_PREFIX = "frame-"


def _digits(total) -> int:
    """Zero-padded width of the frame numbers: 4, or more for 10,000 frames and up."""
    return max(4, len(str(max(int(total or 1), 1) - 1)))


def frame_name(k: int, total: int) -> str:
    """The file name of frame `k` (from 0) of `total`: frame-0000.png."""
    return f"{_PREFIX}{k:0{_digits(total)}d}.png"


def beamer_snippet(folder, count: int, fps: float, size: tuple) -> str:
    """The LaTeX for playing `count` frames of `folder` at `fps` with the animate package.

    The file prefix is `folder` as given (relative paths are relative to where LaTeX
    runs), with forward slashes; first and last frame numbers are zero-padded like the
    file names, which \\animategraphics takes as the padding to use.
    """
    prefix = PurePath(os.fspath(folder)).as_posix().rstrip("/") + "/" + _PREFIX
    digits = _digits(count)
    w, h = size
    return (
        f"% gdviz: {count} frames of {w}x{h} px at {fps:g} fps, {frame_name(0, count)} to "
        f"{frame_name(count - 1, count)}.\n"
        "% Needs \\usepackage{animate} in the preamble; plays in Adobe Acrobat Reader, Okular, PDF-XChange,\n"
        "% Foxit and PDF.js. The path is relative to the folder LaTeX runs in.\n"
        f"\\animategraphics[width=\\linewidth,autoplay,loop,controls]{{{fps:g}}}{{{prefix}}}"
        f"{{{0:0{digits}d}}}{{{count - 1:0{digits}d}}}\n"
    )


class PngFramesWriter(FfmpegWriter):
    """One PNG per tick into the folder `path`, then ``animation.tex``; RGBA when `transparent`."""

    encoder, what = "png", "PNG frames (--frames png)"
    default_fps = 20.0
    compression_level = 2

    def output_args(self):
        return ["-c:v", "png", "-compression_level", str(self.compression_level),
                "-pix_fmt", "rgba" if self.transparent else "rgb24", "-start_number", "0", "-f", "image2"]

    def output_path(self) -> str:
        folder = str(self.path).replace("%", "%%")  # image2 reads % as the number's place
        return os.path.join(folder, f"{_PREFIX}%0{_digits(self.total)}d.png")

    def __init__(self, path, size, fps, **options):
        self._written = 0
        super().__init__(path, size, fps, **options)

    def write(self, rgba, ticks: int) -> None:
        super().write(rgba, ticks)
        self._written += int(ticks)

    def close(self) -> None:
        super().close()
        count = self._written
        found = len(list(Path(self.path).glob(f"{_PREFIX}*.png")))
        if found != count:  # pragma: no cover - ffmpeg wrote what it was sent
            raise RuntimeError(f"ffmpeg wrote {found} PNG frames, not {count}")
        text = beamer_snippet(self.target, count, self.fps, (self.width, self.height))
        (Path(self.path) / TEX_NAME).write_text(text, encoding="utf-8")


register(Format("png", "PNG frames + LaTeX snippet", writer=PngFramesWriter, transparent=True, folder=True,
                plays_in="LaTeX beamer PDFs (animate package: Acrobat Reader, Okular, PDF.js); "
                         "video editors; your own tools"))
