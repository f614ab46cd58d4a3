"""The tutorial's training loop, as readable as it was written: the reference the training core is held to.

:func:`gdviz.train` runs every optimizer through one loop (:mod:`gdviz.training.core`),
which asks a bowl for the SSE and gradient and hands them to the optimizer's ``step``.
This module keeps gradient descent as the tutorial wrote it, every step in the open;
the tests check that ``train(data, optimizer="gd")`` gives the same rows to 1e-12.
"""

from __future__ import annotations

import numpy as np

__all__ = ["tutorial_descent"]


def tutorial_descent(x: np.ndarray, y: np.ndarray, w0: float, w1: float, eta: float, epochs: int) -> np.ndarray:
    """Full-batch gradient descent on y_hat = w1*x + w0, the tutorial's steps, one epoch at a time.

    Parameters
    ----------
    x, y : numpy.ndarray, shape (N,)
        The points (x as trained).
    w0, w1 : float
        The starting intercept and slope.
    eta : float
        The learning rate.
    epochs : int
        Number of epochs.

    Returns
    -------
    numpy.ndarray, shape (epochs, 5)
        Row k: the weights epoch k starts from, its SSE and its two gradients, the
        columns of a History (w0, w1, loss, grad_w0, grad_w1). No divergence rule: a
        run that blows up fills the rest with inf and nan.
    """
    rows = []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            # Forward pass: the linear unit.
            y_hat = w1 * x + w0
            # Sum of squared errors.
            error = 0.5 * np.sum((y - y_hat) ** 2)
            # Backward pass: the two gradients.
            dE_dw1 = np.sum(-(y - y_hat) * x)
            dE_dw0 = np.sum(-(y - y_hat))
            rows.append((w0, w1, error, dE_dw0, dE_dw1))
            # Update.
            w1 = w1 - eta * dE_dw1
            w0 = w0 - eta * dE_dw0
    return np.array(rows, dtype=np.float64).reshape(-1, 5)
