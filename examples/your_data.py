"""Your own data: a CSV file or a table you already hold, eta="auto", the report, an animation.

    python examples/your_data.py [OUT_DIR] [--quick]

Reads cars.csv, shipped with gdviz (speed in mph and stopping distance in ft of 50
cars, Ezekiel 1930), prints what a teacher would check by hand (eta and why, the
scaling and why, the SSE against least squares, the line) and writes
OUT_DIR/cars.gif (OUT_DIR defaults to examples/out). --quick draws a small, short
animation (320x180, 10 frames): the test suite runs every example that way.

For your own file: gdviz.load_csv("houses.csv", x="area", y="price").
"""

import argparse
import csv
import importlib.util
from pathlib import Path

import numpy as np

import gdviz
import gdviz.gallery


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--quick", action="store_true", help="320x180, 10 frames")
    args = parser.parse_args(argv)
    quick = {"size": (320, 180), "max_frames": 10} if args.quick else {}

    # A CSV file: columns by header name (or 0-based index); by default the first two
    # numeric ones. Rows with a missing x or y are dropped, with one warning naming them.
    path = gdviz.gallery.example_csv("cars.csv")
    data = gdviz.load_csv(path, x="speed", y="dist")
    print(data)

    # A table you already hold in Python goes in by column name: a dict of arrays or
    # lists (None and NaN are missing), a numpy structured array, a pandas or polars
    # DataFrame. gdviz imports neither pandas nor polars.
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    table = {name: [float(row[name]) for row in rows] for name in ("speed", "dist")}
    from_dict = gdviz.Dataset.from_table(table, x="speed", y="dist")
    print(f"from a dict: {from_dict}, the same points: {np.array_equal(from_dict.y, data.y)}")
    if importlib.util.find_spec("pandas") is not None:
        import pandas as pd

        from_pandas = gdviz.Dataset.from_table(pd.read_csv(path), x="speed", y="dist")
        print(f"from pandas: {from_pandas}, the same points: {np.array_equal(from_pandas.y, data.y)}")

    # eta="auto": a learning rate computed for this data. x (speeds 4 to 25) makes the SSE
    # valley long and narrow, so scale="auto" (the default) trains on standardised x.
    history = gdviz.train(data, eta="auto", seed=0)
    meta = history.meta
    b0, b1 = gdviz.least_squares(data)
    print(f"eta      {meta['eta']:.3g} ({meta['eta_reason']})")
    print(f"scaling  {meta['scale_reason']}")
    print(f"SSE      {history.loss[0]:.1f} -> {history.loss[-1]:.1f}, least squares {meta['sse_least_squares']:.1f} "
          f"({meta['gap']:.4%} above)")
    print(f"line     dist = {history.slope[-1]:.4f} speed {history.intercept[-1]:+.3f}  "
          f"(least squares: {b1:.4f} speed {b0:+.3f})")

    # The fit panel draws the data in its own units, labelled with the column names; the
    # surface shows the weights trained (on standardised x) and says so.
    print(f"wrote {gdviz.render(history, args.out_dir / 'cars.gif', **quick)}")


if __name__ == "__main__":
    main()
