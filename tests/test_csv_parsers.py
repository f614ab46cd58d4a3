"""The two CSV parsers agree: numpy's compiled one for plain files, the careful one for the rest.

load_csv reads a plain file (one delimiter, dot decimals, no quotes, comments, text,
missing cells or dates in its rows) with ``numpy.loadtxt`` and everything else, or
anything numpy doubts, with the careful cell-by-cell parser. These tests hold that the
two give bit-identical arrays on a corpus of files, that a plain file takes the fast
path (counted, not timed), and that files the fast path declines give exactly the
careful parser's result or message.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import gdviz
from gdviz.data import csvfile as csvdata


def _bits(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a, dtype=np.float64).tobytes()  # -0.0 differs from 0.0 here


@pytest.fixture
def calls(monkeypatch):
    """Count what each parser does: how often the fast path returned rows, how often the careful one ran."""
    counts = {"plain": 0, "careful": 0}
    plain, careful = csvdata._read_plain, csvdata._read_careful

    def counting_plain(*args):
        rows = plain(*args)
        counts["plain"] += rows is not None
        return rows

    def counting_careful(*args):
        counts["careful"] += 1
        return careful(*args)

    monkeypatch.setattr(csvdata, "_read_plain", counting_plain)
    monkeypatch.setattr(csvdata, "_read_careful", counting_careful)
    return counts


def load_both(path, **kwargs):
    """(what load_csv gives, what the careful parser alone gives): a Dataset or the error message, and warnings."""
    out = []
    for fast in (True, False):
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            saved = csvdata._read_plain
            if not fast:
                csvdata._read_plain = lambda *args: None
            try:
                result = gdviz.load_csv(path, **kwargs)
            except gdviz.GdvizError as exc:
                result = str(exc)
            finally:
                csvdata._read_plain = saved
        out.append((result, [str(w.message) for w in record]))
    return out


def same(a, b) -> None:
    (ra, wa), (rb, wb) = a, b
    assert wa == wb
    if isinstance(ra, str) or isinstance(rb, str):
        assert ra == rb
        return
    assert _bits(ra.x) == _bits(rb.x) and _bits(ra.y) == _bits(rb.y)
    assert (ra.x_name, ra.y_name, ra.rows_dropped, ra.x_dates) == (rb.x_name, rb.y_name, rb.rows_dropped, rb.x_dates)


def _numbers(rng, n: int) -> list:
    """Numbers written every way a plain file may hold them."""
    out = []
    for k in range(n):
        v = float(rng.normal(0, 10.0 ** rng.integers(-8, 9)))
        form = k % 12
        out.append([repr(v), f"{v:.3f}", f"{v:.17g}", f"{v:e}", f"{v:.2E}", str(int(v)), f"+{abs(v)!r}",
                    f"{abs(v):.0f}.", f".{abs(int(v)) % 1000}", "-0.0", f"{v:.40f}", f"{v!r}  "][form])
    return out


EDGE = ["0.1", "2.2250738585072014e-308", "4.9e-324", "1e-400", "1.7976931348623157e308", "-0",
        "3.141592653589793238462643383279502884197", "9007199254740993", "0.30000000000000004",
        "1e22", "1e23", "8.98846567431158e307", "123456789012345678901234567890", "00012.5000", "1E5", "7e-05"]


def _plain_corpus(rng) -> list:
    files = []
    for sep in (",", ";", "\t", "|"):
        for header in (True, False):
            for newline in ("\n", "\r\n", "\r"):
                n = int(rng.integers(2, 60))
                cols = [_numbers(rng, n), _numbers(rng, n), _numbers(rng, n)]
                lines = [sep.join(row) for row in zip(*cols)]
                if header:
                    lines.insert(0, sep.join(["a", "b b", "c"]))
                files.append((f"sep{ord(sep)}-h{int(header)}-nl{len(newline)}{ord(newline[0])}",
                              newline.join(lines) + newline, {}))
    files += [
        ("edge-values", "x,y\n" + "".join(f"{v},{w}\n" for v, w in zip(EDGE, reversed(EDGE))), {}),
        ("spaces-and-tabs", "x,y\n 1 , 2\n\t3,\t4 \n5 ,6\n", {}),
        ("blank-lines", "\n\nx,y\n\n1,2\n\n3,4\n\n", {}),
        ("trailing-delimiter", "x,y,\n1,2,\n3,4,\n", {}),
        ("extra-columns", "x,y\n1,2,3,4\n3,4\n5,6,7\n", {}),
        ("no-final-newline", "x,y\n1,2\n3,4", {}),
        # (One column as both x and y was here; it is an error now, before either parser reads a row.)
        ("columns-reversed", "x,y\n1,2\n3,4\n", {"x": "y", "y": "x"}),
        ("columns-by-index", "1,2,3\n4,5,6\n7,8,9\n", {"x": 2, "y": 0}),
        ("bom-and-header", "\ufeffx,y\n1,2\n3,4\n", {}),
        ("latin-1-header", "Temp\u00e9rature;y\n1;2\n3;4\n".encode("latin-1"), {}),
        ("header-of-digits", "1,0,x\n10,20,30\n11,21,31\n", {"x": "0", "y": "1"}),
        ("eight-digit-dates-as-numbers", "day,v\n19580329,1\n19580405,2\n", {"x": "day"}),
        ("dates-in-an-unused-column", "d,a,b\n2024-01-05,1,2\n2024-01-12,3,4\n", {}),
        ("sentinels", "x,y\n1,-999.99\n2,3\n3,-999.99\n", {}),
        ("comment-above-the-header", "# made by hand\n\nx,y\n1,2\n3,4\n", {}),  # skipped with the header
        ("big", "x,y\n" + "".join(f"{i * 0.37},{-i / 7}\n" for i in range(70_000)), {}),  # beyond one interrupt chunk
    ]
    return files


#: Files the fast path must leave to the careful parser (or give up on), with or without an error.
NOT_PLAIN = [
    ("missing-cell", "x,y\n1,2\n3,\n5,6\n", {}),
    ("missing-marker", "x,y\n1,2\n3,NA\n5,6\n", {}),
    ("nan", "x,y\n1,2\n3,nan\n5,6\n", {}),
    ("dot-and-dash", "x,y\n1,2\n3,.\n-,6\n7,8\n", {}),
    ("short-row", "x,y\n1,2\n3\n5,6\n", {}),
    ("spaces-only-line", "x,y\n1,2\n   \n5,6\n", {}),
    ("delimiters-only-line", "x,y\n1,2\n,\n5,6\n", {}),
    ("overflow", "x,y\n1,2\n3,1e999\n5,6\n", {}),
    ("overflow-negative", "x,y\n1,2\n-1e400,1\n5,6\n", {}),
    ("inf", "x,y\n1,2\n3,inf\n", {}),
    ("text-cell", "x,y\n1,2\n3,oops\n", {}),
    ("underscore", "x,y\n1_000,2\n3,4\n", {}),
    ("double-dot", "x,y\n1.2.3,2\n3,4\n", {}),
    ("lone-e", "x,y\ne,2\n3,4\n", {}),
    ("quotes", 'x,y\n"1",2\n3,"4"\n', {}),
    ("thousands", 'x,y\n"1,200",2\n3,"4,000"\n', {}),
    ("comment", "x,y\n1,2\n# a note\n3,4\n", {}),
    ("decimal-commas", "x;y\n1,5;2\n3;4,25\n", {}),
    ("dates", "d,v\n2024-01-05,1\n2024-01-12,2\n", {"x": "d"}),
    ("bad-date", "d,v\n2024-01-05,1\n2023-02-30,2\n", {"x": "d"}),
    ("one-row", "x,y\n1,2\n", {}),
    ("header-only", "x,y\n", {}),
    ("unicode-digits", "x,y\n\u0661\u0662,2\n3,4\n", {}),
    ("dates-in-y", "d,v,w\n2024-01-05,1,2\n2024-01-12,2,3\n", {"x": "v", "y": "d"}),
    ("missing-error", "x,y\n1,2\n3,\n5,6\n", {"missing": "error"}),
    ("space-in-number", "x,y\n1 000,2\n3,4\n", {}),
    ("tab-inside-cell", "x,y\n1\t2,3\n4,5\n", {}),
]


def _write(tmp_path, name, text):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_both_parsers_give_identical_arrays_on_a_corpus(tmp_path):
    rng = np.random.default_rng(11)
    for name, text, kwargs in _plain_corpus(rng) + NOT_PLAIN:
        fast, careful = load_both(_write(tmp_path, name, text), **kwargs)
        same(fast, careful)


def test_a_plain_file_takes_the_fast_path(tmp_path, calls):
    rng = np.random.default_rng(12)
    corpus = _plain_corpus(rng)
    for name, text, kwargs in corpus:
        gdviz.load_csv(_write(tmp_path, name, text), **kwargs)
    assert calls == {"plain": len(corpus), "careful": 0}


@pytest.mark.parametrize("name, text, kwargs", NOT_PLAIN, ids=[c[0] for c in NOT_PLAIN])
def test_a_file_that_is_not_plain_is_read_by_the_careful_parser(tmp_path, calls, name, text, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            gdviz.load_csv(_write(tmp_path, name, text), **kwargs)
        except gdviz.GdvizError:
            pass
    assert calls["plain"] == 0
    assert calls["careful"] == (0 if name in ("header-only",) else 1)


def test_the_shipped_tables_take_the_fast_path(calls):
    from pathlib import Path

    data = Path(__file__).parent / "data"
    for name in ("cars.csv", "forbes.csv", "hubble.csv", "anscombe.csv", "longley.csv"):
        gdviz.load_csv(data / name)
    assert calls == {"plain": 5, "careful": 0}
