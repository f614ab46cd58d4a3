"""The explore page in a real browser: headless Chromium driven by selenium.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); where they are
missing every test here skips and says so. The page loads from ``file://`` with no
console message and no request beyond its own file, re-runs exactly what
``gdviz.train`` runs, follows its URL fragment, answers a drag on the contour, keeps every
canvas the size of its box (so a press lands on what is drawn, at 1400x900 and on a
390x844 phone), and runs no script hidden in a column name. How fast it updates is
measured by ``bench/explore_page.py``, outside the suite: timings pass or fail no test.
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
from gdviz.explore import PAGE_OPTIMIZERS, explore
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
    for name in PAGE_OPTIMIZERS:
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
    # Writes are at most every 150 ms while dragging, and the last one always lands: wait for it.
    wanted = "#w0=0.5&w1=-1&eta=0.003&opt=gd&epochs=250&epoch=7"
    wait_for(lambda: browser.execute_script("return location.hash") == wanted, f"the fragment {wanted}")
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


# -- canvases measured, pointers mapped (issue 17, defect 1) -----------------------------

#: The two screens the page is pressed on: a desktop (1400x900 CSS px, one device pixel each)
#: and a phone (390x844, two device pixels per CSS pixel, the narrow layout); then each resized.
SCREENS = {"desktop": ((1400, 900, 1), (1100, 720, 1)), "phone": ((390, 844, 2), (360, 740, 2))}
#: explore.js plotRect: the plot's margins inside a panel (left, right, top, bottom), CSS px.
PLOT_MARGINS = (66, 14, 34, 48)

CANVAS_SIZES = """
return Array.from(document.querySelectorAll('canvas')).map(function (c) {
  const box = c.getBoundingClientRect();
  return {name: c.id || ('layer of ' + c.nextElementSibling.id), width: c.width, height: c.height,
          want: [box.width * devicePixelRatio, box.height * devicePixelRatio]};
});
"""

NEXT_FRAME = "const done = arguments[arguments.length - 1]; requestAnimationFrame(function () { done(true); });"

# The drawn least-squares star: the largest patch of pure white inside the surface's static
# layer that does not touch its border (the star is white with a dark edge; the contour bands
# are never white, and the label's letters are thin). Its centre, in CSS px from the canvas box.
DRAWN_STAR = """
const c = arguments[0].parentNode.querySelector('canvas.layer');
return gdvizTest.centre(c, 255, function (found) {
  return found.filter(function (f) { return !f.border; }).sort(function (a, b) { return b.count - a.count; })[0];
});
"""

# The drawn right-hand handle of the starting line: the data panel's top canvas is transparent
# but for what moves; opaque white patches there are the handles' insides (and the halo of the
# "start" label beside the left handle). The rightmost patch is the right-hand handle.
DRAWN_RIGHT_HANDLE = """
return gdvizTest.centre(arguments[0], 255, function (found) {
  return found.filter(function (f) { return f.alpha && f.count >= 10; }).sort(function (a, b) { return b.x - a.x; })[0];
});
"""

PATCHES = """
window.gdvizTest = {
  // Connected patches of opaque pure-white pixels of canvas `c`; `pick` chooses one; its centre in CSS px.
  centre: function (c, level, pick) {
    const W = c.width, H = c.height, px = c.getContext('2d').getImageData(0, 0, W, H).data;
    const mark = new Int32Array(W * H), found = [];
    const white = function (i) {
      return px[4 * i] === level && px[4 * i + 1] === level && px[4 * i + 2] === level && px[4 * i + 3] === 255;
    };
    for (let s = 0; s < W * H; s++) {
      if (mark[s] || !white(s)) continue;
      const stack = [s], f = {count: 0, x: 0, y: 0, border: false, alpha: true};
      mark[s] = found.length + 1;
      while (stack.length) {
        const i = stack.pop(), x = i % W, y = (i - x) / W;
        f.count++; f.x += x + 0.5; f.y += y + 0.5;
        if (x === 0 || y === 0 || x === W - 1 || y === H - 1) f.border = true;
        for (const j of [x > 0 ? i - 1 : -1, x < W - 1 ? i + 1 : -1, y > 0 ? i - W : -1, y < H - 1 ? i + W : -1]) {
          if (j >= 0 && !mark[j] && white(j)) { mark[j] = mark[s]; stack.push(j); }
        }
      }
      f.x /= f.count; f.y /= f.count;
      found.push(f);
    }
    const f = pick(found), box = c.getBoundingClientRect();
    if (!f) return null;
    return {x: f.x * box.width / W, y: f.y * box.height / H, count: f.count, width: box.width, height: box.height};
  },
};
"""


@pytest.fixture
def screen(browser):
    """Set the viewport (CSS px and device pixels per CSS px); the browser's own size comes back after."""
    def resize(width, height, dpr):
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": height, "deviceScaleFactor": dpr, "mobile": False})
        wait_for(lambda: browser.execute_script("return [innerWidth, innerHeight, devicePixelRatio]")
                 == [width, height, dpr], f"the viewport to become {width}x{height}")
        browser.execute_async_script(NEXT_FRAME)
    yield resize
    resize(1400, 900, 1)


def wait_for(condition, what: str, timeout: float = 10.0):
    """Poll `condition` until it is true (a generous bound for a loaded machine); fail naming `what`."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"waited {timeout:g} s for {what}")
        time.sleep(0.02)


def assert_canvases_fit(browser, when: str) -> None:
    """Every canvas's backing store is its CSS box x devicePixelRatio, within 1.5 px."""
    sizes = browser.execute_script(CANVAS_SIZES)
    assert len(sizes) == 7  # three panels with their layers, and the eta slider
    for c in sizes:
        assert abs(c["width"] - c["want"][0]) <= 1.5 and abs(c["height"] - c["want"][1]) <= 1.5, (when, c)


def choose(browser, optimizer: str) -> None:
    """Pick an optimizer in the page's own select, as a reader would."""
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "opt")).select_by_value(optimizer)
    assert state(browser)["opt"] == optimizer


def press(browser, element, at: dict, then=()):
    """Press (and drag by the offsets in `then`, then release) at `at` (CSS px from the element's box)."""
    from selenium.webdriver.common.action_chains import ActionChains

    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    chain = ActionChains(browser, duration=20).move_to_element_with_offset(
        element, round(at["x"] - at["width"] / 2), round(at["y"] - at["height"] / 2)).click_and_hold()
    for dx, dy in then:
        chain.move_by_offset(dx, dy)
    chain.release().perform()


def start_to_optimum_px(browser) -> float:
    """How far from the least-squares optimum the start is, in CSS px on the surface as drawn now."""
    data = browser.execute_script("return GDVIZ_DATA")
    box = browser.execute_script("const b = arguments[0].getBoundingClientRect(); return [b.width, b.height]",
                                 browser.find_element("id", "surface"))
    s = state(browser)
    u, v = s["w0"] + s["w1"] * data["x_shift"], s["w1"] * data["x_scale"]  # Scaling.to_trained
    (u0, u1), (v0, v1) = data["surface"]["w0"], data["surface"]["w1"]
    left, right, top, bottom = PLOT_MARGINS
    dx = (u - data["optimum"][0]) / (u1 - u0) * (box[0] - left - right)
    dy = (v - data["optimum"][1]) / (v1 - v0) * (box[1] - top - bottom)
    return float(np.hypot(dx, dy))


@pytest.mark.parametrize("where", list(SCREENS))
@pytest.mark.parametrize("name", ["tutorial", "cars"])
def test_every_canvas_matches_its_box_after_load_an_option_and_a_resize(browser, pages, screen, where, name):
    """Issue 17, defect 1: the canvases were sized before the eta note was written, and never again."""
    first, resized = SCREENS[where]
    screen(*first)
    load(browser, pages[name])
    browser.execute_async_script(NEXT_FRAME)
    assert_canvases_fit(browser, "after load")
    choose(browser, "adam")  # a three-line note: the panels get shorter
    assert_canvases_fit(browser, "after choosing adam")
    browser.execute_async_script(NEXT_FRAME)
    assert_canvases_fit(browser, "a frame after choosing adam")
    screen(*resized)
    assert_canvases_fit(browser, "a frame after a resize")
    browser.execute_script("document.getElementById('eta-note').textContent += ' And a longer note, ' + "
                           "'long enough to take another line or two on any screen. '.repeat(4);")
    browser.execute_async_script(NEXT_FRAME)
    assert_canvases_fit(browser, "a frame after the note grew")
    assert browser.get_log("browser") == []


@pytest.mark.parametrize("where", list(SCREENS))
def test_pressing_the_drawn_star_starts_on_the_optimum(browser, pages, screen, where):
    first, resized = SCREENS[where]
    screen(*first)
    load(browser, pages["cars"])  # the worst case measured: a scaled surface, a long eta note
    browser.execute_script(PATCHES)
    surface = browser.find_element("id", "surface")
    choose(browser, "adam")
    default = state(browser)
    for when in ("after choosing adam", "after a resize"):
        if when == "after a resize":
            browser.execute_script("gdviz.set(arguments[0])", {"w0": default["w0"], "w1": default["w1"]})
            assert start_to_optimum_px(browser) > 50
            screen(*resized)
        star = browser.execute_script(DRAWN_STAR, surface)
        assert star is not None and star["count"] >= 12 * first[2] ** 2, (when, star)
        press(browser, surface, star)
        assert start_to_optimum_px(browser) <= 2.0, (when, state(browser), star)


@pytest.mark.parametrize("where", list(SCREENS))
def test_dragging_the_right_hand_handle_tilts_the_line(browser, pages, screen, where):
    first, resized = SCREENS[where]
    screen(*first)
    load(browser, pages["cars"])
    browser.execute_script(PATCHES)
    fit = browser.find_element("id", "fit")
    fit_limits = browser.execute_script("return GDVIZ_DATA.fit")
    (e0, e1), (y0, y1) = fit_limits["ends"], fit_limits["y"]
    left_x, right_x = e0 + 0.12 * (e1 - e0), e1 - 0.12 * (e1 - e0)  # the handles, 12% in from the ends
    choose(browser, "adam")
    for when in ("after choosing adam", "after a resize"):
        if when == "after a resize":
            screen(*resized)
        before = state(browser)
        handle = browser.execute_script(DRAWN_RIGHT_HANDLE, fit)
        assert handle is not None, when
        press(browser, fit, handle, then=[(0, -20), (0, -20)])
        after = state(browser)
        line = lambda s, x: s["w0"] + s["w1"] * x  # noqa: E731
        per_px = (y1 - y0) / (handle["height"] - PLOT_MARGINS[2] - PLOT_MARGINS[3])
        # The left handle stays put (the line turns about it) and the right one rises 40 px.
        assert abs(line(after, left_x) - line(before, left_x)) <= 1.5 * per_px, (when, before, after)
        assert abs(line(after, right_x) - line(before, right_x) - 40 * per_px) <= 2.5 * per_px, (when, before, after)


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
