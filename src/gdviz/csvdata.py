"""Reading (x, y) points from a CSV file: :func:`load_csv`.

Like the rest of the data side, this knows nothing of training or drawing. Every bad
file ends in one :class:`GdvizError` sentence that names the file, the line and the
column, the value found there, and what to do about it.
"""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path
from typing import Iterator, Optional, Union

import numpy as np

from . import interrupts
from .data import Dataset
from .errors import GdvizError

__all__ = ["load_csv", "DELIMITERS"]

#: Delimiters the sniffer chooses from, in order of preference on a tie.
DELIMITERS = (",", ";", "\t", "|")

_SAMPLE_ROWS = 50
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

Column = Union[str, int, None]


def _number(cell: str, decimal_comma: bool) -> Optional[float]:
    """The number in `cell`, or None when it is not one (nan and inf are numbers here)."""
    text = cell.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if decimal_comma and text.count(",") == 1 and "." not in text:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return None
    return None


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every record that is not blank or a ``#`` comment."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    for cells in reader:
        if not cells or all(not c.strip() for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        yield reader.line_num, cells


def _sample(text: str, delimiter: str, n: int = _SAMPLE_ROWS) -> list[tuple[int, list[str]]]:
    out = []
    try:
        for record in _records(text, delimiter):
            out.append(record)
            if len(out) >= n:
                break
    except csv.Error:
        pass
    return out


def _sniff(text: str) -> str:
    """The delimiter that splits the first rows into the same number (>= 2) of mostly numeric fields.

    csv.Sniffer guesses from character frequencies and is easily fooled by decimal
    commas ("1,5;2,3"); scoring each candidate by how consistent and how numeric the
    fields it produces are is more robust for tables of numbers.
    """
    best, best_score = ",", None
    for delim in DELIMITERS:
        rows = _sample(text, delim, 20)
        body = rows[1:] if len(rows) > 1 else rows  # the first row may be a header
        counts = {len(cells) for _, cells in body}
        if len(counts) != 1 or counts.pop() < 2:
            continue
        cells = [c for _, row in body for c in row]
        numeric = sum(_number(c, delim != ",") is not None for c in cells) / max(len(cells), 1)
        score = (numeric, len(body[0][1]))
        if best_score is None or score > best_score:
            best, best_score = delim, score
    return best


def _has_header(rows: list[tuple[int, list[str]]], decimal_comma: bool) -> bool:
    """True when the first row names the columns rather than holding numbers.

    It does when one of its cells is text in a column whose other cells are mostly
    numbers, or when there is nothing numeric in it at all.
    """
    first = rows[0][1]
    body = [cells for _, cells in rows[1:]]
    text_cells = [j for j, c in enumerate(first) if c.strip() and _number(c, decimal_comma) is None]
    if not text_cells:
        return False
    if len(text_cells) == len([c for c in first if c.strip()]):
        return True
    for j in text_cells:
        below = [cells[j] for cells in body if j < len(cells) and cells[j].strip()]
        if below and sum(_number(c, decimal_comma) is not None for c in below) * 2 >= len(below):
            return True
    return False


def _read_text(path: Path, shown: str) -> str:
    if not path.exists():
        raise GdvizError(f"There is no data file at {shown!r}; check the path and the current directory.")
    if path.is_dir():
        raise GdvizError(f"{shown!r} is a folder, not a data file; give the path of a .csv file inside it.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GdvizError(f"Cannot read {shown!r} ({exc.strerror or exc}); check that the file is readable.") from None
    if b"\x00" in raw[:4096]:
        raise GdvizError(f"{shown!r} is not a text file (it holds NUL bytes); export the table as CSV first.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # every byte is a character: old spreadsheets' exports


def load_csv(path, x: Column = None, y: Column = None) -> Dataset:
    """Read two columns of a CSV file as the points to fit a line to.

    Parameters
    ----------
    path : str or path-like
        A text table: comma, semicolon, tab or pipe separated (the delimiter is sniffed
        from the first rows), with or without a header row. Blank lines and lines
        starting with ``#`` are skipped. With a semicolon or tab delimiter a decimal
        comma (``1,5``) is read as a decimal point.
    x, y : str or int, optional
        The columns to use: a header name (matched exactly, else ignoring case), or a
        0-based column index (an int, or a string of digits that is not a header name).
        By default `x` is the first numeric column and `y` the next numeric one.

    Returns
    -------
    Dataset
        With ``x_name``/``y_name`` set to the header names (or ``column 0``, ... without
        a header).

    Raises
    ------
    GdvizError
        Naming the file, the line and the column: a missing or empty file, fewer than
        two numeric columns, an unknown column name (listing the ones there are), an
        empty or non-numeric cell, a NaN or infinite value, fewer than two data rows.

    Examples
    --------
    >>> data = load_csv("tests/data/cars.csv")                 # speed, dist
    >>> data = load_csv("longley.csv", x="year", y="employed")  # by name
    >>> data = load_csv("table.tsv", x=0, y=2)                 # by index
    """
    shown = os.fspath(path)
    if not isinstance(shown, str):
        shown = os.fsdecode(shown)
    text = _read_text(Path(shown), shown)
    if not text.strip():
        raise GdvizError(f"{shown!r} is empty; it needs a column of x and a column of y values, one point per line.")
    delimiter = _sniff(text)
    decimal_comma = delimiter != ","
    sample = _sample(text, delimiter)
    if not sample:
        raise GdvizError(f"{shown!r} holds only blank or comment lines; it needs a column of x and a column of y values.")
    header = _has_header(sample, decimal_comma)
    names = [c.strip() for c in sample[0][1]] if header else None
    body = sample[1:] if header else sample
    if not body:
        raise GdvizError(
            f"{shown!r} has a header row but no data rows, and a line needs at least 2 points; add the data below it."
        )
    width = max([len(names or [])] + [len(cells) for _, cells in body])

    def label(j: int) -> str:
        if names is not None and j < len(names) and names[j]:
            return repr(names[j])
        return f"{j}"

    numeric = []
    for j in range(width):
        cells = [cells[j] for _, cells in body if j < len(cells) and cells[j].strip()]
        if cells and sum(_number(c, decimal_comma) is not None for c in cells) * 2 >= len(cells):
            numeric.append(j)

    def resolve(spec: Column, role: str) -> Optional[int]:
        if spec is None:
            return None
        if isinstance(spec, (int, np.integer)) and not isinstance(spec, bool):
            j = int(spec)
        elif isinstance(spec, str):
            key = spec.strip()
            if names is not None:
                if key in names:
                    return names.index(key)
                folded = [i for i, n in enumerate(names) if n.casefold() == key.casefold()]
                if len(folded) == 1:
                    return folded[0]
            if not key.isdigit():
                if names is None:
                    raise GdvizError(
                        f"{shown!r} has no header row, so its columns have no names; choose the {role} column "
                        f"by its 0-based index (0 to {width - 1}) instead of {spec!r}."
                    )
                raise GdvizError(
                    f"{shown!r} has no column named {spec!r}; its columns are "
                    f"{', '.join(repr(n) for n in names)} (or give a 0-based index)."
                )
            j = int(key)
        else:
            raise GdvizError(f"The {role} column must be a header name or a 0-based index; got {spec!r}.")
        if not 0 <= j < width:
            raise GdvizError(
                f"{shown!r} has {width} column{'s' if width != 1 else ''} (indices 0 to {width - 1}), "
                f"so there is no column {j} for {role}; pick one of those."
            )
        return j

    jx, jy = resolve(x, "x"), resolve(y, "y")
    if jx is None or jy is None:
        free = [j for j in numeric if j not in (jx, jy)]
        need = (jx is None) + (jy is None)
        if len(free) < need:
            found = ", ".join(label(j) for j in numeric)
            what = f"only {len(numeric)} numeric column{'s' if len(numeric) != 1 else ''} ({found})" if numeric \
                else "no numeric columns"
            # Name the first cell that is not a number: "$250,000" or "2,100" says more than the delimiter.
            for j in range(width):
                if j in numeric:
                    continue
                bad = next(((line, cells[j].strip()) for line, cells in body if j < len(cells) and cells[j].strip()
                            and _number(cells[j], decimal_comma) is None), None)
                if bad is not None:
                    raise GdvizError(
                        f"{shown!r} has {what} among its first rows, but it needs two, x and y: column {label(j)} holds "
                        f"{bad[1]!r} on line {bad[0]}, which is not a number; write plain numbers (no currency "
                        "signs, units or thousands separators) or choose other columns with --x and --y."
                    )
            raise GdvizError(
                f"{shown!r} has {what} among its first rows, but it needs two, x and y; "
                f"check the delimiter ({_DELIMITER_NAMES[delimiter]} was detected) or choose the columns (x= and y=, or --x and --y)."
            )
        if jx is None:
            jx = free.pop(0)
        if jy is None:
            jy = free.pop(0)

    xs: list[float] = []
    ys: list[float] = []
    records = _records(text, delimiter)
    if header:
        next(records)
    try:
        for line, cells in records:
            if len(xs) % 65536 == 0:
                interrupts.check()
            pair = []
            for j in (jx, jy):
                if j >= len(cells):
                    raise GdvizError(
                        f"In {shown!r}, line {line} has {len(cells)} field{'s' if len(cells) != 1 else ''}, "
                        f"so column {label(j)} is missing there; fill in that row or delete it."
                    )
                cell = cells[j].strip()
                value = _number(cell, decimal_comma)
                if value is None:
                    what = "is empty" if not cell else f"holds {cell!r}, which is not a number"
                    raise GdvizError(
                        f"In {shown!r}, line {line}, column {label(j)} {what}; fix that cell or delete the row."
                    )
                if not math.isfinite(value):
                    raise GdvizError(
                        f"In {shown!r}, line {line}, column {label(j)} holds {cell!r}, which is not a finite "
                        f"number; remove that row or fill in a real value."
                    )
                pair.append(value)
            xs.append(pair[0])
            ys.append(pair[1])
    except csv.Error as exc:
        raise GdvizError(f"{shown!r} is not a readable CSV table ({exc}); check its quoting.") from None
    if len(xs) < 2:
        raise GdvizError(
            f"{shown!r} has {len(xs)} data row{'s' if len(xs) != 1 else ''}, but a line needs at least 2 points; "
            "add more rows."
        )

    def name(j: int) -> str:
        return names[j] if names is not None and j < len(names) and names[j] else f"column {j}"

    return Dataset(np.array(xs), np.array(ys), x_name=name(jx), y_name=name(jy))
