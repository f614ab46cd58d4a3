"""The two ways gdviz talks back to its users: an error for a mistake, a warning for a doubt."""

from __future__ import annotations

__all__ = ["GdvizError", "GdvizWarning"]


class GdvizError(ValueError):
    """A user's mistake: the message is one sentence naming the problem and the fix.

    Raised for everything a user can get wrong (an argument out of range, a column
    that is not in the file, a format that cannot hold what was asked, a history file
    that is not one), as early as it can be checked: before any training, drawing or
    writing, so nothing is left half done. It is a :class:`ValueError`, so code that
    already catches those catches it. The command line prints it as one line,
    ``gdviz: error: ...``, and exits with code 2.

    Examples
    --------
    >>> try:
    ...     gdviz.train(data, epochs=0)
    ... except gdviz.GdvizError as exc:
    ...     print(exc)
    `epochs` must be a whole number from 1 to 1,000,000; got 0.
    """


class GdvizWarning(UserWarning):
    """Something worth knowing about a run (divergence, a slow start, a large gap).

    Warned by :func:`gdviz.train` (an eta at or above the optimizer's stability bound,
    a run that diverged, a final SSE more than 25% above least squares, all x equal),
    by :meth:`gdviz.Recorder.history` (a loop that stopped being finite) and by
    :func:`gdviz.load_csv` and :meth:`gdviz.Dataset.from_table` (rows dropped for a
    missing x or y). Each message says what to change. The command line prints them
    as ``gdviz: warning: ...``.

    Examples
    --------
    Silence them where the warning is the point (a run meant to diverge):

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", gdviz.GdvizWarning)
    ...     history = gdviz.train(data, eta=0.0085)

    or turn them into errors in a test: ``warnings.simplefilter("error", gdviz.GdvizWarning)``.
    """
