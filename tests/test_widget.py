"""The notebook widget: its ES module in headless Chromium with a minimal anywidget model, and its Python side.

The model below follows anywidget's front-end contract (get, set, on, off, save_changes;
set also fires "change:<name>" locally, as Backbone's does). A drag on the widget's
surface changes the model's state; a change of the model's state (as Python's would
arrive) redraws the widget; the widget's run equals ``w.history()`` to 1e-9.
"""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pytest

import gdviz
from gdviz.notebook import check_state, widget_esm
from test_explore_browser import HOSTILE_X, HOSTILE_Y, _why_no_browser, assert_same_run, browser  # noqa: F401

anywidget = pytest.importorskip("anywidget", reason="the widget needs anywidget: pip install -e '.[widget]'")
needs_browser = pytest.mark.skipif(_why_no_browser() is not None, reason=str(_why_no_browser()))

HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>widget</title></head>
<body style="margin:0"><div id="out" style="width:1200px"></div>
<script type="module">
const ESM = @@ESM@@;
function makeModel(values) {
  const handlers = {};
  const fire = (name) => (handlers["change:" + name] || []).slice().forEach((fn) => fn({ changed: name }, values[name]));
  const model = {
    get: (name) => values[name],
    set: (name, value) => { values[name] = value; fire(name); },
    on: (event, fn) => { (handlers[event] = handlers[event] || []).push(fn); },
    off: (event, fn) => { handlers[event] = (handlers[event] || []).filter((f) => f !== fn); },
    save_changes: () => { model.saved.push(JSON.parse(JSON.stringify(values.state))); },
    saved: [],
    fromPython: (name, value) => { values[name] = value; fire(name); },
    handlers: handlers,
  };
  return model;
}
window.model = makeModel({ _data: @@DATA@@, state: @@STATE@@ });
const url = URL.createObjectURL(new Blob([ESM], { type: "text/javascript" }));
const mod = await import(url);
window.cleanup = mod.default.render({ model: window.model, el: document.getElementById("out") });
window.ready = true;
</script></body></html>
"""


def _js(value) -> str:
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _quiet(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return make()


@pytest.fixture(scope="module")
def widgets():
    hostile = gdviz.make_data(n=30, seed=4)
    hostile = gdviz.Dataset(hostile.x, hostile.y, x_name=HOSTILE_X, y_name=HOSTILE_Y)
    return {"tutorial": _quiet(lambda: gdviz.widget(epochs=300)),
            "hostile": _quiet(lambda: gdviz.widget(hostile, seed=0, source="<script>window.pwned=3</script>.csv"))}


def open_widget(browser, tmp_path, w):
    from selenium.webdriver.support.ui import WebDriverWait

    page = tmp_path / "widget.html"
    html = HARNESS.replace("@@ESM@@", _js(w._esm)).replace("@@DATA@@", _js(w._data)).replace("@@STATE@@", _js(w.state))
    page.write_text(html, encoding="utf-8")
    browser.get("about:blank")
    browser.get_log("performance")
    browser.get_log("browser")
    browser.get(page.as_uri())
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.ready === true"))
    return browser.execute_script("return document.querySelector('.gdviz-widget').shadowRoot")


def page_state(browser) -> dict:
    return browser.execute_script("return document.querySelector('.gdviz-widget').gdviz.state()")


def picture(browser, canvas: str) -> str:
    return browser.execute_script(
        f"return document.querySelector('.gdviz-widget').shadowRoot.getElementById('{canvas}').toDataURL()")


@needs_browser
def test_a_drag_changes_the_models_state_and_history_is_that_run(browser, tmp_path, widgets):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    w = widgets["tutorial"]
    root = open_widget(browser, tmp_path, w)
    before = browser.execute_script("return model.get('state')")
    assert before == w.state  # the page took Python's state as it is
    surface = root.find_element("css selector", "#surface")
    assert surface.size["width"] > 200 and surface.size["height"] > 100
    chain = ActionChains(browser, duration=20).move_to_element_with_offset(surface, -100, -50).click_and_hold()
    for _ in range(5):
        chain.move_by_offset(10, 6)
    chain.release().perform()
    WebDriverWait(browser, 5).until(
        lambda d: d.execute_script("return model.get('state')")["w0"] != before["w0"])
    after = browser.execute_script("return model.get('state')")
    assert browser.execute_script("return model.saved.length") >= 1  # sent with save_changes
    assert after == {"w0": page_state(browser)["w0"], "w1": page_state(browser)["w1"], "eta": before["eta"],
                     "optimizer": "gd", "epochs": 300, "epoch": page_state(browser)["epoch"]}
    w.state = after  # what the kernel receives
    got = browser.execute_script("return document.querySelector('.gdviz-widget').gdviz.run()")
    assert_same_run({k: np.array(v, dtype=float) for k, v in got.items()}, _quiet(w.history))
    messages = [m["message"] for m in browser.get_log("browser")]
    assert not messages, messages


@needs_browser
def test_a_model_change_redraws_and_the_whole_state_comes_back(browser, tmp_path, widgets):
    from selenium.webdriver.support.ui import WebDriverWait

    open_widget(browser, tmp_path, widgets["tutorial"])
    surface, loss = picture(browser, "surface"), picture(browser, "loss")
    browser.execute_script("model.fromPython('state', {eta: 0.0035, epoch: 40})")  # a part, as Python may set it
    assert page_state(browser)["eta"] == 0.0035 and page_state(browser)["epoch"] == 40
    assert picture(browser, "surface") != surface and picture(browser, "loss") != loss
    assert browser.execute_script("return document.querySelector('.gdviz-widget').shadowRoot"
                                  ".getElementById('epoch').value") == "40"
    WebDriverWait(browser, 5).until(lambda d: len(d.execute_script("return model.get('state')")) == 6)
    assert browser.execute_script("return model.get('state')")["eta"] == 0.0035
    browser.execute_script("model.fromPython('state', Object.assign({}, model.get('state'), {optimizer: 'adam'}))")
    assert page_state(browser)["opt"] == "adam"
    # Removed, the widget no longer listens.
    browser.execute_script("window.cleanup()")
    assert browser.execute_script("return (model.handlers['change:state'] || []).length") == 0


@needs_browser
def test_no_network_and_user_strings_stay_text(browser, tmp_path, widgets):
    root = open_widget(browser, tmp_path, widgets["hostile"])
    assert browser.execute_script("return window.pwned === undefined")
    what = root.find_element("css selector", "#what").get_attribute("textContent")
    assert "<script>window.pwned=3</script>.csv" in what and HOSTILE_Y in what
    requests = [json.loads(m["message"])["message"] for m in browser.get_log("performance")]
    urls = {r["params"]["request"]["url"] for r in requests if r["method"] == "Network.requestWillBeSent"}
    assert all(u.startswith(("file://", "blob:")) for u in urls), urls


def test_the_esm_is_the_pages_modules_and_the_adapter():
    from gdviz.explore import page_scripts

    esm = widget_esm()
    at = 0
    for _, text in page_scripts():  # every module, in the page's order, as it is
        at = esm.index(text, at)
    assert esm.rstrip().endswith("export default { render: render };")
    assert not re.search(r"^\s*import\b|\bimport\(|\bfetch\(|XMLHttpRequest|WebSocket|EventSource", esm, re.M)


def test_state_from_python_is_checked_and_completed(widgets):
    w = widgets["tutorial"]
    w.state = {"optimizer": "momentum"}  # brings momentum's eta, as the page does
    assert w.state["optimizer"] == "momentum" and w.state["eta"] == w._data["optimizers"][1]["eta"]
    seen = []
    w.observe(lambda change: seen.append(change["new"]["epochs"]), "state")
    w.state = {"epochs": 50}
    assert seen == [50] and w.state["epoch"] == 49
    assert w.animation(size=(320, 180), max_frames=3).history.meta["optimizer"] == "momentum"
    for bad, words in (({"speed": 1}, "has no key 'speed'"), ({"eta": -1.0}, "`eta` must be a number > 0"),
                       ({"optimizer": "sgd"}, "`optimizer` must be one of"),
                       ({"epochs": 0}, "`epochs` must be a whole number from 1")):
        with pytest.raises(gdviz.GdvizError, match=None) as err:
            check_state(bad, w.state, {})
        assert words in str(err.value)


def test_the_example_notebook_runs_on_a_real_kernel():
    """examples/widget.ipynb, executed by nbclient on a fresh kernel: it builds the widget, sets its state, checks
    history(), and the History shows as a picture though pyplot was never imported (a fresh notebook)."""
    nbformat = pytest.importorskip("nbformat", reason="nbclient runs the notebook: pip install -e '.[test]'")
    nbclient = pytest.importorskip("nbclient", reason="nbclient runs the notebook: pip install -e '.[test]'")
    pytest.importorskip("ipykernel", reason="the notebook needs a kernel: pip install -e '.[test]'")
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "examples" / "widget.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys\nprint('matplotlib.pyplot' in sys.modules)"))
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()  # a failing cell raises here
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    kinds = [sorted(o.get("data", {})) for o in outputs]
    assert ["application/vnd.jupyter.widget-view+json", "text/plain"] in kinds  # the widget itself
    assert ["image/png", "text/plain"] in kinds  # the History, as a picture
    assert outputs[-1].text.strip() == "False"  # with no pyplot


def test_without_anywidget_the_widget_says_how_to_install_it(monkeypatch):
    import sys

    from gdviz import notebook

    monkeypatch.setattr(notebook, "_CLASS", None)
    monkeypatch.setitem(sys.modules, "anywidget", None)  # as if not installed
    with pytest.raises(gdviz.GdvizError, match=r"pip install \"gdviz\[widget\]\""):
        gdviz.widget()
