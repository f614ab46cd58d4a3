"""The drawing layer: theme, text, tick labels, the frame schedule, the panels and the Animation.

The one place that creates matplotlib artists. Importing this package does not import matplotlib.
"""
