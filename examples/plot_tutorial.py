"""
The tutorial's run
==================

200 points with x ~ U(0, 1) and y = 3x + N(0, 0.1), a deliberately bad first line,
300 epochs of full-batch gradient descent at η = 0.001: the line swings into place,
the path rolls down the SSE surface and the loss falls fast, then crawls.
"""

import gdviz

data = gdviz.make_data(n=200, slope=3.0, noise=0.1, seed=0)
history = gdviz.train(data, epochs=300, eta=0.001, seed=0)
print(history)

# %%
# The animation. ``gdviz.render(history, "descent.gif")`` writes the same thing to a
# file; here it is kept as an ``Animation`` so the gallery can show it.
anim = gdviz.Animation(history, size=(720, 405), max_frames=24)
