"""
The SSE bowl in 3D
==================

The race of gd, momentum and adam on the bowl itself (height √SSE, labelled in SSE),
with the camera swaying 30° to either side and back.
"""

import gdviz

data = gdviz.make_data(seed=0)
runs = [gdviz.train(data, optimizer=name, seed=0) for name in ("gd", "momentum", "adam")]

# %%
anim = gdviz.Animation(runs, panels=("fit", "surface3d"), rotate=True, size=(720, 405), max_frames=16)
