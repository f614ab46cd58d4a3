"""Bounded by design: memory does not grow with frames, and 10^6 epochs are no trouble.

Each measurement runs in a fresh interpreter, which reports its own peak RSS
(``ru_maxrss``) and, for MP4, ffmpeg's (``RUSAGE_CHILDREN``, after ffmpeg was waited for).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage")

MEMORY_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    import gdviz
    frames, out = int(sys.argv[1]), sys.argv[2]
    history = gdviz.train(gdviz.make_data(seed=0), epochs=frames, seed=0)
    anim = gdviz.Animation(history, size=(320, 180), max_frames=frames)
    start = time.perf_counter()
    anim.save(out, progress=False)
    print(json.dumps({
        "frames": len(anim),
        "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "ffmpeg_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "seconds": time.perf_counter() - start,
    }))
""")


def run_child(code: str, *args, timeout=600) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def peaks(folder, ext) -> dict:
    """Peak RSS rendering 100 and 1000 frames to `ext` (the two renders at once)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = {n: pool.submit(run_child, MEMORY_CHILD, n, folder / f"{n}.{ext}") for n in (100, 1000)}
        out = {(n, ext): f.result() for n, f in done.items()}
    for (n, _), r in sorted(out.items()):  # shown with -s or on failure
        print(f"{ext} {n:>5} frames: gdviz {r['self_mb']:.1f} MB, ffmpeg {r['ffmpeg_mb']:.1f} MB, {r['seconds']:.1f} s")
    return out


@pytest.mark.parametrize("ext", ["gif", "mp4"])
def test_peak_memory_does_not_grow_with_the_number_of_frames(tmp_path, ext):
    measured = peaks(tmp_path, ext)
    few, many = measured[(100, ext)], measured[(1000, ext)]
    assert (few["frames"], many["frames"]) == (100, 1000)
    # 1000 frames of 320x180 RGBA are 230 MB: holding them (or even a tenth) would show.
    grew = many["self_mb"] - few["self_mb"]
    assert grew < min(30.0, 0.15 * few["self_mb"]), (few, many)
    if ext == "mp4":
        assert many["ffmpeg_mb"] > 0
        assert many["ffmpeg_mb"] - few["ffmpeg_mb"] < min(30.0, 0.15 * few["ffmpeg_mb"]), (few, many)


MILLION_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    import numpy as np
    import gdviz
    from gdviz.data.moments import Moments

    # The exact gradient-descent path on the tutorial's data, w_k = w* + (I - eta H)^k (w_0 - w*),
    # computed in closed form (fast), then fed through a Recorder row by row, as a user's loop would.
    epochs, eta, out = 10**6, 0.001, sys.argv[1]
    data = gdviz.make_data(seed=0)
    m = Moments.of(data)
    H = m.hessian()
    best = np.array(m.optimum()[:2])
    lam, Q = np.linalg.eigh(H)
    c = Q.T @ (np.array([1.5, -2.5]) - best)
    k = np.arange(epochs, dtype=float)[:, None]
    W = best + (np.power(1.0 - eta * lam, k) * c) @ Q.T
    w0, w1 = W[:, 0], W[:, 1]
    loss = m.sse(w0, w1)
    g0 = m.n * w0 + m.sx * w1 - m.n * m.mean_y
    g1 = m.sx * w0 + m.sxx * w1 - (m.cxy + m.n * m.mean_x * m.mean_y)
    start = time.perf_counter()
    rec = gdviz.Recorder(data)
    rows = zip(w0, w1, loss, g0, g1)  # numpy float64 scalars, made one at a time
    for a, b, e, ga, gb in rows:
        rec.record(w0=a, w1=b, loss=e, grad_w0=ga, grad_w1=gb)
    history = rec.history(eta=eta, optimizer="gd")
    recorded = time.perf_counter() - start
    del W, w0, w1, loss, g0, g1, rows, rec
    start = time.perf_counter()
    anim = gdviz.Animation(history, size=(320, 180))  # default max_frames
    anim.save(out, progress=False)
    print(json.dumps({
        "rows": len(history), "frames": len(anim), "first": int(anim.epochs[0]), "last": int(anim.epochs[-1]),
        "record_s": recorded, "render_s": time.perf_counter() - start,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
""")


def test_a_million_epochs_record_and_render_with_default_max_frames(tmp_path):
    from PIL import Image

    out = tmp_path / "million.gif"
    r = run_child(MILLION_CHILD, out)
    print(r)
    assert r["rows"] == 10**6 and r["frames"] == 200 and (r["first"], r["last"]) == (0, 10**6 - 1)
    assert r["peak_mb"] < 500, r  # the history is 48 MB; nothing scales with rows beyond a few copies
    with Image.open(out) as im:
        assert im.size == (320, 180) and 2 <= im.n_frames <= 200
        im.seek(im.n_frames - 1)
        last = im.convert("RGB")
    colours = np.unique(np.asarray(last).reshape(-1, 3), axis=0)
    assert len(colours) > 20  # a drawn frame, not an empty plot
