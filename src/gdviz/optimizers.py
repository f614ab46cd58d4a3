"""``gdviz.optimizers``, the documented path of :mod:`gdviz.training.optimizers` (the same module)."""

import sys

from .training import optimizers as _optimizers

sys.modules[__name__] = _optimizers
