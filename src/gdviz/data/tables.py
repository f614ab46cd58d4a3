"""Two columns of a table already in memory: :meth:`gdviz.Dataset.from_table`.

pandas and polars DataFrames, dicts of arrays and numpy structured arrays all list their
column names and hand out a column as something ``np.asarray`` turns into an array, so
this reads them all without importing (or depending on) pandas or polars. The values go
through the same rule as a CSV file's cells (:mod:`gdviz.cells`): NaN, None, pandas' NA
and NaT, and the strings a CSV file may use (``""``, ``NA``, ...) are missing; x may
hold dates, read as decimal years.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NoReturn, Optional

import numpy as np

from .cells import (DATE_FORM, check_missing_policy, decimal_year, is_date, is_missing, looks_like_date, parse_number,
                    year_fraction)
from ..errors import GdvizError

__all__ = ["Columns", "read_table"]

_KINDS = "a pandas or polars DataFrame, a dict of arrays or a numpy structured array"


def _columns(table) -> list:
    names = getattr(getattr(table, "dtype", None), "names", None)
    if names:  # a numpy structured (or record) array
        return list(names)
    columns = getattr(table, "columns", None)
    if columns is not None and not callable(columns):  # pandas' Index, polars' list
        return list(columns)
    keys = getattr(table, "keys", None)
    if callable(keys) and hasattr(table, "__getitem__"):
        return list(keys())
    raise GdvizError(f"Dataset.from_table takes {_KINDS}; got {type(table).__name__}.")


def _find(columns: list, spec, role: str):
    """The column name `spec` stands for: exact, else the one name equal ignoring case."""
    if spec is not None and any(type(c) is type(spec) and c == spec for c in columns):
        return spec
    if isinstance(spec, str):
        folded = [c for c in columns if isinstance(c, str) and c.casefold() == spec.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
    if spec is None:
        raise GdvizError(f"Dataset.from_table needs the {role} column's name ({role}=...); the table's columns are "
                         f"{_listing(columns)}.")
    raise GdvizError(f"The table has no column named {spec!r}; its columns are {_listing(columns)}.")


def _listing(columns: list) -> str:
    if not columns:
        return "none at all"
    shown = ", ".join(repr(c) for c in columns[:30])
    return shown + (f", ... ({len(columns)} in all)" if len(columns) > 30 else "")


def _values(table, name) -> np.ndarray:
    try:
        values = np.asarray(table[name])
    except Exception as exc:  # whatever the table's own indexing raises
        raise GdvizError(f"Cannot read the column {name!r} of the table ({type(exc).__name__}: {exc}).") from None
    if values.ndim == 2 and 1 in values.shape:
        values = values.reshape(-1)
    if values.ndim != 1:
        raise GdvizError(f"The table's column {name!r} is not one column of values (np.asarray gives shape "
                         f"{values.shape}); give the name of a single column.")
    return values


def _missing_object(v) -> bool:
    """None, NaN, pandas' NA and NaT (recognised by name: pandas is never imported), or a missing-marker string."""
    if v is None:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v)
    if isinstance(v, str):
        return is_missing(v.strip())
    name = type(v).__name__
    return name in ("NAType", "NaTType") or (isinstance(v, np.datetime64) and np.isnat(v))


def _object_year(v) -> Optional[float]:
    """A datetime, date or datetime64 as a decimal year (wall-clock time, any time zone ignored), else None."""
    if isinstance(v, np.datetime64):
        return float(_datetime64_years(np.array([v]))[0])
    if isinstance(v, datetime):
        v = v.replace(tzinfo=None)
        return year_fraction(v.year, (v - datetime(v.year, 1, 1)).total_seconds())
    if isinstance(v, date):
        return year_fraction(v.year, float((v - date(v.year, 1, 1)).days * 86400))
    return None


def _datetime64_years(values: np.ndarray) -> np.ndarray:
    """datetime64 values (no NaT) as decimal years, through the same formula as a CSV date's."""
    years = values.astype("datetime64[Y]")
    seconds = (values - years.astype(values.dtype)) / np.timedelta64(1, "s")
    year = years.astype(np.int64) + 1970
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return year + seconds / (86400.0 * np.where(leap, 366, 365))


class _Column:
    """One column read by the cell rule: float values, which rows are missing, whether they are dates."""

    def __init__(self, values: np.ndarray, name, role: str, missing: str) -> None:
        self.name, self.role, self.drop = name, role, missing == "drop"
        self.dates = False
        n = values.shape[0]
        kind = values.dtype.kind
        if kind in "iu":
            self.values, self.missing = values.astype(np.float64), np.zeros(n, dtype=bool)
        elif kind == "f":
            self.values = values.astype(np.float64)
            self.missing = np.isnan(self.values)
            self._refuse_missing()
            bad = np.flatnonzero(~np.isfinite(self.values) & ~self.missing)
            if bad.size:
                self._not_finite(int(bad[0]), values[bad[0]])
        elif kind == "M" and role == "x":
            self.missing = np.isnat(values)
            self._refuse_missing()
            self.values = np.zeros(n)
            self.values[~self.missing] = _datetime64_years(values[~self.missing])
            self.dates = True
        elif kind in "OUS":
            self._cell_by_cell(values)
        elif n:  # True/False, complex numbers, durations, dates as y
            self._not_a_number(0, values[0])
        else:
            self.values, self.missing = np.zeros(0), np.zeros(0, dtype=bool)

    def where(self, i: int) -> str:
        return f"In the table, row {i} (counting from 0), column {self.name!r} holds"

    def _refuse_missing(self) -> None:
        if not self.drop and self.missing.any():
            i = int(np.argmax(self.missing))
            raise GdvizError(f"In the table, row {i} (counting from 0), column {self.name!r} is missing "
                             f"(missing='error'); fill in that value or delete the row.")

    def _not_a_number(self, i: int, v) -> NoReturn:
        v = v.item() if isinstance(v, np.generic) and v.dtype.kind in "biufc" else v  # inf, not np.float64(inf)
        raise GdvizError(f"{self.where(i)} {v!r}, which is not a number; fix that cell or delete the row.")

    def _not_finite(self, i: int, v) -> NoReturn:
        v = v.item() if isinstance(v, np.generic) else v
        raise GdvizError(f"{self.where(i)} {v!r}, which is not a finite number; remove that row or fill in a real "
                         "value.")

    def _cell_by_cell(self, values: np.ndarray) -> None:
        n = values.shape[0]
        out = np.zeros(n)
        gaps = np.zeros(n, dtype=bool)
        first: Optional[tuple[int, Any]] = None  # (row, value) of the first x: dates or numbers
        for i, v in enumerate(values.tolist() if values.dtype.kind in "US" else values):
            if isinstance(v, bytes):
                v = v.decode("latin-1")
            if _missing_object(v):
                gaps[i] = True
                continue
            if self.role == "x" and first is None:
                first = (i, v)
                self.dates = _object_year(v) is not None or (isinstance(v, str) and is_date(v.strip()))
            if self.dates:
                out[i] = self._date(i, v, first)
                continue
            if isinstance(v, str):
                value = parse_number(v.strip(), False, True)  # a whole value: "1,200" is a number, as when quoted in a CSV
            elif isinstance(v, (numbers.Real, Decimal)) and not isinstance(v, (bool, np.bool_)):
                value = float(v)
            else:
                value = None
            if value is None:
                if self.role == "x" and first is not None and (isinstance(v, str) and looks_like_date(v.strip())
                                                               or _object_year(v) is not None):
                    raise GdvizError(f"{self.where(i)} {v!r}, a date, but the column's first value ({first[1]!r}, "
                                     f"row {first[0]}) is a number; give every x as a date or every x as a number.")
                self._not_a_number(i, v)
            if not math.isfinite(value):
                self._not_finite(i, v)
            out[i] = value
        self.values, self.missing = out, gaps
        self._refuse_missing()

    def _date(self, i: int, v, first) -> float:
        year = _object_year(v)
        if year is not None:
            return year
        text = v.strip() if isinstance(v, str) else None
        if text is None or not is_date(text):
            raise GdvizError(f"{self.where(i)} {v!r}, but the column's first value ({first[1]!r}, row {first[0]}) is a "
                             f"date; give every x as a date ({DATE_FORM}) or delete the row.")
        try:
            return decimal_year(text)
        except ValueError as exc:
            raise GdvizError(f"{self.where(i)} {v!r}, which is not a date ({exc}); correct that value or delete the "
                             "row.") from None


@dataclass(frozen=True)
class Columns:
    """The two columns :meth:`gdviz.Dataset.from_table` reads: finite values, rows with a missing
    cell already dropped (``dropped`` lists them, 0-based)."""

    x: np.ndarray
    y: np.ndarray
    x_name: str
    y_name: str
    x_dates: bool
    dropped: list


def read_table(table, x, y, *, missing: str = "drop") -> Columns:
    """The x and y columns of a table in memory, checked, as :class:`Columns` (no warning)."""
    check_missing_policy(missing)
    columns = _columns(table)
    xname, yname = _find(columns, x, "x"), _find(columns, y, "y")
    if type(xname) is type(yname) and xname == yname:
        raise GdvizError(f"x and y are both the table's column {xname!r}, which would fit the line y = x; choose two "
                         "different columns (x= and y=).")
    xv, yv = _values(table, xname), _values(table, yname)
    if xv.shape[0] != yv.shape[0]:
        raise GdvizError(f"The table's columns {xname!r} and {yname!r} have {xv.shape[0]} and {yv.shape[0]} values; "
                         "give columns of one length.")
    cx, cy = _Column(xv, xname, "x", missing), _Column(yv, yname, "y", missing)
    gap = cx.missing | cy.missing
    dropped = np.flatnonzero(gap).tolist()
    keep = ~gap
    n = int(keep.sum())
    if n < 2:
        if dropped:
            raise GdvizError(f"The table has {n} row{'s' if n != 1 else ''} with both x and y (it dropped "
                             f"{len(dropped):,} with a missing x or y), but a line needs at least 2 points; fill in "
                             "the missing values or add more rows.")
        raise GdvizError(f"The table has {n} row{'s' if n != 1 else ''}, but a line needs at least 2 points; "
                         "add more rows.")
    return Columns(cx.values[keep], cy.values[keep], str(xname), str(yname), cx.dates, dropped)
