"""
Four learning rates
===================

Gradient descent from (w₀, w₁) = (1, −2.5) at η = 0.0005, 0.003, 0.007 and 0.0085.
The stability bound on the tutorial's data is 2/λmax ≈ 0.0078: the first crawls, the
second converges, the third oscillates into place, the last diverges (gdviz warns).
"""

import warnings

import gdviz

data = gdviz.make_data(seed=0)
with warnings.catch_warnings():  # the too-large eta's warning is the point here
    warnings.simplefilter("ignore", gdviz.GdvizWarning)
    sweep = [gdviz.train(data, eta=eta, seed=0, w0=1.0, w1=-2.5) for eta in (0.0005, 0.003, 0.007, 0.0085)]

# %%
anim = gdviz.Animation(sweep, size=(720, 405), max_frames=24)
