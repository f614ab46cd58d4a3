"""``python -m gdviz``: the same as the ``gdviz`` command."""

import sys

from .cli import main

sys.exit(main())
