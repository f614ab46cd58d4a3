"""Formats encoded by the ffmpeg that imageio-ffmpeg ships: MP4, WebM, MOV and animated WebP.

Frames go to ffmpeg's stdin as raw RGBA, one per tick of 1/fps; a frame held for
several ticks is sent several times (the video codecs store a repeat in a few bytes,
and libwebp merges identical frames into one longer one). The encoder settings were
chosen by encoding 60 frames of the default picture (1280x720, flat graphics) every
way and comparing time, size and PSNR against the drawn frames; the classes say why.
"""

from __future__ import annotations

from ..errors import GdvizError
from .apng import check_animated_image_fps
from .base import FfmpegWriter
from .registry import Format, register

__all__ = ["Mp4Writer", "WebmWriter", "MovWriter", "WebpWriter"]


class Mp4Writer(FfmpegWriter):
    """H.264 in MP4 (yuv420p, faststart).

    Preset ``veryfast`` at CRF 23: on these flat graphics it encodes about 1.5x faster
    than x264's default ``medium`` and the files come out no larger (bench/run.py
    measures both). No alpha: H.264 has none.
    """

    encoder, what = "libx264", "MP4 (.mp4)"
    crf = 23
    preset = "veryfast"

    @classmethod
    def check(cls, size, fps):
        w, h = size
        if w % 2 or h % 2:
            raise GdvizError(
                f"H.264 video needs an even width and height; got {w}x{h}: use e.g. {w + w % 2}x{h + h % 2}."
            )

    def output_args(self):
        return ["-c:v", "libx264", "-preset", self.preset, "-crf", str(self.crf),
                "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4"]


class WebmWriter(FfmpegWriter):
    """VP9 in WebM; with `transparent`, the alpha channel too (yuva420p).

    libvpx's ``realtime`` deadline at ``cpu-used 5`` encodes the default picture about
    7x faster than ``good`` (13 ms a frame instead of 87) for a file 15% larger whose
    frames are as close to the drawn ones (PSNR about 40 dB, above the MP4's); CRF 32
    with no bitrate cap.

    With alpha, VP9 codes the alpha plane with the same quantiser as the picture, and
    lossy alpha rings: at CRF 32 background pixels up to 8 px away from a line got
    alpha up to 58/255, a visible halo on a dark slide. So a transparent WebM is
    lossless (alpha exact, colour exact up to 4:2:0): twice the size of a lossy one
    with alpha, about five times an opaque one (60 frames: 960 KB, 460 KB, 200 KB). Browsers
    decode the alpha; ffmpeg only with ``-c:v libvpx-vp9`` before ``-i``.
    """

    encoder, what = "libvpx-vp9", "WebM (.webm)"
    crf = 32

    def output_args(self):
        quality = ["-lossless", "1", "-pix_fmt", "yuva420p"] if self.transparent else \
            ["-b:v", "0", "-crf", str(self.crf), "-pix_fmt", "yuv420p"]
        return ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "5", "-row-mt", "1", *quality,
                "-f", "webm"]


class MovWriter(FfmpegWriter):
    """Apple ProRes 4444 in QuickTime MOV, with alpha when `transparent` (yuva444p10le).

    The format Keynote, Final Cut, Premiere and DaVinci Resolve take with transparency
    (``-vendor apl0`` so Apple's software trusts it). ProRes is intra-only and nearly
    lossless, so files are large: about 350 KB a frame at 1280x720.
    """

    encoder, what = "prores_ks", "ProRes MOV (.mov)"

    def output_args(self):
        return ["-c:v", "prores_ks", "-profile:v", "4444", "-vendor", "apl0",
                "-pix_fmt", "yuva444p10le" if self.transparent else "yuv444p10le", "-f", "mov"]


class WebpWriter(FfmpegWriter):
    """Animated WebP, looping forever; lossless, or with `transparent` lossy colour over exact alpha.

    Opaque, lossless beats lossy on every count: smaller (430 KB against 470 KB for 60
    frames of the default picture), faster and pixel-exact, where lossy blurs the
    coloured lines. With alpha the picture changes: antialiased edges moving over a
    clear background defeat libwebp's frame differencing, and lossless took 15 s and
    3.1 MB for those 60 frames against 5.6 s and 2.7 MB for lossy quality 90, whose
    alpha libwebp still stores losslessly (every background pixel stays alpha 0).
    libwebp merges identical consecutive frames into one longer frame, so a hold costs
    nothing.
    """

    encoder, what = "libwebp_anim", "animated WebP (.webp)"
    default_fps = 20.0
    quality_with_alpha = 90

    @classmethod
    def check(cls, size, fps):
        check_animated_image_fps(fps)

    def output_args(self):
        quality = ["-lossless", "0", "-quality", str(self.quality_with_alpha), "-pix_fmt", "yuva420p"] \
            if self.transparent else ["-lossless", "1", "-quality", "0", "-pix_fmt", "bgra"]
        return ["-c:v", "libwebp_anim", *quality, "-loop", "0", "-f", "webp"]


register(Format(".mp4", "MP4 video (H.264)", writer=Mp4Writer, transparent=False,
                plays_in="everywhere: PowerPoint, Keynote, Google Slides (via Drive), browsers, phones; "
                         "not VS Code notebooks"))
register(Format(".webm", "WebM video (VP9)", writer=WebmWriter, transparent=True,
                plays_in="browsers (Chrome, Firefox, Edge, Safari 16+; alpha in Chrome, Firefox, Edge), "
                         "reveal.js, VS Code"))
register(Format(".mov", "QuickTime video (ProRes 4444)", writer=MovWriter, transparent=True,
                plays_in="Keynote, QuickTime, Final Cut, Premiere, DaVinci Resolve; large files"))
register(Format(".webp", "animated WebP", writer=WebpWriter, transparent=True,
                plays_in="browsers (Chrome, Firefox, Safari 14+, Edge), web pages and blogs; not PowerPoint"))
