"""The table of default learning rates in docs/optimizers.md, measured: every optimizer, 300 epochs, seed 0.

For each optimizer: its default eta and where that ends on the tutorial's data (200
points, the deliberately bad start) and on cars.csv (x standardised, as scale="auto"
does), as the SSE's gap above least squares ("2 times": twice the least-squares SSE);
then eta="auto", the command line's default with --data, on cars.csv.

usage: python bench/optimizers.py
"""

from __future__ import annotations

import warnings
from pathlib import Path

import gdviz
from gdviz.optimizers import OPTIMIZERS, format_spec

CARS = Path(__file__).resolve().parent.parent / "src" / "gdviz" / "examples" / "cars.csv"


def gap(history) -> str:
    if "diverged_at" in history.meta:
        return f"diverged at {history.meta['diverged_at']}"
    g = history.meta["gap"]
    if g >= 1:
        return f"{1 + g:.2g} times"
    return f"{100 * g:.2g}%" if g >= 1e-4 else "< 0.01%"


def main() -> None:
    tutorial, cars = gdviz.make_data(seed=0), gdviz.load_csv(CARS)
    print("| optimizer | default eta | tutorial | cars.csv | cars.csv, eta auto |")
    print("|---|---|---|---|---|")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a default eta far from ideal on cars.csv warns; the table says it
        for name, cls in OPTIMIZERS.items():
            runs = [gdviz.train(tutorial, optimizer=name, seed=0), gdviz.train(cars, optimizer=name, seed=0)]
            auto = gdviz.train(cars, optimizer=name, eta="auto", seed=0)
            print(f"| `{format_spec(name, cls.defaults)}` | {cls.default_eta:g} | {gap(runs[0])} | {gap(runs[1])} "
                  f"| {gap(auto)} (eta {auto.meta['eta']:.3g}) |")


if __name__ == "__main__":
    main()
