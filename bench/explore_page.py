"""The explore page in headless Chromium: its size, how fast set() re-runs and redraws, a screenshot.

    python bench/explore_page.py                               # renders/explore.html
    python bench/explore_page.py renders/explore-cars.html --screenshot /tmp/cars.png

Needs selenium and Debian's chromium + chromium-driver (as the browser tests do). Prints
the page's size and the time of a synchronous ``gdviz.set()`` for every optimizer on the page at
300 and 100,000 epochs, median and slowest of 40 (the aims: 16 ms and 50 ms; the suite asserts
no timing): a new start (the run recomputed, every panel redrawn), a new eta, every other one
the optimizer's own (as a drag on the slider snaps to it), which changes the eta note's length
(issue 17, defect 9: that re-laid the panels out, repainting the surface, each time), and a moved
data point at 300 epochs (the sums, the scaling, the bowl and the run recomputed, the data panel
redrawn and the surface painted as a draft, as while a drag moves it; aim 16 ms) and, with the data
at rest before, the same with the surface's full paint;
``--screenshot`` writes a 1400x900 PNG of the page at ``--fragment`` (default: the
tutorial's run at epoch 60, the path half travelled).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

TIMING = """
const epochs = arguments[0], opt = arguments[1], what = arguments[2];
gdviz.set({epochs: epochs, opt: opt});
const s = gdviz.state(), times = [], sample = GDVIZ_DATA.sample, row = sample.rows ? sample.rows[0] : 0;
const x = sample.x[0], y = sample.y[0], dy = (GDVIZ_DATA.fit.y[1] - GDVIZ_DATA.fit.y[0]) / 50;
for (let i = 0; i < 40; i++) {
  const part = what === "start" ? {w0: s.w0 + 0.01 * (i % 7), w1: s.w1 - 0.01 * (i % 5)} :
    what === "point" ? {points: [[row, x, y + dy * (1 + i % 9)]]} :  // a point dragged up and down
    {eta: i % 2 ? s.eta : s.eta * (1.01 + 0.01 * (i % 7))};  // every other one the optimizer's own
  const t = performance.now();
  gdviz.set(part);
  times.push(performance.now() - t);
}
gdviz.set({eta: s.eta, w0: s.w0, w1: s.w1, points: []});
return times;
"""

AT_REST = """
const sample = GDVIZ_DATA.sample, row = sample.rows ? sample.rows[0] : 0, i = arguments[0];
if (i === 0) gdviz.set({epochs: 300, opt: "gd"});
const dy = (GDVIZ_DATA.fit.y[1] - GDVIZ_DATA.fit.y[0]) / 50, x = sample.x[0];
const t = performance.now();
gdviz.set({points: i % 2 ? [] : [[row, x, GDVIZ_DATA.fit.y[0] + dy * (10 + i)]]});
return performance.now() - t;
"""


def chromium(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                f"--user-data-dir={tempfile.mkdtemp(prefix='gdviz-bench-')}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


def save_png(png: bytes, path: str) -> None:
    """The screenshot with a 256-colour palette: a third of the bytes, no visible change (flat panels)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", nargs="?", default="renders/explore.html")
    parser.add_argument("--screenshot", default=None, metavar="PNG")
    parser.add_argument("--fragment", default="#epoch=60")
    args = parser.parse_args()
    page = Path(args.page).resolve()
    print(f"{page.name}: {page.stat().st_size:,} bytes")
    driver = chromium(1400, 900)
    try:
        driver.get(page.as_uri())
        names = driver.execute_script("return GDVIZ_DATA.optimizers.map(function (o) { return o.name; })")
        for what in ("start", "eta", "point"):
            for epochs in ((300, 100_000) if what != "point" else (300,)):
                for name in names:
                    times = driver.execute_script(TIMING, epochs, name, what)
                    print(f"set({what:5s}) {name:8s} {epochs:>7,} epochs: median {statistics.median(times):5.1f} ms, "
                          f"slowest {max(times):5.1f} ms (aim: {16 if epochs == 300 else 50} ms)")
        rested = []  # a point moved once, the data at rest before: the surface painted in full, not as a draft
        for i in range(12):
            time.sleep(0.3)
            rested.append(driver.execute_script(AT_REST, i))
        print(f"set(point) at rest, gd     300 epochs: median {statistics.median(rested):5.1f} ms, "
              f"slowest {max(rested):5.1f} ms (the surface's full paint; a drag paints drafts between)")
        if args.screenshot:
            driver.get("about:blank")
            driver.get(page.as_uri() + args.fragment)
            save_png(driver.get_screenshot_as_png(), args.screenshot)
            print(f"wrote {args.screenshot}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
