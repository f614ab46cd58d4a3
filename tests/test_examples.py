"""Every script in examples/ runs (with --quick, into a temporary folder) and writes what it says.

The scripts are what users copy from, so they must not rot: each runs as a user runs it,
a new process with the folder on its command line, and each output is decoded back with
a reader that is not gdviz's (Pillow, ffmpeg through imageio, pypdf, python-pptx). A
script in examples/ without a check here fails, so a new example cannot slip in untested.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import gdviz

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: Examples that are not scripts to run with [OUT_DIR] [--quick], and where they are checked instead.
NOT_SCRIPTS = {
    "marimo_explore.py": "a marimo notebook: .ci/run exports it headless (marimo export html)",
}
# The command-line scripts; the plot_*.py beside them are the documentation's gallery
# (sphinx-gallery runs them at every docs build; tests/test_sphinxext.py checks their shape).
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("plot_") and p.name not in NOT_SCRIPTS)

# What --quick promises: 320x180 frames, 10 distinct ones, the first held 0.5 s and the last 1 s.
W, H = 320, 180
FRAMES = 10
VIDEO_FRAMES = 15 + 8 + 30  # at 30 fps (as in test_formats)


def run_example(name: str, out: Path) -> str:
    proc = subprocess.run([sys.executable, str(EXAMPLES / name), str(out), "--quick"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"{name} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def check_gif(path: Path) -> None:
    with Image.open(path) as im:
        assert im.format == "GIF" and im.size == (W, H)
        assert im.n_frames == FRAMES  # holds are longer delays, and every frame differs (the epoch)


def check_mp4(path: Path) -> None:
    import imageio.v3 as iio

    frames = iio.imread(path, plugin="FFMPEG")  # every frame, decoded by ffmpeg
    assert frames.shape == (VIDEO_FRAMES, H, W, 3)


def check_pdf_filmstrip(path: Path, tiles: int, epochs: int = 300) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back: pip install -e '.[test]'")
    (page,) = pypdf.PdfReader(str(path)).pages
    text = page.extract_text()
    for k in range(tiles):  # each tile captioned with its epoch, as real text
        assert f"epoch {k * (epochs // tiles)}   SSE" in text
    columns = math.ceil(math.sqrt(tiles))
    rows = math.ceil(tiles / columns)
    aspect = float(page.mediabox.width) / float(page.mediabox.height)
    assert columns * W / (rows * 1.2 * H) < aspect < columns * W / (rows * H)  # C x R tiles, captions under each


def check_pptx(path: Path, mp4: Path) -> None:
    pptx = pytest.importorskip("pptx", reason='python-pptx is the optional extra: pip install "gdviz[slides]"')
    prs = pptx.Presentation(str(path))
    (slide,) = prs.slides
    videos = [p.blob for p in prs.part.package.iter_parts() if str(p.partname).endswith(".mp4")]
    assert videos == [mp4.read_bytes()]  # the slide holds the same video as the .mp4 beside it


def check_quickstart(out: Path, stdout: str) -> None:
    check_gif(out / "descent.gif")
    assert "History(300 epochs, optimizer='gd', eta=0.001" in stdout


def check_slides(out: Path, stdout: str) -> None:
    check_mp4(out / "descent-dark-slides.mp4")
    import imageio.v3 as iio

    first = iio.imread(out / "descent-dark-slides.mp4", plugin="FFMPEG", index=0)
    assert first[2, 2].mean() < 60  # the dark theme's background
    try:
        import pptx  # noqa: F401
    except ImportError:
        assert not (out / "descent-dark-slides.pptx").exists() and "gdviz[slides]" in stdout
    else:
        check_pptx(out / "descent-dark-slides.pptx", out / "descent-dark-slides.mp4")
    check_pdf_filmstrip(out / "handout-filmstrip.pdf", tiles=4)


def check_api(out: Path, stdout: str) -> None:
    check_mp4(out / "race.mp4")
    with Image.open(out / "race-epoch-40.png") as im:
        assert im.format == "PNG" and im.size == (W, H) and im.mode == "RGB"
    saved = gdviz.History.load(out / "my-loop.npz")
    assert len(saved) == 300 and saved.meta["optimizer"] == "custom" and saved.meta["eta"] == 0.001
    trained = gdviz.train(gdviz.make_data(seed=0), seed=0)
    np.testing.assert_allclose(saved.w1, trained.w1, rtol=1e-12)  # the hand-written loop is gdviz.train's
    check_gif(out / "my-loop.gif")


def check_your_data(out: Path, stdout: str) -> None:
    check_gif(out / "cars.gif")
    # 3.93: the published slope, b1 = 3.9324 (R's lm(dist ~ speed, cars); tests/data/README.md)
    assert "dist = 3.93" in stdout and "the same points: True" in stdout
    assert "the same points: False" not in stdout


CHECKS = {
    "quickstart.py": check_quickstart,
    "slides.py": check_slides,
    "api.py": check_api,
    "your_data.py": check_your_data,
}


def test_every_example_has_a_check():
    assert SCRIPTS, f"no scripts in {EXAMPLES}"
    missing = sorted(set(SCRIPTS) - set(CHECKS))
    assert not missing, f"examples without a check in tests/test_examples.py: {', '.join(missing)}"
    gone = sorted(set(CHECKS) - set(SCRIPTS))
    assert not gone, f"checks for examples that no longer exist: {', '.join(gone)}"


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs_and_writes_what_it_says(name, tmp_path):
    out = tmp_path / "out"  # a folder that does not exist yet: the script makes it
    stdout = run_example(name, out)
    if name not in CHECKS:
        pytest.fail(f"{name} has no check in tests/test_examples.py: add one to CHECKS")
    CHECKS[name](out, stdout)
    written = {line.split()[1].rstrip(",") for line in stdout.splitlines() if line.startswith("wrote ")}
    assert written and all(Path(p).parent == out for p in written), "each example says what it wrote, into OUT_DIR"
    assert {Path(p).name for p in written} == {p.name for p in out.iterdir()}


def test_examples_say_how_to_run_them():
    for name in SCRIPTS:
        doc = (EXAMPLES / name).read_text(encoding="utf-8").split('"""')[1]
        assert f"python examples/{name} [OUT_DIR] [--quick]" in doc and "examples/out" in doc, name
