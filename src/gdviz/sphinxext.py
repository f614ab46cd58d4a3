"""gdviz's image scraper for sphinx-gallery: a gallery page shows the animations its example made.

sphinx-gallery runs each example of a gallery block by block and asks its *image
scrapers* what each block drew; matplotlib's scraper saves the open figures. This one
saves every :class:`gdviz.Animation` that a block left in a variable (and that no earlier
block of the same example showed) as an animated GIF beside the figures, so the page
plays it. Name it, as a string, in the gallery's configuration (``conf.py``)::

    sphinx_gallery_conf = {
        "examples_dirs": "../examples",
        "gallery_dirs": "gallery",
        "image_scrapers": ("gdviz.sphinxext.scraper", "matplotlib"),
    }

Another format: a :class:`Scraper` instance, e.g. ``Scraper(ext=".mp4")`` (a ``<video>``,
its file inlined into the page) or ``Scraper(ext=".webp")``; an instance cannot be
named as a string, so import it in ``conf.py``.
"""

from __future__ import annotations

import base64
import html
import weakref
from pathlib import Path
from typing import Any, Dict, List

from .drawing.animation import Animation
from .errors import GdvizError

__all__ = ["Scraper", "scraper"]

#: Shown as an image (``<img>``); the others are videos (``<video>``).
IMAGE_EXTS = (".gif", ".webp", ".apng", ".png")
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}


class Scraper:
    """A sphinx-gallery image scraper that saves a block's new Animations.

    Parameters
    ----------
    ext : {".gif", ".webp", ".apng", ".png", ".mp4", ".webm"}, default ".gif"
        The format each animation is saved in. Images go through sphinx-gallery's own
        ``image-sg`` directive (so the first can be the example's thumbnail; ``.gif``
        and ``.webp`` thumbnails move); videos are inlined into the page as a looping,
        muted ``<video>``, so nothing has to be copied beside it.

    Notes
    -----
    An Animation counts as the block's when it is a value of the example's namespace
    after the block ran and no earlier block of the same example showed it: assign the
    animation to a variable (``anim = gdviz.Animation(history, size=(320, 180))``) and
    keep it small, since the build saves it. ``gdviz.render`` writes a file and keeps
    no Animation, so a gallery example builds an ``Animation`` instead.
    """

    def __init__(self, ext: str = ".gif") -> None:
        ext = ext if ext.startswith(".") else "." + ext
        if ext not in IMAGE_EXTS and ext not in VIDEO_TYPES:
            known = ", ".join((*IMAGE_EXTS, *VIDEO_TYPES))
            raise GdvizError(f"The scraper cannot show {ext!r} files; choose one of {known}.")
        self.ext = ext
        # Per example (its image path iterator, one per example): the Animations shown, held
        # (not their ids: a block that reassigns a variable may free one and reuse its id).
        self._shown: "weakref.WeakKeyDictionary[Any, list]" = weakref.WeakKeyDictionary()

    def __repr__(self) -> str:
        return f"Scraper(ext={self.ext!r})"

    def __call__(self, block: Any, block_vars: Dict[str, Any], gallery_conf: Dict[str, Any]) -> str:
        """Save the block's new Animations and return the reST that shows them ("" for none)."""
        paths = block_vars["image_path_iterator"]
        shown = self._shown.setdefault(paths, [])
        new: List[Animation] = []
        for value in list(block_vars["example_globals"].values()):
            if isinstance(value, Animation) and not any(value is old for old in shown + new):
                new.append(value)
        if not new:
            return ""
        written = []
        for anim in new:
            shown.append(anim)
            path = Path(next(paths)).with_suffix(self.ext)
            anim.save(path, progress=False)
            written.append(path)
        if self.ext in VIDEO_TYPES:
            return "".join(video_rst(path, VIDEO_TYPES[self.ext]) for path in written)
        from sphinx_gallery.scrapers import figure_rst  # only ever called from inside sphinx-gallery

        return figure_rst(written, gallery_conf["src_dir"])

    def __reduce__(self):  # sphinx may pickle its configuration: rebuild from the format alone
        return (Scraper, (self.ext,))


def video_rst(path: Path, mime: str) -> str:
    """reST for a ``<video>`` that plays `path` inline (its bytes in the page, as base64)."""
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    label = html.escape(Path(path).stem, quote=True)
    lines: List[str] = [
        "", ".. raw:: html", "",
        f'    <div class="gdviz-animation"><video aria-label="{label}" controls autoplay loop muted '
        f'playsinline style="max-width: 100%"><source type="{mime}" src="data:{mime};base64,{data}"></video></div>',
        "", "",
    ]
    return "\n".join(lines)


#: The scraper to name in ``image_scrapers``: ``"gdviz.sphinxext.scraper"`` (animated GIFs).
scraper = Scraper()
