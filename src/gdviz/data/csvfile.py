"""Reading (x, y) points from a CSV file: :func:`load_csv`.

Like the rest of the data side, this knows nothing of training or drawing. Every bad
file ends in one :class:`GdvizError` sentence that names the file, the line and the
column, the value found there, and what to do about it. What a cell means (a number,
a missing value, a date, text) is decided in :mod:`gdviz.data.cells`, the same wherever a
cell is judged: sniffing the delimiter, spotting a header row, choosing the default
columns, reading the rows.

Two parsers read the rows. The careful one (Python's csv module, one cell at a time)
reads everything and explains every bad cell. A *plain* file (one delimiter, dot
decimals, no quotes, comments, text, missing cells or dates in its rows) is first read
by numpy's compiled ``loadtxt``; its result is kept only when every value is finite,
and any doubt (an exception, too few rows, a value that is not finite) hands the file
to the careful parser. So both accept the same files, give the same numbers, and every
message comes from the careful parser.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shlex
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NoReturn, Optional, Union

import numpy as np

from .. import interrupts
from .cells import (DATE_FORM, MISSING_POLICIES, check_missing_policy, decimal_year, dropped_message, is_date,
                    is_missing, kind, looks_like_date, parse_number)
from .dataset import Dataset
from ..errors import GdvizError, GdvizWarning

if TYPE_CHECKING:
    from ..files import PathLike

__all__ = ["load_csv", "DELIMITERS", "MISSING_POLICIES"]

#: Delimiters the sniffer chooses from, in order of preference on a tie.
DELIMITERS = (",", ";", "\t", "|")
# MISSING_POLICIES (what load_csv does with a row whose x or y is missing) lives in .cells,
# beside check_missing_policy, and is exported from here too.

_SAMPLE_ROWS = 50
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# Lines as io.StringIO(newline="") splits them (at \n, \r\n or \r), found lazily: the
# sniffer and the sampler read a few rows without copying a large file.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_LINE_BYTES = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)")
# What the rows of a plain file may hold besides the delimiter (see _read_plain).
_PLAIN_BYTES = b"0123456789+-.eE \t\r\n"
_DIGIT = re.compile(rb"[0-9]")
# Byte-order marks of the encodings a spreadsheet's "Unicode text" export uses, with the
# name iconv knows each by; UTF-32 LE's mark begins with UTF-16 LE's, so it comes first.
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)", "UTF-32"),
         (b"\xff\xfe", "UTF-16 (little-endian)", "UTF-16"), (b"\xfe\xff", "UTF-16 (big-endian)", "UTF-16"))
_ZIP = b"PK\x03\x04"  # how a zip archive, and so a numpy .npz file, begins

Column = Union[str, int, None]


def _lines(text: str) -> Iterator[str]:
    return (m.group() for m in _LINE.finditer(text))


def _records(lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every record that is not blank or a ``#`` comment."""
    reader = csv.reader(lines, delimiter=delimiter, skipinitialspace=True)
    for cells in reader:
        if not cells or all(not c.strip() for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        yield reader.line_num, cells


def _sample(text: str, delimiter: str, n: int = _SAMPLE_ROWS) -> list[tuple[int, list[str]]]:
    out = []
    try:
        for record in _records(_lines(text), delimiter):
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
    fields it produces are is more robust for tables of numbers. Rows shorter than
    most are rows with missing cells, and missing cells count neither way.
    """
    best, best_score = ",", None
    for delim in DELIMITERS:
        rows = _sample(text, delim, 20)
        body = rows[1:] if len(rows) > 1 else rows  # the first row may be a header
        counts = [len(cells) for _, cells in body]
        width = max(counts, default=0)
        if width < 2 or sum(c == width for c in counts) * 2 < len(counts):
            continue
        kinds = [kind(c, delim != ",", delim == ",") for _, row in body for c in row]
        present = [k for k in kinds if k != "missing"]
        numeric = sum(k == "number" for k in present) / max(len(present), 1)
        score = (numeric, width)
        if best_score is None or score > best_score:
            best, best_score = delim, score
    return best


def _chosen_index(spec: Column, first: list[str]) -> Optional[int]:
    """Where the column chosen as x is, guessed before knowing whether `first` is a header row."""
    if isinstance(spec, str):
        key = spec.strip()
        cells = [c.strip() for c in first]
        if key in cells:
            return cells.index(key)
        folded = [i for i, c in enumerate(cells) if c.casefold() == key.casefold()]
        if len(folded) == 1:
            return folded[0]
        return int(key) if key.isdigit() else None
    if isinstance(spec, (int, np.integer)) and not isinstance(spec, bool):
        return int(spec)
    return None


def _has_header(rows: list[tuple[int, list[str]]], judge: Callable[[str, int], str]) -> bool:
    """True when the first row names the columns rather than holding numbers.

    It does when one of its cells is text in a column whose other cells are mostly
    numbers (or dates, in the column chosen as x), or when there is nothing but text
    in it. Missing cells count neither way.
    """
    first = rows[0][1]
    body = [cells for _, cells in rows[1:]]
    kinds = [judge(c, j) for j, c in enumerate(first)]
    text_cells = [j for j, k in enumerate(kinds) if k == "text"]
    if not text_cells:
        return False
    if len(text_cells) == sum(k != "missing" for k in kinds):
        return True
    for j in text_cells:
        below = [k for k in (judge(cells[j], j) for cells in body if j < len(cells)) if k != "missing"]
        if below and sum(k != "text" for k in below) * 2 >= len(below):
            return True
    return False


def _read_text(path: Path, shown: str) -> tuple[bytes, str]:
    if not path.exists():
        raise GdvizError(f"There is no data file at {shown!r}; check the path and the current directory.")
    if path.is_dir():
        raise GdvizError(f"{shown!r} is a folder, not a data file; give the path of a .csv file inside it.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GdvizError(f"Cannot read {shown!r} ({exc.strerror or exc}); check that the file is readable.") from None
    _refuse_binary(raw, path, shown)
    try:
        return raw, raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw, raw.decode("latin-1")  # every byte is a character: old spreadsheets' exports


def _refuse_binary(raw: bytes, path: Path, shown: str) -> None:
    """A GdvizError for a file that is not UTF-8 or Latin-1 text: a saved history, UTF-16 or UTF-32 text, binary."""
    if raw.startswith(_ZIP) and path.suffix.lower() == ".npz":
        raise GdvizError(f"{shown!r} is a saved history (.npz), not a CSV table; give it with --history instead of "
                         "--data (gdviz render, compare and explore take one; gdviz.History.load in Python).")
    encoding = _wide_encoding(raw)
    if encoding is not None:
        what, name = encoding
        utf8 = shlex.quote(str(Path(shown).with_name(f"{path.stem}-utf8{path.suffix or '.csv'}")))
        raise GdvizError(f"{shown!r} is {what} text, and gdviz reads UTF-8; save it as UTF-8 (a spreadsheet's "
                         f"\"CSV UTF-8\" export, or iconv -f {name} -t UTF-8 {shlex.quote(shown)} > {utf8}).")
    if b"\x00" in raw[:4096]:
        raise GdvizError(f"{shown!r} is not a text file (it holds NUL bytes); export the table as CSV first.")


def _wide_encoding(raw: bytes) -> Optional[tuple[str, str]]:
    """(the encoding in words, iconv's name for it) of UTF-16 or UTF-32 text, else None.

    Known by the byte-order mark; without one, UTF-16 by its NUL bytes: text of ASCII
    characters (what a table of numbers holds) has one in every second byte, at odd
    offsets in little-endian, at even ones in big-endian.
    """
    for bom, what, name in _BOMS:
        if raw.startswith(bom):
            return what, name
    head = raw[:min(len(raw), 4096) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    for zeros, text, what, name in ((odd, even, "UTF-16 (little-endian, no byte-order mark)", "UTF-16LE"),
                                    (even, odd, "UTF-16 (big-endian, no byte-order mark)", "UTF-16BE")):
        if len(zeros) >= 2 and zeros.count(0) * 10 >= len(zeros) * 9 and 0 not in text:
            return what, name
    return None


def _column_label(names: Optional[list], j: int) -> str:
    """Column j as messages name it: its header name, quoted, else its index."""
    if names is not None and j < len(names) and names[j]:
        return repr(names[j])
    return f"{j}"


@dataclass(frozen=True)
class _Head:
    """The first rows of a file: its delimiter, its header (if any) and a sample of the rows below."""

    shown: str                 # the path as the user gave it, for messages
    delimiter: str
    header_lines: int          # physical lines up to and including the header row (0: no header)
    names: Optional[list]      # the header's names
    body: list                 # (line, cells) of the first data rows
    width: int                 # the most cells in the header or a sampled row

    def kind(self, cell: str) -> str:
        """How a cell counts when choosing the default columns (never a date)."""
        return kind(cell, self.delimiter != ",", self.delimiter == ",")

    def label(self, j: int) -> str:
        return _column_label(self.names, j)


@dataclass(frozen=True)
class _Layout:
    """Where the numbers are in a file, as read from its first rows."""

    shown: str                 # the path as the user gave it, for messages
    delimiter: str
    header_lines: int          # physical lines up to and including the header row (0: no header)
    names: Optional[list]      # the header's names
    jx: int
    jy: int
    x_chosen: bool             # x was chosen by the user, so it may hold dates

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter != ","

    @property
    def thousands(self) -> bool:
        return self.delimiter == ","

    def label(self, j: int) -> str:
        return _column_label(self.names, j)

    def name(self, j: int) -> str:
        return self.names[j] if self.names is not None and j < len(self.names) and self.names[j] else f"column {j}"


@dataclass(frozen=True)
class _Rows:
    """What a parser read: x (numbers or decimal years), y, and the lines of the rows it dropped."""

    x: np.ndarray
    y: np.ndarray
    dropped: list
    x_dates: bool = False


def _read_plain(path: Path, raw: bytes, layout: _Layout) -> Optional[_Rows]:
    """The rows of a plain file through numpy's compiled parser, or None to let the careful parser read it.

    Plain: below the header, nothing but digits, signs, dots, exponents, spaces, tabs,
    line breaks and the delimiter (so no quotes, comments, text, missing markers or
    decimal commas; a date passes this test, and numpy refuses it if it is in x or y),
    every row holding both columns, every value finite. Python's float and numpy read
    such numbers alike (both round correctly), which a test holds on a corpus of files.
    """
    start = 0
    lines = _LINE_BYTES.finditer(raw)
    for _ in range(layout.header_lines):
        m = next(lines, None)
        if m is None:
            return None
        start = m.end()
    allowed = _PLAIN_BYTES + layout.delimiter.encode()
    # Only the header may hold other bytes (compared without copying the rows' megabytes).
    if raw.translate(None, allowed) != raw[:start].translate(None, allowed) or _DIGIT.search(raw, start) is None:
        return None  # not plain; or no data at all, which loadtxt would warn about and the careful parser explains
    try:
        size = path.stat().st_size
        if not path.is_file() or size != len(raw):  # a pipe, or a file that changed since it was read
            return None
        table = np.loadtxt(path, dtype=np.float64, delimiter=layout.delimiter, comments=None,
                           skiprows=layout.header_lines, usecols=(layout.jx, layout.jy), ndmin=2, encoding="latin-1")
    except Exception:  # any doubt: the careful parser reads the file and explains what is wrong
        return None
    finally:
        interrupts.check()
    if table.shape[0] < 2 or not np.isfinite(table).all():
        return None
    return _Rows(table[:, 0], table[:, 1], [])


def _read_careful(text: str, layout: _Layout, missing: str) -> _Rows:
    """Every row, cell by cell, with a GdvizError naming the line and the column of the first bad cell."""
    cells_of = _CellReader(layout, drop=missing == "drop")
    pair_of = cells_of.pair
    xs: list[float] = []
    ys: list[float] = []
    dropped: list[int] = []
    records = _records(io.StringIO(text, newline=""), layout.delimiter)
    if layout.header_lines:
        next(records)
    row = 0
    try:
        for line, cells in records:
            if row % 65536 == 0:
                interrupts.check()
            row += 1
            pair = pair_of(line, cells)
            if pair is None:
                dropped.append(line)
            else:
                xs.append(pair[0])
                ys.append(pair[1])
    except csv.Error as exc:
        raise GdvizError(f"{layout.shown!r} is not a readable CSV table ({exc}); check its quoting.") from None
    return _Rows(np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64), dropped, bool(cells_of.x_dates))


class _CellReader:
    """The careful parser's reading of one row's x and y cells; it remembers whether x holds dates.

    Whether x holds dates is decided by the first x read, when x was chosen (the
    default columns are numbers). The common case, a number, is read inline in
    :meth:`pair`; everything else is explained by the other methods.
    """

    def __init__(self, layout: _Layout, drop: bool) -> None:
        self.layout, self.drop = layout, drop
        self.columns = ((0, layout.jx), (1, layout.jy))
        self.dc, self.th = layout.decimal_comma, layout.thousands
        self.x_dates: Optional[bool] = None if layout.x_chosen else False
        self.first_x = (0, "")  # (line, cell) of the first x, for messages about dates

    def pair(self, line: int, cells: list) -> Optional[list]:
        """[x, y] of a row, or None when the row is to be dropped for a missing x or y."""
        out = [0.0, 0.0]
        gap = False
        for k, j in self.columns:
            cell = cells[j].strip() if j < len(cells) else None
            if cell is None or is_missing(cell):
                if self.drop:
                    gap = True
                    continue
                self._missing(cell, line, j, len(cells))  # NaN reads as a number: refused below as not finite
                assert cell is not None  # an absent cell was refused just now
            if k == 0 and self.x_dates is not False:
                out[0] = self._x(cell, line)
                continue
            value = parse_number(cell, self.dc, self.th)
            if value is None or not math.isfinite(value):
                self._refuse(cell, line, j, value)
            out[k] = value
        return None if gap else out

    def _x(self, cell: str, line: int) -> float:
        """A cell of a chosen x column while it may hold dates: a date, or a number as the column's first value is."""
        if self.x_dates is None and not is_missing(cell):
            self.x_dates, self.first_x = is_date(cell), (line, cell)
        if self.x_dates and not is_missing(cell):
            return _date(cell, line, self.layout, self.first_x)
        value = parse_number(cell, self.dc, self.th)
        if value is None or not math.isfinite(value):
            self._refuse(cell, line, self.layout.jx, value)
        return value

    def _refuse(self, cell: str, line: int, j: int, value: Optional[float]) -> NoReturn:
        """The GdvizError for a cell that is no finite number (a date written where numbers are, say so)."""
        layout = self.layout
        where = f"In {layout.shown!r}, line {line}, column {layout.label(j)}"
        if value is None:
            if j == layout.jx and layout.x_chosen and looks_like_date(cell):
                _date(cell, line, layout, self.first_x, numbers=True)
            raise GdvizError(f"{where} holds {cell!r}, which is not a number; fix that cell or delete the row.")
        raise GdvizError(f"{where} holds {cell!r}, which is not a finite number; remove that row or fill in a real "
                         "value.")

    def _missing(self, cell: Optional[str], line: int, j: int, fields: int) -> None:
        """With missing="error": the GdvizError for a missing x or y (a short row, an empty cell, NA, ...).

        Returns for NaN, a missing marker that reads as a number: it is refused as not finite.
        """
        layout = self.layout
        if cell is None:
            raise GdvizError(f"In {layout.shown!r}, line {line} has {fields} field{'s' if fields != 1 else ''}, so "
                             f"column {layout.label(j)} is missing there; fill in that row or delete it.")
        if parse_number(cell) is not None:
            return
        what = "is empty" if not cell else f"holds {cell!r}"
        raise GdvizError(f"In {layout.shown!r}, line {line}, column {layout.label(j)} {what}, a missing value; fill "
                         "in that cell, delete the row, or drop such rows (--missing drop, missing='drop' in Python).")


def _date(cell: str, line: int, layout: _Layout, first: tuple, numbers: bool = False) -> float:
    """The decimal year of a cell in the x column, or a GdvizError saying why it is not a date gdviz reads."""
    where = f"In {layout.shown!r}, line {line}, column {layout.label(layout.jx)} holds {cell!r}"
    if numbers:  # the x column holds numbers (its first value says so), or this is no date at all
        if is_date(cell):
            raise GdvizError(f"{where}, a date, but the column's first value ({first[1]!r}, line {first[0]}) is a "
                             "number; write every x as a date or every x as a number, or delete the row.")
        raise GdvizError(f"{where}, which is neither a number nor a date gdviz reads; write dates as {DATE_FORM}.")
    if not is_date(cell):
        raise GdvizError(f"{where}, but the column's first value ({first[1]!r}, line {first[0]}) is a date; write "
                         f"every x as a date, {DATE_FORM}, or delete the row.")
    try:
        return decimal_year(cell)
    except ValueError as exc:
        raise GdvizError(f"{where}, which is not a date ({exc}); correct that cell or delete the row.") from None


def read_csv(path: PathLike, x: Column = None, y: Column = None, *, missing: str = "drop") -> tuple[Dataset, list]:
    """:func:`load_csv` without the warning: the Dataset and the lines of the rows dropped."""
    missing = check_missing_policy(missing)
    shown = os.fspath(path)
    if not isinstance(shown, str):
        shown = os.fsdecode(shown)
    raw, text = _read_text(Path(shown), shown)
    head = _read_head(text, shown, x)
    jx, jy = _choose_columns(head, x, y)
    layout = _Layout(shown=shown, delimiter=head.delimiter, header_lines=head.header_lines, names=head.names,
                     jx=jx, jy=jy, x_chosen=x is not None)
    rows = _read_plain(Path(shown), raw, layout)
    if rows is None:
        rows = _read_careful(text, layout, missing)
    _check_enough(rows, shown)
    data = Dataset(rows.x, rows.y, x_name=layout.name(jx), y_name=layout.name(jy), rows_dropped=len(rows.dropped),
                   x_dates=rows.x_dates)
    return data, rows.dropped


def _read_head(text: str, shown: str, x: Column) -> _Head:
    """The delimiter, the header row if there is one, and the first data rows; a GdvizError if there are none."""
    if not text or text.isspace():  # isspace stops at the first character that is not a space: no copy of the text
        raise GdvizError(f"{shown!r} is empty; it needs a column of x and a column of y values, one point per line.")
    delimiter = _sniff(text)
    decimal_comma, thousands = delimiter != ",", delimiter == ","
    sample = _sample(text, delimiter)
    if not sample:
        raise GdvizError(f"{shown!r} holds only blank or comment lines; it needs a column of x and a column of y values.")
    date_col = _chosen_index(x, sample[0][1]) if x is not None else None

    def judge(cell: str, j: int) -> str:
        return kind(cell, decimal_comma, thousands, dates=j == date_col)

    header = _has_header(sample, judge)
    names = [c.strip() for c in sample[0][1]] if header else None
    body = sample[1:] if header else sample
    if not body:
        raise GdvizError(
            f"{shown!r} has a header row but no data rows, and a line needs at least 2 points; add the data below it."
        )
    width = max([len(names or [])] + [len(cells) for _, cells in body])
    return _Head(shown=shown, delimiter=delimiter, header_lines=sample[0][0] if header else 0, names=names, body=body,
                 width=width)


def _choose_columns(head: _Head, x: Column, y: Column) -> tuple[int, int]:
    """The indices of x and y: as chosen, else the first numeric columns left; never one column twice."""
    jx, jy = _resolve(head, x, "x"), _resolve(head, y, "y")
    if jx is None or jy is None:
        numeric = _numeric_columns(head)
        free = [j for j in numeric if j not in (jx, jy)]
        if len(free) < (jx is None) + (jy is None):
            _too_few_numeric(head, numeric, jx)
        if jx is None:
            jx = free.pop(0)
        if jy is None:
            jy = free.pop(0)
    if jx == jy:
        chosen = f"{x!r} and {y!r}" if x != y else f"{x!r}"
        raise GdvizError(f"x and y are both column {head.label(jx)} of {head.shown!r} (chosen as {chosen}), which "
                         "would fit the line y = x; choose two different columns (--x and --y, x= and y= in Python).")
    return jx, jy


def _resolve(head: _Head, spec: Column, role: str) -> Optional[int]:
    """The index of the column `spec` names (a header name, else a 0-based index), or None when not chosen."""
    if spec is None:
        return None
    names, shown, width = head.names, head.shown, head.width
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


def _numeric_columns(head: _Head) -> list:
    """The columns whose sampled cells are mostly numbers (missing cells count neither way): the default x and y."""
    numeric = []
    for j in range(head.width):
        kinds = [k for k in (head.kind(cells[j]) for _, cells in head.body if j < len(cells)) if k != "missing"]
        if kinds and sum(k == "number" for k in kinds) * 2 >= len(kinds):
            numeric.append(j)
    return numeric


def _too_few_numeric(head: _Head, numeric: list, jx: Optional[int]) -> NoReturn:
    """The GdvizError for a file without two numeric columns to default to, naming the first cell that is no number."""
    shown, label = head.shown, head.label
    found = ", ".join(label(j) for j in numeric)
    what = f"only {len(numeric)} numeric column{'s' if len(numeric) != 1 else ''} ({found})" if numeric \
        else "no numeric columns"
    # Name the first cell that is not a number: "$250,000" or "2,100" says more than the delimiter.
    for j in range(head.width):
        if j in numeric or j == jx:
            continue
        bad = next(((line, cells[j].strip()) for line, cells in head.body if j < len(cells)
                    and head.kind(cells[j]) == "text"), None)
        if bad is None:
            continue
        if is_date(bad[1]):
            raise GdvizError(
                f"{shown!r} has {what} among its first rows, but it needs two, x and y: column {label(j)} "
                f"holds {bad[1]!r} on line {bad[0]}, a date, and dates are read only in the column "
                "chosen as x; choose it with --x (x= in Python), or choose other columns."
            )
        raise GdvizError(
            f"{shown!r} has {what} among its first rows, but it needs two, x and y: column {label(j)} holds "
            f"{bad[1]!r} on line {bad[0]}, which is not a number; write plain numbers (no currency "
            "signs, units or thousands separators) or choose other columns with --x and --y."
        )
    raise GdvizError(
        f"{shown!r} has {what} among its first rows, but it needs two, x and y; "
        f"check the delimiter ({_DELIMITER_NAMES[head.delimiter]} was detected) or choose the columns (x= and y=, or --x and --y)."
    )


def _check_enough(rows: _Rows, shown: str) -> None:
    """A GdvizError when fewer than two rows hold both x and y."""
    n = rows.x.size
    if n >= 2:
        return
    if rows.dropped:
        raise GdvizError(
            f"{shown!r} has {n} data row{'s' if n != 1 else ''} with both x and y (it dropped "
            f"{len(rows.dropped):,} with a missing x or y), but a line needs at least 2 points; fill in the "
            "missing cells or add more rows."
        )
    raise GdvizError(
        f"{shown!r} has {n} data row{'s' if n != 1 else ''}, but a line needs at least 2 points; "
        "add more rows."
    )


def load_csv(path: PathLike, x: Column = None, y: Column = None, *, missing: str = "drop") -> Dataset:
    """Read two columns of a CSV file as the points to fit a line to.

    Parameters
    ----------
    path : str or path-like
        A text table: comma, semicolon, tab or pipe separated (the delimiter is sniffed
        from the first rows), with or without a header row. Blank lines and lines
        starting with ``#`` are skipped. With a semicolon or tab delimiter a decimal
        comma (``1,5``) is read as a decimal point; in a comma-separated file a quoted
        number with thousands separators (``"1,200"``) is a number.
    x, y : str or int, optional
        The columns to use: a header name (matched exactly, else ignoring case), or a
        0-based column index (an int, or a string of digits that is not a header name).
        By default `x` is the first numeric column and `y` the next numeric one. A
        column chosen as `x` may hold dates, ``YYYY-MM-DD`` optionally followed by a
        time ``HH:MM`` or ``HH:MM:SS``: they are read as decimal years (2023-07-02
        12:00 is 2023.5; see :func:`gdviz.data.cells.decimal_year`) and the Dataset's
        ``x_dates`` is True. An eight-digit number such as ``19580329`` stays a number.
    missing : {"drop", "error"}, default "drop"
        What to do with a row whose x or y is missing: an empty cell, one of ``NA``,
        ``N/A``, ``NaN``, ``null``, ``None``, ``-``, ``.`` (any case), or a row too
        short to hold the column. ``"drop"`` leaves such rows out with one
        :class:`GdvizWarning` ("dropped 59 rows with a missing x or y (lines 8, 11, 12,
        13, 14, ...)"); ``"error"`` refuses the first one. Cells of other columns never
        matter. Sentinel numbers such as ``-999.99`` are numbers, and are fitted.

    Returns
    -------
    Dataset
        With ``x_name``/``y_name`` set to the header names (or ``column 0``, ... without
        a header), ``rows_dropped`` the number of rows left out and ``x_dates``.

    Raises
    ------
    GdvizError
        Naming the file, the line and the column: a missing or empty file, fewer than
        two numeric columns, an unknown column name (listing the ones there are), a
        non-numeric cell (``oops``), an infinite value, a date that cannot be read
        (``2023-02-30``), fewer than two rows with both x and y.

    Examples
    --------
    >>> data = load_csv("tests/data/cars.csv")                 # speed, dist
    >>> data = load_csv("longley.csv", x="year", y="employed")  # by name
    >>> data = load_csv("table.tsv", x=0, y=2)                 # by index
    >>> data = load_csv("tests/data/co2_weekly.csv", x="date")  # dates as x, gaps dropped
    """
    data, dropped = read_csv(path, x, y, missing=missing)
    if dropped:
        warnings.warn(dropped_message(len(dropped), dropped), GdvizWarning, stacklevel=2)
    return data
