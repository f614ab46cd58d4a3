"""gdviz's render benchmark: one picture, three ways, in one run.

The picture (issue 3): the tutorial's run, 300 frames at 1280x720, two panels (data +
fitted line, SSE contour + path); GIF at 20 fps, MP4 (H.264, yuv420p) at 30 fps.

  1. gdviz:        `gdviz render` as a new process (start-up and training included)
  2. plain:        FuncAnimation that clears and redraws every frame, matplotlib's writers
  3. encoder only: the same frames already in memory, encoded with x264 preset medium
                   CRF 23 (MP4) and with one global palette through Pillow (GIF)

plus: peak memory for 100 vs 1000 frames, loss_surface and Dataset(x, y) on 10^7 points
against one pass over the data, where gdviz's time goes per frame (draw, copy, encode),
reading a CSV file of 10^6 rows and 2 columns (20 MB, generated once into --out):
gdviz.load_csv against numpy.loadtxt (and pandas.read_csv when installed), same run, and
`gdviz compare` racing seven optimizers against `gdviz render` of one run (MP4, all
three panels, overlays at their defaults, whole processes; issue 8).

and the 3D view's draw time per frame, fixed and rotating (issue 9), the training
core's moments path: 10^6 epochs of gd, momentum and adam (issue 15), and the lesson
panels: `gdviz render` with fit,maths and fit,network against the default three panels (issue 16:
within 1.3x).

usage: python bench/run.py [--quick] [--skip-plain] [--only csv|compare|3d|training|panels] [--out bench/out]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SIZE = (1280, 720)


def run_process(cmd: list) -> dict:
    """Wall time and peak RSS of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return {"seconds": wall, "peak_mb": usage.ru_maxrss / 1024}


def gdviz_cmd(out: Path, frames: int, panels: str = "fit,surface") -> list:
    return [sys.executable, "-m", "gdviz", "render", "-o", str(out), "--panels", panels, "--epochs", str(frames),
            "--max-frames", str(frames), "--size", f"{SIZE[0]}x{SIZE[1]}", "--no-progress"]


def frames_in_memory(frames: int):
    import gdviz

    history = gdviz.train(gdviz.make_data(seed=0), epochs=frames, seed=0)
    anim = gdviz.Animation(history, panels=("fit", "surface"), size=SIZE, max_frames=frames)
    return anim, [anim.frame(i) for i in range(len(anim))]


def encode_mp4_reference(anim, rgb: list, out: Path) -> dict:
    """x264 preset medium, CRF 23, yuv420p: the frames (with gdviz's holds) piped as rgb24."""
    from gdviz.drawing.schedule import ticks
    from gdviz.formats import ffmpeg_exe

    counts = ticks(anim.seconds(30.0), 1 / 30)
    w, h = SIZE
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
           "-s", f"{w}x{h}", "-framerate", "30", "-i", "pipe:0", "-c:v", "libx264", "-preset", "medium",
           "-crf", "23", "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    for frame, n in zip(rgb, counts):
        for _ in range(n):
            proc.stdin.write(frame.tobytes())
    proc.stdin.close()
    proc.wait()
    return {"seconds": time.perf_counter() - start}


def encode_gif_reference(anim, rgb: list, out: Path) -> dict:
    """One global palette (from the first frame), every frame mapped to it, Pillow's save_all."""
    from PIL import Image

    from gdviz.drawing.schedule import ticks

    cs = ticks(anim.seconds(20.0), 0.01)
    start = time.perf_counter()
    palette = Image.fromarray(rgb[0]).quantize(255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    images = [Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE) for f in rgb]
    images[0].save(out, save_all=True, append_images=images[1:], duration=[int(c) * 10 for c in cs], loop=0)
    return {"seconds": time.perf_counter() - start}


def per_frame_profile(anim) -> dict:
    """Milliseconds per frame for gdviz's stages, measured one at a time."""
    from gdviz.formats.gif import GifWriter
    from gdviz.formats.video import Mp4Writer

    n = len(anim)
    anim.draw(0)
    t = time.perf_counter()
    for i in range(n):
        buf = anim.draw(i)
    draw = (time.perf_counter() - t) / n * 1000
    t = time.perf_counter()
    for i in range(n):
        np.asarray(buf)[..., :3].copy()
    rgb_copy = (time.perf_counter() - t) / n * 1000
    frames = [np.asarray(anim.draw(i)).copy() for i in range(n)]
    out = {}
    for name, cls, fps in (("mp4", Mp4Writer, 30.0), ("gif", GifWriter, 20.0)):
        path = HERE / "out" / f"encode-only.{name}"
        sample = [frames[0], frames[n // 2], frames[-1]] if cls.wants_sample else None
        t = time.perf_counter()
        with cls(path, SIZE, fps, sample=sample) as w:
            for f in frames:
                w.write(f, 2 if name == "gif" else 1)
        out[f"encode_{name}"] = (time.perf_counter() - t) / n * 1000
    return {"draw_ms": draw, "rgba_to_rgb_copy_ms": rgb_copy, **{k + "_ms": v for k, v in out.items()}}


RACE = "gd,sgd,momentum,nesterov,adagrad,rmsprop,adam"


def compare_bench(out: Path, frames: int, repeats: int = 3) -> dict:
    """Whole processes, MP4, 1280x720, all three panels, overlays at their defaults:
    `gdviz compare` racing the seven optimizers against `gdviz render` of one run.

    The two alternate and each keeps its best of `repeats` (the machine is shared);
    then the race's peak memory at a tenth of the frames and at all of them.
    """
    common = ["--size", f"{SIZE[0]}x{SIZE[1]}", "--no-progress"]

    def single(n, path):
        return [sys.executable, "-m", "gdviz", "render", "-o", str(path), "--epochs", str(n), "--max-frames", str(n),
                *common]

    def race(n, path):
        return [sys.executable, "-m", "gdviz", "compare", "--optimizers", RACE, "-o", str(path), "--epochs", str(n),
                "--max-frames", str(n), *common]

    best: dict = {}
    for _ in range(repeats):
        for name, cmd in (("render", single(frames, out / "single.mp4")), ("compare", race(frames, out / "race.mp4"))):
            got = run_process(cmd)
            if name not in best or got["seconds"] < best[name]["seconds"]:
                best[name] = got
    small, large = 100, 1000
    best["memory_small"] = run_process(race(small, out / "race-small.mp4"))
    best["memory_large"] = run_process(race(large, out / "race-large.mp4"))
    best["frames"], best["small"], best["large"] = frames, small, large
    return best


#: Panel sets timed against the default three panels (issue 16: each within 1.3x).
LESSON_PANELS = ("fit,maths", "fit,network", "fit,network,maths")
LESSON_LIMIT = 1.3


def panels_bench(out: Path, frames: int, repeats: int = 3) -> dict:
    """Whole processes, MP4 at 1280x720, the tutorial's run: `gdviz render` with each of
    LESSON_PANELS against the default fit,surface,loss. They take turns and each keeps its
    best of `repeats` (the machine is shared)."""
    def cmd(panels, path):
        return [sys.executable, "-m", "gdviz", "render", "-o", str(path), "--panels", panels, "--epochs", str(frames),
                "--max-frames", str(frames), "--size", f"{SIZE[0]}x{SIZE[1]}", "--no-progress"]

    best: dict = {}
    for _ in range(repeats):
        for panels in ("fit,surface,loss", *LESSON_PANELS):
            got = run_process(cmd(panels, out / f"panels-{panels.replace(',', '-')}.mp4"))
            if panels not in best or got["seconds"] < best[panels]["seconds"]:
                best[panels] = got
    return best


def panels_lines(p: dict) -> list:
    base = p["fit,surface,loss"]["seconds"]
    lines = [f"{'fit,surface,loss (default)':24s}{base:8.2f} s"]
    for panels in LESSON_PANELS:
        ratio = p[panels]["seconds"] / base
        verdict = "ok" if ratio <= LESSON_LIMIT else f"over {LESSON_LIMIT}x"
        lines.append(f"{panels:24s}{p[panels]['seconds']:8.2f} s = {ratio:.2f}x the default ({verdict})")
    return lines


def surface3d_bench(repeats: int = 3) -> dict:
    """Milliseconds per frame to draw the 3D view: `gdviz compare`'s default race (gd, momentum,
    adam) on the tutorial's data, panels fit,surface3d at 1280x720, with a fixed camera and
    rotating, and the 2D surface's fit,surface for reference. Drawing only (Animation.draw:
    background, panels, legend, header), no encoding. The animations take turns and each
    keeps its best of `repeats` passes over all its frames (the machine is shared); the
    worst frame of that pass is printed too.
    """
    import gdviz

    data = gdviz.make_data(seed=0)
    runs = [gdviz.train(data, optimizer=name, seed=0) for name in ("gd", "momentum", "adam")]
    anims = {
        "fit,surface (2D, reference)": gdviz.Animation(runs, panels="fit,surface", size=SIZE),
        "fit,surface3d fixed": gdviz.Animation(runs, panels="fit,surface3d", size=SIZE),
        "fit,surface3d --rotate": gdviz.Animation(runs, panels="fit,surface3d", size=SIZE, rotate=True),
    }
    build = {}
    for name, anim in anims.items():
        t = time.perf_counter()
        anim.draw(0)
        build[name] = time.perf_counter() - t
    best: dict = {}
    for _ in range(repeats):
        for name, anim in anims.items():
            times = []
            for i in range(len(anim)):
                t = time.perf_counter()
                anim.draw(i)
                times.append(time.perf_counter() - t)
            mean = sum(times) / len(times)
            if name not in best or mean < best[name]["mean_ms"] / 1000:
                best[name] = {"mean_ms": mean * 1000, "p95_ms": float(np.percentile(times, 95)) * 1000,
                              "max_ms": max(times) * 1000, "frames": len(anim), "build_s": build[name]}
    return best


def surface3d_lines(s: dict) -> list:
    return [f"{name:30s} draw {d['mean_ms']:5.1f} ms/frame (95th percentile {d['p95_ms']:5.1f}, worst "
            f"{d['max_ms']:5.1f}; {d['frames']} frames; first frame with the build {d['build_s']:.2f} s)"
            for name, d in s.items()]


def loss_surface_bench() -> dict:
    import gdviz

    rng = np.random.default_rng(0)
    x = rng.random(10_000_000)
    y = 3 * x + rng.normal(0, 0.1, x.size)
    data = gdviz.Dataset(x, y)
    g = np.linspace(-5, 5, 400)
    one_pass = min(_timed(lambda: x @ y) for _ in range(5))
    surface = min(_timed(lambda: gdviz.loss_surface(data, g, g)) for _ in range(3))
    dataset = min(_timed(lambda: gdviz.Dataset(x, y)) for _ in range(3))
    return {"one_pass_s": one_pass, "loss_surface_s": surface, "ratio": surface / one_pass,
            "dataset_s": dataset, "dataset_ratio": dataset / one_pass}


TRAINING_EPOCHS = 1_000_000
TRAINING_OPTIMIZERS = ("gd", "momentum", "adam")


def training_bench(repeats: int = 3) -> dict:
    """Seconds for gdviz.train to run 10^6 epochs on the tutorial's 200 points, which takes the
    moments path (O(1) per epoch), for gd, momentum and adam: the whole call, history included.

    The optimizers take turns and each keeps its best of `repeats`, in wall time and in
    this process's CPU time (the machine is shared: CPU time is what other processes
    disturb least). Only the public API is used, so the same row times any commit
    (PYTHONPATH=that/src).
    """
    import warnings

    import gdviz

    data = gdviz.make_data(seed=0)
    wall = {name: float("inf") for name in TRAINING_OPTIMIZERS}
    cpu = dict(wall)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(repeats):
            for name in TRAINING_OPTIMIZERS:
                start, start_cpu = time.perf_counter(), time.process_time()
                history = gdviz.train(data, epochs=TRAINING_EPOCHS, optimizer=name, seed=0)
                wall[name] = min(wall[name], time.perf_counter() - start)
                cpu[name] = min(cpu[name], time.process_time() - start_cpu)
                if len(history) != TRAINING_EPOCHS:
                    raise SystemExit(f"{name} stopped at {len(history)} epochs")
    return {"epochs": TRAINING_EPOCHS, "seconds": wall, "cpu_seconds": cpu, "gdviz": str(Path(gdviz.__file__).parent)}


def training_lines(t: dict) -> list:
    return [f"train 10^6 epochs on the moments, {name:9s} {s:6.2f} s wall, {t['cpu_seconds'][name]:6.2f} s CPU "
            f"({s / t['epochs'] * 1e6:.2f} us/epoch)" for name, s in t["seconds"].items()]


CSV_ROWS = 1_000_000


def million_row_csv(out: Path) -> Path:
    """x in [0, 1000) with 5 decimals, y = 3x + N(0, 50) with 4: 20 bytes a row, 20 MB (seeded, written once)."""
    path = out / "million.csv"
    if path.exists() and path.stat().st_size > 19_000_000:
        return path
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1000, CSV_ROWS)
    y = 3 * x + rng.normal(0, 50, CSV_ROWS)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w") as fh:
        fh.write("x,y\n")
        np.savetxt(fh, np.column_stack([x, y]), fmt=("%.5f", "%.4f"), delimiter=",")
    tmp.replace(path)
    return path


def csv_bench(out: Path, repeat: int = 5) -> dict:
    """Best of `repeat` runs each, taken in turns so a busy moment of the machine hits all of them alike."""
    import warnings

    import gdviz

    path = million_row_csv(out)
    readers = {
        "load_csv": lambda: gdviz.load_csv(path),
        "loadtxt": lambda: np.loadtxt(path, delimiter=",", skiprows=1),
    }
    try:
        import pandas
    except ImportError:
        pandas = None
    if pandas is not None:
        readers["pandas"] = lambda: pandas.read_csv(path)
    best = {name: float("inf") for name in readers}
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", gdviz.GdvizWarning)
        for _ in range(repeat):
            for name, read in readers.items():
                start = time.perf_counter()
                results[name] = read()
                best[name] = min(best[name], time.perf_counter() - start)
    data, table = results["load_csv"], results["loadtxt"]
    if not (np.array_equal(data.x, table[:, 0]) and np.array_equal(data.y, table[:, 1])):
        raise SystemExit("load_csv and numpy.loadtxt read different numbers")
    return {"rows": CSV_ROWS, "mb": path.stat().st_size / 1e6, **{f"{k}_s": v for k, v in best.items()},
            "ratio": best["load_csv"] / best["loadtxt"]}


def csv_line(c: dict) -> str:
    pandas = f"; pandas.read_csv {c['pandas_s']:.2f} s" if "pandas_s" in c else "; pandas not installed"
    return (f"load_csv 10^6 rows x 2 columns ({c['mb']:.0f} MB): {c['load_csv_s']:.2f} s = {c['ratio']:.2f}x "
            f"numpy.loadtxt ({c['loadtxt_s']:.2f} s){pandas}")


def surface_lines(ls: dict) -> list:
    return [f"loss_surface 10^7 points, 400x400 grid: {ls['loss_surface_s'] * 1000:.1f} ms = {ls['ratio']:.1f}x one pass "
            f"(x @ y, {ls['one_pass_s'] * 1000:.1f} ms)",
            f"Dataset(x, y) 10^7 points: {ls['dataset_s'] * 1000:.1f} ms = {ls['dataset_ratio']:.1f}x one pass"]


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="60 frames instead of 300 (a smoke test)")
    ap.add_argument("--skip-plain", action="store_true", help="skip the slow plain-matplotlib runs")
    ap.add_argument("--only", choices=("csv", "compare", "3d", "training", "panels"),
                    help="csv: only the data rows (the CSV file, loss_surface, Dataset); "
                         "compare: only the race of 7 optimizers against one run; "
                         "3d: only the per-frame draw time of the 3D view, fixed and rotating; "
                         "training: only 10^6 epochs of gd, momentum and adam on the moments; "
                         "panels: only the lesson panels (fit,maths and fit,network) against the default three")
    ap.add_argument("--out", default=str(HERE / "out"))
    args = ap.parse_args()
    frames = 60 if args.quick else 300
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.only == "csv":
        r = {"csv": csv_bench(out), "loss_surface": loss_surface_bench(), "cpus": os.cpu_count()}
        (out / "results-csv.json").write_text(json.dumps(r, indent=2))
        print(csv_line(r["csv"]))
        for line in surface_lines(r["loss_surface"]):
            print(line)
        return
    if args.only == "training":
        r = {"training": training_bench(), "cpus": os.cpu_count(), "load": os.getloadavg()}
        (out / "results-training.json").write_text(json.dumps(r, indent=2))
        print(f"training core, {r['training']['gdviz']} (load average {r['load'][0]:.1f} on {r['cpus']} cores):")
        for line in training_lines(r["training"]):
            print("  " + line)
        return
    if args.only == "panels":
        r = {"panels": panels_bench(out, frames), "size": SIZE, "cpus": os.cpu_count(), "load": os.getloadavg()}
        (out / "results-panels.json").write_text(json.dumps(r, indent=2))
        print(f"panels, default render (load average {r['load'][0]:.1f} on {r['cpus']} cores):")
        for line in panels_lines(r["panels"]):
            print("  " + line)
        return
    if args.only == "3d":
        r = {"surface3d": surface3d_bench(), "size": SIZE, "cpus": os.cpu_count(), "load": os.getloadavg()}
        (out / "results-3d.json").write_text(json.dumps(r, indent=2))
        print(f"3D view, {SIZE[0]}x{SIZE[1]}, gd/momentum/adam race (load average {r['load'][0]:.1f} on "
              f"{r['cpus']} cores):")
        for line in surface3d_lines(r["surface3d"]):
            print("  " + line)
        return
    r: dict = {"frames": frames, "size": SIZE, "cpus": os.cpu_count()}
    if args.only == "panels":
        r["panels"] = panels_bench(out, frames)
        r["load"] = os.getloadavg()
        (out / "results-panels.json").write_text(json.dumps(r, indent=2))
        print(f"lesson panels, MP4 {SIZE[0]}x{SIZE[1]}, {frames} frames, whole processes (load average "
              f"{r['load'][0]:.1f} on {r['cpus']} cores):")
        for line in panels_lines(r["panels"]):
            print("  " + line)
        return
    if args.only == "compare":
        r["compare"] = compare_bench(out, frames)
        report_compare(r["compare"])
        return

    print(f"gdviz render benchmark: {frames} frames, {SIZE[0]}x{SIZE[1]}, fit + surface panels", flush=True)
    # Child processes first, while this one is small: a child's peak RSS counts the
    # memory of the process that started it.
    for ext in ("mp4", "gif"):
        r[f"gdviz_{ext}"] = run_process(gdviz_cmd(out / f"gdviz.{ext}", frames))
        r[f"gdviz_{ext}"]["bytes"] = (out / f"gdviz.{ext}").stat().st_size
        print(f"  gdviz {ext}: {r[f'gdviz_{ext}']['seconds']:.2f} s", flush=True)
    if not args.skip_plain:
        plain = str(HERE / "plain_matplotlib.py")
        r["plain_clear_mp4"] = run_process([sys.executable, plain, str(out / "plain-clear.mp4"), str(frames)])
        print(f"  plain clear+redraw mp4: {r['plain_clear_mp4']['seconds']:.2f} s", flush=True)
        r["plain_setdata_gif"] = run_process([sys.executable, plain, str(out / "plain-setdata.gif"), str(frames), "--set-data"])
        print(f"  plain set_data gif: {r['plain_setdata_gif']['seconds']:.2f} s", flush=True)
    small, large = (30, 300) if args.quick else (100, 1000)
    for ext in ("gif", "mp4"):
        for n in (small, large):
            r[f"memory_{ext}_{n}"] = run_process(gdviz_cmd(out / f"mem-{n}.{ext}", n))

    # Whole processes (their peak memory counts their parent's at the fork), before the
    # frames below fill this one.
    r["compare"] = compare_bench(out, frames)
    r["panels"] = panels_bench(out, frames)

    anim, rgb = frames_in_memory(frames)
    r["encoder_mp4"] = encode_mp4_reference(anim, rgb, out / "reference.mp4")
    r["encoder_mp4"]["bytes"] = (out / "reference.mp4").stat().st_size
    r["encoder_gif"] = encode_gif_reference(anim, rgb, out / "reference.gif")
    r["encoder_gif"]["bytes"] = (out / "reference.gif").stat().st_size
    del rgb
    print(f"  encoder only: mp4 {r['encoder_mp4']['seconds']:.2f} s, gif {r['encoder_gif']['seconds']:.2f} s", flush=True)
    r["per_frame"] = per_frame_profile(anim)
    r["loss_surface"] = loss_surface_bench()
    r["csv"] = csv_bench(out)

    (out / "results.json").write_text(json.dumps(r, indent=2))
    report(r, small, large)
    report_compare(r["compare"])
    for line in panels_lines(r["panels"]):
        print(line)


def report_compare(c: dict) -> None:
    ratio = c["compare"]["seconds"] / c["render"]["seconds"]
    print(f"{'gdviz render mp4, all panels':34s}{c['render']['seconds']:10.2f}{c['render']['peak_mb']:10.0f}")
    print(f"{'gdviz compare mp4, 7 optimizers':34s}{c['compare']['seconds']:10.2f}{c['compare']['peak_mb']:10.0f}"
          f"{'':10s}  {ratio:6.2f} x render")
    a, b = c["memory_small"]["peak_mb"], c["memory_large"]["peak_mb"]
    print(f"peak memory compare: {c['small']} frames {a:.0f} MB, {c['large']} frames {b:.0f} MB ({100 * (b / a - 1):+.1f}%)")


def report(r: dict, small: int, large: int) -> None:
    line = "-" * 78
    print(line)
    print(f"{'':34s}{'seconds':>10s}{'peak MB':>10s}{'size KB':>10s}{'ratio':>12s}")
    rows = [
        ("gdviz render mp4", r["gdviz_mp4"], r["gdviz_mp4"]["seconds"] / r["encoder_mp4"]["seconds"], "x encoder"),
        ("encoder only mp4 (x264 medium)", r["encoder_mp4"], None, ""),
        ("gdviz render gif", r["gdviz_gif"], r["gdviz_gif"]["seconds"] / r["encoder_gif"]["seconds"], "x encoder"),
        ("encoder only gif (global pal.)", r["encoder_gif"], None, ""),
    ]
    if "plain_clear_mp4" in r:
        rows += [
            ("plain clear+redraw mp4", r["plain_clear_mp4"], r["plain_clear_mp4"]["seconds"] / r["gdviz_mp4"]["seconds"], "x gdviz"),
            ("plain set_data gif (PillowWriter)", r["plain_setdata_gif"], r["plain_setdata_gif"]["seconds"] / r["gdviz_gif"]["seconds"], "x gdviz"),
        ]
    for name, d, ratio, unit in rows:
        mb = f"{d['peak_mb']:10.0f}" if "peak_mb" in d else f"{'':10s}"
        kb = f"{d['bytes'] / 1024:10.0f}" if "bytes" in d else f"{'':10s}"
        rt = f"{ratio:6.2f} {unit}" if ratio is not None else ""
        print(f"{name:34s}{d['seconds']:10.2f}{mb}{kb}  {rt}")
    print(line)
    print(f"MP4 size vs x264 medium CRF 23: {r['gdviz_mp4']['bytes'] / r['encoder_mp4']['bytes']:.2f}x   "
          f"GIF size vs global-palette reference: {r['gdviz_gif']['bytes'] / r['encoder_gif']['bytes']:.2f}x")
    for ext in ("gif", "mp4"):
        a, b = r[f"memory_{ext}_{small}"]["peak_mb"], r[f"memory_{ext}_{large}"]["peak_mb"]
        print(f"peak memory {ext}: {small} frames {a:.0f} MB, {large} frames {b:.0f} MB ({100 * (b / a - 1):+.1f}%)")
    for text in surface_lines(r["loss_surface"]):
        print(text)
    print(csv_line(r["csv"]))
    pf = r["per_frame"]
    print("per frame (ms): " + ", ".join(f"{k[:-3]} {v:.1f}" for k, v in pf.items()))


if __name__ == "__main__":
    main()
