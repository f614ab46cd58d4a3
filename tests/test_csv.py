import warnings
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
    ("x,y\n1,2\n,oops\n5,6\n", {}, ["line 3", "column 'y'", "'oops'"]),  # a missing x does not hide a bad y
    ("x,y\n1,2\ninf,4\n5,6\n", {}, ["line 3", "column 'x'", "'inf'"]),
    ("x,y\n1,2\n3,1e999\n5,6\n", {}, ["line 3", "column 'y'", "'1e999'", "finite"]),
    ("x,y\n1,2\n3,-nan\n5,6\n", {}, ["line 3", "'-nan'", "finite"]),  # not a missing marker
    ("1,2\n3,NA\n", {}, ["1 data row with both x and y", "dropped 1 with a missing x or y", "at least 2"]),
    ("x,y\n1,\n,2\n3,4\n", {}, ["1 data row with both x and y", "dropped 2", "at least 2"]),
    ("d,v\n2024-01-05,1\n2023-02-30,2\n", {"x": "d"}, ["line 3", "column 'd'", "'2023-02-30'",
                                                      "February 2023 has 28 days"]),
    ("d,v\n05/01/2024,1\n06/01/2024,2\n", {"x": "d"}, ["line 2", "'05/01/2024'", "YYYY-MM-DD"]),
    ("d,v\n2024-01-05,1\n20240112,2\n", {"x": "d"}, ["line 3", "'20240112'", "first value", "date"]),
    ("d,v\n1,1\n2024-01-12,2\n", {"x": "d"}, ["line 3", "'2024-01-12'", "a date", "is a number"]),
    ("d,v,w\n2024-01-05,1,2\n2024-01-12,2,3\n", {"y": "d"}, ["line 2", "column 'd'", "which is not a number"]),
    ("d,v\n2024-01-05,1\n2024-01-12,2\n", {}, ["only 1 numeric column", "'2024-01-05'", "a date", "--x"]),
    # missing="error": today's refusal of every missing cell
    ("x,y\n1,2\n3,\n5,6\n", {"missing": "error"}, ["line 3", "column 'y'", "empty"]),
    ("x,y\n1,2\n3,4\n5,nan\n", {"missing": "error"}, ["line 4", "column 'y'", "'nan'", "finite"]),
    ("1,2\n3,NA\n", {"missing": "error"}, ["line 2", "column 1", "'NA'"]),
    ("x,y\n1,2\n3\n5,6\n", {"missing": "error"}, ["line 3", "1 field", "column 'y'"]),
    ("x,y\n1,2\n3,4\n", {"missing": "keep"}, ["`missing`", "'drop', 'error'", "'keep'"]),
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
    if "header name or" not in message and "`missing`" not in message:
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
    bad=st.sampled_from(["inf", "-inf", "Infinity", "1e999", "-1e400", "-nan", "+NaN"]),
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


# -- missing cells ----------------------------------------------------------------------------

GAPS = """\
when,x,y,note
1,1.0,2.0,a
2,,3.0,
3,3.0,,b
4,4.0,5.0,
5,5.0,NA,c
6,n/a,7.0,d
7,7.0,8.0
8,8.0
9,9.0,10.0,e
"""  # x missing on lines 3, 7; y on lines 4, 6, 9 (the row is too short); the unused 'note' has gaps


def test_rows_with_a_missing_x_or_y_are_dropped_and_unused_columns_never_matter(tmp_path):
    path = write(tmp_path, GAPS, "gaps.csv")
    with pytest.warns(gdviz.GdvizWarning) as record:
        d = gdviz.load_csv(path, x="x", y="y")
    assert [str(w.message) for w in record] == ["dropped 5 rows with a missing x or y (lines 3, 4, 6, 7, 9)"]
    assert record[0].filename == __file__  # the warning points at the caller
    assert d.x.tolist() == [1.0, 4.0, 7.0, 9.0] and d.y.tolist() == [2.0, 5.0, 8.0, 10.0]
    assert d.rows_dropped == 5 and not d.x_dates
    # By default x and y are the first two numeric columns: 'when' and 'x'; the gaps of x still drop rows.
    with pytest.warns(gdviz.GdvizWarning, match=r"^dropped 2 rows with a missing x or y \(lines 3, 7\)$"):
        d = gdviz.load_csv(path)
    assert (d.x_name, d.y_name) == ("when", "x") and d.x.tolist() == [1, 3, 4, 5, 7, 8, 9]
    with pytest.raises(gdviz.GdvizError, match=r"line 3, column 'x' is empty"):
        gdviz.load_csv(path, x="x", y="y", missing="error")
    # Gaps in unused columns only: nothing dropped, no warning. (x and y are two columns: one
    # column twice is an error, so the table gets a second column without gaps in front.)
    lines = GAPS.splitlines()
    path = write(tmp_path, "\n".join(["id," + lines[0]] + [f"{k}," + line for k, line in enumerate(lines[1:])]) + "\n",
                 "gaps-id.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = gdviz.load_csv(path, x="id", y="when")
    assert len(d) == 9 and d.rows_dropped == 0


@pytest.mark.parametrize("marker", ["", " ", "NA", "na", "N/A", "n/a", "NaN", "nan", "NAN", "null", "NULL", "None",
                                    "none", "-", ".", " NA "])
def test_every_missing_marker_is_missing(tmp_path, marker):
    path = write(tmp_path, f"x,y\n1,2\n2,{marker}\n3,4\n{marker},9\n5,6\n")
    with pytest.warns(gdviz.GdvizWarning, match=r"dropped 2 rows .*\(lines 3, 5\)"):
        d = gdviz.load_csv(path)
    assert d.x.tolist() == [1, 3, 5] and d.rows_dropped == 2


def test_the_warning_names_the_first_five_lines(tmp_path):
    rows = "".join(f"{i},{'' if i % 3 == 0 else i}\n" for i in range(1, 301))
    with pytest.warns(gdviz.GdvizWarning) as record:
        d = gdviz.load_csv(write(tmp_path, "x,y\n" + rows))
    assert len(record) == 1
    assert str(record[0].message) == "dropped 100 rows with a missing x or y (lines 4, 7, 10, 13, 16, ...)"
    assert len(d) == 200 and d.rows_dropped == 100


def test_missing_markers_count_neither_way_when_judging_columns(tmp_path):
    # Columns that are mostly gaps are still numeric; the text column is skipped.
    text = "a,b,c\nNA,,x\n1,NA,y\nNA,2,z\n3,4,w\n5,6,v\n"
    with pytest.warns(gdviz.GdvizWarning, match=r"dropped 3 rows .*\(lines 2, 3, 4\)"):
        d = gdviz.load_csv(write(tmp_path, text))
    assert (d.x_name, d.y_name) == ("a", "b") and d.x.tolist() == [3, 5] and d.y.tolist() == [4, 6]
    # A first row with a gap is data, not a header.
    with pytest.warns(gdviz.GdvizWarning, match=r"\(line 1\)"):
        d = gdviz.load_csv(write(tmp_path, "NA,1\n2,3\n4,5\n", "n.csv"))
    assert d.x_name == "column 0" and d.x.tolist() == [2, 4]
    # The delimiter is still found when a row is too short.
    with pytest.warns(gdviz.GdvizWarning, match=r"\(line 3\)"):
        d = gdviz.load_csv(write(tmp_path, "x;y\n1,5;2\n3\n4;5,5\n6;7\n", "s.csv"))
    assert d.x.tolist() == [1.5, 4, 6] and d.y.tolist() == [2, 5.5, 7]


# -- numbers as spreadsheets write them ----------------------------------------------------------

def test_quoted_numbers_with_thousands_separators_are_numbers(tmp_path):
    path = write(tmp_path, '"area","price"\n"1,200","250,000"\n"950","1,310,000.50"\n"-2,000",+3\n')
    d = gdviz.load_csv(path)
    assert (d.x_name, d.y_name) == ("area", "price")
    assert d.x.tolist() == [1200, 950, -2000] and d.y.tolist() == [250_000, 1_310_000.5, 3]
    for bad in ('"1,20"', '"12,3456"', '"1,200,0"', '"$1,200"'):  # not thousands separators
        with pytest.raises(gdviz.GdvizError, match="not a number"):
            gdviz.load_csv(write(tmp_path, f"x,y\n1,2\n3,{bad}\n", "bad.csv"), x="x", y="y")
    # With semicolons, a comma is a decimal comma, as before.
    assert gdviz.load_csv(write(tmp_path, 'x;y\n1;"1,5"\n2;2,5\n', "semi.csv")).y.tolist() == [1.5, 2.5]


def test_sentinel_numbers_are_numbers(tmp_path):
    d = gdviz.load_csv(write(tmp_path, "x,y\n1,2\n2,-999.99\n3,4\n"))
    assert d.y.tolist() == [2, -999.99, 4] and d.rows_dropped == 0


# -- dates as x -----------------------------------------------------------------------------------

def test_dates_in_the_column_chosen_as_x_are_decimal_years(tmp_path):
    text = "day,v\n2023-01-01,1\n2023-07-02 12:00,2\n2024-07-02,3\n2024-12-31T23:59:59,4\n1958-03-29 06:30,5\n"
    d = gdviz.load_csv(write(tmp_path, text), x="day")
    assert d.x_dates and (d.x_name, d.y_name) == ("day", "v")
    assert d.x[:3].tolist() == [2023.0, 2023.5, 2024.5]  # 182.5 of 365 days, 183 of 366
    assert d.x[3] == 2024 + (366 * 86400 - 1) / (366 * 86400)
    assert d.x[4] == 1958 + (87 * 86400 + 6.5 * 3600) / (365 * 86400)
    # By index, and without a header row.
    d = gdviz.load_csv(write(tmp_path, "2024-01-05,3\n2024-01-12,4\n2024-01-19,6\n", "n.csv"), x=0)
    assert d.x_dates and d.x[0] == 2024 + 4 / 366 and d.x_name == "column 0"
    # One week apart is 7/365 of a year (7/366 in a leap year).
    assert d.x[1] - d.x[0] == pytest.approx(7 / 366, abs=1e-12)


def test_eight_digit_numbers_stay_numbers_and_are_chosen_by_default(tmp_path):
    d = gdviz.load_csv(write(tmp_path, "day,v\n19580329,1\n19580405,2\n"))
    assert d.x.tolist() == [19580329, 19580405] and not d.x_dates
    d = gdviz.load_csv(write(tmp_path, "day,v\n19580329,1\n19580405,2\n", "b.csv"), x="day")
    assert not d.x_dates  # chosen as x, still a number


def test_gaps_in_a_date_column_are_dropped(tmp_path):
    with pytest.warns(gdviz.GdvizWarning, match=r"dropped 2 rows .*\(lines 3, 5\)"):
        d = gdviz.load_csv(write(tmp_path, "d,v\n2024-01-05,1\nNA,2\n2024-01-19,3\n2024-01-26,\n"), x="d")
    assert d.x_dates and len(d) == 2 and d.rows_dropped == 2


def test_the_shipped_weekly_series_has_dates_and_gaps():
    with pytest.warns(gdviz.GdvizWarning, match=r"^dropped 6 rows with a missing x or y \(lines 75, 84, 85, 86, 87, \.\.\.\)$"):
        d = gdviz.load_csv(DATA / "co2_weekly.csv", x="date")
    assert d.x_dates and (d.x_name, d.y_name) == ("date", "co2") and len(d) == 288 and d.rows_dropped == 6
    assert d.x[0] == 1974 + 138 / 365 and d.y[0] == 333.37  # 1974-05-19, the first week NOAA measured
    assert np.all(np.diff(d.x) > 0) and d.x[-1] == 1979 + 363 / 365  # 1979-12-30


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(_finite, _finite), min_size=6, max_size=12),
    holes=st.sets(st.tuples(st.integers(0, 11), st.integers(0, 1)), max_size=3),
    marker=st.sampled_from(["", " ", "NA", "n/a", "NaN", "nan", "null", "None", "-", ".", "NULL"]),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_any_missing_cell_drops_its_row_and_nothing_else(tmp_path_factory, rows, holes, marker, sep):
    cells = [[repr(a), repr(b)] for a, b in rows]
    holes = {(r % len(rows), c) for r, c in holes}
    for r, c in holes:
        cells[r][c] = marker
    path = tmp_path_factory.mktemp("m") / "t.csv"
    path.write_text("x" + sep + "y\n" + "".join(sep.join(c) + "\n" for c in cells))
    gaps = sorted({r for r, _ in holes})
    # A row whose cells are all blank is a blank line: skipped, not dropped.
    dropped = [r for r in gaps if not all(not c.strip() for c in cells[r])]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        d = gdviz.load_csv(path, x=0, y=1)
    kept = [row for i, row in enumerate(rows) if i not in gaps]
    assert d.x.tolist() == [a for a, _ in kept] and d.y.tolist() == [b for _, b in kept]
    assert d.rows_dropped == len(dropped)
    messages = [str(w.message) for w in record]
    if dropped:
        assert messages == [gdviz.data.cells.dropped_message(len(dropped), [r + 2 for r in dropped])]
    else:
        assert messages == []
    if dropped:
        with pytest.raises(gdviz.GdvizError, match=f"line {dropped[0] + 2}"):
            gdviz.load_csv(path, x=0, y=1, missing="error")
