"""
Your own table
==============

The speed and stopping distance of 50 cars (Ezekiel, 1930), shipped with gdviz.
``eta="auto"`` picks the learning rate for the data, and x is standardised because
the valley would otherwise be too narrow; the fit panel still shows the data in feet
and miles per hour.
"""

import gdviz
from gdviz.gallery import example_csv

data = gdviz.load_csv(example_csv("cars.csv"), x="speed", y="dist")
history = gdviz.train(data, eta="auto", seed=0)
print(f"dist = {history.slope[-1]:.2f} * speed + {history.intercept[-1]:.2f}")
print(history.meta["eta_reason"])

# %%
anim = gdviz.Animation(history, size=(720, 405), max_frames=24)
