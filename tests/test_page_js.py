"""The explore page's script against Python: node's tests (tests/js/*.test.js) and their fixtures.

The script's modules (src/gdviz/page/js/) mirror Python functions: the runs, tick labels,
readouts, the gap wording, the scaling, curve thinning and pacing. tests/js/write_fixtures.py
writes those functions' answers as JSON fixtures, which node's built-in test runner holds
the script to. Here: every committed fixture is what the Python functions answer today (else
it is stale: write them again), and ``node --test tests/js`` passes (skipped, saying so,
only where node is not installed).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import gdviz

ROOT = Path(__file__).resolve().parents[1]
JS_TESTS = ROOT / "tests" / "js"


def _writer():
    spec = importlib.util.spec_from_file_location("write_fixtures", JS_TESTS / "write_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WRITER = _writer()


@pytest.fixture(scope="module")
def fresh():
    """Every fixture, written again in memory from the Python functions as they are now."""
    return WRITER.build()


@pytest.mark.parametrize("name", [f"{name}.json" for name in WRITER.FIXTURES])
def test_the_committed_fixture_is_what_python_answers_today(fresh, name):
    committed = (WRITER.FOLDER / name).read_text(encoding="utf-8") if (WRITER.FOLDER / name).exists() else None
    assert committed == fresh[name], (f"tests/js/fixtures/{name} is stale: a Python function the page's script "
                                      "mirrors (or a case) changed; run python tests/js/write_fixtures.py and check "
                                      "that node --test still passes")


def test_every_fixture_file_is_written_by_the_writer():
    assert sorted(p.name for p in WRITER.FOLDER.glob("*.json")) == sorted(f"{n}.json" for n in WRITER.FIXTURES)


def test_node_passes_the_pages_script_tests():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs; .ci/run installs it): the page's script "
                    "is untested")
    proc = subprocess.run([node, "--test", "tests/js"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    summary = dict(re.findall(r"^# (tests|pass|fail) (\d+)$", proc.stdout, flags=re.M))
    assert proc.returncode == 0 and summary.get("fail") == "0", proc.stdout[-6000:] + proc.stderr[-2000:]
    assert int(summary["tests"]) >= 10 and summary["pass"] == summary["tests"], summary


def test_the_curve_points_constant_is_where_the_animation_starts_thinning():
    """schedule.CURVE_POINTS, which the page's JSON carries, is where curve_rows starts thinning."""
    none = np.empty(0, dtype=np.int64)
    n = WRITER.CURVE_POINTS
    assert np.array_equal(WRITER.curve_rows(n, none), np.arange(n))
    assert len(WRITER.curve_rows(n + 1, none)) < n + 1


def test_the_page_runs_its_modules_in_name_order_with_its_constants_in_the_json():
    from gdviz.explore import page_scripts

    page = gdviz.explore(seed=0)
    script = re.search(r"<script>(.*?)</script>", page.html, flags=re.S).group(1)
    names = [name for name, _ in page_scripts()]
    assert names == sorted(p.name for p in (ROOT / "src/gdviz/page/js").glob("*.js")) and len(names) >= 6
    at = [script.index(text) for _, text in page_scripts()]
    assert at == sorted(at)  # each module whole, in order
    assert script.startswith("const GDVIZ_DATA = ") and script.rstrip().endswith("})();")
    data = json.loads(re.search(r"const GDVIZ_DATA = (\{.*?\});\n", script).group(1))
    assert (data["curve_points"], data["motion_share"]) == (WRITER.CURVE_POINTS, WRITER.MOTION_SHARE)
    # The two constants live in the JSON only: not in the script, nor in the modules that thin and pace.
    assert not re.search(r"\b2,?400\b", script.split(";\n", 1)[1])
    for name, text in page_scripts():
        if name.endswith(("-runs.js", "-state.js")):
            assert not re.search(r"\b2,?400\b|\b0?\.75\b|\b0?\.25\b", text), name


SNIPPET = """
const { load } = require("./tests/js/load.js");
const info = JSON.parse(process.argv[1]);
process.stdout.write(load().page.pythonSnippet(info));
"""


def test_the_pages_python_snippet_applies_moved_points_as_train_would():
    """The snippet the page copies (76-snippet.js) with a moved-points list: run here, it trains on the data
    with those rows moved, exactly as gdviz.train on that data (issue 17, "copy as Python")."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs; .ci/run installs it)")
    points = [[12, 0.5, 2.8], [40, 0.9, 2.125], [199, 0.05, -1.5]]
    info = {"origin": {"kind": "tutorial", "seed": 3, "scale": "auto", "seed_start": None},
            "state": {"w0": 0.25, "w1": -1.5, "eta": 0.002, "opt": "momentum", "epochs": 60},
            "hyperparameters": {"beta": 0.8}, "points": points}
    proc = subprocess.run([node, "-e", SNIPPET, json.dumps(info)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    body, last = proc.stdout.rstrip().rsplit("\n", 1)
    assert last == 'gdviz.render(history, "descent.gif")'
    space: dict = {}
    exec(body, space)
    data = gdviz.make_data(seed=3)
    x, y = data.x.copy(), data.y.copy()
    for row, new_x, new_y in points:
        x[row], y[row] = new_x, new_y
    want = gdviz.train(gdviz.Dataset(x, y), w0=0.25, w1=-1.5, eta=0.002, optimizer="momentum", epochs=60, beta=0.8)
    got = space["history"]
    for key in ("w0", "w1", "loss"):
        assert np.array_equal(getattr(got, key), getattr(want, key)), key
