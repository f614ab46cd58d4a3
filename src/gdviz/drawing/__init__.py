"""The drawing layer: theme, text, tick labels, labels, the frame schedule, the surface grid, the checked
options, the panels and the Animation.

The one place that creates matplotlib artists. Importing this package does not import matplotlib.
"""
