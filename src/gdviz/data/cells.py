"""One rule for the cells of a table: a number, a missing value, a date, or text.

The CSV reader (sniffing the delimiter, spotting a header row, choosing the default
columns, reading the rows) and :meth:`gdviz.Dataset.from_table` judge every cell here,
so a cell means the same thing wherever it is looked at:

* *missing*: empty, or (ignoring case and surrounding spaces) one of ``NA``, ``N/A``,
  ``NaN``, ``null``, ``None``, ``-``, ``.``;
* a *number*: anything Python's ``float`` reads (``inf`` and ``1e999`` included: the
  reader refuses those as not finite, with the cell's line); with a semicolon or tab
  delimiter also a decimal comma (``1,5``); in a comma-delimited file also a quoted
  number with thousands separators (``"1,200"``, ``"-1,234,567.89"``);
* a *date*, only in the column chosen as x: ``YYYY-MM-DD``, optionally followed (after a
  space or a ``T``) by ``HH:MM`` or ``HH:MM:SS``; it is read as a decimal year (see
  :func:`decimal_year`). An eight-digit number such as ``19580329`` is a number;
* anything else is *text* (``oops``, ``$250,000``).

Sentinel numbers such as ``-999.99`` are numbers: they are fitted like any other.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime
from typing import Optional

from ..errors import GdvizError

__all__ = ["MISSING_MARKERS", "MISSING_POLICIES", "check_missing_policy", "is_missing", "parse_number", "is_date",
           "looks_like_date", "decimal_year", "DATE_FORM", "kind", "dropped_message"]

#: Cells that mean "no value here" (compared after stripping and case-folding).
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "."})

#: What a reader does with a row whose x or y is missing: leave it out, or refuse the table.
MISSING_POLICIES = ("drop", "error")

#: How a date must be written, for messages.
DATE_FORM = "YYYY-MM-DD, optionally followed by a time HH:MM or HH:MM:SS"

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
# Dates written some other way (05/01/2024, 2024-1-5, 5.1.2024, 2024-01-05T10:00Z): worth
# advice on the form gdviz reads, when they sit in the column chosen as x.
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ].*)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def check_missing_policy(missing) -> str:
    """`missing` itself when it is one of :data:`MISSING_POLICIES`, else a GdvizError naming them.

    The one check of the ``missing=`` argument of :func:`gdviz.load_csv` and
    :meth:`gdviz.Dataset.from_table` (``--missing`` on the command line).
    """
    if missing not in MISSING_POLICIES:
        raise GdvizError(f"`missing` must be one of {', '.join(map(repr, MISSING_POLICIES))}; not {missing!r}.")
    return missing


def is_missing(text: str) -> bool:
    """True when the (stripped) cell marks a missing value."""
    return len(text) <= 4 and text.casefold() in MISSING_MARKERS


def parse_number(text: str, decimal_comma: bool = False, thousands: bool = False) -> Optional[float]:
    """The number in the stripped cell `text`, or None when it is not one.

    Parameters
    ----------
    decimal_comma : bool
        Read ``1,5`` as 1.5 (semicolon- and tab-delimited files).
    thousands : bool
        Read ``1,200`` as 1200. A comma-delimited file only ever hands over a cell
        holding a comma when the cell was quoted (an unquoted comma ends the cell), so
        the CSV reader passes True there, and "a quoted cell with thousands separators
        is a number" needs no record of the quotes.

    Notes
    -----
    Missing markers are not numbers (call :func:`is_missing` first); ``nan`` is one
    of them. ``inf``, ``-nan`` and overflowing numbers (``1e999``) are numbers that are
    not finite: the caller decides what to say about them.
    """
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if "," not in text:
        return None
    if decimal_comma and text.count(",") == 1 and "." not in text:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return None
    if thousands and _THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    return None


def is_date(text: str) -> bool:
    """True when the stripped cell has the form of a date gdviz reads (it may still be impossible: 2023-02-30)."""
    return len(text) >= 10 and text[4] == "-" and _DATE.fullmatch(text) is not None


def looks_like_date(text: str) -> bool:
    """True for dates in the form gdviz reads and for dates written some other way (05/01/2024)."""
    return is_date(text) or _DATE_LIKE.fullmatch(text) is not None


def decimal_year(text: str) -> float:
    """The date in `text` (the form of :func:`is_date`) as a decimal year.

    x = Y + s / S, where Y is the year, s the seconds from 1 January of Y, 00:00, to
    the moment written, and S the seconds in year Y (365 or 366 days of 86,400 s), so
    2024-01-01 is 2024.0, 2023-07-02 12:00 is 2023.5 and one day is 1/365 or 1/366 of
    a year. Times are taken as written (no time zone); there are no leap seconds.

    Raises
    ------
    ValueError
        With the reason, in words, when the cell has not that form or names no real
        moment ("February 2023 has 28 days").
    """
    m = _DATE.fullmatch(text)
    if m is None:
        raise ValueError(f"not in the form {DATE_FORM}")
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    hour, minute, second = (int(v) if v else 0 for v in (m[4], m[5], m[6]))
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month:02d}")
    if year < 1:
        raise ValueError("there is no year 0000")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"{_MONTHS[month - 1]} {year} has {days} days")
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("hours run from 00 to 23, minutes and seconds from 00 to 59")
    return year_fraction(year, (datetime(year, month, day, hour, minute, second) - datetime(year, 1, 1)).total_seconds())


def days_in(year: int) -> int:
    """365, or 366 in a leap year."""
    return 366 if calendar.isleap(year) else 365


def year_fraction(year: int, seconds: float) -> float:
    """year + seconds / (seconds in that year): the one formula every date goes through
    (read from a table, or placed as a tick by gdviz.tickformat)."""
    return year + seconds / (86400.0 * days_in(year))


def kind(text: str, decimal_comma: bool = False, thousands: bool = False, dates: bool = False) -> str:
    """'missing', 'number', 'date' (only with `dates`) or 'text': how a cell counts when judging a column."""
    text = text.strip()
    if is_missing(text):
        return "missing"
    if parse_number(text, decimal_comma, thousands) is not None:
        return "number"
    if dates and is_date(text):
        return "date"
    return "text"


def dropped_message(count: int, places: list, unit: str = "line") -> str:
    """The warning for rows left out: 'dropped 59 rows with a missing x or y (lines 8, 11, 12, 13, 14, ...)'.

    `places` are the first few rows' places (line numbers in a file, 0-based row
    positions in a table); the first five are named.
    """
    shown = ", ".join(str(p) for p in places[:5]) + (", ..." if count > 5 else "")
    return (f"dropped {count:,} row{'s' if count != 1 else ''} with a missing x or y "
            f"({unit}{'s' if count != 1 else ''} {shown})")
