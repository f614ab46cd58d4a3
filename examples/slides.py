"""Slides: a dark 16:9 video for a projector, a PowerPoint slide with it, a filmstrip PDF for the handout.

    python examples/slides.py [OUT_DIR] [--quick]

Writes into OUT_DIR (default examples/out):

- descent-dark-slides.mp4: 1920x1080, dark theme, type sized to read from the back row;
- descent-dark-slides.pptx: one 16:9 slide with that video on it, playing on click
  (only when python-pptx is installed: pip install "gdviz[slides]");
- handout-filmstrip.pdf: the tutorial's 15 stills (epochs 0, 20, ..., 280) on one
  page, vector graphics with real text, in the light theme, for print.

--quick draws small and short (320x180, 10 frames, a 4-tile filmstrip): the test suite
runs every example that way.
"""

import argparse
import importlib.util
from pathlib import Path

import gdviz


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--quick", action="store_true", help="320x180, 10 frames, 4 stills")
    args = parser.parse_args(argv)
    out = args.out_dir
    quick = {"size": (320, 180), "max_frames": 10} if args.quick else {}

    history = gdviz.train(gdviz.make_data(seed=0), seed=0)  # the tutorial's run

    # A preset sets the size, frame rate, type sizes and line widths together ("slides":
    # 1920x1080 at 30 fps); explicit size= or fps= override it. "dark" suits dark decks.
    slides = gdviz.Animation(history, preset="slides", theme="dark", **quick)
    print(f"wrote {slides.save(out / 'descent-dark-slides.mp4')}")

    # The same video on a ready-made slide, its last frame (the fitted line) as the preview.
    if importlib.util.find_spec("pptx") is not None:
        print(f"wrote {slides.save(out / 'descent-dark-slides.pptx')}")
    else:
        print('skipped descent-dark-slides.pptx: it needs python-pptx (pip install "gdviz[slides]")')

    # A filmstrip: N tiles at epochs k * (300 // N), each captioned with its epoch and SSE,
    # in ceil(sqrt(N)) columns. A .pdf keeps the text as text; .png and .svg work too.
    handout = {"size": (320, 180), "filmstrip": 4} if args.quick else {"size": (640, 360), "filmstrip": 15}
    print(f"wrote {gdviz.render(history, out / 'handout-filmstrip.pdf', **handout)}")


if __name__ == "__main__":
    main()
