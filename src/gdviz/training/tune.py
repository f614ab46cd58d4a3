"""tune(): the learning rate that makes a race fair, each optimizer at its best eta on this data.

A race between optimizers at their default learning rates says more about the
defaults than about the optimizers. :func:`tune` tries a logarithmic grid of learning
rates (quarter octaves, through the optimizer's default) from the same start, with
the same options, and keeps the one that reaches 1% of least squares in the fewest
epochs. The full-batch optimizers step on the six sums (O(1) per epoch, so the whole
grid takes well under a second on the tutorial's 300 epochs); sgd walks the points.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

from . import optimizers
from .core import Points, descend
from .rates import parse_rate_schedule
from .diagnostics import TO_GAP, choose_scaling, epochs_to_gap, gap_reference
from .train import check_sgd_work, check_training_options, data_sums, starting_weights
from ..data.dataset import Dataset, SeedLike, seed_streams
from ..errors import GdvizError

__all__ = ["tune", "eta_grid", "GRID_BELOW", "GRID_ABOVE", "GRID_STEPS_PER_OCTAVE"]

#: The grid: the default eta times 2^(k / GRID_STEPS_PER_OCTAVE), from 2^-GRID_BELOW to 2^GRID_ABOVE.
GRID_STEPS_PER_OCTAVE = 4
GRID_BELOW, GRID_ABOVE = 10, 6


def eta_grid(default: float) -> np.ndarray:
    """The learning rates :func:`tune` tries: quarter octaves from default/1024 to default*64, the default included."""
    k = np.arange(-GRID_BELOW * GRID_STEPS_PER_OCTAVE, GRID_ABOVE * GRID_STEPS_PER_OCTAVE + 1)
    grid = default * 2.0 ** (k / GRID_STEPS_PER_OCTAVE)
    grid[k == 0] = default  # exactly
    return grid


def tune(data: Dataset, optimizer: str = "gd", epochs: int = 300, *, w0: Optional[float] = None,
         w1: Optional[float] = None, seed: SeedLike = None, scale: str = "auto", schedule: Optional[str] = None,
         **hyperparameters: float) -> float:
    """The learning rate, from a logarithmic grid, with which `optimizer` reaches 1% of least squares soonest.

    Parameters
    ----------
    data : Dataset
        The points.
    optimizer : str, default "gd"
        The optimizer's name (as :func:`gdviz.train` takes it).
    epochs : int, default 300
        The length of the run being tuned for.
    w0, w1, seed, scale, schedule, **hyperparameters
        As :func:`gdviz.train` takes them: every candidate starts from the same line,
        in the same coordinates, with the same hyperparameters and learning-rate
        schedule (applied to each candidate eta), and, for sgd, the same shuffles.

    Returns
    -------
    float
        The eta of :func:`eta_grid` (the optimizer's default times 2^(k/4), from
        1/1024 to 64 times it) whose run is first within 1% of the least-squares SSE
        (the project's gap, :func:`gdviz.training.diagnostics.relative_gap`); of equals,
        the smaller eta. When no eta gets there in `epochs`, the one with the lowest final
        SSE among those that did not diverge. Train with it: ``gdviz.train(data,
        optimizer=..., eta=gdviz.tune(data, ...))``.

    Raises
    ------
    GdvizError
        As :func:`gdviz.train` does, for the same options (``eta`` is not one: it is
        what is tuned).

    Notes
    -----
    The full-batch optimizers run on the six sums, as ``train`` does for long runs:
    the same steps up to rounding. Once an eta has reached 1% at epoch k, the others
    run only k epochs, since they can win only by getting there first. sgd's grid
    walks the points, so it costs the grid's size times one sgd run.
    """
    if not isinstance(data, Dataset):
        raise GdvizError(f"`data` must be a gdviz.Dataset (see gdviz.make_data); got {type(data).__name__}.")
    if "eta" in hyperparameters:
        raise GdvizError("tune() finds eta, so it takes none; drop `eta`.")
    epochs, _, name, hyperparameters = check_training_options(epochs, None, optimizer, hyperparameters)
    method = optimizers.make(name, **hyperparameters)
    rates = parse_rate_schedule(schedule)
    if isinstance(method, optimizers.SGD):  # the one optimizer that is not full-batch
        check_sgd_work(len(data), epochs, method.batch_size)
    moments = data_sums(data)
    scaling = choose_scaling(moments, scale)
    trained = moments.scaled(scaling.shift, scaling.scale) if scaling.active else moments
    start = starting_weights(moments, scaling, seed, w0, w1)
    bowl = trained if method.full_batch else Points(scaling.apply(data.x), data.y)
    best = trained.optimum()[2]
    reference = gap_reference(best, 0.5 * moments.cyy, float(trained.sse(*start)))
    fastest, lowest = None, None  # (epochs to 1%, eta), (final SSE, eta)
    for eta in eta_grid(method.default_eta):
        length = epochs if fastest is None else min(epochs, fastest[0] + 1)
        shuffles = None if method.full_batch else np.random.default_rng(seed_streams(seed)[2])
        etas = None if rates.constant else rates.etas(float(eta), epochs)[:length]
        run = descend(bowl, optimizers.make(name, float(eta), **hyperparameters), *start, length, shuffles, etas)
        if run.rows.shape[0] == 0:
            continue
        reached = epochs_to_gap(run.rows[:, 2], best, reference, TO_GAP)
        if reached is not None and (fastest is None or reached < fastest[0]):
            fastest = (reached, float(eta))
        if fastest is None and run.diverged_at is None and (lowest is None or run.rows[-1, 2] < lowest[0]):
            lowest = (float(run.rows[-1, 2]), float(eta))
    if fastest is not None:
        return fastest[1]
    return method.default_eta if lowest is None else lowest[1]
