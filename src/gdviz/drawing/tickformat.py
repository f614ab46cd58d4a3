"""Tick labels a room can read, at any scale.

One rule for every axis gdviz draws:

* from 10⁻³ to 10³: plain numbers (``0.25``, ``120``);
* from 10³ to 10¹²: k, M and G suffixes (``250k``, ``1.5M``, ``30G``);
* beyond 10¹² and below 10⁻³: a power of ten written out (``1.5×10¹⁶``, ``2×10⁻⁵``,
  and ``10¹⁶`` for a whole power), never ``1e+16`` nor an offset in a corner;
* one minus sign everywhere, U+2212 (``−800``), never an ASCII hyphen;
* an axis of SSE values never shows a negative tick (its padding below zero stays
  empty).

The scale is chosen once per axis from its largest magnitude, so all labels on an axis
share a suffix; the decimals come from the spacing of its ticks, so neighbouring labels
never read the same. Matplotlib is imported only by :func:`format_axis`.
"""

from __future__ import annotations

import math

from .text import MINUS  # one minus sign, in text and in tick labels alike

__all__ = ["format_axis", "format_sqrt_axis", "format_date_axis", "date_ticks", "date_of", "label", "number",
           "distinct_digits", "centring", "MINUS", "SUFFIXES"]

#: (power of ten, suffix) for the k/M/G range, largest first.
SUFFIXES = ((9, "G"), (6, "M"), (3, "k"))
_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def _digits(value: float, tolerance: float, most: int) -> str:
    """`value` with the fewest decimals (up to `most`) that keep it within `tolerance`."""
    for decimals in range(most + 1):
        if abs(round(value, decimals) - value) <= tolerance:
            break
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _power(value: float, step: float) -> str:
    """``1.5×10¹⁶``: the mantissa with enough digits to tell ticks `step` apart."""
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10.0**exponent
    if round(abs(mantissa), 6) >= 10:  # 9.9999999 rounds up to the next power
        exponent += 1
        mantissa /= 10
    tolerance = 1e-3 * step / 10.0**exponent if step > 0 else 1e-9
    digits = _digits(mantissa, tolerance, 3)
    power = "10" + str(exponent).translate(_SUPERSCRIPT)
    if digits in ("1", "-1"):
        return ("-" if digits == "-1" else "") + power
    return f"{digits}×{power}"


def label(value: float, big: float, step: float = 0.0) -> str:
    """The label of tick `value` on an axis whose largest magnitude is `big` and tick spacing `step`."""
    if value == 0 or abs(value) < 1e-12 * big:
        return "0"
    if big >= 1e12 or big < 1e-3:
        text = _power(value, step)
    elif big >= 1e3:
        power, suffix = next((p, s) for p, s in SUFFIXES if big >= 10.0**p)
        unit = 10.0**power
        text = _digits(value / unit, 1e-3 * step / unit if step > 0 else 1e-9, 6) + suffix
    else:
        text = _digits(value, 1e-3 * step if step > 0 else 1e-9 * abs(value), 6)
    return text.replace("-", MINUS)


def format_axis(axis, lo: float, hi: float, *, nonnegative: bool = False) -> None:
    """Give a matplotlib `axis` (``ax.xaxis``/``ax.yaxis``) gdviz's labels for limits lo..hi.

    `nonnegative` (an SSE axis) drops ticks below zero. A log axis gets labels at its
    major ticks only (powers of ten), in the same style.
    """
    from matplotlib.ticker import Formatter, Locator, NullFormatter

    big = max(abs(lo), abs(hi))

    class _Labels(Formatter):
        step = 0.0  # the spacing of the ticks being labelled, known once format_ticks sees them all

        def format_ticks(self, values):
            finite = sorted(v for v in values if math.isfinite(v))
            self.step = min((b - a for a, b in zip(finite, finite[1:]) if b > a), default=0.0)
            return [self(v, i) for i, v in enumerate(values)]

        def __call__(self, x, pos=None):
            if axis.get_scale() == "log":  # decades: each labelled at its own size (1, 10, 100, 1k, ...)
                return label(x, abs(x), 0.0)
            return label(x, big, self.step)

    axis.set_major_formatter(_Labels())
    if axis.get_scale() == "log":
        axis.set_minor_formatter(NullFormatter())
    if nonnegative:
        base = axis.get_major_locator()

        class _NonNegative(Locator):
            def __call__(self):
                return [t for t in base() if t >= 0]

            def tick_values(self, vmin, vmax):
                return [t for t in base.tick_values(vmin, vmax) if t >= 0]

        locator = _NonNegative()
        axis.set_major_locator(locator)
        locator.set_axis(axis)


def format_sqrt_axis(axis, lo: float, hi: float) -> None:
    """Label an axis whose values are the square root of a quantity (mplot3d has no such scale).

    The ticks are round quantities (1, 2 or 5 times a power of ten, each labelled at its
    own size: ``1``, ``100``, ``500``, ``1k``, ``2k``) picked from the bottom up so that
    their heights are at least a sixth of the axis apart; an axis too short for three
    of them (a bowl far above zero) gets evenly spaced round quantities instead.
    """
    from matplotlib.ticker import FixedLocator, Formatter, MaxNLocator

    q_lo, q_hi = lo * lo, hi * hi
    gap = (hi - lo) / 6.0
    smallest = max(q_lo, 1e-6 * q_hi, 1e-300)
    candidates = sorted(m * 10.0**k for k in range(math.floor(math.log10(smallest)) - 1,
                                                    math.floor(math.log10(max(q_hi, 1e-300))) + 1)
                        for m in (1, 2, 5))
    ticks: list = [0.0] if q_lo <= 0 else []
    for q in candidates:
        if q_lo <= q <= q_hi and (not ticks or math.sqrt(q) - math.sqrt(ticks[-1]) >= gap):
            ticks.append(q)
    own_size = len(ticks) >= 3
    if not own_size:
        ticks = [q for q in MaxNLocator(4).tick_values(q_lo, q_hi) if q_lo <= q <= q_hi]

    class _Quantity(Formatter):
        step = 0.0

        def format_ticks(self, values):
            quantities = sorted(v * v for v in values if math.isfinite(v))
            self.step = min((b - a for a, b in zip(quantities, quantities[1:]) if b > a), default=0.0)
            return [self(v, i) for i, v in enumerate(values)]

        def __call__(self, v, pos=None):
            q = v * v
            return label(q, q, 0.0) if own_size else label(q, q_hi, self.step)

    axis.set_major_locator(FixedLocator([math.sqrt(q) for q in ticks]))
    axis.set_major_formatter(_Quantity())


def number(value: float, digits: int = 6) -> str:
    """`value` in running text: `digits` significant digits, U+2212 for its sign, and a
    power of ten written out below 10⁻⁴ or from 10⁶ (``5×10⁻⁵``, never ``5e-05``).

    The value is rounded first and the form chosen from the rounded value, so one
    number has one spelling (9.99995×10⁻⁵ to three digits is ``0.0001``, as 10⁻⁴ is).
    """
    value = float(value)
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return f"{value:g}".replace("-", MINUS)
    mantissa, exp = f"{abs(value):.{max(digits, 1) - 1}e}".split("e")
    exponent = int(exp)
    if -4 <= exponent < 6:
        text = f"{abs(value):.{max(0, digits - 1 - exponent)}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        power = "10" + str(exponent).translate(_SUPERSCRIPT)
        text = power if mantissa == "1" else f"{mantissa}×{power}"
    return (MINUS if value < 0 else "") + text


def distinct_digits(values, choices=(3, 6, 12)) -> int:
    """The fewest significant digits (of `choices`) at which :func:`number` tells `values` apart."""
    distinct = {float(v) for v in values if v is not None}
    for digits in choices:
        if len({number(v, digits) for v in distinct}) == len(distinct):
            return digits
    return choices[-1]


def centring(shift: float, scale: float) -> str:
    """How training rescaled x, as a reader writes it: ``x′ = x + 1522``, ``x′ = (x − 5.2) / 3.1``."""
    sign = MINUS if shift >= 0 else "+"
    moved = f"x {sign} {number(abs(shift))}" if shift != 0 else "x"
    if scale == 1.0:
        return f"x′ = {moved}"
    return f"x′ = ({moved}) / {number(scale, 4)}" if shift != 0 else f"x′ = x / {number(scale, 4)}"


# -- dates ------------------------------------------------------------------------------

def _decimal_year(year: int, month: int = 1, day: int = 1) -> float:
    """The moment year-month-day 00:00 as a decimal year, the way gdviz.cells reads dates."""
    import calendar

    from ..data.cells import year_fraction

    day_of_year = sum(calendar.monthrange(year, m)[1] for m in range(1, month)) + day - 1
    return year_fraction(year, 86400.0 * day_of_year)


def date_ticks(lo: float, hi: float) -> tuple:
    """(positions, labels) for an axis of decimal years from `lo` to `hi`: at most seven.

    From two and a half years: whole years (every 1, 2, 5, 10, 20, 50, ... as the span
    needs) labelled ``1975``; from two months: months (every 1, 2, 3 or 6) labelled
    ``1976-04``; from two days: days of the month (every 1, 2, 5, 10 or 15 from the 1st)
    labelled ``1976-04-15``; under two days: hours labelled ``1976-04-15 12:00``, and
    under an hour the two ends to the minute. Dates are where gdviz.cells puts them, so a
    tick labelled 1976-04 sits exactly on the points read from 1976-04-01.
    """
    from datetime import datetime, timedelta

    from ..data.cells import days_in, year_fraction

    span = max(hi - lo, 1e-12)
    first, last = int(math.floor(lo)), int(math.floor(hi))
    if span >= 2.5:
        # 1, 2, 5, 10, 20, 50, ... years: the first that leaves at most seven ticks
        step = next(m * 10**p for p in range(0, 400) for m in (1, 2, 5) if span / (m * 10**p) < 7)
        ticks = [(float(y), f"{y}") for y in range(first - first % step, last + 1, step)]
    elif span >= 2 / 12:
        every = next(k for k in (1, 2, 3, 6, 12) if span * 12 / k < 7)
        ticks = [(_decimal_year(y, m), f"{y}-{m:02d}") for y in range(first, last + 1)
                 for m in range(1, 13, every)]
    elif span >= 2 / 365:
        every = next(k for k in (1, 2, 5, 10, 15, 30) if span * 365 / k < 7)
        ticks = [(_decimal_year(y, m, d), f"{y}-{m:02d}-{d:02d}") for y in range(max(first, 1), last + 1)
                 for m in range(1, 13) for d in range(1, 29, every)]  # (no dates before the year 1)
    else:
        every = next((k for k in (1, 2, 3, 6, 12) if span * 8760 / k < 6), 12)
        ticks = []
        for y in range(max(first, 1), last + 1):
            seconds = 86400.0 * days_in(y)
            h0 = math.ceil(max(lo - y, 0.0) * seconds / 3600.0 / every) * every
            h1 = math.floor(min(hi - y, 1.0) * seconds / 3600.0)
            ticks += [(year_fraction(y, 3600.0 * h), (datetime(y, 1, 1) + timedelta(hours=h)).strftime("%Y-%m-%d %H:%M"))
                      for h in range(int(h0), int(h1) + 1, every)]
    ticks = [(v, t) for v, t in ticks if lo <= v <= hi]
    if len(ticks) < 2 and span < 1 / 365 and first >= 1:  # under an hour: the two ends, to the minute
        ticks = [(v, _minute(v)) for v in (lo, hi)]
    return [v for v, _ in ticks], [MINUS + t[1:] if t.startswith("-") else t for _, t in ticks]


def _minute(decimal_year: float) -> str:
    from datetime import datetime, timedelta

    from ..data.cells import days_in

    year = int(math.floor(decimal_year))
    at = datetime(year, 1, 1) + timedelta(seconds=(decimal_year - year) * 86400.0 * days_in(year))
    return at.strftime("%Y-%m-%d %H:%M")


def format_date_axis(axis, lo: float, hi: float) -> None:
    """Label a matplotlib `axis` of decimal years (dates read from a table) with dates."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    positions, labels = date_ticks(lo, hi)
    axis.set_major_locator(FixedLocator(positions))
    axis.set_major_formatter(FixedFormatter(labels))


def date_of(decimal_year: float) -> str:
    """The day a decimal year falls on, as ``YYYY-MM-DD`` (the inverse of gdviz.cells' reading)."""
    from datetime import date, timedelta

    from ..data.cells import days_in

    year = int(math.floor(decimal_year))
    days = days_in(year)
    day = int(math.floor((decimal_year - year) * days + 1e-6))  # a tick at midnight must not fall a day short
    return (date(year, 1, 1) + timedelta(days=day)).isoformat()
