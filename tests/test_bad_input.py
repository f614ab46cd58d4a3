"""Every bad input the command line can get: one clear line, exit 2, nothing created, fast.

Each case runs the real thing, ``gdviz ...`` as ``python -m gdviz`` runs it, in a folder of
its own: a child forked from one interpreter that imported ``gdviz.cli`` once
(tests/forkserver.py), so 150 cases cost seconds, not an interpreter start each. It checks: the exit code; that stderr (import timings aside) is exactly one line
``gdviz: error: ...`` holding the key words and no traceback; that matplotlib was never
imported (bad input is refused before any heavy work); that it used well under a second
of CPU (its own CPU time, which other jobs on the machine do not stretch); and that the
folder holds exactly what it held before (no output, no temporary, no folder).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import gdviz
from forkserver import ForkServer

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _refuses_new_files(folder: str) -> bool:
    """True if no file can be created in `folder` (tried: os.access says yes to root)."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(dir=folder)
    except OSError:
        return os.path.isdir(folder)
    os.close(fd)
    os.unlink(name)
    return False


SYS_READ_ONLY = _refuses_new_files("/sys")
# CPU seconds, not wall time (the machine is shared): a forked case uses a few ms here beyond
# the imports it shares; the one exec'd case (root without its capabilities) 0.2 to 0.4 s with
# them. 2 s leaves room for a machine several times slower, and still fails on any heavy work.
CPU_LIMIT_S = 2.0
# Root writes in any folder (CAP_DAC_OVERRIDE), so as root the permission case runs without
# the capabilities that override file permissions: an owner bound by its folder's mode, as
# any user is. (Running as another user would need the interpreter readable by that user.)
AS_PLAIN_OWNER = """\
import ctypes, os, sys
prctl = ctypes.CDLL(None, use_errno=True).prctl
for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
    if prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: the program exec'd next never has it
        raise OSError(ctypes.get_errno(), "cannot drop a capability")
os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
"""


# -- files the cases need -------------------------------------------------------------------
def _history_arrays():
    h = gdviz.train(gdviz.make_data(n=20, seed=1), epochs=12, seed=1)
    path_arrays = {name: getattr(h, name) for name in ("epoch", "w0", "w1", "loss", "grad_w0", "grad_w1")}
    path_arrays["x"], path_arrays["y"] = h.data.x, h.data.y
    return path_arrays, dict(h.meta)


def _savez(path: Path, arrays: dict, meta) -> None:
    arrays = dict(arrays)
    arrays["meta"] = np.array(meta if isinstance(meta, str) else json.dumps(meta))
    np.savez(path, **arrays)


def _changed(arrays, name, row, value):
    out = dict(arrays)
    out[name] = np.array(out[name], dtype=float)
    out[name][row] = value
    return out


def make_fixtures(folder: Path) -> None:
    """Every file a case may point at (each case gets a fresh copy of this folder)."""
    arrays, meta = _history_arrays()
    gdviz.train(gdviz.make_data(n=20, seed=1), epochs=12, seed=1).save(folder / "run.npz")
    gdviz.train(gdviz.make_data(n=20, seed=1), epochs=3, optimizer="sgd", seed=1).save(folder / "sgd.npz")
    data = gdviz.make_data(n=20, seed=1)
    rec = gdviz.Recorder(data.x, data.y)
    for w1 in (0.0, 0.5, 1.0):
        rec.record(w0=0.0, w1=w1, loss=float(0.5 * np.sum((data.y - w1 * data.x) ** 2)))
    rec.history(eta=0.01).save(folder / "recorded.npz")
    (folder / "afile.txt").write_text("just text\n")
    (folder / "adir").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.gif")
    (folder / "empty.npz").write_bytes(b"")
    (folder / "text.npz").write_text("epoch,w0,w1\n0,1,2\n")
    np.savez(folder / "other.npz", a=np.arange(3))
    good = (folder / "run.npz").read_bytes()
    (folder / "truncated.npz").write_bytes(good[: len(good) // 2])
    crc = bytearray(good)
    crc[120:160] = b"\0" * 40  # inside the first member's data: its CRC no longer matches
    (folder / "crc.npz").write_bytes(bytes(crc))
    _savez(folder / "v99.npz", arrays, {**meta, "format_version": 99})
    _savez(folder / "v0.npz", arrays, {**meta, "format_version": 0})
    _savez(folder / "nover.npz", arrays, {k: v for k, v in meta.items() if k != "format_version"})
    _savez(folder / "badjson.npz", arrays, "{not json")
    _savez(folder / "etastr.npz", arrays, {**meta, "eta": "fast"})
    _savez(folder / "nanrow.npz", _changed(arrays, "w0", 5, np.nan), meta)
    _savez(folder / "infloss.npz", _changed(arrays, "loss", 7, np.inf), meta)
    _savez(folder / "infx.npz", _changed(arrays, "x", 3, -np.inf), meta)
    short = dict(arrays)
    short["w1"] = short["w1"][:5]
    _savez(folder / "short.npz", short, meta)
    strings = dict(arrays)
    strings["epoch"] = np.array([str(v) for v in arrays["epoch"]])
    _savez(folder / "strings.npz", strings, meta)
    pickled = dict(arrays)
    pickled["w0"] = np.array([object()] * len(arrays["w0"]), dtype=object)
    _savez(folder / "pickled.npz", pickled, meta)
    # CSV data files
    (folder / "empty.csv").write_text("")
    (folder / "words.csv").write_text("a,b\nx,y\nz,w\n")
    (folder / "cell.csv").write_text("x,y\n1,2\n2,oops\n3,4\n")
    (folder / "nan.csv").write_text("x,y\n1,2\n2,nan\n3,4\n")
    (folder / "inf.csv").write_text("x,y\n1,inf\n2,3\n")
    (folder / "one.csv").write_text("x,y\n1,2\n")
    (folder / "date.csv").write_text("day,v\n2024-01-05,1\n2023-02-30,2\n2024-01-19,3\n")
    (folder / "gaps.csv").write_text("x,y\n1,2\n2,\n3,NA\n")
    (folder / "hole.csv").write_text("x,y\n1,2\n2,\n3,4\n")
    (folder / "ok.csv").write_text("area,price\n50,100\n70,150\n90,170\n")
    # histories that cannot be compared with run.npz: other points, other coordinates
    gdviz.train(gdviz.make_data(n=20, seed=2), epochs=12, seed=1).save(folder / "other-data.npz")
    gdviz.train(gdviz.make_data(n=20, seed=1), epochs=12, seed=1, scale="standardize").save(folder / "scaled.npz")
    # ... and four sets of coordinates, one more than the surfaces an animation draws side by side
    gdviz.train(gdviz.make_data(n=20, seed=1), epochs=12, seed=1, scale="center").save(folder / "centred.npz")
    rec = gdviz.Recorder(gdviz.make_data(n=20, seed=1))
    rec.record(w0=0.0, w1=0.0, loss=1.0)
    rec.history(x_shift=2.0, x_scale=3.0).save(folder / "shifted.npz")
    (folder / "full").mkdir()
    (folder / "full" / "slide.tex").write_text("\\begin{frame}\n")


# -- the table ------------------------------------------------------------------------------
# (id, argv, words that must all appear in the error line)
R = ["render", "--no-progress"]
C = ["compare", "--no-progress"]
# First in an argv: run gdviz with python-pptx hidden, as if the slides extra were not installed.
NO_PPTX = "<python-pptx hidden>"
CASES = [
    # usage
    ("unknown-flag", [*R, "--bogus"], ["Unrecognized arguments: --bogus"]),
    ("unknown-command", ["rendr"], ["invalid choice: 'rendr'", "render"]),
    ("train-needs-o", ["train"], ["-o/--output", "required"]),
    ("epochs-not-int", [*R, "--epochs", "abc"], ["--epochs", "'abc'"]),
    ("epochs-float", [*R, "--epochs", "2.5"], ["--epochs", "'2.5'"]),
    ("size-no-x", [*R, "--size", "640"], ["--size", "1280x720", "'640'"]),
    ("size-three-parts", [*R, "--size", "1280x720x3"], ["--size", "1280x720x3"]),
    # options
    ("epochs-0", [*R, "--epochs", "0"], ["--epochs", "1 to 1,000,000", "got 0"]),
    ("epochs-negative", [*R, "--epochs", "-5"], ["--epochs", "got -5"]),
    ("epochs-huge", [*R, "--epochs", str(10**12)], ["--epochs", "1,000,000", "got 1000000000000"]),
    ("eta-0", [*R, "--eta", "0"], ["--eta", "> 0", "got 0.0"]),
    ("eta-negative", [*R, "--eta", "-1"], ["--eta", "got -1.0"]),
    ("eta-nan", [*R, "--eta", "nan"], ["--eta", "finite", "got nan"]),
    ("eta-inf", [*R, "--eta", "inf"], ["--eta", "finite", "got inf"]),
    ("optimizer", [*R, "--optimizer", "adamw"], ["--optimizer", "'gd'", "'adam'", "not 'adamw'"]),
    ("optimizer-hyperparameter", [*R, "--optimizer", "adam:beta=0.9"],
     ["adam has no hyperparameter `beta`", "`beta1`, `beta2` and `eps`"]),
    ("optimizer-out-of-range", [*R, "--optimizer", "momentum:beta=1.5"], ["`beta` of momentum", "[0, 1)", "got 1.5"]),
    ("optimizer-eps-0", [*R, "--optimizer", "adam:eps=0"], ["`eps` of adam", "> 0", "got 0"]),
    ("optimizer-batch-size", [*R, "--optimizer", "sgd:batch_size=2.5"], ["`batch_size` of sgd", "whole number", "2.5"]),
    ("optimizer-not-key-value", [*R, "--optimizer", "adam:beta1"], ["--optimizer spec", "key=value", "'beta1'"]),
    ("optimizer-twice", [*R, "--optimizer", "adam:beta1=0.8:beta1=0.9"], ["`beta1` twice"]),
    ("sgd-too-long", [*R, "--optimizer", "sgd", "--epochs", "1000000"], ["sgd", "20,000,000 point-epochs",
                                                                         "at most 100,000 epochs"]),
    ("train-optimizer", ["train", "-o", "run2.npz", "--optimizer", "rmsprop:rho=1"], ["`rho` of rmsprop", "got 1"]),
    ("seed-negative", [*R, "--seed", "-1"], ["--seed", "non-negative", "-1"]),
    ("fps-0", [*R, "--fps", "0"], ["--fps", "1 to 120", "got 0.0"]),
    ("fps-nan", [*R, "--fps", "nan"], ["--fps", "got nan"]),
    ("fps-huge", [*R, "--fps", "1000", "-o", "x.mp4"], ["--fps", "got 1000.0"]),
    ("fps-gif-60", [*R, "--fps", "60", "-o", "x.gif"], ["GIF", "fps=60", "50"]),
    ("size-tiny", [*R, "--size", "0x0"], ["--size", "160", "got 0x0"]),
    ("size-huge", [*R, "--size", "100000x100000"], ["--size", "7680", "got 100000x100000"]),
    ("size-too-many-pixels", [*R, "--size", "7680x7680"], ["--size", "7680x4320", "got 7680x7680"]),
    ("size-odd-mp4", [*R, "--size", "641x361", "-o", "x.mp4"], ["even", "641x361", "642x362"]),
    ("panels-unknown", [*R, "--panels", "fit,bowl"], ["--panels", "fit, surface, loss", "'bowl'"]),
    ("panels-empty", [*R, "--panels", ""], ["--panels", "one or more"]),
    ("panels-twice", [*R, "--panels", "fit,fit"], ["panel may appear once", "fit, fit"]),
    ("theme", [*R, "--theme", "neon"], ["--theme", "'light', 'dark'", "'neon'"]),
    ("preset", [*R, "--preset", "poster"], ["--preset", "invalid choice: 'poster'", "'slides'", "'thumbnail'"]),
    ("at-with-animation", [*R, "-o", "x.gif", "--at", "5"], ["--at makes a still image", ".gif animates", ".png"]),
    ("at-too-late", [*R, "-o", "x.png", "--at", "300"], ["--at", "from 0 to 299", "got 300"]),
    ("at-negative", [*R, "-o", "x.png", "--at", "-1"], ["--at", "got -1"]),
    ("filmstrip-zero", [*R, "-o", "x.png", "--filmstrip", "0"], ["--filmstrip", "from 1 to 100", "got 0"]),
    ("filmstrip-with-video", [*C, "-o", "x.mp4", "--filmstrip", "4"], ["--filmstrip makes a still image", ".mp4"]),
    ("at-and-filmstrip", [*R, "-o", "x.pdf", "--at", "3", "--filmstrip", "4"], ["--at", "--filmstrip", "one of them"]),
    ("max-frames-0", [*R, "--max-frames", "0"], ["--max-frames", "1 to 10,000", "got 0"]),
    ("max-frames-huge", [*R, "--max-frames", "100000"], ["--max-frames", "10,000", "got 100000"]),
    ("history-with-eta", [*R, "--history", "run.npz", "--eta", "0.1"], ["--history", "--eta", "drop"]),
    ("history-with-two", [*R, "--history", "run.npz", "--epochs", "5", "--seed", "1"], ["--epochs, --seed"]),
    # output
    ("ext-unknown", [*R, "-o", "x.avi"], ["Cannot write .avi", ".apng, .gif, .html, .mov, .mp4, .pdf, .png, .pptx, .svg, .webm, .webp",
                                          "--frames png"]),
    ("ext-none", [*R, "-o", "noext"], ["no extension", "'noext'", ".gif, .html"]),
    ("output-is-dir", [*R, "-o", "adir"], ["'adir' is a folder", "adir/descent.gif"]),
    ("output-parent-is-file", [*R, "-o", "afile.txt/x.gif"], ["'afile.txt' is a file", "-o"]),
    ("output-grandparent-is-file", [*R, "-o", "afile.txt/sub/x.gif"], ["'afile.txt' is a file"]),
    ("output-unwritable", [*R, "-o", "/sys/gdviz-test/x.gif"], ["Cannot write in the folder '/sys'", "-o"]),
    ("output-unwritable-chmod", [*R, "-o", "locked/x.gif"], ["Cannot write in the folder 'locked'"]),
    ("output-device", [*R, "-o", "/dev/null"], ["no extension"]),
    ("output-fifo", [*R, "-o", "pipe.gif"], ["'pipe.gif' exists and is not a regular file"]),
    ("output-name-too-long", [*R, "-o", "x" * 237 + ".gif"], ["file name is too long", "241 bytes", "at most 240"]),
    # formats
    ("transparent-gif", [*R, "--transparent", "-o", "x.gif"],
     ["--transparent needs a format with an alpha channel", ".gif has none", ".webm", "--frames png", "drop --transparent"]),
    ("transparent-mp4", [*R, "--transparent", "-o", "x.mp4"], ["--transparent", ".mp4 has none", ".mov"]),
    ("transparent-default-output", [*R, "--transparent"], ["--transparent", ".gif has none"]),
    ("frames-non-empty", [*R, "--frames", "png", "-o", "full"], ["'full' is not empty", "slide.tex", "new or empty"]),
    ("frames-into-a-file", [*R, "--frames", "png", "-o", "afile.txt"], ["'afile.txt' exists and is not a folder"]),
    ("frames-with-gif-name", [*R, "--frames", "png", "-o", "x.gif"], ["ends in .gif", "'x-frames'"]),
    ("frames-unknown", [*R, "--frames", "jpg"], ["--frames", "invalid choice: 'jpg'"]),
    ("pptx-missing", [NO_PPTX, *R, "-o", "x.pptx"], ['install it with `pip install "gdviz[slides]"`', ".pptx"]),
    ("fps-webp-100", [*R, "--fps", "100", "-o", "x.webp"], ["fps=100", "--fps 60 or less"]),
    ("train-ext", ["train", "-o", "run.txt"], [".npz", "'run.txt'"]),
    ("train-output-is-dir", ["train", "-o", "adir"], ["'adir' is a folder", "adir/run.npz"]),
    ("train-parent-is-file", ["train", "-o", "afile.txt/run.npz"], ["'afile.txt' is a file"]),
    ("train-epochs-0", ["train", "-o", "run2.npz", "--epochs", "0"], ["--epochs", "got 0"]),
    ("gallery-out-dir-is-file", ["gallery", "--out-dir", "afile.txt"], ["--out-dir", "'afile.txt' is a file"]),
    ("gallery-parent-is-file", ["gallery", "--out-dir", "afile.txt/sub"], ["'afile.txt' is a file", "--out-dir"]),
    ("gallery-unwritable", ["gallery", "--out-dir", "/sys/gdviz-test"], ["Cannot write in the folder '/sys'"]),
    # the explore page
    ("explore-unknown-flag", ["explore", "--fps", "20"], ["Unrecognized arguments: --fps"]),
    ("explore-epochs-0", ["explore", "--epochs", "0"], ["--epochs", "got 0"]),
    ("explore-epochs-too-many", ["explore", "--epochs", "100001"], ["at most 100,000 epochs", "got 100,001"]),
    ("explore-sgd", ["explore", "--optimizer", "sgd:batch_size=10"], ["sgd needs the points", "gd, momentum"]),
    ("explore-optimizer", ["explore", "--optimizer", "adam:beta=0.9"], ["adam has no hyperparameter `beta`"]),
    ("explore-eta", ["explore", "--eta", "-1"], ["--eta", "got -1.0"]),
    ("explore-ext", ["explore", "-o", "page.gif"], ["one .html file", "'page.gif'"]),
    ("explore-output-is-dir", ["explore", "-o", "adir"], ["'adir' is a folder", "adir/explore.html"]),
    ("explore-parent-is-file", ["explore", "-o", "afile.txt/page.html"], ["'afile.txt' is a file", "-o"]),
    ("explore-unwritable", ["explore", "-o", "/sys/gdviz-test/page.html"], ["Cannot write in the folder '/sys'"]),
    ("explore-history-sgd", ["explore", "--history", "sgd.npz"], ["trained with sgd", "--data"]),
    ("explore-history-recorder", ["explore", "--history", "recorded.npz"], ["Recorder", "--data"]),
    ("explore-history-with-eta", ["explore", "--history", "run.npz", "--eta", "0.1"], ["--history", "--eta", "drop"]),
    ("explore-history-missing", ["explore", "--history", "missing.npz"], ["No history file", "'missing.npz'"]),
    ("explore-data-bad-cell", ["explore", "--data", "cell.csv"], ["'cell.csv'", "line 3", "column 'y'"]),
    # data files
    ("data-missing", [*R, "--data", "missing.csv"], ["no data file", "'missing.csv'"]),
    ("data-empty", [*R, "--data", "empty.csv"], ["'empty.csv' is empty"]),
    ("data-no-numbers", [*R, "--data", "words.csv"], ["'words.csv'", "no numeric columns"]),
    ("data-bad-cell", [*R, "--data", "cell.csv"], ["'cell.csv'", "line 3", "column 'y'", "'oops'"]),
    ("data-nan", [*R, "--data", "nan.csv", "--missing", "error"], ["'nan.csv'", "line 3", "not a finite number"]),
    ("data-missing-error", [*R, "--data", "hole.csv", "--missing", "error"], ["'hole.csv'", "line 3",
                                                                              "column 'y' is empty"]),
    ("data-too-few-after-dropping", [*R, "--data", "gaps.csv"], ["'gaps.csv'", "1 data row with both x and y",
                                                                  "dropped 2", "at least 2 points"]),
    ("data-bad-date", [*R, "--data", "date.csv", "--x", "day"], ["'date.csv'", "line 3", "column 'day'",
                                                                  "'2023-02-30'", "February 2023 has 28 days"]),
    ("missing-bad-choice", [*R, "--data", "ok.csv", "--missing", "keep"], ["--missing", "'keep'", "drop"]),
    ("missing-without-data", [*R, "--missing", "error"], ["--missing", "add --data"]),
    ("data-inf", [*R, "--data", "inf.csv"], ["'inf.csv'", "line 2", "'inf'"]),
    ("data-one-point", [*R, "--data", "one.csv"], ["'one.csv'", "at least 2 points"]),
    ("data-unknown-column", [*R, "--data", "ok.csv", "--x", "size"], ["no column named 'size'", "'area', 'price'"]),
    ("data-index-out-of-range", [*R, "--data", "ok.csv", "--y", "5"], ["no column 5"]),
    ("x-without-data", [*R, "--x", "area"], ["--x", "add --data"]),
    ("train-data-bad-cell", ["train", "-o", "run2.npz", "--data", "cell.csv"], ["'cell.csv'", "line 3"]),
    ("history-with-data", [*R, "--history", "run.npz", "--data", "ok.csv"], ["--history", "--data"]),
    ("history-with-missing", [*R, "--history", "run.npz", "--missing", "drop"], ["--history", "--missing", "drop"]),
    # history files
    ("history-missing", [*R, "--history", "missing.npz"], ["No history file", "'missing.npz'"]),
    ("history-dir", [*R, "--history", "adir"], ["'adir' is a folder"]),
    ("history-empty", [*R, "--history", "empty.npz"], ["'empty.npz' is empty"]),
    ("history-text", [*R, "--history", "text.npz"], ["'text.npz' is not a gdviz history", "not an .npz"]),
    ("history-csv-name", [*R, "--history", "afile.txt"], ["'afile.txt' is not a gdviz history"]),
    ("history-other-npz", [*R, "--history", "other.npz"], ["not a gdviz history", "lacks epoch"]),
    ("history-truncated", [*R, "--history", "truncated.npz"], ["'truncated.npz' is truncated"]),
    ("history-crc", [*R, "--history", "crc.npz"], ["'crc.npz' is corrupt"]),
    ("history-newer", [*R, "--history", "v99.npz"], ["format_version 99", "newer", "upgrade gdviz"]),
    ("history-older", [*R, "--history", "v0.npz"], ["format_version 0", "reads version 1"]),
    ("history-no-version", [*R, "--history", "nover.npz"], ["no format_version"]),
    ("history-bad-json", [*R, "--history", "badjson.npz"], ["metadata", "'badjson.npz'", "corrupt"]),
    ("history-bad-eta", [*R, "--history", "etastr.npz"], ["'etastr.npz'", "eta", "'fast'"]),
    ("history-nan-row", [*R, "--history", "nanrow.npz"], ["'nanrow.npz' is corrupt", "`w0`", "row 5 is nan"]),
    ("history-inf-loss", [*R, "--history", "infloss.npz"], ["`loss`", "row 7 is inf"]),
    ("history-inf-x", [*R, "--history", "infx.npz"], ["`x`", "row 3 is -inf"]),
    ("history-lengths", [*R, "--history", "short.npz"], ["'short.npz'", "one length"]),
    ("history-strings", [*R, "--history", "strings.npz"], ["'strings.npz' is corrupt", "`epoch`", "not numbers"]),
    ("history-pickled", [*R, "--history", "pickled.npz"], ["'pickled.npz'", "Python objects"]),
    # compare
    ("compare-unknown-optimizer", [*C, "--optimizers", "gd,lion"], ["--optimizers must be one of", "'adam'", "'lion'"]),
    ("compare-unknown-hyperparameter", [*C, "--optimizers", "adam:beta3=0.5"], ["adam", "`beta3`", "`beta1`"]),
    ("compare-out-of-range", [*C, "--optimizers", "momentum:beta=1.5"], ["`beta`", "[0, 1)", "1.5"]),
    ("compare-empty", [*C, "--optimizers", ""], ["--optimizers", "at least one"]),
    ("compare-empty-item", [*C, "--eta", "0.1,,0.2"], ["--eta", "empty item"]),
    ("compare-duplicate", [*C, "--optimizers", "adam,momentum,adam"], ["adam twice", "each run once"]),
    ("compare-eight-runs", [*C, "--optimizers", "gd,momentum,nesterov,adam", "--eta", "0.001,0.002"],
     ["at most 7 runs", "4 optimizers x 2 learning rates make 8"]),
    ("compare-eta-bad", [*C, "--eta", "0.1,fast"], ["--eta", "'fast'"]),
    ("compare-labels-count", [*C, "--labels", "a,b"], ["--labels", "2 names for 3 runs"]),
    ("compare-other-data", [*C, "--history", "run.npz,other-data.npz"], ["Run 2", "other data", "one Dataset"]),
    ("compare-four-coordinates", [*C, "--history", "run.npz,scaled.npz,centred.npz,shifted.npz"],
     ["4 sets of coordinates", "at most 3 surfaces", "at most 3 scale policies"]),
    ("compare-scale-bad", [*C, "--scale", "none,unit"], ["--scale", "'unit'"]),
    ("compare-scale-twice", [*C, "--scale", "none,none"], ["--scale", "twice"]),
    ("compare-scale-3d", [*C, "--scale", "none,center", "--panels", "fit,surface3d"], ["3D bowl", "--scale"]),
    ("schedule-bad", [*R, "--schedule", "exp:gamma=2"], ["learning-rate schedule exp", "(0, 1]"]),
    ("schedule-unknown", [*R, "--schedule", "warmup"], ["Unknown learning-rate schedule 'warmup'"]),
    ("explore-schedule", ["explore", "--schedule", "cosine"], ["explore page", "drop --schedule"]),
    ("compare-history-with-optimizers", [*C, "--history", "run.npz,run.npz", "--optimizers", "adam"],
     ["--history", "--optimizers", "drop"]),
    ("compare-history-twice", [*C, "--history", "run.npz,run.npz"], ["--history", "twice"]),
    ("compare-single-optimizer-flag", [*C, "--optimizer", "adam"], ["Unrecognized arguments: --optimizer adam"]),
    ("abbreviated-flag", [*R, "--epoch", "5"], ["Unrecognized arguments: --epoch 5"]),
    ("compare-abbreviated-flag", [*C, "--optimizer", "adam,gd"], ["Unrecognized arguments"]),
    ("render-residuals-bad", [*R, "--residuals", "circles"], ["--residuals", "'circles'"]),
    # the 3D view
    ("rotate-without-surface3d", [*R, "--rotate"], ["--rotate", "--panels has no surface3d (fit,surface,loss)",
                                                    "fit,surface3d", "drop --rotate"]),
    ("compare-rotate-without-surface3d", [*C, "--rotate", "--panels", "fit,surface"],
     ["--rotate", "no surface3d (fit,surface)"]),
    ("panels-3d-twice", [*R, "--panels", "surface3d,fit,surface3d"], ["panel may appear once"]),
]
SKIP = {
    "output-fifo": None if hasattr(os, "mkfifo") else "needs mkfifo",
    "output-unwritable": None if SYS_READ_ONLY else "needs a read-only /sys",
    "gallery-unwritable": None if SYS_READ_ONLY else "needs a read-only /sys",
    "explore-unwritable": None if SYS_READ_ONLY else "needs a read-only /sys",
}
assert len({c[0] for c in CASES}) == len(CASES)


def snapshot(folder: Path) -> dict:
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root, name)
            out[str(p.relative_to(folder))] = p.read_bytes() if p.is_file() else p.lstat().st_mode
    return out


def wait_with_cpu(proc: subprocess.Popen, timeout: float) -> float:
    """Wait for `proc` and return the CPU seconds (user + system) it used."""
    end = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_utime + usage.ru_stime
        if time.monotonic() > end:
            proc.kill()
            proc.wait()
            raise AssertionError(f"gdviz took over {timeout:.0f} s")
        time.sleep(0.01)


CASE_ENV = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"} | {"PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}


def run_case(folder: Path, argv: list, plain_owner=False) -> dict:
    """One case in an interpreter of its own (the root case that drops capabilities needs its exec)."""
    env = CASE_ENV
    entry = ["-m", "gdviz"]
    if argv and argv[0] == NO_PPTX:
        entry = ["-c", "import sys; sys.modules['pptx'] = None; from gdviz.cli import main; sys.exit(main())"]
        argv = argv[1:]
    import tempfile

    wrapper = ["-c", AS_PLAIN_OWNER] if plain_owner else []
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, *wrapper, "-X", "importtime", *entry, *argv], cwd=folder,
                                stdout=out, stderr=err, env=env)
        cpu = wait_with_cpu(proc, timeout=120)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    lines = stderr.splitlines()
    imported = {line.rsplit("|", 1)[-1].strip() for line in lines if line.startswith("import time:")}
    return {"rc": proc.returncode, "err": [ln for ln in lines if not ln.startswith("import time:")],
            "out": stdout, "imported": imported, "cpu": cpu}


@pytest.fixture(scope="module")
def fixture_files(tmp_path_factory):
    """The files the cases name, made once (each case gets a copy in a folder of its own)."""
    fixtures = tmp_path_factory.mktemp("fixtures")
    make_fixtures(fixtures)
    return fixtures


@pytest.fixture(scope="module")
def server():
    """One interpreter that imported gdviz.cli; each case runs in a fresh child forked from it
    (tests/forkserver.py: the child runs as ``python -m gdviz`` would, and reports what it
    imported and its CPU seconds): a few ms a case instead of an interpreter's start."""
    with ForkServer(CASE_ENV) as running:
        yield running


@pytest.fixture
def results(fixture_files, server, tmp_path_factory, case_id, argv):
    """Run one case in a copy of the fixture files and keep what it did: (got, folder, before)."""
    if SKIP.get(case_id):
        pytest.skip(SKIP[case_id])
    folder = tmp_path_factory.mktemp(case_id)
    for item in fixture_files.iterdir():
        if item.is_dir():
            shutil.copytree(item, folder / item.name)
        elif item.is_file():
            (folder / item.name).write_bytes(item.read_bytes())
        else:
            os.mkfifo(folder / item.name)
    if case_id == "output-unwritable-chmod":
        (folder / "locked").mkdir()
        (folder / "locked").chmod(0o555)
    before = snapshot(folder)
    if IS_ROOT and case_id == "output-unwritable-chmod":  # dropping root's capabilities needs an exec of its own
        return run_case(folder, argv, plain_owner=True), folder, before
    no_pptx = bool(argv) and argv[0] == NO_PPTX
    got = server.run(folder, argv[1:] if no_pptx else argv, no_pptx=no_pptx)
    return {**got, "err": got["err"].splitlines(), "imported": set(got["imported"])}, folder, before


@pytest.mark.parametrize("case_id, argv, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_line(results, case_id, argv, words):
    if SKIP.get(case_id):
        pytest.skip(SKIP[case_id])
    got, folder, before = results
    err = got["err"]
    assert got["rc"] == 2, (got["rc"], err)
    assert len(err) == 1, err
    line = err[0]
    assert line.startswith("gdviz: error: ") and "Traceback" not in line, line
    for word in words:
        assert word in line, f"{word!r} not in {line!r}"
    assert line.endswith("."), line  # one whole sentence
    assert got["out"] == ""
    assert not any(m == "matplotlib" or m.startswith("matplotlib.") for m in got["imported"]), "matplotlib was imported"
    assert "PIL" not in got["imported"] and "imageio_ffmpeg" not in got["imported"]
    assert got["cpu"] < CPU_LIMIT_S, f"used {got['cpu']:.1f} s of CPU"
    assert snapshot(folder) == before, "the folder changed"
    assert not Path("/sys/gdviz-test").exists()


def test_the_table_covers_every_check_the_cli_documents():
    ids = {c[0] for c in CASES}
    for needed in ("epochs-huge", "size-huge", "eta-nan", "fps-0", "max-frames-0", "panels-unknown",
                   "optimizer", "optimizer-hyperparameter", "optimizer-out-of-range", "ext-unknown", "output-is-dir", "output-parent-is-file", "output-unwritable",
                   "history-with-eta", "history-truncated", "history-newer", "history-nan-row",
                   "data-bad-date", "data-too-few-after-dropping", "data-missing-error", "history-with-missing",
                   "compare-unknown-optimizer", "compare-eight-runs", "compare-duplicate", "compare-other-data",
                   "abbreviated-flag",
                   "transparent-gif", "transparent-mp4", "frames-non-empty", "pptx-missing",
                   "explore-sgd", "explore-ext", "explore-unwritable", "explore-history-sgd", "explore-history-recorder",
                   "rotate-without-surface3d"):
        assert needed in ids


# -- beside the table -------------------------------------------------------------------
def test_debug_works_after_the_command_and_shows_the_traceback(tmp_path):
    for argv in (["render", "--debug", "--epochs", "0"], ["--debug", "render", "--epochs", "0"],
                 ["train", "-o", "r.npz", "--debug", "--eta", "-1"], ["gallery", "--debug", "--out-dir", "f.txt/x"]):
        (tmp_path / "f.txt").write_text("x")
        proc = subprocess.run([sys.executable, "-m", "gdviz", *argv], cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert lines[0].startswith("Traceback") and lines[-1].startswith("gdviz: error: "), proc.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def test_flags_without_a_command_mean_render(tmp_path, capsys):
    from gdviz.cli import main

    assert main(["--epochs", "0"]) == 2
    assert "--epochs" in capsys.readouterr().err
    assert main(["-o", str(tmp_path / "x.avi")]) == 2
    assert ".avi" in capsys.readouterr().err


def test_help_documents_the_bounds(capsys):
    from gdviz.cli import main

    assert main(["render", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for words in ("1 to 1,000,000", "1 to 10,000", "160 to 7680", "7680x4320", "1 to 120", "even numbers for MP4",
                  "finite number > 0", "e.g. .gif or .mp4", "--frames png", "--transparent"):
        assert words in text, words
    assert main(["--help"]) == 0
    assert "Limits" in capsys.readouterr().out


def test_a_bad_input_in_the_api_fails_before_drawing(tmp_path, short_history):
    """The same checks guard the library: nothing drawn, nothing written."""
    anim = gdviz.Animation(short_history, size=(320, 180), max_frames=3)
    (tmp_path / "f.txt").write_text("x")
    (tmp_path / "d.gif").mkdir()
    for target, words in [(tmp_path / "f.txt" / "x.gif", "is a file"), (tmp_path / "d.gif", "is a folder"),
                          (tmp_path / "x", "no extension")]:
        with pytest.raises(gdviz.GdvizError, match=words):
            anim.save(target)
    assert anim._fig is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.gif", "f.txt"]
