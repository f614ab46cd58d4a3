"""Quickstart: the tutorial's run, from its 200 points to a GIF.

    python examples/quickstart.py [OUT_DIR] [--quick]

Writes OUT_DIR/descent.gif (OUT_DIR defaults to examples/out). --quick draws a small,
short animation (320x180, 10 frames): the test suite runs every example that way.
"""

import argparse
from pathlib import Path

import gdviz


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--quick", action="store_true", help="320x180, 10 frames")
    args = parser.parse_args(argv)
    quick = {"size": (320, 180), "max_frames": 10} if args.quick else {}

    # The tutorial's setup: x ~ U(0, 1), y = 3x + N(0, 0.1), 200 points.
    data = gdviz.make_data(n=200, slope=3.0, noise=0.1, seed=0)
    # 300 epochs of full-batch gradient descent at eta = 0.001, from a deliberately bad line.
    history = gdviz.train(data, epochs=300, eta=0.001, seed=0)
    print(history)

    # The extension picks the format: .gif, .mp4, .webm, .png, .pdf, .pptx, ...
    path = gdviz.render(history, args.out_dir / "descent.gif", **quick)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
