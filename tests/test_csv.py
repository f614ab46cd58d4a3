from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdviz

DATA = Path(__file__).parent / "data"


def write(tmp_path, text, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_shipped_data_sets_load_with_their_header_names():
    cars = gdviz.load_csv(DATA / "cars.csv")
    assert len(cars) == 50 and (cars.x_name, cars.y_name) == ("speed", "dist")
    assert cars.x[:3].tolist() == [4, 4, 7] and cars.y[-1] == 85
    longley = gdviz.load_csv(str(DATA / "longley.csv"), x="year", y="employed")
    assert longley.x.tolist() == list(range(1947, 1963)) and longley.y[0] == pytest.approx(60.323)
    hubble = gdviz.load_csv(DATA / "hubble.csv")
    assert hubble.x.min() == -220 and hubble.y.max() == 2.0


def test_header_or_not(tmp_path):
    with_header = gdviz.load_csv(write(tmp_path, "a,b\n1,2\n3,4\n5,7\n"))
    without = gdviz.load_csv(write(tmp_path, "1,2\n3,4\n5,7\n", "n.csv"))
    for d in (with_header, without):
        assert d.x.tolist() == [1, 3, 5] and d.y.tolist() == [2, 4, 7]
    assert (with_header.x_name, without.x_name) == ("a", "column 0")


def test_a_text_column_is_not_mistaken_for_a_header(tmp_path):
    d = gdviz.load_csv(write(tmp_path, "Toyota,21,3.5\nFiat,25,2.0\nFord,19,4.0\n"))
    assert d.x.tolist() == [21, 25, 19] and d.y.tolist() == [3.5, 2.0, 4.0]


TABLE = "name,a,b,c\nu,1,2,3\nv,4,5,6\n"  # column 0 is text: defaults skip it, indices count it


@pytest.mark.parametrize("x, y, want", [
    ("c", "a", ([3, 6], [1, 4])),
    ("C", "A", ([3, 6], [1, 4])),        # names ignore case when unambiguous
    (3, 1, ([3, 6], [1, 4])),            # 0-based indices
    ("3", "1", ([3, 6], [1, 4])),        # a string of digits that is no header name is an index
    ("b", None, ([2, 5], [1, 4])),       # the other column: the first numeric one left
    (None, "a", ([2, 5], [1, 4])),
    (None, None, ([1, 4], [2, 5])),      # the first two numeric columns
])
def test_columns_by_name_or_index(tmp_path, x, y, want):
    d = gdviz.load_csv(write(tmp_path, TABLE), x=x, y=y)
    assert (d.x.tolist(), d.y.tolist()) == want


def test_choosing_a_text_column_names_its_first_cell(tmp_path):
    with pytest.raises(gdviz.GdvizError, match=r"line 2, column 'name' holds 'u', which is not a number"):
        gdviz.load_csv(write(tmp_path, TABLE), x=0, y="a")


def test_a_header_name_made_of_digits_wins_over_the_index(tmp_path):
    d = gdviz.load_csv(write(tmp_path, "1,0,x\n10,20,30\n11,21,31\n"), x="0", y="1")
    assert d.x.tolist() == [20, 21] and d.y.tolist() == [10, 11]


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path, sep):
    text = "\n".join(sep.join(r) for r in [["x", "y", "z"], ["1", "2.5", "9"], ["2", "3.5", "9"], ["3", "5", "9"]])
    d = gdviz.load_csv(write(tmp_path, text + "\n"))
    assert d.x.tolist() == [1, 2, 3] and d.y.tolist() == [2.5, 3.5, 5]


def test_semicolons_with_decimal_commas_and_windows_files(tmp_path):
    d = gdviz.load_csv(write(tmp_path, "\ufeffTemp;Yield\r\n-1,5;2,25\r\n0,5;3\r\n\r\n# a comment\r\n2;4,5\r\n"))
    assert d.x.tolist() == [-1.5, 0.5, 2.0] and d.y.tolist() == [2.25, 3.0, 4.5]
    assert d.x_name == "Temp"
    latin = gdviz.load_csv(write(tmp_path, "Temp\u00e9rature,y\n1,2\n2,3\n", "l.csv", encoding="latin-1"))
    assert latin.x_name == "Temp\u00e9rature"


def test_quoted_fields_and_spaces(tmp_path):
    d = gdviz.load_csv(write(tmp_path, '"area, m2", "price"\n"50", 100\n 60 , 130\n'))
    assert d.x_name == "area, m2" and d.x.tolist() == [50, 60] and d.y.tolist() == [100, 130]


@pytest.mark.parametrize("text, kwargs, words", [
    ("", {}, ["empty"]),
    ("\n\n  \n", {}, ["empty"]),
    ("# only a comment\n", {}, ["blank or comment"]),
    ("a,b\n", {}, ["no data rows"]),
    ("a,b\n1,2\n", {}, ["1 data row", "at least 2"]),
    ("name,town\nann,oslo\nbob,rome\n", {}, ["no numeric columns"]),
    ("name,v\nann,1\nbob,2\n", {}, ["only 1 numeric column", "'v'"]),
    ("x,y\n1,2\n3,oops\n5,6\n", {}, ["line 3", "column 'y'", "'oops'"]),
    ("x,y\n1,2\n3,\n5,6\n", {}, ["line 3", "column 'y'", "empty"]),
    ("x,y\n1,2\n3,4\n5,nan\n", {}, ["line 4", "column 'y'", "'nan'", "finite"]),
    ("x,y\n1,2\ninf,4\n5,6\n", {}, ["line 3", "column 'x'", "'inf'"]),
    ("1,2\n3,NA\n", {}, ["line 2", "column 1", "'NA'"]),
    ("x,y\n1,2\n3\n5,6\n", {}, ["line 3", "1 field", "column 'y'"]),
    ("x,y\n1,2\n3,4\n", {"x": "area"}, ["no column named 'area'", "'x', 'y'"]),
    ("1,2\n3,4\n", {"x": "area"}, ["no header row", "0-based index"]),
    ("x,y\n1,2\n3,4\n", {"y": 5}, ["2 columns", "no column 5"]),
    ("x,y\n1,2\n3,4\n", {"y": 2.5}, ["header name or a 0-based index"]),
])
def test_bad_files_name_the_file_the_line_and_the_column(tmp_path, text, kwargs, words):
    path = write(tmp_path, text, "bad.csv")
    with pytest.raises(gdviz.GdvizError) as info:
        gdviz.load_csv(path, **kwargs)
    message = str(info.value)
    if "header name or" not in message:
        assert "bad.csv" in message
    for word in words:
        assert word in message, message
    assert message.count(". ") == 0 and "\n" not in message  # one sentence


def test_missing_file_folder_and_binary(tmp_path):
    with pytest.raises(gdviz.GdvizError, match="no data file at .*nope.csv"):
        gdviz.load_csv(tmp_path / "nope.csv")
    with pytest.raises(gdviz.GdvizError, match="folder"):
        gdviz.load_csv(tmp_path)
    with pytest.raises(gdviz.GdvizError, match="not a text file"):
        gdviz.load_csv(write(tmp_path, "\x00\x01\x02", "b.csv"))


def test_the_loaded_values_are_exact(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(0, 1e6, 500), rng.normal(-3, 1e-6, 500)
    path = tmp_path / "big.csv"
    path.write_text("x,y\n" + "".join(f"{float(a)!r},{float(b)!r}\n" for a, b in zip(x, y)))
    d = gdviz.load_csv(path)
    assert np.array_equal(d.x, x) and np.array_equal(d.y, y)


_finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(_finite, _finite, _finite), min_size=2, max_size=12),
    sep=st.sampled_from([",", ";", "\t"]),
    header=st.booleans(),
)
def test_any_numeric_table_round_trips(tmp_path_factory, rows, sep, header):
    lines = [sep.join(repr(v) for v in row) for row in rows]
    if header:
        lines.insert(0, sep.join(["alpha", "beta", "gamma"]))
    path = tmp_path_factory.mktemp("h") / "t.csv"
    path.write_text("\n".join(lines) + "\n")
    d = gdviz.load_csv(path, x=2, y=0)
    assert d.x.tolist() == [r[2] for r in rows] and d.y.tolist() == [r[0] for r in rows]
    assert (d.x_name, d.y_name) == (("gamma", "alpha") if header else ("column 2", "column 0"))


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(st.tuples(_finite, _finite), min_size=2, max_size=12),
    where=st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=1)),
    bad=st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e400"]),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_any_non_finite_cell_is_an_error_naming_its_line(tmp_path_factory, rows, where, bad, sep):
    row, col = where[0] % len(rows), where[1]
    cells = [[repr(a), repr(b)] for a, b in rows]
    cells[row][col] = bad
    path = tmp_path_factory.mktemp("nf") / "t.csv"
    path.write_text("x" + sep + "y\n" + "".join(sep.join(c) + "\n" for c in cells))
    with pytest.raises(gdviz.GdvizError) as err:
        gdviz.load_csv(path)
    message = str(err.value)
    assert "t.csv'" in message and f"line {row + 2}" in message and ("'x'" if col == 0 else "'y'") in message


def test_currency_cells_are_named_instead_of_blaming_the_delimiter(tmp_path):
    path = tmp_path / "dollars.csv"
    path.write_text('area,price\n50,"$250,000"\n70,"$310,000"\n')
    with pytest.raises(gdviz.GdvizError, match=r"column 'price' holds '\$250,000' on line 2.*currency"):
        gdviz.load_csv(path)
