"""Captions beside a video: ``talk.mp4`` gets ``talk.vtt``, WebVTT cues of what each run does and when.

The cues are :meth:`gdviz.Animation.captions` at the frame rate the video is written
at, so they fall on the frames that show each phase. Only a video can have them: a
GIF, a WebP or a still has no player to show captions, and a ``.pptx`` slide keeps its
own (PowerPoint adds captions from a ``.vtt`` file by hand: Insert Captions).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import GdvizError
from ..files import atomic_path, check_output
from .registry import Format

__all__ = ["CAPTION_FORMATS", "captions_path", "check_captions", "write_captions"]

#: The formats whose output is a video with a player that shows a ``.vtt`` file's captions.
CAPTION_FORMATS = (".mp4", ".webm", ".mov", ".html")


def captions_path(path) -> Path:
    """Where the captions of the video `path` go: the same name, ending in .vtt."""
    return Path(path).with_suffix(".vtt")


def check_captions(fmt: Format, path) -> Path:
    """The .vtt path for captions beside `path`, checked (writable, not a folder); a GdvizError when `fmt` is no video."""
    if fmt.folder or fmt.key not in CAPTION_FORMATS:
        raise GdvizError(f"Captions go beside a video ({', '.join(CAPTION_FORMATS)}), and {fmt.flag} is not one; "
                         f"write {Path(path).with_suffix('.mp4').name} instead, or drop `captions`.")
    return check_output(captions_path(path), example="talk.vtt")


def write_captions(animation, fmt: Format, path) -> Path:
    """Write `animation`'s WebVTT captions beside the video `path` (atomically); returns the .vtt path."""
    vtt = captions_path(path)
    fps = animation.fps or fmt.default_fps()
    with atomic_path(vtt) as tmp:
        tmp.write_text(animation.captions(fps), encoding="utf-8")
    return vtt
