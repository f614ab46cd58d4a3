"""The explore page, seen from Python: its size, its JSON, its escaping, its CSP, its defaults.

The page itself (the JavaScript that re-runs the descent) is driven in headless Chromium
by tests/test_explore_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

import gdviz
from gdviz.training.diagnostics import choose_scaling
from gdviz.explore import MAX_BYTES, MAX_SHOWN, PAGE_OPTIMIZERS, Page, explore
from gdviz.gallery import example_csv
from gdviz.data.moments import Moments
from gdviz.training.train import start_line

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_X = "</script><script>window.pwned=1</script>"
HOSTILE_Y = "\"quoted\" 'it' <b>bold</b> & <img src=x onerror=\"window.pwned=2\">\u2028"


def page_json(html: str) -> dict:
    """The JSON object the page was built from, read back out of its script."""
    match = re.search(r"const GDVIZ_DATA = (\{.*?\});\n", html)
    assert match, "no GDVIZ_DATA in the page"
    return json.loads(match.group(1))


def inline(html: str, tag: str) -> list:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)


def sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def hostile_data() -> gdviz.Dataset:
    data = gdviz.make_data(n=40, seed=2)
    return gdviz.Dataset(data.x, data.y, x_name=HOSTILE_X, y_name=HOSTILE_Y)


# -- size ---------------------------------------------------------------------------------

def test_a_million_points_make_a_page_under_the_size_bound():
    data = gdviz.make_data(n=1_000_000, seed=0)
    page = explore(data, eta="auto", seed=0)  # (bench/explore_page.py times pages; tests do not)
    size = len(page.html.encode("utf-8"))
    assert size <= MAX_BYTES
    assert len(page.data["sample"]["x"]) == MAX_SHOWN and page.data["sample"]["of"] == 1_000_000
    # The display sample is numpy.random.default_rng(0)'s choice of 2,000 of the points.
    pick = np.random.default_rng(0).choice(1_000_000, MAX_SHOWN, replace=False)
    assert np.allclose(page.data["sample"]["x"], data.x[pick], rtol=1e-6)
    assert np.allclose(page.data["sample"]["y"], data.y[pick], rtol=1e-6)


def test_small_data_sets_show_every_point():
    data = gdviz.load_csv(example_csv())
    page = explore(data, eta="auto", seed=0)
    assert page.data["sample"]["x"] == data.x.tolist() and page.data["sample"]["of"] == 50


# -- the JSON -----------------------------------------------------------------------------

@pytest.mark.parametrize("scale", ["auto", "none", "center", "standardize"])
def test_the_json_holds_the_exact_sums(scale):
    data = gdviz.load_csv(example_csv())
    page = explore(data, eta="auto", seed=0, scale=scale)
    got = page_json(page.html)
    assert got == json.loads(json.dumps(page.data))  # the page carries exactly Page.data
    m = Moments.of(data)
    scaling = choose_scaling(m, scale)
    trained = m.scaled(scaling.shift, scaling.scale) if scaling.active else m
    for key in ("n", "mean_x", "mean_y", "cxx", "cxy", "cyy"):
        assert got["moments"][key] == getattr(m, key)  # exact: floats survive JSON bit for bit
        assert got["trained"][key] == getattr(trained, key)
    assert got["scaled"] == scaling.active
    assert (got["x_shift"], got["x_scale"]) == (scaling.shift, scaling.scale)
    assert tuple(got["optimum"]) == trained.optimum()


def test_the_default_is_the_run_gdviz_render_makes():
    data = gdviz.load_csv(example_csv())
    page = explore(data, eta="auto", seed=0, auto_eta=True)
    d = page.data["default"]
    h = gdviz.train(data, eta="auto", seed=0)
    m = Moments.of(data)
    assert (d["w0"], d["w1"]) == start_line(m, choose_scaling(m, "auto"), 0)
    assert d["eta"] == h.meta["eta"] and d["opt"] == "gd" and d["epochs"] == 300 and d["epoch"] == len(h) - 1
    # Every other optimizer starts at the eta gdviz render would use for it on this data (auto).
    by_name = {o["name"]: o for o in page.data["optimizers"]}
    assert list(by_name) == list(PAGE_OPTIMIZERS) == ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
    for name, entry in by_name.items():
        run = gdviz.train(data, eta="auto", optimizer=name, seed=0)
        assert entry["eta"] == run.meta["eta"], name
        assert entry["bound"] == run.meta["eta_max"], name
        assert entry["hyperparameters"] == run.meta["hyperparameters"], name
    assert by_name["adam"]["bound"] is None and by_name["nesterov"]["bound"] < by_name["momentum"]["bound"]


def test_the_tutorial_page_keeps_each_optimizers_own_eta():
    page = explore(seed=0)
    by_name = {o["name"]: o for o in page.data["optimizers"]}
    for name, entry in by_name.items():
        assert entry["eta"] == gdviz.optimizers.OPTIMIZERS[name].default_eta
    assert page.data["default"]["eta"] == 0.001 and page.data["source"] == "the tutorial's data"


def test_hyperparameters_go_to_their_optimizer_only():
    page = explore(optimizer="adam", beta1=0.8, seed=0)
    by_name = {o["name"]: o for o in page.data["optimizers"]}
    assert by_name["adam"]["hyperparameters"] == {"beta1": 0.8, "beta2": 0.999, "eps": 1e-8}
    assert by_name["adam"]["spec"] == "adam:beta1=0.8:beta2=0.999:eps=1e-08"
    assert by_name["rmsprop"]["hyperparameters"] == {"rho": 0.9, "eps": 1e-8}
    assert page.data["default"]["opt"] == "adam" and page.data["default"]["eta"] == 0.1


def test_a_history_carries_its_settings_to_the_page():
    data = gdviz.load_csv(example_csv())
    h = gdviz.train(data, optimizer="momentum", beta=0.5, eta="auto", epochs=200, seed=3)
    page = explore(h)
    d = page.data["default"]
    assert (d["opt"], d["eta"], d["epochs"], d["epoch"]) == ("momentum", h.meta["eta"], 200, 199)
    assert d["w0"] == pytest.approx(h.intercept[0], rel=1e-15) and d["w1"] == pytest.approx(h.slope[0], rel=1e-15)
    assert page.data["scaled"] and page.data["x_shift"] == h.meta["x_shift"]
    by_name = {o["name"]: o for o in page.data["optimizers"]}
    assert by_name["momentum"]["hyperparameters"] == {"beta": 0.5}
    assert by_name["gd"]["eta"] == gdviz.train(data, eta="auto", epochs=200, seed=3).meta["eta"]  # auto, like it


def test_what_the_page_cannot_recompute_is_a_clear_error():
    data = gdviz.make_data(n=50, seed=1)
    with pytest.raises(gdviz.GdvizError, match=r"sgd \(mini-batch\).*--data"):
        explore(gdviz.train(data, optimizer="sgd", epochs=5, seed=1))
    rec = gdviz.Recorder(data.x, data.y)
    rec.record(w0=0.0, w1=0.0, loss=float(0.5 * np.sum(data.y**2)))
    with pytest.raises(gdviz.GdvizError, match=r"Recorder.*--data"):
        explore(rec.history(eta=0.001))
    with pytest.raises(gdviz.GdvizError, match="sgd needs the points"):
        explore(data, optimizer="sgd")
    with pytest.raises(gdviz.GdvizError, match="at most 100,000 epochs"):
        explore(data, epochs=100_001)
    with pytest.raises(gdviz.GdvizError, match="`eta`"):
        explore(gdviz.train(data, epochs=5, seed=1), eta=0.1)
    with pytest.raises(gdviz.GdvizError, match="Dataset or a gdviz.History"):
        explore([1, 2, 3])


# -- escaping and the CSP -----------------------------------------------------------------

def test_hostile_column_names_are_escaped():
    page = explore(hostile_data(), seed=0, source="</title><script>x</script>.csv")
    html = page.html
    assert html.lower().count("</script") == 1  # only the page's own closing tag
    assert HOSTILE_X not in html and "<img" not in html and "<b>" not in html
    assert "\u2028" not in html  # JSON's ensure_ascii: no raw line separators inside the script
    got = page_json(html)
    assert (got["x_name"], got["y_name"]) == (HOSTILE_X, HOSTILE_Y)
    title = re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1)
    assert "<" not in title and "&lt;/title&gt;" in title


def test_the_content_security_policy_is_first_and_its_hashes_match():
    page = explore(hostile_data(), seed=0)
    html = page.html
    head = re.search(r"<head>(.*?)</head>", html, flags=re.S).group(1)
    first = re.search(r"<[^>]+>", head).group(0)
    assert first.startswith('<meta http-equiv="Content-Security-Policy" content="')
    csp = re.search(r'content="([^"]*)"', first).group(1)
    assert html.count("Content-Security-Policy") == 1
    scripts, styles = inline(html, "script"), inline(html, "style")
    assert len(scripts) == 1 and len(styles) == 1 and html.count("<script") == 1 and html.count("<style") == 1
    assert csp == (f"default-src 'none'; script-src 'sha256-{sha256(scripts[0])}'; "
                   f"style-src 'sha256-{sha256(styles[0])}'")


def test_the_page_reaches_for_nothing_outside_itself():
    for page in (explore(seed=0), explore(gdviz.load_csv(example_csv()), eta="auto", seed=0)):
        html = page.html
        assert not re.search(r"https?://", html, flags=re.I)  # not even a documentation link
        assert not re.search(r"\s(src|href)\s*=", html, flags=re.I)
        assert not re.search(r"\sstyle\s*=", html, flags=re.I)  # the CSP would refuse it anyway
        assert "eval(" not in html and "new Function" not in html and "innerHTML" not in html
        assert "import(" not in html and "fetch(" not in html and "XMLHttpRequest" not in html


def test_the_css_holds_no_colour_of_its_own():
    """Colours come from the theme (CSS variables Python writes), as everywhere in gdviz."""
    css = (ROOT / "src/gdviz/page/explore.css").read_text()
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", css)


# -- the Page object ----------------------------------------------------------------------

def test_page_save_and_notebook_repr(tmp_path):
    page = explore(seed=0)
    assert isinstance(page, Page) and "200 points" in repr(page)
    out = page.save(tmp_path / "sub" / "page.html")
    assert out.read_text(encoding="utf-8") == page.html
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["page.html"]  # no temporary left
    with pytest.raises(gdviz.GdvizError, match=r"\.html"):
        page.save(tmp_path / "page.gif")
    frame = page._repr_html_()
    assert frame.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts"' in frame
    assert "<script>" not in frame  # the page is escaped into the attribute


def test_explore_warns_as_train_does():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        explore(eta=0.0085, epochs=120, seed=0)
    said = [str(w.message) for w in caught if issubclass(w.category, gdviz.GdvizWarning)]
    # Where it diverges, by the documented rule on the tutorial's own loop from the same start:
    # the first epoch whose SSE is above 10^6 times the first.
    from conftest import tutorial_loop

    data = gdviz.make_data(seed=0)
    start = gdviz.train(data, epochs=1, seed=0)
    with np.errstate(over="ignore", invalid="ignore"):
        sse = tutorial_loop(data.x, data.y, start.w1[0], start.w0[0], epoch=120, eta=0.0085)[2]
    epoch = int(np.argmax(~(sse <= 1e6 * sse[0])))
    assert epoch > 0
    assert len(said) == 2 and "stability bound" in said[0] and f"diverged: at epoch {epoch}" in said[1]
    assert all(w.filename == __file__ for w in caught)  # said where explore() was called


# -- the command line ---------------------------------------------------------------------

def test_gdviz_explore_writes_the_page(tmp_path):
    from gdviz.cli import main

    assert main(["explore", "-o", str(tmp_path / "t.html")]) == 0
    tutorial = page_json((tmp_path / "t.html").read_text(encoding="utf-8"))
    assert tutorial["default"] == explore(seed=0).data["default"]
    assert main(["explore", "--data", str(example_csv()), "--optimizer", "adam:beta1=0.8", "--epochs", "500",
                 "-o", str(tmp_path / "cars.html")]) == 0
    cars = page_json((tmp_path / "cars.html").read_text(encoding="utf-8"))
    h = gdviz.train(gdviz.load_csv(example_csv()), optimizer="adam", beta1=0.8, epochs=500, eta="auto", seed=0)
    assert cars["default"]["eta"] == h.meta["eta"] and cars["default"]["epochs"] == 500
    assert cars["source"] == "cars.csv"
    by_name = {o["name"]: o for o in cars["optimizers"]}
    assert by_name["gd"]["eta"] == gdviz.train(gdviz.load_csv(example_csv()), eta="auto", epochs=500,
                                               seed=0).meta["eta"]  # --data: auto for every optimizer
    h.save(tmp_path / "run.npz")
    assert main(["explore", "--history", str(tmp_path / "run.npz"), "-o", str(tmp_path / "h.html")]) == 0
    assert page_json((tmp_path / "h.html").read_text(encoding="utf-8"))["default"]["opt"] == "adam"


# -- package data -------------------------------------------------------------------------

def test_the_wheel_ships_the_page_files(tmp_path):
    """Build the wheel as pip would and find the template, the script's modules and the style sheet in it."""
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
                           str(ROOT)], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 and ("NewConnectionError" in proc.stderr or "No matching distribution" in proc.stderr):
        pytest.skip(f"cannot build a wheel here (no package index for the build backend): {proc.stderr[-300:]}")
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("gdviz-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("explore.html", "explore.css"):
        assert f"gdviz/page/{name}" in names, sorted(names)
    modules = sorted(p.name for p in (ROOT / "src/gdviz/page/js").glob("*.js"))
    assert len(modules) >= 6
    for name in modules:  # every module of the page's script
        assert f"gdviz/page/js/{name}" in names, sorted(names)
    assert "gdviz/examples/cars.csv" in names


def test_the_gallery_pages_are_what_gdviz_explore_writes(tmp_path, monkeypatch):
    from gdviz.cli import main
    from gdviz.gallery import EXPLORE_PAGES, _page

    assert [name for name, _ in EXPLORE_PAGES] == ["explore.html", "explore-cars.html"]
    assert main(["explore", "-o", str(tmp_path / "a.html")]) == 0
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == _page("tutorial").html
    monkeypatch.chdir(example_csv().parent)  # the page names the file as it was given: cars.csv
    assert main(["explore", "--data", "cars.csv", "-o", str(tmp_path / "b.html")]) == 0
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == _page("cars").html


@pytest.mark.filterwarnings("ignore")  # (train's advice on these short runs)
def test_the_page_names_its_data_as_it_was_given_for_copy_as_python():
    """Issue 17, "copy as Python": the page's origin names the tutorial by its seed, a file by what
    `gdviz explore --data` was given, a Dataset by its points at full precision (at most 2,000), else its size."""
    tutorial = gdviz.explore(seed=3).data["origin"]
    assert (tutorial["kind"], tutorial["seed"], tutorial["scale"]) == ("tutorial", 3, "auto")
    history = gdviz.train(gdviz.make_data(seed=3), seed=3)
    assert tutorial["seed_start"] == [history.intercept[0], history.slope[0]]
    given = {"path": "data/cars.csv", "x": "speed", "y": "1", "missing": None}
    small = gdviz.make_data(n=40, seed=2)
    named = gdviz.explore(small, seed=1, origin=given).data["origin"]
    assert {k: named[k] for k in ("kind", "path", "x", "y", "missing")} == {"kind": "file", **given}
    points = gdviz.explore(small, seed=1).data["origin"]
    assert points["kind"] == "points"
    sample = gdviz.explore(small, seed=1).data["sample"]  # what the snippet writes out: every point, exactly
    assert sample["x"] == small.x.tolist() and sample["y"] == small.y.tolist()
    big = gdviz.explore(gdviz.make_data(n=2_001, seed=2), seed=1).data["origin"]
    assert (big["kind"], big["n"]) == ("unnamed", 2_001)
    saved = gdviz.explore(history).data["origin"]
    assert (saved["kind"], saved["scale"], saved["seed"]) == ("points", "none", None)
