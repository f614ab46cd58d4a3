"""The data layer: a Dataset, what a cell of a table is, CSV files and tables, and the six sums.

Nothing here knows about training or drawing.
"""

from .dataset import Dataset, make_data

__all__ = ["Dataset", "make_data"]
