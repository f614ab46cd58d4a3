"""Every format decodes back to the frames it was given: count, size, codec, delays, alpha.

Small pictures (320x180) and few frames; each output is read back with a decoder that
is not gdviz's (ffmpeg, Pillow, python-pptx), never by trusting what was written.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import gdviz
from gdviz.formats import FORMATS, FRAME_FORMATS, Format, ffmpeg_exe

W, H = 320, 180
SMALL = (W, H)
# 10 distinct frames: the first held 0.5 s and the last 1 s.
VIDEO_FRAMES = 15 + 8 + 30  # at 30 fps
IMAGE_FRAMES = 10 + 8 + 20  # at 20 fps, when holds are repeated frames
DELAYS_MS = [500] + [50] * 8 + [1000]  # at 20 fps, when holds are longer delays


@pytest.fixture(scope="module")
def anim(short_history):
    a = gdviz.Animation(short_history, size=SMALL, max_frames=10)
    assert len(a) == 10
    return a


@pytest.fixture(scope="module")
def drawn(anim):
    """The frames as drawn (RGB), to compare decoded ones with."""
    return [anim.frame(i) for i in range(len(anim))]


def decode(path, *, before_input=()) -> np.ndarray:
    """Every frame ffmpeg decodes from `path`, as RGBA, shape (N, H, W, 4)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", *before_input, "-i", str(path),
           "-f", "rawvideo", "-pix_fmt", "rgba", "-"]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(-1, H, W, 4)


def stream_line(path, *, before_input=()) -> str:
    """ffmpeg's description of the video stream: codec, pixel format, size."""
    err = subprocess.run([ffmpeg_exe(), "-hide_banner", *before_input, "-i", str(path)], capture_output=True,
                         text=True).stderr
    return next(line for line in err.splitlines() if "Video:" in line)


def pillow_frames(path):
    """(RGBA frames, durations in ms, loop) as Pillow composes them."""
    frames, durations = [], []
    with Image.open(path) as im:
        for k in range(im.n_frames):
            im.seek(k)
            im.load()
            durations.append(im.info.get("duration"))
            frames.append(np.asarray(im.convert("RGBA")))
        loop = im.info.get("loop")
    return frames, durations, loop


def close_to(a, b, mean=4.0) -> bool:
    return float(np.abs(a[..., :3].astype(int) - b[..., :3].astype(int)).mean()) < mean


# -- video ----------------------------------------------------------------------------------
@pytest.mark.parametrize("ext, codec, pix_fmt", [(".webm", "vp9", "yuv420p"), (".mov", "prores", "yuv444p")])
def test_video_keeps_every_frame_and_hold(tmp_path, anim, drawn, ext, codec, pix_fmt):
    path = anim.save(tmp_path / f"a{ext}")
    line = stream_line(path)
    assert codec in line and pix_fmt in line and "yuva" not in line and f"{W}x{H}" in line, line
    frames = decode(path)
    assert frames.shape == (VIDEO_FRAMES, H, W, 4)
    assert (frames[..., 3] == 255).all()
    assert close_to(frames[0], drawn[0]) and close_to(frames[14], drawn[0])  # the start, held
    assert close_to(frames[-1], drawn[-1])
    assert not close_to(frames[0], frames[-1], mean=1.0)
    assert [p.name for p in tmp_path.iterdir()] == [f"a{ext}"]


# -- animated images ------------------------------------------------------------------------
@pytest.mark.parametrize("ext", [".webp", ".apng"])
def test_animated_images_are_lossless_with_delays_for_holds(tmp_path, anim, drawn, ext):
    """Each distinct frame once, exactly as drawn; holds are longer delays; loops forever."""
    path = anim.save(tmp_path / f"a{ext}")
    frames, durations, loop = pillow_frames(path)
    assert len(frames) == len(anim) and frames[0].shape == (H, W, 4)
    assert durations == DELAYS_MS and loop == 0
    for k in (0, 4, len(anim) - 1):
        assert np.array_equal(frames[k][..., :3], drawn[k]), k
        assert (frames[k][..., 3] == 255).all()


def test_apng_plays_in_ffmpeg_with_the_schedule(tmp_path, anim, drawn):
    frames = decode(anim.save(tmp_path / "a.apng"))
    assert frames.shape == (IMAGE_FRAMES, H, W, 4)
    assert np.array_equal(frames[9][..., :3], drawn[0]) and np.array_equal(frames[-1][..., :3], drawn[-1])


def test_webp_merges_identical_frames(tmp_path):
    """libwebp stores A, A, B, B as two frames: count frames that differ, as for GIF."""
    from gdviz.formats.video import WebpWriter

    a = np.zeros((H, W, 4), np.uint8)
    a[..., 0], a[..., 3] = 200, 255
    b = a.copy()
    b[50:90, 100:200, :3] = (10, 120, 30)
    with WebpWriter(tmp_path / "ab.webp", SMALL, 20) as w:
        for frame in (a, a, b, b):
            w.write(frame, 2)
    frames, durations, _ = pillow_frames(tmp_path / "ab.webp")
    assert len(frames) == 2 and durations == [200, 200]


def test_apng_merges_identical_frames_and_keeps_changes_exact(tmp_path):
    from gdviz.formats.apng import ApngWriter

    rng = np.random.default_rng(1)
    base = rng.integers(0, 256, (H, W, 4), dtype=np.uint8)
    base[..., 3] = 255
    b = base.copy()
    b[10:20, 30:40, :3] = 7
    c = b.copy()
    c[170:, 300:, :3] = 250
    with ApngWriter(tmp_path / "abc.apng", SMALL, 20) as w:
        for frame, ms in ((base, 100), (base, 100), (b, 50), (c, 70)):
            w.write(frame, ms)
    frames, durations, _ = pillow_frames(tmp_path / "abc.apng")
    assert durations == [200, 50, 70]
    for got, want in zip(frames, (base, b, c)):
        assert np.array_equal(got, want)


# -- a folder of PNG frames -------------------------------------------------------------------
def test_png_frames_and_the_beamer_snippet(tmp_path, anim, drawn):
    out = anim.save(tmp_path / "frames", frames="png")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["animation.tex"] + [f"frame-{k:04d}.png" for k in range(IMAGE_FRAMES)]
    with Image.open(out / "frame-0000.png") as im:
        assert im.size == SMALL and im.mode == "RGB"
    assert np.array_equal(np.asarray(Image.open(out / "frame-0009.png")), drawn[0])  # the start, held 0.5 s
    assert np.array_equal(np.asarray(Image.open(out / "frame-0010.png")), drawn[1])
    assert np.array_equal(np.asarray(Image.open(out / f"frame-{IMAGE_FRAMES - 1:04d}.png")), drawn[-1])
    tex = (out / "animation.tex").read_text()
    prefix = out.as_posix() + "/frame-"
    assert f"\\animategraphics[width=\\linewidth,autoplay,loop,controls]{{20}}{{{prefix}}}{{0000}}{{0037}}" in tex
    assert "\\usepackage{animate}" in tex
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frames"]  # no temporary folder left


def test_png_frames_at_another_fps(tmp_path, short_history):
    a = gdviz.Animation(short_history, size=SMALL, max_frames=4, fps=12.5)
    out = a.save(tmp_path / "f", frames="png")
    counts = [round(s * 12.5) for s in a.seconds(12.5)]
    assert len(list(out.glob("frame-*.png"))) == sum(counts)
    assert f"{{12.5}}{{{out.as_posix()}/frame-}}{{0000}}{{{sum(counts) - 1:04d}}}" in (out / "animation.tex").read_text()


def test_png_frames_fill_an_empty_folder_and_refuse_a_full_one(tmp_path, short_history):
    a = gdviz.Animation(short_history, size=SMALL, max_frames=3)
    empty = tmp_path / "empty"
    empty.mkdir()
    a.save(empty, frames="png")
    count = sum(round(s * 20) for s in a.seconds(20))  # one PNG per tick at the default 20 fps
    assert sorted(p.name for p in empty.iterdir()) == ["animation.tex"] + [f"frame-{k:04d}.png" for k in range(count)]
    assert np.array_equal(np.asarray(Image.open(empty / "frame-0000.png")), a.frame(0))
    assert np.array_equal(np.asarray(Image.open(empty / f"frame-{count - 1:04d}.png")), a.frame(len(a) - 1))
    tex = (empty / "animation.tex").read_text()  # it names the frames where they are now, not the temporary
    assert f"{{20}}{{{empty.as_posix()}/frame-}}{{0000}}{{{count - 1:04d}}}" in tex
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine")
    b = gdviz.Animation(short_history, size=SMALL, max_frames=3)
    with pytest.raises(gdviz.GdvizError, match=r"'.*full' is not empty \(it holds notes.txt\)"):
        b.save(full, frames="png")
    assert b._fig is None  # refused before drawing
    assert [p.name for p in full.iterdir()] == ["notes.txt"]
    with pytest.raises(gdviz.GdvizError, match=r"ends in \.gif"):
        b.save(tmp_path / "x.gif", frames="png")
    with pytest.raises(gdviz.GdvizError, match=r"`frames` format must be one of png; not 'jpg'"):
        b.save(tmp_path / "x", frames="jpg")


# -- embeds ---------------------------------------------------------------------------------------
def _sources(page: str) -> list:
    return [(m, base64.b64decode(d)) for m, d in re.findall(r'<source type="([^"]+)" src="data:[^;]+;base64,([^"]+)"',
                                                           page)]


def test_html_page_holds_the_video_and_needs_no_network(tmp_path, anim, drawn):
    page = anim.save(tmp_path / "a.html").read_text()
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert re.search(r'<video width="320" height="180"[^>]* autoplay loop muted playsinline', page)
    (mime, mp4), = _sources(page)
    assert mime == "video/mp4"
    (tmp_path / "back.mp4").write_bytes(mp4)
    frames = decode(tmp_path / "back.mp4")
    assert frames.shape == (VIDEO_FRAMES, H, W, 4) and "h264" in stream_line(tmp_path / "back.mp4")
    poster = re.search(r'poster="data:image/png;base64,([^"]+)"', page).group(1)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(base64.b64decode(poster)))), drawn[-1])  # the fitted line


def test_pptx_slide_holds_the_same_mp4(tmp_path, anim, drawn):
    pptx = pytest.importorskip("pptx", reason='python-pptx is the optional extra: pip install "gdviz[slides]"')
    from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_MEDIA_TYPE

    path = anim.save(tmp_path / "a.pptx")
    mp4 = anim.save(tmp_path / "a.mp4").read_bytes()
    prs = pptx.Presentation(str(path))
    assert (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)  # 16:9
    (slide,) = prs.slides
    (movie,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
    assert movie.media_type == PP_MEDIA_TYPE.MOVIE
    assert movie.width / movie.height == pytest.approx(W / H, rel=1e-3)
    blobs = {str(p.partname): p.blob for p in prs.part.package.iter_parts()}
    (video,) = [b for name, b in blobs.items() if name.endswith(".mp4")]
    assert video == mp4  # the same bytes `.mp4` writes
    (poster,) = [b for name, b in blobs.items() if name.startswith("/ppt/media/image")]
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(poster))), drawn[-1])
    assert "p:timing" in slide._element.xml  # plays on click


def test_pptx_without_python_pptx_names_the_extra(tmp_path, short_history, monkeypatch):
    monkeypatch.setitem(sys.modules, "pptx", None)  # as if not installed
    a = gdviz.Animation(short_history, size=SMALL, max_frames=3)
    with pytest.raises(gdviz.GdvizError, match=r'needs the pptx package; install it with `pip install "gdviz\[slides\]"`'):
        a.save(tmp_path / "a.pptx")
    assert a._fig is None and list(tmp_path.iterdir()) == []


# -- transparency -------------------------------------------------------------------------------
def _overlay_frames(n=5):
    """RGBA frames with a clear background: an opaque square moving right, with a half-transparent edge."""
    out = []
    for k in range(n):
        f = np.zeros((H, W, 4), np.uint8)
        x = 40 + 30 * k
        f[60:120, x : x + 50] = (200, 30, 30, 255)
        f[60:120, x + 50] = (200, 30, 30, 128)
        out.append(f)
    return out


def _background(k):
    m = np.ones((H, W), bool)
    m[60:120, 40 + 30 * k : 40 + 30 * k + 51] = False
    return m


def _writer(name):
    from gdviz.formats.apng import ApngWriter
    from gdviz.formats.frames import PngFramesWriter
    from gdviz.formats.video import MovWriter, WebmWriter, WebpWriter

    return {"webm": WebmWriter, "mov": MovWriter, "webp": WebpWriter, "apng": ApngWriter,
            "png": PngFramesWriter}[name]


@pytest.mark.parametrize("kind", ["webm", "mov", "webp", "apng", "png"])
def test_transparent_outputs_keep_a_clear_background(tmp_path, kind):
    cls = _writer(kind)
    frames = _overlay_frames()
    path = tmp_path / ("frames" if kind == "png" else f"t.{kind}")
    if kind == "png":
        path.mkdir()
    ticks = 50 if kind == "apng" else 1  # APNG ticks are milliseconds
    with cls(path, SMALL, 20, transparent=True, total=len(frames)) as w:
        for f in frames:
            w.write(f, ticks)
    if kind in ("webm", "mov"):
        libvpx = ("-c:v", "libvpx-vp9") if kind == "webm" else ()  # ffmpeg's own VP9 decoder drops alpha
        assert "yuva" in stream_line(path, before_input=libvpx)
        decoded = list(decode(path, before_input=libvpx))
    elif kind == "png":
        decoded = [np.asarray(Image.open(p)) for p in sorted(path.glob("frame-*.png"))]
    else:
        decoded = pillow_frames(path)[0]
    assert len(decoded) == len(frames)
    for k, got in enumerate(decoded):
        alpha = got[..., 3]
        assert (alpha[_background(k)] == 0).all(), (kind, k, int(alpha[_background(k)].max()))
        assert (alpha[60:120, 40 + 30 * k : 40 + 30 * k + 50] == 255).all()
        assert abs(int(alpha[90, 40 + 30 * k + 50]) - 128) <= 1, kind  # the soft edge: alpha is lossless
        if kind in ("apng", "png"):  # lossless colour too
            assert np.array_equal(got, frames[k]), kind


def test_a_transparent_animation_keeps_its_clear_corners(tmp_path, short_history):
    """The writers' half, end to end: an Animation made transparent, written as WebM, decoded with alpha."""
    a = gdviz.Animation(short_history, size=SMALL, max_frames=3, transparent=True)
    assert np.asarray(a.draw(0))[2, 2, 3] == 0
    frames = decode(a.save(tmp_path / "t.webm"), before_input=("-c:v", "libvpx-vp9"))
    assert (frames[:, :3, :3, 3] == 0).all() and (frames[..., 3] == 255).any()


@pytest.mark.parametrize("ext", [".gif", ".mp4", ".html", ".pptx"])
def test_transparent_is_an_error_where_there_is_no_alpha(tmp_path, short_history, ext):
    a = gdviz.Animation(short_history, size=SMALL, max_frames=3, transparent=True)
    with pytest.raises(gdviz.GdvizError, match=rf"`transparent` needs a format with an alpha channel, and \{ext} has "
                                               r"none; write one of .apng, .mov, .pdf, .png, .svg, .webm, .webp, --frames png"):
        a.save(tmp_path / f"a{ext}")
    assert a._fig is None and list(tmp_path.iterdir()) == []


def test_transparent_must_be_a_bool(short_history):
    with pytest.raises(gdviz.GdvizError, match="`transparent` must be True or False; got 'yes'"):
        gdviz.Animation(short_history, transparent="yes")


# -- the registry ---------------------------------------------------------------------------------
def test_registry_lists_every_format_with_where_it_plays():
    assert sorted(FORMATS) == [".apng", ".gif", ".html", ".mov", ".mp4", ".pdf", ".png", ".pptx", ".svg", ".webm",
                               ".webp"]
    assert sorted(FRAME_FORMATS) == ["png"]
    alpha = {k for k, f in {**FORMATS, **FRAME_FORMATS}.items() if f.transparent}
    assert alpha == {".webm", ".webp", ".apng", ".mov", "png", ".png", ".pdf", ".svg"}
    assert all(f.plays_in and f.name for f in {**FORMATS, **FRAME_FORMATS}.values())


def test_a_format_can_take_the_whole_animation(tmp_path, anim, monkeypatch):
    """How stills register: save= gets the Animation itself; the registry still checks transparency first."""
    seen = []

    def save(animation, path, *, progress=None):
        seen.append((animation, Path(path)))
        return Path(path)

    monkeypatch.setitem(FORMATS, ".still", Format(".still", "a still", plays_in="here", transparent=False, save=save))
    assert anim.save(tmp_path / "x.still") == tmp_path / "x.still"
    assert seen == [(anim, tmp_path / "x.still")]
    clear = gdviz.Animation(anim.history, size=SMALL, max_frames=3, transparent=True)
    with pytest.raises(gdviz.GdvizError, match=r"\.still has none"):
        clear.save(tmp_path / "y.still")
    with pytest.raises(ValueError, match="exactly one of writer= .* and save="):
        Format(".x", "x", plays_in="", transparent=False)


def test_an_ffmpeg_without_the_encoder_names_the_fix(tmp_path, anim, monkeypatch):
    from gdviz.formats import base

    monkeypatch.setattr(base, "_encoders", lambda exe: frozenset({"libx264"}))
    with pytest.raises(gdviz.GdvizError, match=r'libvpx-vp9 encoder.*pip install -U "imageio-ffmpeg>=0.8.1"'):
        anim.save(tmp_path / "a.webm")
    assert list(tmp_path.iterdir()) == []


def test_help_and_readme_say_where_each_format_plays(capsys):
    from gdviz.cli import main

    assert main(["render", "--help"]) == 0
    text = capsys.readouterr().out
    readme = (Path(__file__).parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")  # the formats page
    for key, fmt in {**FORMATS, **FRAME_FORMATS}.items():
        assert f"  {fmt.flag} " in text, fmt.flag
        assert f"| `{fmt.flag}`" in readme or f"| `{fmt.flag.split()[-1]}`" in readme, fmt.flag


# -- notebooks ------------------------------------------------------------------------------------
def test_notebook_view_embeds_every_frame_as_mp4_and_webm(tmp_path, anim):
    page = anim._repr_html_()
    sources = _sources(page)
    assert [m for m, _ in sources] == ["video/mp4", "video/webm"]
    for (mime, data), ext in zip(sources, ("mp4", "webm")):
        (tmp_path / f"n.{ext}").write_bytes(data)
        assert decode(tmp_path / f"n.{ext}").shape == (VIDEO_FRAMES, H, W, 4), mime
    assert "vp9" in stream_line(tmp_path / "n.webm")


def test_notebook_view_past_the_limit_gives_advice_not_fewer_frames(short_history):
    a = gdviz.Animation(short_history, size=SMALL, max_frames=10)
    assert gdviz.Animation.embed_limit_mb == 20
    a.embed_limit_mb = 0.01
    page = a._repr_html_()
    assert "<video" not in page
    assert "above the limit of 0.01 MB" in page and "max_frames=" in page and "embed_limit_mb" in page
    assert "gdviz never drops frames" in page


def test_history_plot_and_its_png(tutorial_history):
    fig = tutorial_history.plot()
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["SSE by epoch", "Descent path over the SSE surface"]
    path_line = fig.axes[1].lines[1]
    assert np.array_equal(path_line.get_xdata(), tutorial_history.w0)
    png = tutorial_history._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(png)).size == (1000, 400)


def test_history_imports_matplotlib_only_to_plot():
    code = ("import sys, gdviz; h = gdviz.train(gdviz.make_data(seed=0), epochs=5); "
            "print('matplotlib' in sys.modules); h.plot(); print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
