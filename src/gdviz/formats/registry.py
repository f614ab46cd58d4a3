"""One registry of output formats, found by the output's extension (or ``--frames``).

A :class:`Format` says what a format is (its extension, where it plays, whether it can
keep transparency, an optional package it needs) and how it is written, in one of two
ways:

* **streamed**: ``writer`` is a :class:`~gdviz.formats.base.Writer` class; the frames are
  drawn one at a time and handed to it (:func:`stream`), so memory stays flat in the
  number of frames. Video, animated images, the frame folder and the embeds work so.
* **whole**: ``save(animation, path, *, progress)`` takes the whole Animation and does
  everything itself (a poster, a filmstrip, a vector still); the registry still checks
  the transparency and the optional package first.

Registering a format::

    register(Format(".webm", "WebM video (VP9)", plays_in="browsers, VS Code", transparent=True,
                    writer=WebmWriter))
    register(Format(".png", "PNG still", plays_in="anywhere", transparent=True, save=save_poster))

What a streamed format reads from an Animation: ``size``, ``fps``, ``transparent``,
``len(animation)``, ``seconds(fps)`` (how long each frame shows) and ``draw(i)`` (the
RGBA buffer of frame i, valid until the next call: :meth:`gdviz.Animation.draw`).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import numpy as np

from .. import interrupts
from ..files import atomic_folder, atomic_path, check_output, check_output_folder
from ..errors import GdvizError
from ..drawing.schedule import ticks

if TYPE_CHECKING:
    from .base import Writer

__all__ = ["Format", "FORMATS", "FRAME_FORMATS", "register", "find", "supported", "transparent_keys", "stream"]

#: Formats written to a file, by extension (".gif").
FORMATS: dict = {}
#: Formats written to a folder of frames, by ``--frames`` name ("png").
FRAME_FORMATS: dict = {}


@dataclass(frozen=True)
class Format:
    """One output format.

    Parameters
    ----------
    key : str
        The extension with its dot (".webm"), or for a frame folder the ``--frames``
        name ("png").
    name : str
        What it is, for tables and messages ("WebM video (VP9)").
    plays_in : str
        Where it plays, for ``--help`` and docs/formats.md.
    transparent : bool
        Whether it can keep the frames' alpha (``--transparent``).
    writer : type, optional
        A streaming Writer class; exactly one of `writer` and `save`.
    save : callable, optional
        ``save(animation, path, *, progress) -> Path``: the format takes the whole
        Animation instead of a stream of frames.
    folder : bool, default False
        The output is a folder (a frame folder), not a file.
    still : bool, default False
        A still image (a poster or a filmstrip): it takes the options ``at`` and
        ``filmstrip``, which the animated formats refuse.
    needs : (module, command), optional
        An optional package the format imports, and the command that installs it.
    """

    key: str
    name: str
    plays_in: str
    transparent: bool
    writer: Optional[type[Writer]] = None
    save: Optional[Callable] = None
    folder: bool = False
    needs: Optional[tuple] = None
    still: bool = False

    def __post_init__(self):
        if (self.writer is None) == (self.save is None):
            raise ValueError(f"format {self.key}: give exactly one of writer= (streamed) and save= (whole)")

    @property
    def flag(self) -> str:
        """How a user asks for it: the extension, or ``--frames NAME``."""
        return f"--frames {self.key}" if self.folder else self.key

    def default_fps(self) -> float:
        return self.writer.default_fps if self.writer is not None else 30.0

    def check(self, *, size: tuple, fps: Optional[float], transparent: bool) -> None:
        """Everything about this format that can be checked before any work (GdvizError)."""
        if transparent and not self.transparent:
            keys = ", ".join(transparent_keys())
            raise GdvizError(f"`transparent` needs a format with an alpha channel, and {self.flag} has none; "
                             f"write one of {keys} instead, or drop `transparent`.")
        if self.needs is not None:
            module, command = self.needs
            if not _importable(module):
                raise GdvizError(f"Writing {self.flag} needs the {module} package; install it with `{command}`.")
        if self.writer is not None:
            self.writer.check(size, fps or self.default_fps())

    def check_output(self, path, flag: str = "-o") -> Path:
        """Check the output path for this format (creating nothing); returns it as a Path."""
        if self.folder:
            return check_output_folder(path, flag=flag)
        return check_output(path, flag=flag)

    def check_still(self, at=None, filmstrip=None) -> None:
        """Refuse the still options for a format that animates."""
        if (at is not None or filmstrip is not None) and not self.still:
            given = " and ".join(name for name, v in (("`at`", at), ("`filmstrip`", filmstrip)) if v is not None)
            stills = ", ".join(k for k in sorted(FORMATS) if FORMATS[k].still)
            raise GdvizError(f"{given} make{'s' if ' and ' not in given else ''} a still image, and {self.flag} "
                             f"animates; write one of {stills} instead, or drop {given}.")

    def write(self, animation, path, *, progress: Optional[bool] = None, at=None, filmstrip=None) -> Path:
        """Check everything, then write `animation` to `path`; returns the path written.

        `at` (an epoch) and `filmstrip` (a number of tiles) are for still formats only.
        """
        self.check(size=animation.size, fps=animation.fps, transparent=animation.transparent)
        self.check_still(at, filmstrip)
        if self.save is not None:  # a still's save also takes `at` and `filmstrip`
            if self.still:
                return self.save(animation, path, progress=progress, at=at, filmstrip=filmstrip)
            return self.save(animation, path, progress=progress)
        assert self.writer is not None  # __post_init__: exactly one of writer and save
        path = self.check_output(path)  # folders are made by atomic_path, removed again on failure
        return stream(animation, self.writer, path, folder=self.folder, progress=progress)


def _importable(module: str) -> bool:
    """True if `module` can be imported (without importing it; a module set to None in sys.modules is absent)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def register(fmt: Format) -> Format:
    """Make `fmt` available by its key (a later registration of the same key replaces it)."""
    (FRAME_FORMATS if fmt.folder else FORMATS)[fmt.key] = fmt
    return fmt


def supported() -> str:
    """The file extensions, sorted, for messages: ".apng, .gif, ..."."""
    return ", ".join(sorted(FORMATS))


def transparent_keys() -> list:
    """Every way to ask for a format that keeps transparency: extensions, then --frames."""
    return [k for k in sorted(FORMATS) if FORMATS[k].transparent] + \
        [f"--frames {k}" for k in sorted(FRAME_FORMATS) if FRAME_FORMATS[k].transparent]


def find(path, *, frames: Optional[str] = None) -> Format:
    """The format for `path` (by extension), or the frame-folder format `frames`; else a GdvizError."""
    if frames is not None:
        if frames not in FRAME_FORMATS:
            raise GdvizError(f"The `frames` format must be one of {', '.join(sorted(FRAME_FORMATS))}; not {frames!r}.")
        fmt = FRAME_FORMATS[frames]
        ext = Path(os.fspath(path)).suffix.lower()
        if ext in FORMATS:
            stem = Path(os.fspath(path)).with_suffix("")
            raise GdvizError(f"With `frames` the output is a folder, but {os.fspath(path)!r} ends in {ext}, a file "
                             f"format; name the folder like {str(stem) + '-frames'!r}, or drop `frames` to write {ext}.")
        return fmt
    ext = Path(os.fspath(path)).suffix.lower()
    if ext not in FORMATS:
        what = f"Cannot write {ext} files" if ext else "The output has no extension"
        raise GdvizError(f"{what} ({os.fspath(path)!r}); end the name in one of: {supported()} "
                         f"(or write a folder of frames with --frames png).")
    return FORMATS[ext]


def stream(animation, writer_cls: type[Writer], path: Path, *, folder: bool = False, progress: Optional[bool] = None,
           fps: Optional[float] = None, transparent: Optional[bool] = None) -> Path:
    """Draw every frame of `animation` into a `writer_cls` writing `path` atomically; returns `path`.

    Frame i is shown ``animation.seconds(fps)[i]`` seconds, rounded to whole ticks of
    the writer without drift (:func:`gdviz.drawing.schedule.ticks`). The output appears only
    when complete (a temporary file or folder beside it, renamed at the end); a signal
    stops the loop at the next frame or encoder write, and the temporary goes with it.
    """
    fps = fps or animation.fps or writer_cls.default_fps
    transparent = animation.transparent if transparent is None else transparent
    counts = ticks(animation.seconds(fps), writer_cls.tick(fps))
    n = len(animation)
    # A video inside a page or a slide gets the words: the description (alt text) and the captions.
    words = {"words": (animation.describe(), animation.captions(fps))} if writer_cls.wants_words else {}
    sample = None
    if writer_cls.wants_sample:
        sample = [np.asarray(animation.draw(j)).copy() for j in sorted({0, n // 2, n - 1})]
    show = sys.stderr.isatty() if progress is None else bool(progress)
    bar = _progress_bar(n, f"gdviz {Path(path).name}") if show else None
    atomic = atomic_folder if folder else atomic_path
    try:
        with atomic(path) as tmp:
            with writer_cls(tmp, animation.size, fps, sample=sample, transparent=transparent, target=path,
                            total=int(counts.sum()), **words) as writer:
                for i in range(n):
                    interrupts.check()
                    writer.write(animation.draw(i), int(counts[i]))
                    if bar is not None:
                        bar.update()
    finally:
        if bar is not None:
            bar.close()
    return Path(path)


def _progress_bar(total: int, desc: str):
    """A tqdm bar on stderr that appears only if the render takes more than half a second."""
    from tqdm import tqdm

    return tqdm(total=total, unit="frame", desc=desc, delay=0.5, file=sys.stderr, leave=False)
