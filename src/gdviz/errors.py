"""The two ways gdviz talks back to its users: an error for a mistake, a warning for a doubt."""

from __future__ import annotations

__all__ = ["GdvizError", "GdvizWarning"]


class GdvizError(ValueError):
    """A user's mistake: the message is one sentence naming the problem and the fix."""


class GdvizWarning(UserWarning):
    """Something worth knowing about a run (divergence, a slow start, a large gap)."""
