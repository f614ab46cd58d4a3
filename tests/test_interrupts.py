"""Ctrl-C, SIGTERM and failures halfway through: nothing half-written, no encoder left.

The renders run as real processes (`python -m gdviz ...`), are interrupted once they
are really writing (the temporary ``.NAME.*.part`` file has data), and then the folder
must hold exactly what it held before, byte for byte, with no ffmpeg still running.

The moments are chosen from the process's own progress, never from the clock: the bytes
it has sent to its encoder (frames) and the CPU it has used (imports, training), read
from ``/proc``; so they hold on a machine twice as fast or twice as slow, or loaded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

import gdviz

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

OLD = b"an earlier render, which must survive\n"
# Long enough that no render here can finish before it is interrupted (2000 frames).
LONG = ["--epochs", "2000", "--max-frames", "2000", "--size", "320x180", "--no-progress"]


@pytest.fixture(autouse=True)
def hearing_signals():
    """Each test runs as in a terminal's Python: SIGINT raises KeyboardInterrupt and SIGTERM
    kills. A runner started in the background (``pytest &`` from a script) inherits SIGINT
    ignored, which gdviz rightly keeps ignoring; these tests are about a gdviz that hears."""
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])


def _default_signals():
    # A runner started in the background ignores SIGINT, and its children inherit that;
    # these tests are about a gdviz that hears Ctrl-C, as one in a terminal does.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def start(argv, cwd, ignore_sigint=False) -> subprocess.Popen:
    # A session of its own: the group can be signalled like a terminal's Ctrl-C does.
    def prepare():
        _default_signals()
        if ignore_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    return subprocess.Popen([sys.executable, "-m", "gdviz", *argv], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=prepare)


def wait_for(predicate, proc, timeout=90.0, what="the render to start writing"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if proc.poll() is not None:
            raise AssertionError(f"gdviz exited ({proc.returncode}) before {what}: {proc.stderr.read()}")
        time.sleep(0.02)
    proc.kill()
    raise AssertionError(f"timed out waiting for {what}")


def writing(folder: Path, name: str):
    def started():
        return any(p.stat().st_size > 0 for p in folder.glob(f".{name}.*.part"))

    return started


def survivors(folder: Path) -> list:
    """Processes (ffmpeg, or gdviz itself) whose command line mentions `folder`."""
    found = []
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (proc_dir / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (proc_dir / "stat").read_text().split(") ", 1)[1][0]
        except OSError:
            continue
        if str(folder) in cmd and state != "Z":
            found.append(cmd)
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a running process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


#: One 320x180 frame as gdviz sends it to its encoder (RGBA; a GIF adds a 4-byte delay).
FRAME_BYTES = 320 * 180 * 4


def bytes_written(pid: int) -> int:
    """Bytes a running process has written so far, to files and pipes (Linux /proc): for a
    render, the frames it has sent to its encoder (ffmpeg or the GIF encoder process)."""
    io = Path(f"/proc/{pid}/io").read_text()
    return int(next(line.split()[1] for line in io.splitlines() if line.startswith("wchar:")))


def cpu_of(argv, cwd) -> float:
    """Run gdviz to the end; the CPU seconds it used."""
    proc = start(argv, cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, proc.stderr.read()
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def held(proc):
    """The process stopped (SIGSTOP) for the block and resumed after it: what the block reads of
    it is exactly where a signal sent in the block finds it (delivered when it resumes)."""
    try:
        os.kill(proc.pid, signal.SIGSTOP)
    except ProcessLookupError:
        yield False
        return
    try:
        with contextlib.suppress(OSError):  # (gone: nothing to wait for)
            while Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "TtZX":
                time.sleep(0.001)
        yield proc.poll() is None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGCONT)


def finish(proc, timeout=30.0):
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("gdviz did not stop within 30 s of the signal")
    return proc.returncode, err


def tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("ext, how", [
    ("gif", "SIGINT"), ("gif", "SIGTERM"), ("mp4", "SIGINT"), ("mp4", "SIGTERM"),
    ("mp4", "Ctrl-C to the group"), ("mp4", "two quick Ctrl-C"), ("webm", "Ctrl-C to the group"),
    ("apng", "SIGTERM"),
])
def test_interrupted_render_leaves_nothing_and_keeps_the_old_file(tmp_path, ext, how):
    out_dir = tmp_path / "renders"
    out_dir.mkdir()
    target = out_dir / f"keep.{ext}"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    before = tree(tmp_path)
    proc = start(["render", "-o", str(target), *LONG], tmp_path)
    wait_for(writing(out_dir, target.name), proc)
    # Well into the frames: forty of the 2000 sent to the encoder.
    wait_for(lambda: bytes_written(proc.pid) >= 40 * FRAME_BYTES, proc, what="40 frames to reach the encoder")
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    elif how == "SIGINT":
        proc.send_signal(signal.SIGINT)
    elif how == "Ctrl-C to the group":  # what a terminal does: gdviz and ffmpeg both get it
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
        time.sleep(0.005)
        proc.send_signal(signal.SIGINT)
    code, err = finish(proc)
    assert code == (143 if how == "SIGTERM" else 130), err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] in ("gdviz: interrupted; nothing was written.",
                                            "gdviz: terminated; nothing was written.")
    assert tree(tmp_path) == before  # no .part, the old file byte for byte
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert survivors(tmp_path) == []  # ffmpeg is gone too: gdviz waited for it


def handlers_installed(pid: int) -> bool:
    """True once gdviz catches SIGTERM (its handlers are in place; Python alone never catches it)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


SMALL_RENDER = ["--epochs", "60", "--max-frames", "40", "--size", "320x180", "--no-progress"]
#: The most one encoder write sends: the three sample frames a GIF starts with; the last frame,
#: held 1 s, is 30 frames to ffmpeg at 30 fps. With what may follow the frames (the pipe's
#: buffer, the last line on stdout), a render that has sent less than its total by more than
#: this has another write to come, and every write first checks for a signal.
LAST_WRITES = {"gif": 3 * FRAME_BYTES + 16384, "mp4": 30 * FRAME_BYTES + 16384}


def follow(proc) -> dict:
    """Watch a render to its end: its CPU when its signal handlers were in place and when the
    first frame reached the encoder, and the bytes it wrote in all."""
    seen = {"handlers_cpu": None, "frames_cpu": None, "written": 0}
    while proc.poll() is None:
        with contextlib.suppress(OSError, StopIteration):
            cpu, written = cpu_seconds(proc.pid), bytes_written(proc.pid)
            if seen["handlers_cpu"] is None and handlers_installed(proc.pid):
                seen["handlers_cpu"] = cpu
            if seen["frames_cpu"] is None and written >= FRAME_BYTES:
                seen["frames_cpu"] = cpu
            seen["written"] = max(seen["written"], written)
        time.sleep(0.005)
    return seen


def _signal_at(folder: Path, ext: str, moment: float, signum, reference: dict):
    """Start a small render and signal it at `moment` of its progress, from 0 (its handlers just
    in place) through 1 (its first frame at the encoder: imports, training and layout between,
    measured in its own CPU) to 2 (every frame sent: between, measured in bytes sent).
    Returns (bytes it had written when the signal reached it, or None if it finished first,
    exit code, stderr)."""
    proc = start(["render", "-o", str(folder / f"keep.{ext}"), *SMALL_RENDER], folder)
    wait_for(lambda: handlers_installed(proc.pid), proc, what="the signal handlers to be installed")
    if moment < 1:
        cpu = cpu_seconds(proc.pid) + moment * (reference["frames_cpu"] - reference["handlers_cpu"])

        def reached():
            return cpu_seconds(proc.pid) >= cpu or bytes_written(proc.pid) >= FRAME_BYTES
    else:
        sent = FRAME_BYTES + (moment - 1) * (reference["written"] - 4096 - FRAME_BYTES)  # (not the last line)

        def reached():
            return bytes_written(proc.pid) >= sent
    at = None
    while proc.poll() is None:
        with contextlib.suppress(OSError, StopIteration):
            if reached():
                with held(proc) as alive:
                    if alive:
                        at = bytes_written(proc.pid)
                        proc.send_signal(signum)
                break
        time.sleep(0.005)
    code, err = finish(proc)
    return at, code, err


@pytest.mark.parametrize("ext", ["gif", "mp4"])
def test_a_signal_at_any_moment_exits_130_or_143_and_leaves_nothing(tmp_path, ext):
    """Moments spread over a render by its progress: whatever code runs when the signal
    lands (matplotlib's import, training, the layout, a frame, the encoder, the rename), the exit is 130
    (SIGINT) or 143 (SIGTERM) with the usual line and nothing written, or, when the signal
    came after the render was complete, 0 with the whole new file. A signal that finds
    frames still to send always stops the render. The two formats share the sixteen
    sixteenths of the render's progress (0 to 2), a random moment in each: GIF the even
    ones, MP4 the odd ones (eight renders each, which the suite's time can afford)."""
    import imageio.v3 as iio

    reference = tmp_path / "reference"
    reference.mkdir()
    proc = start(["render", "-o", str(reference / f"keep.{ext}"), *SMALL_RENDER], reference)
    progress = follow(proc)
    code, err = finish(proc)
    assert code == 0, err
    assert progress["handlers_cpu"] is not None and progress["frames_cpu"] is not None, progress
    frames = iio.imread(reference / f"keep.{ext}", index=None)
    rng = np.random.default_rng(2026)
    sixteenths = np.arange(8) * 2 + (0 if ext == "gif" else 1)  # this format's half of the sixteenths of 0..2
    moments = (sixteenths + rng.uniform(0, 1, 8)) / 8
    signums = [signal.SIGINT, signal.SIGTERM] * 4

    def trial(k):
        folder = tmp_path / f"try{k}"
        folder.mkdir()
        (folder / f"keep.{ext}").write_bytes(OLD)
        before = tree(folder)
        at, code, err = _signal_at(folder, ext, float(moments[k]), signums[k], progress)
        return k, folder, before, at, code, err

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(trial, range(len(moments))))
    mid_render = 0
    for k, folder, before, at, code, err in results:
        where = f"try {k}: {signums[k].name} at {moments[k]:.3f}, {at} of {progress['written']} bytes sent"
        assert "Traceback" not in err and "Exception ignored" not in err, (where, err)
        # Frames still to send: at least one more encoder write, which checks for the signal.
        frames_to_come = at is not None and at < progress["written"] - LAST_WRITES[ext]
        mid_render += frames_to_come
        if code == 0:  # the signal came after the render was in place
            assert not frames_to_come, where
            assert sorted(tree(folder)) == [f"keep.{ext}"], where
            assert iio.imread(folder / f"keep.{ext}", index=None).shape == frames.shape, where
            continue
        assert code == interrupts_exit(signums[k]), (where, code, err)
        assert err.strip().splitlines()[-1] in ("gdviz: interrupted; nothing was written.",
                                                "gdviz: terminated; nothing was written."), (where, err)
        assert tree(folder) == before, where  # no .part, the old file byte for byte
    assert mid_render >= 4, f"only {mid_render} of {len(moments)} signals found frames still to send"
    assert survivors(tmp_path) == []


def interrupts_exit(signum) -> int:
    return {signal.SIGINT: 130, signal.SIGTERM: 143}[signum]


@pytest.mark.parametrize("folder", ["new", "existing and empty"])
def test_an_interrupted_frame_folder_leaves_nothing(tmp_path, folder):
    """--frames png: the frames go into a temporary folder beside DIR, removed with everything in it."""
    out_dir = tmp_path / "renders"
    target = out_dir / "frames"
    if folder != "new":
        target.mkdir(parents=True)
    (tmp_path / "other.txt").write_bytes(OLD)
    before = tree(tmp_path)
    proc = start(["render", "--frames", "png", "-o", str(target), *LONG], tmp_path)

    def frames_written():  # well into the frames: ten PNGs of the 2000 in the temporary folder
        parts = list(out_dir.glob(".frames.*.part")) if out_dir.exists() else []
        return any(len(list(p.glob("frame-*.png"))) >= 10 for p in parts)

    wait_for(frames_written, proc)
    proc.send_signal(signal.SIGINT)
    code, err = finish(proc)
    assert code == 130, err
    assert err.strip().splitlines()[-1] == "gdviz: interrupted; nothing was written."
    assert tree(tmp_path) == before  # no frames, no .part folder; a new DIR and its parent are gone again
    assert survivors(tmp_path) == []


def test_interrupted_render_removes_the_folders_it_made(tmp_path):
    proc = start(["render", "-o", "new/deeper/x.gif", *LONG], tmp_path)
    wait_for(writing(tmp_path / "new" / "deeper", "x.gif"), proc)
    proc.send_signal(signal.SIGINT)
    code, err = finish(proc)
    assert code == 130, err
    assert list(tmp_path.iterdir()) == []


def test_a_gdviz_started_ignoring_sigint_keeps_ignoring_it(tmp_path):
    # `gdviz render &` from a script starts with SIGINT ignored: a Ctrl-C meant for the
    # shell must not stop it (POSIX practice); SIGTERM still does.
    proc = start(["render", "-o", "x.gif", "--epochs", "40", "--max-frames", "40", "--size", "320x180",
                  "--no-progress"], tmp_path, ignore_sigint=True)
    wait_for(writing(tmp_path, "x.gif"), proc)
    with held(proc):  # the Ctrl-C lands mid-render, with the temporary file still there
        assert list(tmp_path.glob(".x.gif.*.part")), "the render was over before the Ctrl-C"
        proc.send_signal(signal.SIGINT)
    code, err = finish(proc, timeout=120.0)
    assert code == 0, err
    import imageio.v3 as iio

    frames = iio.imread(tmp_path / "x.gif", index=None)
    assert frames.shape[0] >= 40 and frames.shape[1:3] == (180, 320)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.gif"]


def test_interrupted_training_writes_nothing(tmp_path):
    run = tmp_path / "run.npz"
    run.write_bytes(OLD)
    # The moment from the work done: once the 10^6-epoch run has used the CPU a whole run of
    # 300,000 epochs takes (imports, training, saving), it is about 30% into its epochs, with
    # 70% still to go, however fast the machine (1.5 s of CPU in all here).
    cpu_300k = cpu_of(["train", "-o", "300k.npz", "--epochs", "300000"], tmp_path)
    (tmp_path / "300k.npz").unlink()
    proc = start(["train", "-o", str(run), "--epochs", "1000000"], tmp_path)
    wait_for(lambda: cpu_seconds(proc.pid) >= cpu_300k, proc, what="training to be under way")
    proc.send_signal(signal.SIGINT)
    code, err = finish(proc)
    assert code == 130 and "Traceback" not in err, err
    assert tree(tmp_path) == {"run.npz": OLD}


def test_interrupted_gallery_leaves_no_folder_and_no_part(tmp_path):
    proc = start(["gallery", "--out-dir", "gallery", "--no-progress"], tmp_path)
    wait_for(writing(tmp_path / "gallery", "descent.gif"), proc, what="the gallery to start writing")
    proc.send_signal(signal.SIGTERM)
    code, err = finish(proc)
    assert code == 143, err
    assert list(tmp_path.iterdir()) == []


# -- in process: failures rather than signals ---------------------------------------------
def test_a_failing_mp4_render_kills_ffmpeg_and_keeps_the_old_file(tmp_path, short_history, monkeypatch):
    target = tmp_path / "keep.mp4"
    target.write_bytes(OLD)
    anim = gdviz.Animation(short_history, size=(320, 180), max_frames=12)
    original, calls, procs = anim.draw, {"n": 0}, []

    def failing(i):
        calls["n"] += 1
        if calls["n"] > 6:
            raise RuntimeError("disk on fire")
        return original(i)

    import gdviz.formats.base as base

    real_popen = base.subprocess.Popen

    def recording_popen(*a, **k):
        procs.append(real_popen(*a, **k))
        return procs[-1]

    monkeypatch.setattr(anim, "draw", failing)
    monkeypatch.setattr(base.subprocess, "Popen", recording_popen)
    with pytest.raises(RuntimeError, match="disk on fire"):
        anim.save(target)
    assert procs and all(p.poll() is not None for p in procs)
    assert tree(tmp_path) == {"keep.mp4": OLD}


def test_an_interrupt_while_ffmpeg_finishes_still_stops_it(tmp_path, short_history, monkeypatch):
    """Ctrl-C can land in close(), while gdviz waits for ffmpeg to finish the file."""
    from gdviz.formats.video import Mp4Writer

    procs = []

    def interrupted_close(self):
        procs.append(self._proc)
        self._proc.stdin.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(Mp4Writer, "close", interrupted_close)
    target = tmp_path / "x.mp4"
    with pytest.raises(KeyboardInterrupt):
        gdviz.render(short_history, target, size=(320, 180), max_frames=4)
    assert procs and procs[0].poll() is not None
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_history_save_keeps_the_old_file(tmp_path, tutorial_history, monkeypatch):
    target = tmp_path / "run.npz"
    target.write_bytes(OLD)
    real_savez = np.savez

    def half_then_interrupt(fh, **arrays):
        fh.write(b"PK\x03\x04 half of an archive")
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        tutorial_history.save(target)
    monkeypatch.setattr(np, "savez", real_savez)
    assert tree(tmp_path) == {"run.npz": OLD}
    tutorial_history.save(tmp_path / "sub" / "run.npz")
    assert gdviz.History.load(tmp_path / "sub" / "run.npz").meta == tutorial_history.meta


def test_a_finished_file_gets_ordinary_permissions(tmp_path, short_history):
    """mkstemp makes 0600 files; the finished render follows the umask like any new file."""
    old = os.umask(0o022)
    try:
        path = gdviz.render(short_history, tmp_path / "a.gif", size=(320, 180), max_frames=2)
        saved = short_history.save(tmp_path / "run.npz")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    assert saved.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("fate", ["followed by another error", "while drawing"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_inside_matplotlib_still_exits_as_the_signal(tmp_path, monkeypatch, capsys, fate, signum):
    """The defect: the handler's exception landed inside matplotlib, which raised "Invalid
    bounding box", and gdviz exited 1. Now the handler only records the signal: an error
    that follows it (here raised by hand, as matplotlib or a dying encoder would) still
    exits as the signal, and a signal that arrives mid-frame stops the render at the next
    frame."""
    from gdviz.drawing.animation import Animation
    from gdviz.cli import main

    real_draw, calls = Animation.draw, {"n": 0}

    def draw(self, i):
        calls["n"] += 1
        if calls["n"] == 3:
            os.kill(os.getpid(), signum)
            time.sleep(0.2)  # the handler runs in here, and returns
            if fate == "followed by another error":
                raise ValueError("Invalid bounding box")
        return real_draw(self, i)

    monkeypatch.setattr(Animation, "draw", draw)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    target = tmp_path / "keep.mp4"
    target.write_bytes(OLD)
    code = main(["render", "-o", str(target), "--epochs", "30", "--max-frames", "10", "--size", "320x180",
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == {signal.SIGINT: 130, signal.SIGTERM: 143}[signum], err
    assert err.strip().splitlines()[-1].endswith("; nothing was written."), err
    assert "rendering failed" not in err
    assert tree(tmp_path) == {"keep.mp4": OLD}
    assert calls["n"] == 3  # stopped at the next frame, not at the end
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before  # a caller goes on
