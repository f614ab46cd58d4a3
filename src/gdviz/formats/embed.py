"""Video inside something else: a self-contained web page, a PowerPoint slide, a notebook cell.

All three stream the frames into ffmpeg like ``.mp4`` does (into a private temporary
folder), keep a copy of the last frame for the poster (the fitted line, which is what a
slide shows before it plays), and wrap the finished video at the end:

* ``.html``: one page with the MP4 as base64 in a ``<video>`` that loops, plays inline
  and needs no network (a Content-Security-Policy forbids any); for reveal.js and blogs.
  Its ``aria-label`` is :meth:`gdviz.Animation.describe`, and its captions
  (:meth:`gdviz.Animation.captions`) are a ``<track>``.
* ``.pptx``: one 16:9 slide with the MP4 embedded (python-pptx, the ``slides`` extra),
  the poster as its preview, playing on click; the description is its alt text.
* :func:`notebook_html`: what ``Animation._repr_html_`` shows: MP4 and a VP9 WebM as two
  ``<source>`` elements (VS Code's notebook view has no H.264), with the same label and
  captions track as the page, or advice past a size limit.
"""

from __future__ import annotations

import base64
import html
import io
import os
import tempfile
from pathlib import Path
from typing import Optional

import numpy as np

from .. import interrupts
from ..drawing.schedule import ticks
from .base import Writer
from .registry import Format, register
from .video import Mp4Writer, WebmWriter

__all__ = ["HtmlWriter", "PptxWriter", "notebook_html", "png_bytes", "SLIDES_EXTRA"]

SLIDES_EXTRA = 'pip install "gdviz[slides]"'
#: A 16:9 slide, 13.333 x 7.5 inches, in EMU (914,400 per inch): PowerPoint's default widescreen.
SLIDE_EMU = (12_192_000, 6_858_000)


def png_bytes(rgba, transparent: bool = False) -> bytes:
    """A frame as PNG file bytes (RGB unless `transparent`)."""
    from PIL import Image

    pixels = np.asarray(rgba)
    img = Image.fromarray(np.ascontiguousarray(pixels if transparent else pixels[..., :3]),
                          "RGBA" if transparent else "RGB")
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=6)
    return buf.getvalue()


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class _WrappedVideo(Writer):
    """Stream into an MP4 in a private temporary folder; :meth:`finish` wraps it into `path`."""

    default_fps = 30.0
    check = Mp4Writer.check
    wants_words = True

    def __init__(self, path, size, fps, *, words: tuple = ("", ""), **options):
        super().__init__(path, size, fps, **options)
        self.description, self.captions = words
        self._dir = tempfile.TemporaryDirectory(prefix="gdviz-")
        self._mp4 = Path(self._dir.name) / "video.mp4"
        try:
            self._video = Mp4Writer(self._mp4, size, fps)
        except BaseException:
            self._dir.cleanup()
            raise
        self._last: Optional[np.ndarray] = None

    def write(self, rgba, ticks: int) -> None:
        self._video.write(rgba, ticks)
        self._last = np.array(rgba, dtype=np.uint8, copy=True)  # the poster, if this is the last frame

    def close(self) -> None:
        try:
            self._video.close()
            interrupts.check()
            if self._last is None:
                raise ValueError("no frames were written")
            self.finish(self._mp4.read_bytes(), png_bytes(self._last))
        finally:
            self._dir.cleanup()

    def abort(self) -> None:
        try:
            self._video.abort()
        finally:
            self._dir.cleanup()

    def finish(self, mp4: bytes, poster_png: bytes) -> None:
        raise NotImplementedError


def video_element(sources: list, size: tuple, poster_png: bytes = b"", *, extra: str = "", label: str = "",
                  captions: str = "") -> str:
    """A looping, muted, inline ``<video>`` at the frame's size (shrinking to fit) from (mime, bytes) sources.

    `label` becomes its ``aria-label`` (what a screen reader says) and `captions`, a
    WebVTT text, a ``<track kind="captions">`` (a data URI: the page stays self-contained).
    """
    w, h = size
    poster = f' poster="{_data_uri("image/png", poster_png)}"' if poster_png else ""
    aria = f' aria-label="{html.escape(label, quote=True)}"' if label else ""
    inner = "\n".join(f'  <source type="{mime}" src="{_data_uri(mime.split(";")[0], data)}">' for mime, data in sources)
    if captions:
        inner += (f'\n  <track kind="captions" srclang="en" label="English" default '
                  f'src="{_data_uri("text/vtt", captions.encode("utf-8"))}">')
    return (f'<video width="{w}" height="{h}" style="max-width:100%;height:auto" autoplay loop muted playsinline '
            f'controls{extra}{aria}{poster}>\n{inner}\n  Your browser cannot play this video.\n</video>')


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; media-src data:; img-src data:; style-src 'unsafe-inline'">
<meta name="generator" content="gdviz">
<title>{title}</title>
<style>body {{ margin: 0; }} video {{ display: block; margin: 0 auto; }}</style>
</head>
<body>
{video}
</body>
</html>
"""


class HtmlWriter(_WrappedVideo):
    """One self-contained page: the MP4 as base64 in a ``<video>``, the last frame as its poster.

    ``data-autoplay`` makes reveal.js start it when its slide appears; elsewhere it
    starts muted on its own (browsers allow that) and loops.
    """

    def finish(self, mp4, poster_png):
        video = video_element([("video/mp4", mp4)], (self.width, self.height), poster_png, extra=" data-autoplay",
                              label=self.description, captions=self.captions)
        page = _PAGE.format(title=html.escape(f"gdviz: {self.target.stem}"), video=video)
        self.path.write_text(page, encoding="utf-8")


class PptxWriter(_WrappedVideo):
    """One 16:9 slide holding the MP4, as large as fits and centred, the last frame as its preview.

    python-pptx's ``add_movie`` embeds the video and the click-to-play timing. The
    package is the optional ``slides`` extra, checked before any work.
    """

    def finish(self, mp4, poster_png):
        from pptx import Presentation

        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_EMU
        slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
        sw, sh = SLIDE_EMU
        scale = min(sw / self.width, sh / self.height)
        cx, cy = int(self.width * scale), int(self.height * scale)
        movie = slide.shapes.add_movie(io.BytesIO(mp4), (sw - cx) // 2, (sh - cy) // 2, cx, cy,
                                       poster_frame_image=io.BytesIO(poster_png), mime_type="video/mp4")
        if self.description:  # the picture's alt text: PowerPoint's "Alt Text", read by screen readers
            movie.element.xpath("./p:nvPicPr/p:cNvPr")[0].set("descr", self.description)
        prs.save(str(self.path))


register(Format(".html", "web page with the MP4 embedded", writer=HtmlWriter, transparent=False,
                plays_in="any browser, offline; reveal.js slides (iframe or copy the <video>), blogs"))
register(Format(".pptx", "PowerPoint slide with the MP4 embedded", writer=PptxWriter, transparent=False,
                needs=("pptx", SLIDES_EXTRA),
                plays_in="PowerPoint 2013+ (Windows, Mac), PowerPoint for the web; Keynote imports it"))


class _TooBig(Exception):
    pass


def notebook_html(animation, limit_mb: float) -> str:
    """The notebook view of `animation`: every frame as video, or advice when past `limit_mb`.

    The frames are drawn once and streamed into two encoders at the same time: H.264
    MP4 (JupyterLab and Notebook in every browser) and VP9 WebM (VS Code, whose browser
    has no H.264; with alpha when the animation is transparent). The page holds both as
    base64, so its size is 4/3 of the two files; past ``limit_mb`` megabytes (2**20
    bytes) the encoding stops and the advice says how to get under the limit. No frame
    is ever dropped.
    """
    limit = float(limit_mb) * 2**20
    fps = animation.fps or Mp4Writer.default_fps
    size = animation.size
    transparent = bool(getattr(animation, "transparent", False))
    try:
        Mp4Writer.check(size, fps)
        kinds = [("video/mp4", Mp4Writer, False), ("video/webm", WebmWriter, transparent)]
    except Exception:  # an odd size: VP9 alone
        kinds = [("video/webm", WebmWriter, transparent)]
    if transparent:  # the WebM keeps the alpha: browsers that can play it should
        kinds.sort(key=lambda k: k[0] != "video/webm")
    counts = ticks(animation.seconds(fps), 1.0 / fps)
    with tempfile.TemporaryDirectory(prefix="gdviz-") as folder:
        paths = [Path(folder) / f"v{k}" for k in range(len(kinds))]
        writers, finished = [], False
        try:
            for (mime, cls, alpha), path in zip(kinds, paths):
                writers.append(cls(path, size, fps, transparent=alpha))
            for i in range(len(animation)):
                interrupts.check()
                buf = animation.draw(i)
                for w in writers:
                    w.write(buf, int(counts[i]))
                if i % 8 == 7 and _embedded(paths) > limit:
                    raise _TooBig
            for w in writers:
                w.close()
            finished = True
            if _embedded(paths) > limit:
                raise _TooBig
        except _TooBig:
            for w in writers:
                w.abort()
            return _advice(animation, _embedded(paths), limit_mb, finished=finished)
        except BaseException:
            for w in writers:
                w.abort()
            raise
        sources = [(mime, path.read_bytes()) for (mime, _, _), path in zip(kinds, paths)]
    return video_element(sources, size, label=animation.describe(), captions=animation.captions(fps))


def _embedded(paths) -> int:
    """Bytes the files would take as base64."""
    total = sum(os.path.getsize(p) for p in paths if os.path.exists(p))
    return (total + 2) // 3 * 4


def _advice(animation, size_bytes: int, limit_mb: float, finished: bool) -> str:
    """HTML saying why the video is not shown and what gets it under the limit (numbers to paste)."""
    w, h = animation.size
    frames = len(animation)
    over = size_bytes / (float(limit_mb) * 2**20)
    tips = [f"<li>fewer frames: <code>max_frames={max(2, int(frames / over / 1.2))}</code> (now {frames})</li>"]
    scale = 1.0 / (over**0.5 * 1.1)
    sw, sh = int(w * scale) // 2 * 2, int(h * scale) // 2 * 2
    if min(sw, sh) >= 160:
        tips.append(f"<li>a smaller frame: <code>size=({sw}, {sh})</code> (now ({w}, {h}))</li>")
    more = max(2.0 * float(limit_mb), float(np.ceil(size_bytes / 2**20 * 1.5)))
    tips.append(f"<li>a higher limit: <code>gdviz.Animation.embed_limit_mb = {more:g}</code></li>")
    tips.append('<li>or a file: <code>anim.save("descent.mp4")</code></li>')
    amount = f"{'' if finished else 'more than '}{size_bytes / 2**20:.3g} MB"
    return (
        '<div class="gdviz-advice" style="border-left:4px solid currentColor;padding:0.4em 1em">'
        f"<p><b>gdviz:</b> this animation ({frames} frames, {w}x{h}) would take {amount} in the notebook, "
        f"above the limit of {float(limit_mb):g} MB, so it is not shown (gdviz never drops frames to fit). "
        f"Any of these gets it under the limit:</p><ul>{''.join(tips)}</ul></div>"
    )
