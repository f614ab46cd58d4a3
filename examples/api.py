"""The API without a notebook: train, record your own loop, compare optimizers, a still, a saved run.

    python examples/api.py [OUT_DIR] [--quick]

Writes into OUT_DIR (default examples/out):

- race.mp4: gd, momentum and adam on the tutorial's data, from one starting line, on
  one clock (the epoch), one colour each;
- race-epoch-40.png: the race at epoch 40 (Animation.frame_at, saved with Pillow);
- my-loop.npz: the run of a training loop written by hand, recorded with a Recorder
  (History.save: plain arrays and JSON, no pickles);
- my-loop.gif: that run, loaded back with History.load and rendered.

--quick draws small and short (320x180, 10 frames): the test suite runs every example
that way.
"""

import argparse
from pathlib import Path

import numpy as np
from PIL import Image

import gdviz


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--quick", action="store_true", help="320x180, 10 frames")
    args = parser.parse_args(argv)
    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)  # gdviz makes missing folders; Pillow (step 4) does not
    quick = {"size": (320, 180), "max_frames": 10} if args.quick else {}

    # 1. Train: one row per epoch, the weights each epoch starts from, its SSE and gradient.
    data = gdviz.make_data(seed=0)
    history = gdviz.train(data, epochs=300, eta=0.001, seed=0)
    w0, w1 = gdviz.least_squares(data)
    print(f"gradient descent: y = {history.slope[-1]:.3f} x + {history.intercept[-1]:.3f}, "
          f"SSE {history.loss[0]:.1f} -> {history.loss[-1]:.3f}")
    print(f"least squares:    y = {w1:.3f} x + {w0:.3f}, SSE {history.meta['sse_least_squares']:.3f}")

    # 2. Your own loop: record each epoch after the forward pass and before the update,
    #    with the weights that forward pass used. Missing gradients are computed for you.
    x, y = data.x, data.y
    w_1, w_0 = history.w1[0], history.w0[0]  # train's starting line, to compare the two
    eta = 0.001
    rec = gdviz.Recorder(x, y)
    for epoch in range(300):
        y_hat = w_1 * x + w_0                    # forward pass
        error = 0.5 * np.sum((y - y_hat) ** 2)   # SSE
        rec.record(w0=w_0, w1=w_1, loss=error)
        w_1 = w_1 - eta * np.sum((y_hat - y) * x)   # dE/dw1 = sum (y_hat - y) x
        w_0 = w_0 - eta * np.sum(y_hat - y)         # dE/dw0 = sum (y_hat - y)
    mine = rec.history(eta=eta)
    print(f"your loop: {mine}; largest difference from gdviz.train in w1: "
          f"{np.abs(mine.w1 - history.w1).max():.1g}")

    # 3. Several optimizers in one animation: the same data, the same start (seed), one clock.
    runs = [gdviz.train(data, optimizer=name, seed=0) for name in ("gd", "momentum", "adam")]
    race = gdviz.Animation(runs, **quick)  # labelled gd, momentum, adam (or pass labels=[...])
    print(f"wrote {race.save(out / 'race.mp4')}")

    # 4. Any epoch as a picture, scheduled frame or not: an RGB uint8 array (H, W, 3).
    #    (race.save(out / "race-epoch-40.png", at=40) writes the same through gdviz.)
    still = race.frame_at(40)
    Image.fromarray(still).save(out / "race-epoch-40.png")
    print(f"wrote {out / 'race-epoch-40.png'}, {still.shape[1]}x{still.shape[0]}")

    # 5. Save a run, load it back later (or render it with `gdviz render --history my-loop.npz`).
    saved = mine.save(out / "my-loop.npz")
    again = gdviz.History.load(saved)
    print(f"wrote {saved}, loaded back: {again}")
    print(f"wrote {gdviz.render(again, out / 'my-loop.gif', **quick)}")


if __name__ == "__main__":
    main()
