"""The command line on users' own data: --data, --x, --y, --scale and eta auto."""

from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

import gdviz
from gdviz.cli import main

DATA = Path(__file__).parent / "data"
FAST = ["--size", "320x180", "--max-frames", "6"]


@pytest.mark.parametrize("name", ["cars.csv", "longley.csv"])
def test_render_data_needs_no_other_flags(tmp_path, capsys, name):
    out = tmp_path / "real.gif"
    assert main(["render", "--data", str(DATA / name), "-o", str(out), *FAST]) == 0
    assert iio.imread(out, index=None).shape == (6, 180, 320, 3)
    text = capsys.readouterr()
    assert "read " in text.out and "condition number" in text.out and "wrote" in text.out
    assert "warning" not in text.err  # the defaults suit real data: nothing to warn about


@pytest.mark.parametrize("name, columns", [
    ("cars.csv", []), ("forbes.csv", []), ("hubble.csv", []),
    ("longley.csv", ["--x", "year", "--y", "employed"]), ("anscombe.csv", ["--x", "x3", "--y", "y3"]),
    ("co2_weekly.csv", ["--x", "date", "--y", "co2"]),
])
def test_train_data_says_which_eta_why_the_condition_number_and_the_gap(tmp_path, capsys, name, columns):
    run = tmp_path / "run.npz"
    assert main(["train", "--data", str(DATA / name), *columns, "-o", str(run)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    h = gdviz.History.load(run)
    m = h.meta
    assert f"eta {m['eta']:.4g}, auto: makes" in out and "stability bound" in out
    assert "condition number" in out and "on x as given, 1 as trained" in out
    assert "above the least-squares" in out and m["gap"] < 0.01
    a = np.column_stack([np.ones(len(h.data)), h.data.x])
    (b0, b1), *_ = np.linalg.lstsq(a, h.data.y, rcond=None)
    assert h.slope[-1] == pytest.approx(b1, rel=2e-3)
    if columns:
        assert (m["x_name"], m["y_name"]) == (columns[1], columns[3])


def test_train_data_with_a_fixed_eta_and_no_scaling(tmp_path, capsys):
    run = tmp_path / "run.npz"
    argv = ["train", "--data", str(DATA / "forbes.csv"), "--scale", "none", "--eta", "auto", "-o", str(run)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    import re

    # The Hessian of forbes.csv's x as given, from the numbers in the file: eta="auto" caps at
    # 1/lambda_max (1.427e-06) and the condition number is lambda_max/lambda_min (5.44e7).
    bp = np.loadtxt(DATA / "forbes.csv", delimiter=",", skiprows=1)[:, 0]
    ones_x = np.column_stack([np.ones_like(bp), bp])
    lam_min, lam_max = np.linalg.eigvalsh(ones_x.T @ ones_x)
    eta, = re.findall(r"eta ([0-9.e+-]+), auto: 1/lambda_max", out)
    condition, = re.findall(r"^gdviz: condition number ([0-9.e]+)$", out, flags=re.M)
    assert float(eta) == pytest.approx(1 / lam_max, rel=5e-4)  # printed to 4 digits
    assert float(condition) == pytest.approx(lam_max / lam_min, rel=5e-3)  # and to 3
    assert err.startswith("gdviz: warning: After 300 epochs") and "--scale standardize" in err
    assert main(["train", "--data", str(DATA / "cars.csv"), "--eta", "0.01", "--epochs", "50", "-o", str(run)]) == 0
    out = capsys.readouterr().out
    assert "eta 0.01, fixed: as given" in out and gdviz.History.load(run).meta["eta"] == 0.01


def test_a_diverging_run_warns_and_still_renders(tmp_path, capsys, gif_shows):
    out = tmp_path / "boom.gif"
    assert main(["render", "--data", str(DATA / "cars.csv"), "--eta", "0.05", "-o", str(out), *FAST]) == 0
    text = capsys.readouterr()
    warnings = [line for line in text.err.splitlines() if line.startswith("gdviz: warning:")]
    assert len(warnings) == 2 and "stability bound" in warnings[0] and "diverged" in warnings[1]
    # The epoch from the documented rule, on the tutorial's own loop: training stops at the first
    # epoch whose SSE is over 10⁶ times the first (18 today). cars.csv is ill-conditioned, so it
    # trains on standardised speed (mean 0, population sd 1), from the start seed 0 gives.
    from conftest import tutorial_loop

    cars = gdviz.load_csv(DATA / "cars.csv")
    with pytest.warns(gdviz.GdvizWarning, match="stability bound"):
        start = gdviz.train(cars, eta=0.05, epochs=1, seed=0)
    assert start.meta["scale"] == "standardize"
    x = (cars.x - cars.x.mean()) / cars.x.std()
    with np.errstate(over="ignore", invalid="ignore"):
        *_, sse, _, _ = tutorial_loop(x, cars.y, start.w1[0], start.w0[0], epoch=300, eta=0.05)
    stops = int(np.argmax(~(sse <= 1e6 * sse[0])))
    assert stops > 0
    assert f"stopped by divergence at epoch {stops}" in text.out
    with pytest.warns(gdviz.GdvizWarning):
        run = gdviz.train(cars, eta=0.05, seed=0)
    gif_shows(out, gdviz.Animation(run, size=(320, 180), max_frames=6))


def test_the_tutorial_default_is_unchanged_without_data(tmp_path, capsys):
    run = tmp_path / "run.npz"
    assert main(["train", "-o", str(run)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "eta 0.001, fixed: the tutorial's default" in out
    h = gdviz.History.load(run)
    assert h.meta["scale"] == "none" and h.meta["eta"] == 0.001
    expected = gdviz.train(gdviz.make_data(seed=0), seed=0)
    assert np.array_equal(h.w0, expected.w0) and np.array_equal(h.loss, expected.loss)


@pytest.mark.parametrize("argv, words", [
    (["render", "--x", "speed"], "--x chooses columns of a CSV file"),
    (["render", "--x", "0", "--y", "1"], "--x and --y choose columns"),
    (["render", "--data", "missing.csv"], "no data file at 'missing.csv'"),
    (["render", "--data", "bad.csv"], "line 3, column 'y' holds 'oops'"),
    (["render", "--data", "bad.csv", "--x", "area"], "no column named 'area'; its columns are 'x', 'y'"),
    (["render", "--data", "bad.csv", "--scale", "minmax"], "--scale"),
    (["render", "--eta", "fast"], "must be a number or auto"),
    (["train", "-o", "r.npz", "--data", "empty.csv"], "empty"),
    (["render", "--history", "run.npz", "--data", "bad.csv"], "--data"),
    (["render", "--history", "run.npz", "--missing", "error"], "--missing"),
    (["render", "--missing", "error"], "--missing says what to do with the gaps of a CSV file; add --data"),
    (["render", "--data", "gap.csv", "--missing", "error"], "line 3, column 'y' is empty"),
    (["train", "-o", "r.npz", "--data", "gap.csv", "--missing", "maybe"], "invalid choice: 'maybe'"),
])
@pytest.mark.filterwarnings("ignore:After 2 epochs:gdviz.GdvizWarning")  # the saved run is short on purpose
def test_bad_data_input_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.csv").write_text("x,y\n1,2\n3,oops\n")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "gap.csv").write_text("x,y\n1,2\n3,\n4,5\n")
    gdviz.train(gdviz.make_data(n=5, seed=0), epochs=2, seed=0).save(tmp_path / "run.npz")
    before = sorted(tmp_path.iterdir())
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("gdviz: error:") and words in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert sorted(tmp_path.iterdir()) == before


def test_help_lists_the_data_flags(capsys):
    assert main(["train", "--help"]) == 0
    text = capsys.readouterr().out
    for flag in ("--data", "--x", "--y", "--missing", "drop|error", "--scale", "auto"):
        assert flag in text


def test_a_saved_data_run_re_renders_with_its_column_names(tmp_path, capsys):
    run = tmp_path / "run.npz"
    assert main(["train", "--data", str(DATA / "hubble.csv"), "--epochs", "60", "-o", str(run)]) == 0
    h = gdviz.History.load(run)
    anim = gdviz.Animation(h, size=(320, 180), max_frames=3)
    anim.frame(0)
    fit, surface = anim.panels[0], anim.panels[1]
    assert (fit.ax.get_xlabel(), fit.ax.get_ylabel()) == ("velocity", "distance")
    velocity = np.loadtxt(DATA / "hubble.csv", delimiter=",", skiprows=1)[:, 0]
    assert f"velocity = {velocity.mean():g}" in surface.ax.get_xlabel()  # w₀′ is ŷ at the mean, 373.125
    out = tmp_path / "again.gif"
    assert main(["render", "--history", str(run), "-o", str(out), "--size", "320x180", "--max-frames", "3"]) == 0
    assert "1 as trained" in capsys.readouterr().out and out.exists()


def test_render_a_weekly_series_with_dates_and_gaps_needs_only_x(tmp_path, capsys):
    out = tmp_path / "co2.gif"
    assert main(["render", "--data", str(DATA / "co2_weekly.csv"), "--x", "date", "-o", str(out), *FAST]) == 0
    text = capsys.readouterr()
    assert "read 288 points from" in text.out and "(x = date in decimal years, y = co2)" in text.out
    assert "; dropped 6 rows with a missing x or y (lines 75, 84, 85, 86, 87, ...)" in text.out
    assert text.err == "" and iio.imread(out, index=None).shape == (6, 180, 320, 3)


def test_train_on_dates_reports_the_slope_per_year_and_keeps_what_was_dropped(tmp_path, capsys):
    run = tmp_path / "co2.npz"
    assert main(["train", "--data", str(DATA / "co2_weekly.csv"), "--x", "date", "-o", str(run)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "dropped 6 rows" in out
    h = gdviz.History.load(run)
    assert h.meta["x_dates"] is True and h.meta["rows_dropped"] == 6 and h.data.x_dates and h.data.rows_dropped == 6
    b1 = gdviz.least_squares(h.data)[1]
    assert 1.2 < b1 < 1.5  # ppm per year at Mauna Loa in the late 1970s
    assert f"line: slope {h.slope[-1]:.6g} per year (least squares {b1:.6g} per year)" in out
    # Gaps in a table without dates: the count is still said, and kept.
    (tmp_path / "gaps.csv").write_text("x,y\n1,2\n2,\n3,4\n4,NA\n5,6.5\n")
    assert main(["train", "--data", str(tmp_path / "gaps.csv"), "-o", str(run), "--epochs", "50"]) == 0
    out = capsys.readouterr().out
    assert "read 3 points" in out and "dropped 2 rows with a missing x or y (lines 3, 5)" in out
    assert "per year" not in out
    h = gdviz.History.load(run)
    assert h.meta["rows_dropped"] == 2 and "x_dates" not in h.meta
