"""The explore page in a real browser: headless Chromium driven by selenium.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); where they are
missing every test here skips and says so. The page loads from ``file://`` with no
console message and no request beyond its own file, re-runs exactly what
``gdviz.train`` runs, follows its URL fragment, answers a drag on the contour, and runs
no script hidden in a column name. The update times are printed, not asserted (the
machine is shared).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import gdviz
from gdviz.explore import OPTIMIZERS, explore
from gdviz.gallery import example_csv

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def _why_no_browser():
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            return f"no {path} (apt-get install chromium chromium-driver; .ci/run does)"
    return None


pytestmark = pytest.mark.skipif(_why_no_browser() is not None, reason=str(_why_no_browser()))

HOSTILE_X = "</script><script>window.pwned=1</script>"
HOSTILE_Y = "\"quoted\" 'it' <img src=x onerror=\"window.pwned=2\">"


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="gdviz-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                f"--user-data-dir={profile}", "--window-size=1400,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    cars = gdviz.load_csv(example_csv())
    tutorial = gdviz.make_data(seed=0)
    hostile = gdviz.make_data(n=30, seed=4)
    hostile = gdviz.Dataset(hostile.x, hostile.y, x_name=HOSTILE_X, y_name=HOSTILE_Y)
    out = {}
    for name, page in (("tutorial", explore(seed=0)),
                       ("cars", explore(cars, eta="auto", seed=0, source="cars.csv")),
                       ("hostile", explore(hostile, seed=0, source="<script>window.pwned=3</script>.csv"))):
        out[name] = page.save(folder / f"{name}.html")
    out["big"] = explore(gdviz.make_data(n=3_000, seed=5), eta="auto", seed=0).save(folder / "big.html")
    out["data"] = {"tutorial": tutorial, "cars": cars}
    return out


def load(browser, path: Path, fragment: str = "") -> None:
    """Open the page afresh (not a same-document hash change), with empty logs."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get("about:blank")
    browser.get_log("performance")
    browser.get_log("browser")
    browser.get(path.as_uri() + fragment)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return !!window.gdviz"))


def state(browser) -> dict:
    return browser.execute_script("return gdviz.state()")


def run(browser) -> dict:
    got = browser.execute_script("return gdviz.run()")
    return {k: np.array(v, dtype=float) for k, v in got.items()}


def assert_same_run(got: dict, history, *, exact: bool = False) -> None:
    """run() against a History: exactly, or to 1e-9 relative (loss: 1e-9 of max(loss, loss[0]))."""
    assert len(got["w0"]) == len(history), (len(got["w0"]), len(history))
    assert np.array_equal(got["epoch"], history.epoch)
    if exact:
        for key in ("w0", "w1", "loss"):
            assert np.array_equal(got[key], getattr(history, key)), key
        return
    for key in ("w0", "w1"):
        want = getattr(history, key)
        np.testing.assert_allclose(got[key], want, rtol=1e-9, atol=1e-9 * np.abs(want).max() * 1e-3, err_msg=key)
    scale = np.maximum(history.loss, history.loss[0])
    assert np.all(np.abs(got["loss"] - history.loss) <= 1e-9 * scale)


def moments_path(monkeypatch, data, **kwargs):
    """gdviz.train on its moments path (what long runs and big data sets take)."""
    monkeypatch.setattr(sys.modules["gdviz.training.train"], "FAST_WORK", 0)
    with _quiet():
        return gdviz.train(data, **kwargs)


@contextlib.contextmanager
def _quiet():
    """No warnings (the runs here may be far from least squares on purpose)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# -- loading --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["tutorial", "cars", "hostile"])
def test_the_page_loads_offline_with_no_console_message_and_no_request(browser, pages, name):
    path = pages[name]
    load(browser, path)
    time.sleep(0.3)  # anything late (a lazy request, an error in a timer) shows up too
    assert browser.get_log("browser") == []
    requests = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            url = message["params"].get("request", message["params"]).get("url", "")
            requests.append(url)
    assert requests == [path.as_uri()], requests  # the page's own file, nothing else


def test_a_big_data_set_says_how_many_points_it_shows(browser, pages):
    load(browser, pages["big"])
    assert "(showing 2,000 of 3,000;" in browser.find_element("id", "data-note").text
    assert browser.execute_script("return GDVIZ_DATA.sample.x.length") == 2000
    assert browser.get_log("browser") == []


# -- exactly what gdviz.train runs -----------------------------------------------------------

def test_the_default_run_is_the_run_gdviz_render_makes(browser, pages):
    load(browser, pages["tutorial"])
    history = gdviz.train(pages["data"]["tutorial"], seed=0)  # what `gdviz render` trains
    assert state(browser) == {"w0": history.intercept[0], "w1": history.slope[0], "eta": 0.001, "opt": "gd",
                              "epochs": 300, "epoch": 299}
    assert_same_run(run(browser), history)
    load(browser, pages["cars"])
    with _quiet():
        history = gdviz.train(pages["data"]["cars"], eta="auto", seed=0)  # `gdviz render --data cars.csv`
    assert state(browser)["eta"] == history.meta["eta"]
    assert_same_run(run(browser), history)


def test_a_fragment_sets_the_run(browser, pages):
    load(browser, pages["tutorial"], "#w0=1&w1=-2.5&eta=0.004&opt=momentum&epochs=500&epoch=120")
    assert state(browser) == {"w0": 1.0, "w1": -2.5, "eta": 0.004, "opt": "momentum", "epochs": 500, "epoch": 120}
    history = gdviz.train(pages["data"]["tutorial"], w0=1, w1=-2.5, eta=0.004, optimizer="momentum", epochs=500,
                          seed=0)
    assert_same_run(run(browser), history)
    # A fragment with some keys keeps the others; a new optimizer brings its own eta for this data.
    load(browser, pages["cars"], "#opt=adam&epochs=200")
    s = state(browser)
    with _quiet():
        history = gdviz.train(pages["data"]["cars"], optimizer="adam", eta="auto", epochs=300, seed=0)
    assert (s["opt"], s["epochs"], s["eta"]) == ("adam", 200, history.meta["eta"])
    with _quiet():
        history = gdviz.train(pages["data"]["cars"], optimizer="adam", eta=s["eta"], epochs=200, seed=0)
    assert_same_run(run(browser), history)


@pytest.mark.parametrize("data_name", ["tutorial", "cars"])
def test_every_optimizer_repeats_trains_moments_path_bit_for_bit(browser, pages, monkeypatch, data_name):
    """The page repeats _MomentsBowl + _optimize operation for operation: equal, not just close.

    Against train's points path (short runs on small data) every optimizer agrees to 1e-9,
    except RMSprop, whose hops amplify a last-bit difference about fourfold per epoch
    (tests/test_optimizers.py): its points path parts from its moments path after about 80
    epochs, so the page is held to the moments path there, exactly.
    """
    data = pages["data"][data_name]
    load(browser, pages[data_name], "#epochs=2000")
    for name in OPTIMIZERS:
        s = browser.execute_script("return gdviz.set(arguments[0])", {"opt": name})
        kwargs = dict(epochs=2000, eta=s["eta"], optimizer=name, w0=s["w0"], w1=s["w1"], seed=0)
        got = run(browser)
        assert_same_run(got, moments_path(monkeypatch, data, **kwargs), exact=True)
        monkeypatch.undo()
        if name != "rmsprop":
            with _quiet():
                assert_same_run(got, gdviz.train(data, **kwargs))


def test_a_diverging_run_stops_where_train_stops(browser, pages):
    load(browser, pages["tutorial"], "#eta=0.0085&epochs=120")
    with _quiet():
        history = gdviz.train(pages["data"]["tutorial"], eta=0.0085, epochs=120, seed=0)
    assert history.meta["diverged_at"] == 45
    assert_same_run(run(browser), history)
    assert state(browser)["epoch"] == 44
    assert "diverged at epoch 45" in browser.find_element("id", "readout").text


# -- the URL fragment and the script interface -------------------------------------------

def test_hashchange_restores_a_state(browser, pages):
    from selenium.webdriver.support.ui import WebDriverWait

    load(browser, pages["tutorial"])
    browser.execute_script("gdviz.set({eta: 0.002, opt: 'nesterov', epoch: 10})")
    wanted = {"w0": 0.25, "w1": 1.5, "eta": 0.0005, "opt": "adagrad", "epochs": 80, "epoch": 33}
    browser.execute_script("location.hash = arguments[0]", "#" + "&".join(f"{k}={v}" for k, v in wanted.items()))
    WebDriverWait(browser, 5).until(lambda d: state(d) == wanted)
    history = gdviz.train(pages["data"]["tutorial"], w0=0.25, w1=1.5, eta=0.0005, optimizer="adagrad", epochs=80,
                          seed=0)
    assert_same_run(run(browser), history)
    browser.execute_script("location.hash = '#epoch=5'")  # a subset of the keys: the rest stay
    WebDriverWait(browser, 5).until(lambda d: state(d)["epoch"] == 5)
    assert state(browser) == {**wanted, "epoch": 5}


def test_the_fragment_follows_every_change(browser, pages):
    load(browser, pages["tutorial"])
    s = browser.execute_script("return gdviz.set({w0: 0.5, w1: -1, eta: 0.003, epochs: 250, epoch: 7})")
    time.sleep(0.2)  # writes are at most every 150 ms; the last one always lands
    fragment = browser.execute_script("return location.hash")
    assert fragment == "#w0=0.5&w1=-1&eta=0.003&opt=gd&epochs=250&epoch=7"
    assert s == {"w0": 0.5, "w1": -1, "eta": 0.003, "opt": "gd", "epochs": 250, "epoch": 7}


def test_set_refuses_what_it_cannot_apply(browser, pages):
    from selenium.common.exceptions import JavascriptException

    load(browser, pages["tutorial"])
    before = state(browser)
    for bad in ({"eta": -1}, {"eta": "fast"}, {"epochs": 100_001}, {"epochs": 2.5}, {"opt": "sgd"},
                {"bogus": 1}, {"epoch": -1}):
        with pytest.raises(JavascriptException, match="gdviz.set"):
            browser.execute_script("gdviz.set(arguments[0])", bad)
    assert state(browser) == before
    # An optimizer change brings that optimizer's eta for this data, unless eta is given too.
    assert browser.execute_script("return gdviz.set({opt: 'adam'})")["eta"] == 0.1
    assert browser.execute_script("return gdviz.set({opt: 'rmsprop', eta: 0.02})")["eta"] == 0.02
    assert browser.execute_script("return gdviz.set({epoch: 100000})")["epoch"] == 299  # clamped to the run


# -- pointers and keys -------------------------------------------------------------------

def test_a_drag_on_the_contour_moves_the_start_the_path_and_the_fragment(browser, pages):
    from selenium.webdriver.common.action_chains import ActionChains

    load(browser, pages["tutorial"])
    before, path_before = state(browser), run(browser)
    surface = browser.find_element("id", "surface")
    chain = ActionChains(browser, duration=20).move_to_element_with_offset(surface, -120, -60).click_and_hold()
    for _ in range(6):
        chain.move_by_offset(10, 6)
    chain.release().perform()
    after, path_after = state(browser), run(browser)
    assert (after["w0"], after["w1"]) != (before["w0"], before["w1"])
    assert not np.array_equal(path_after["w0"], path_before["w0"])
    assert (path_after["w0"][0], path_after["w1"][0]) == (after["w0"], after["w1"])  # x as given: trained = data
    fragment = browser.execute_script("return location.hash")
    assert f"w0={after['w0']}&w1={after['w1']}&" in fragment
    history = gdviz.train(pages["data"]["tutorial"], w0=after["w0"], w1=after["w1"], seed=0)
    assert_same_run(path_after, history)


def test_the_line_drags_in_the_data_panel_and_the_keys_move_it(browser, pages):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    load(browser, pages["cars"])
    before = state(browser)
    fit = browser.find_element("id", "fit")
    ActionChains(browser, duration=20).move_to_element_with_offset(fit, 40, 150).click_and_hold() \
        .move_by_offset(0, -40).move_by_offset(0, -40).release().perform()
    dragged = state(browser)
    assert dragged["w1"] == pytest.approx(before["w1"], rel=1e-2) and dragged["w0"] > before["w0"]
    fit.send_keys(Keys.ARROW_DOWN)
    assert state(browser)["w0"] < dragged["w0"]
    slider = browser.find_element("id", "eta-slider")
    eta = state(browser)["eta"]
    slider.send_keys(Keys.ARROW_RIGHT)
    assert state(browser)["eta"] > eta
    ActionChains(browser).send_keys_to_element(slider, Keys.HOME).perform()
    low = state(browser)["eta"]
    assert low < eta and browser.execute_script("return location.hash").count("eta=") == 1
    with _quiet():
        history = gdviz.train(pages["data"]["cars"], w0=state(browser)["w0"], w1=state(browser)["w1"], eta=low,
                              seed=0)
    assert_same_run(run(browser), history)


# -- security -----------------------------------------------------------------------------

def test_a_hostile_column_name_runs_no_script(browser, pages):
    from selenium.common.exceptions import NoAlertPresentException

    load(browser, pages["hostile"])
    assert browser.execute_script("return window.pwned") is None
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    heading = browser.find_element("id", "what").text
    assert HOSTILE_X in heading and HOSTILE_Y in heading  # shown as text, never parsed as HTML
    assert browser.execute_script("return document.querySelectorAll('img, script').length") == 1
    assert browser.get_log("browser") == []


# -- speed (printed, never asserted) ----------------------------------------------------

def test_set_times_are_printed(browser, pages, capsys):
    load(browser, pages["tutorial"])
    timing = """
        const epochs = arguments[0], opt = arguments[1];
        gdviz.set({epochs: epochs, opt: opt});
        const s = gdviz.state(), times = [];
        for (let i = 0; i < 30; i++) {
          const t = performance.now();
          gdviz.set({w0: s.w0 + 0.01 * (i % 7), w1: s.w1 - 0.01 * (i % 5)});
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        return [times[15], times[times.length - 1]];
    """
    lines = []
    for epochs in (300, 100_000):
        for name in ("gd", "adam"):
            median, worst = browser.execute_script(timing, epochs, name)
            lines.append(f"set() with {name}, {epochs:,} epochs: median {median:.1f} ms, slowest {worst:.1f} ms "
                         f"(aim: {16 if epochs == 300 else 50} ms)")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
