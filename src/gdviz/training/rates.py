"""Learning-rate schedules: the η each epoch of training uses (not the frame schedule that paces an animation).

A learning-rate schedule turns the run's learning rate η (``eta=``, the number or
``"auto"`` train settles on) into one η per epoch, t = 0, 1, ... counting epochs:

==========================  =========================================  =====================
spec                        η at epoch t                               defaults
==========================  =========================================  =====================
``constant``                η                                          (the default)
``inverse:decay=D``         η / (1 + D·t)                              D = 0.01
``exp:gamma=G``             η · Gᵗ                                     G = 0.99
``step:every=K:factor=F``   η · F^⌊t/K⌋                                K = 100, F = 0.5
``cosine``                  η · ½ (1 + cos(π t / T)), T = the epochs   —
==========================  =========================================  =====================

Every optimizer takes one: the training core sets the optimizer's η before each epoch's
update (sgd keeps one η for all the batches of an epoch). Nothing here imports numpy's
random state or matplotlib; :mod:`gdviz.drawing.schedule` is the *frame* schedule,
which has nothing to do with this one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Union

import numpy as np

from ..errors import GdvizError

__all__ = ["RateSchedule", "RATE_SCHEDULES", "parse_rate_schedule"]

#: name -> {key: (default, what it must be, the test, whether it is a whole number)}
_KEYS = {
    "constant": {},
    "inverse": {"decay": (0.01, "a finite number >= 0", lambda v: v >= 0, False)},
    "exp": {"gamma": (0.99, "a number in (0, 1]", lambda v: 0 < v <= 1, False)},
    "step": {"every": (100, "a whole number >= 1", lambda v: v >= 1 and float(v).is_integer(), True),
             "factor": (0.5, "a number in (0, 1]", lambda v: 0 < v <= 1, False)},
    "cosine": {},
}

#: The learning-rate schedules' names, in the order the docs list them.
RATE_SCHEDULES = tuple(_KEYS)


@dataclass(frozen=True)
class RateSchedule:
    """One learning-rate schedule: its name and its keys, every one filled in.

    Attributes
    ----------
    name : str
        One of :data:`RATE_SCHEDULES`.
    params : dict
        Its keys with the values in use (``{}`` for ``constant`` and ``cosine``).
    """

    name: str = "constant"
    params: dict = field(default_factory=dict)

    @property
    def constant(self) -> bool:
        """True when every epoch uses the same η."""
        return self.name == "constant"

    @property
    def spec(self) -> str:
        """The spec as ``--schedule`` takes it, every key written: ``"exp:gamma=0.99"``."""
        return self.name + "".join(f":{k}={_plain(v)}" for k, v in self.params.items())

    def etas(self, eta: float, epochs: int) -> np.ndarray:
        """The η of epochs 0 to `epochs` - 1, from the run's η.

        Parameters
        ----------
        eta : float
            The run's learning rate, η at t = 0.
        epochs : int
            The run's length; ``cosine`` reaches 0 at t = `epochs`.
        """
        t = np.arange(epochs, dtype=np.float64)
        p = self.params
        if self.name == "inverse":
            out = eta / (1.0 + p["decay"] * t)
        elif self.name == "exp":
            out = eta * np.power(p["gamma"], t)
        elif self.name == "step":
            out = eta * np.power(p["factor"], np.floor(t / p["every"]))
        elif self.name == "cosine":
            out = eta * 0.5 * (1.0 + np.cos(math.pi * t / epochs))
        else:
            out = np.full(epochs, eta, dtype=np.float64)
        return out


def _plain(v) -> str:
    return str(int(v)) if isinstance(v, int) else f"{v:g}"


def _names() -> str:
    return ", ".join(RATE_SCHEDULES)


def parse_rate_schedule(spec: Union[str, RateSchedule, None]) -> RateSchedule:
    """A learning-rate schedule from its spec, ``NAME[:key=value...]``, or a GdvizError in one sentence.

    Parameters
    ----------
    spec : str, RateSchedule or None
        ``"constant"`` (or None), ``"inverse:decay=0.01"``, ``"exp:gamma=0.99"``,
        ``"step:every=100:factor=0.5"``, ``"cosine"``; keys left out take their defaults.

    Examples
    --------
    >>> parse_rate_schedule("step:every=50").spec
    'step:every=50:factor=0.5'
    """
    if spec is None:
        return RateSchedule()
    if isinstance(spec, RateSchedule):
        return spec
    if not isinstance(spec, str):
        raise GdvizError(f"`schedule` must be a learning-rate schedule spec such as 'exp:gamma=0.99' (one of "
                         f"{_names()}); got {type(spec).__name__}.")
    name, *items = [part.strip() for part in spec.strip().split(":")]
    name = name.lower()
    if name not in _KEYS:
        raise GdvizError(f"Unknown learning-rate schedule {name!r} in {spec!r}; use one of {_names()}, "
                         "such as exp:gamma=0.99.")
    keys = _KEYS[name]
    params = {k: default for k, (default, *_rest) in keys.items()}
    for item in items:
        key, eq, text = (s.strip() for s in item.partition("="))
        if key not in keys:
            has = f"its keys are {', '.join(keys)}" if keys else "it takes no keys"
            raise GdvizError(f"The learning-rate schedule {name} has no key {key!r} in {spec!r}; {has}.")
        _, need, ok, whole = keys[key]
        try:
            value = float(text) if eq else None
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or not ok(value):
            raise GdvizError(f"The `{key}` of the learning-rate schedule {name} must be {need}; "
                             f"got {text or 'nothing'!s} in {spec!r}.")
        params[key] = int(value) if whole else value
    return RateSchedule(name, params)
