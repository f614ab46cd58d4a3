"""
Three optimizers, one clock
===========================

gd, momentum and adam from the same bad line on the same points, each at its own
default learning rate. Momentum spirals along the valley; adam leaves at 45° and
settles; gd is still creeping at the end.
"""

import gdviz

data = gdviz.make_data(seed=0)
runs = [gdviz.train(data, optimizer=name, seed=0) for name in ("gd", "momentum", "adam")]
for run in runs:
    print(f"{run.meta['optimizer']:>8}: eta {run.meta['eta']}, SSE {run.loss[-1]:.4f}")

# %%
anim = gdviz.Animation(runs, size=(720, 405), max_frames=24, residuals="off")
