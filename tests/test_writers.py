import subprocess

import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

import gdviz
from gdviz.formats import ffmpeg_exe

SMALL = (320, 180)


@pytest.fixture(scope="module")
def anim(short_history):
    return gdviz.Animation(short_history, size=SMALL, max_frames=10)


def gif_durations(path):
    out = []
    with Image.open(path) as im:
        loop = im.info.get("loop")
        for k in range(im.n_frames):
            im.seek(k)
            out.append(im.info["duration"])
    return out, loop


def test_gif_frames_timing_and_content(tmp_path, anim):
    path = anim.save(tmp_path / "a.gif")
    frames = iio.imread(path, index=None)
    assert frames.shape == (len(anim), 180, 320, 3)
    durations, loop = gif_durations(path)
    assert loop == 0  # loops forever
    assert durations[0] == 500 and durations[-1] == 1000 and set(durations[1:-1]) == {50}
    assert not np.array_equal(frames[0], frames[-1])
    # Every decoded frame is the rendered frame up to palette rounding.
    for k in (0, len(anim) // 2, len(anim) - 1):
        diff = np.abs(frames[k].astype(int) - anim.frame(k).astype(int))
        assert diff.mean() < 3.0 and np.percentile(diff, 99) < 40
    # The theme's own colours survive the palette exactly (white stays white).
    assert (frames[:, 2, 2] == 255).all()
    assert [p.name for p in tmp_path.iterdir()] == ["a.gif"]  # no temporary left


def test_gif_keeps_total_duration_at_odd_fps(tmp_path, short_history):
    a = gdviz.Animation(short_history, size=SMALL, max_frames=10, fps=30)
    durations, _ = gif_durations(a.save(tmp_path / "b.gif"))
    assert sum(durations) == pytest.approx(1000 * a.seconds(30).sum(), abs=10)


def test_mp4_is_h264_yuv420p_with_holds(tmp_path, anim):
    path = anim.save(tmp_path / "a.mp4")
    meta = iio.immeta(path, plugin="FFMPEG")
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert meta["size"] == SMALL and meta["fps"] == 30
    frames = iio.imread(path, plugin="FFMPEG")
    # 10 distinct frames, the first held 0.5 s (15 frames) and the last 1 s (30 frames).
    assert frames.shape == (10 - 2 + 15 + 30, 180, 320, 3)
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 1
    assert np.abs(frames[-1].astype(int) - anim.frame(-1).astype(int)).mean() < 4
    probe = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True)
    assert "h264" in probe.stderr and "yuv420p" in probe.stderr


def test_mp4_rejects_odd_sizes_before_drawing(tmp_path, short_history):
    a = gdviz.Animation(short_history, size=(321, 180), max_frames=4)
    with pytest.raises(gdviz.GdvizError, match="even"):
        a.save(tmp_path / "odd.mp4")
    assert a._fig is None  # nothing was drawn
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_lists_the_supported_ones(tmp_path, anim):
    with pytest.raises(gdviz.GdvizError, match=r"\.apng, \.gif, \.html, \.mov, \.mp4, \.pdf, \.png, \.pptx, \.svg, \.webm, \.webp"):
        anim.save(tmp_path / "a.avi")
    assert list(tmp_path.iterdir()) == []


def test_failed_render_leaves_an_existing_file_untouched(tmp_path, short_history, monkeypatch):
    target = tmp_path / "keep.gif"
    target.write_bytes(b"old")
    a = gdviz.Animation(short_history, size=SMALL, max_frames=6)
    calls = {"n": 0}
    original = a.draw

    def failing(i):
        calls["n"] += 1
        if calls["n"] > 5:
            raise KeyboardInterrupt
        return original(i)

    monkeypatch.setattr(a, "draw", failing)
    with pytest.raises(KeyboardInterrupt):
        a.save(target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.gif"]


def test_render_function_creates_parent_folders(tmp_path, short_history):
    out = gdviz.render(short_history, tmp_path / "deep" / "er" / "x.gif", size=SMALL, max_frames=3)
    assert out.exists() and iio.imread(out, index=None).shape[0] == 3


def test_gif_encoder_process_handles_repeated_frames(tmp_path):
    """A, A, B, B: the repeat merges into a longer delay and B is compared with A, not itself."""
    from gdviz.formats.gif import GifWriter

    a = np.zeros((180, 320, 4), np.uint8)
    a[..., 0], a[..., 3] = 200, 255
    b = a.copy()
    b[50:90, 100:200, :3] = (10, 120, 30)
    path = tmp_path / "ab.gif"
    with GifWriter(path, (320, 180), 20, sample=[a, b]) as w:
        for frame in (a, a, b, b):
            w.write(frame, 5)
    frames = iio.imread(path, index=None)
    durations, _ = gif_durations(path)
    assert len(frames) == 2 and durations == [100, 100]
    assert (frames[0][..., 0] == 200).all() and tuple(frames[1][60, 150]) == (10, 120, 30)


def test_an_error_while_sending_the_palette_samples_stops_the_encoder(tmp_path, monkeypatch):
    from gdviz.formats import base
    from gdviz.formats.gif import GifWriter

    started = []
    real_popen = base.subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(base.subprocess, "Popen", popen)
    monkeypatch.setattr(base.PipeWriter, "_send", lambda self, *chunks: (_ for _ in ()).throw(KeyboardInterrupt))
    frame = np.zeros((180, 320, 4), np.uint8)
    with pytest.raises(KeyboardInterrupt):
        GifWriter(tmp_path / "x.gif", (320, 180), 20, sample=[frame])
    assert started and started[0].poll() is not None  # the child was stopped, not left running


@pytest.mark.parametrize("fps", [3, 15, 24, 25, 29.97, 30])
def test_every_frame_reaches_the_video_at_any_fps(fps):
    from gdviz.drawing.schedule import plan_frames, ticks

    w = np.linspace(0, 1, 300) ** 0.3
    s = plan_frames([(np.arange(w.size), w, w)], 200, fps)
    counts = ticks(s.seconds, 1 / fps)
    assert counts.min() >= 1 and (counts[1:-1] == 1).all()
    assert counts[0] == round(0.5 * fps) or counts[0] == 1
