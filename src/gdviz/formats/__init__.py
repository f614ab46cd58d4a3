"""Output formats, one registry by extension (and ``--frames`` for a folder of frames).

==========  =================================================  ============
module      formats                                            how
==========  =================================================  ============
video       .mp4 (H.264), .webm (VP9), .mov (ProRes 4444),     ffmpeg child
            .webp (animated, lossless)
gif         .gif (one global palette)                          Python child
apng        .apng (true colour, alpha)                         Python child
frames      --frames png: DIR/frame-0000.png ... + animation.tex  ffmpeg child
embed       .html (MP4 in a page), .pptx (MP4 on a slide),     ffmpeg child
            the notebook view (MP4 + WebM)
still       .png, .pdf, .svg: a poster (one epoch) or a         whole
            filmstrip (--filmstrip N), raster or vector        animation
captions    talk.vtt beside talk.mp4 (.webm, .mov, .html):      text
            WebVTT, with ``captions=True`` / --captions
==========  =================================================  ============

:func:`find` gives the :class:`Format` for an output; ``Format.write(animation, path)``
checks everything (transparency, optional packages, size and fps limits, the output
path) before drawing, then writes. See :mod:`gdviz.formats.registry` for how a format
that takes the whole Animation (a still) registers itself.

Nothing heavy is imported here: Pillow, imageio-ffmpeg and python-pptx load inside
the writer that needs them.
"""

from __future__ import annotations

from .base import FfmpegWriter, PipeWriter, Writer, ffmpeg_exe, require_encoder
from .registry import FORMATS, FRAME_FORMATS, Format, find, register, stream, supported, transparent_keys

# Each module registers its formats on import.
from . import video, gif, apng, frames, embed, still  # noqa: E402,F401  isort: skip

__all__ = ["FORMATS", "FRAME_FORMATS", "Format", "FfmpegWriter", "PipeWriter", "Writer", "ffmpeg_exe", "find",
           "register", "require_encoder", "stream", "supported", "transparent_keys", "table"]


def table() -> list:
    """(how to ask for it, what it is, where it plays, transparency) for every format, files first."""
    rows = []
    for key in sorted(FORMATS):
        f = FORMATS[key]
        rows.append((f.flag, f.name, f.plays_in, "yes" if f.transparent else "no"))
    for key in sorted(FRAME_FORMATS):
        f = FRAME_FORMATS[key]
        rows.append((f.flag, f.name, f.plays_in, "yes" if f.transparent else "no"))
    return rows
