"""Dataset.from_table: DataFrames (pandas, polars), dicts of arrays, numpy structured arrays."""

from __future__ import annotations

import subprocess
import sys
import warnings
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

import gdviz

try:
    import pandas as pd
except ImportError:  # pragma: no cover - CI installs it
    pd = None
try:
    import polars as pl
except ImportError:  # pragma: no cover - CI installs it
    pl = None

needs_pandas = pytest.mark.skipif(pd is None, reason="pandas is not installed (pip install pandas)")
needs_polars = pytest.mark.skipif(pl is None, reason="polars is not installed (pip install polars)")

DATA = Path(__file__).parent / "data"


def quiet(table, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return gdviz.Dataset.from_table(table, **kwargs)


def test_a_dict_of_arrays_and_a_structured_array():
    d = quiet({"area": [50, 60, 80], "price": np.array([100.0, 130.0, 170.0])}, x="area", y="price")
    assert d.x.tolist() == [50, 60, 80] and d.y.tolist() == [100, 130, 170]
    assert (d.x_name, d.y_name, d.rows_dropped, d.x_dates) == ("area", "price", 0, False)
    rec = np.array([(1, 2.5, "a"), (2, 3.5, "b"), (3, 5.0, "c")], dtype=[("t", "i8"), ("v", "f8"), ("s", "U1")])
    d = quiet(rec, x="T", y="v")  # names ignore case when unambiguous, as in load_csv
    assert d.x.tolist() == [1, 2, 3] and d.y.tolist() == [2.5, 3.5, 5.0] and d.x_name == "t"
    assert quiet(rec.view(np.recarray), x="t", y="v").y.tolist() == [2.5, 3.5, 5.0]


def test_the_missing_value_rule_on_a_dict():
    table = {"x": [1.0, np.nan, 3.0, 4.0, None, 6.0, 7.0], "y": ["2", "5", "NA", "", "9", "1,200", 8],
             "unused": [None] * 7}
    with pytest.warns(gdviz.GdvizWarning) as record:
        d = gdviz.Dataset.from_table(table, x="x", y="y")
    assert [str(w.message) for w in record] == ["dropped 4 rows with a missing x or y (rows 1, 2, 3, 4)"]
    assert record[0].filename == __file__
    assert d.x.tolist() == [1, 6, 7] and d.y.tolist() == [2, 1200, 8] and d.rows_dropped == 4
    with pytest.raises(gdviz.GdvizError, match=r"row 1 \(counting from 0\), column 'x' is missing"):
        gdviz.Dataset.from_table(table, x="x", y="y", missing="error")


@pytest.mark.parametrize("table, kwargs, words", [
    ({"a": [1, 2], "b": [3, 4]}, {"x": "area", "y": "b"}, ["no column named 'area'", "'a', 'b'"]),
    ({"a": [1, 2], "b": [3, 4]}, {"x": None, "y": "b"}, ["x column's name", "'a', 'b'"]),
    ({"a": [1, 2, 3], "b": ["1", "oops", "3"]}, {"x": "a", "y": "b"}, ["row 1", "column 'b'", "'oops'", "not a number"]),
    ({"a": [1, 2, 3], "b": ["1", "$250,000", "3"]}, {"x": "a", "y": "b"}, ["'$250,000'", "not a number"]),
    ({"a": [1.0, np.inf, 3.0], "b": [1, 2, 3]}, {"x": "a", "y": "b"}, ["row 1", "column 'a'", "inf", "finite"]),
    ({"a": [1, 2, 3], "b": [1, "inf", 3]}, {"x": "a", "y": "b"}, ["row 1", "'inf'", "finite"]),
    ({"a": [1, 2, 3], "b": [True, False, True]}, {"x": "a", "y": "b"}, ["row 0", "True", "not a number"]),
    ({"a": [1, 2], "b": [3, None]}, {"x": "a", "y": "b"}, ["1 row with both x and y", "dropped 1", "at least 2"]),
    ({"a": [1], "b": [3]}, {"x": "a", "y": "b"}, ["1 row,", "at least 2"]),
    ({"a": [1, 2, 3], "b": [3, 4]}, {"x": "a", "y": "b"}, ["'a' and 'b' have 3 and 2 values"]),
    ({"a": np.zeros((3, 2)), "b": [3, 4, 5]}, {"x": "a", "y": "b"}, ["'a' is not one column", "(3, 2)"]),
    ({"d": ["2024-01-05", "2023-02-30"], "b": [1, 2]}, {"x": "d", "y": "b"}, ["row 1", "'2023-02-30'",
                                                                            "February 2023 has 28 days"]),
    ({"a": [1, 2], "b": [3, 4]}, {"x": "a", "y": "b", "missing": "skip"}, ["`missing`", "'skip'"]),
    ([[1, 2], [3, 4]], {"x": 0, "y": 1}, ["DataFrame", "dict of arrays", "got list"]),
])
def test_bad_tables_get_load_csv_s_errors(table, kwargs, words):
    with pytest.raises(gdviz.GdvizError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdviz.Dataset.from_table(table, **kwargs)
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert message.count(". ") == 0 and "\n" not in message


def test_dates_as_x_in_a_dict():
    d = quiet({"when": ["2023-01-01", "2023-07-02 12:00", "2024-07-02T00:00"], "v": [1, 2, 3]}, x="when", y="v")
    assert d.x_dates and d.x.tolist() == [2023.0, 2023.5, 2024.5]
    d = quiet({"when": [date(2023, 1, 1), datetime(2023, 7, 2, 12), np.datetime64("2024-07-02")], "v": [1, 2, 3]},
              x="when", y="v")
    assert d.x_dates and d.x.tolist() == [2023.0, 2023.5, 2024.5]
    d = quiet({"when": np.array(["2023-01-01", "2023-07-02T12:00"], dtype="datetime64[s]"), "v": [1, 2]}, x="when", y="v")
    assert d.x_dates and d.x.tolist() == [2023.0, 2023.5]
    with pytest.raises(gdviz.GdvizError, match="not a number"):  # dates are read only as x
        gdviz.Dataset.from_table({"when": np.array(["2023-01-01", "2023-07-02"], dtype="datetime64[D]"), "v": [1, 2]},
                                 x="v", y="when")


def _csv_and_frame_agree(frame, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        csv = gdviz.load_csv(DATA / "co2_weekly.csv", x="date")
    with pytest.warns(gdviz.GdvizWarning, match=r"^dropped 6 rows with a missing x or y \(rows 72, 81, 82, 83, 84, \.\.\.\)$"):
        d = gdviz.Dataset.from_table(frame, x="date", y="co2", **kwargs)
    assert d.x_dates and d.rows_dropped == 6 and (d.x_name, d.y_name) == ("date", "co2")
    assert np.array_equal(d.x, csv.x) and np.array_equal(d.y, csv.y)  # the same decimal years, to the bit


@needs_pandas
def test_a_pandas_dataframe():
    df = pd.DataFrame({"area": [50, 60, None, 80, 90], "price": [100.0, np.nan, 150, 170, 185], "name": list("abcde")})
    with pytest.warns(gdviz.GdvizWarning, match=r"\(rows 1, 2\)"):
        d = gdviz.Dataset.from_table(df, x="area", y="price")
    assert d.x.tolist() == [50, 80, 90] and d.y.tolist() == [100, 170, 185]
    # Nullable dtypes hold pandas' NA, which np.asarray turns into an object array.
    nullable = df.astype({"area": "Int64", "price": "Float64"})
    with pytest.warns(gdviz.GdvizWarning, match=r"\(rows 1, 2\)"):
        d = gdviz.Dataset.from_table(nullable, x="area", y="price")
    assert d.x.tolist() == [50, 80, 90]
    with pytest.raises(gdviz.GdvizError, match=r"column 'name' holds 'a', which is not a number"):
        gdviz.Dataset.from_table(df, x="area", y="name")
    with pytest.raises(gdviz.GdvizError, match=r"no column named 'size'; its columns are 'area', 'price', 'name'"):
        gdviz.Dataset.from_table(df, x="size", y="price")
    # Dates: a datetime64 column (NaT missing) or ISO strings read by pandas as they are.
    weekly = pd.read_csv(DATA / "co2_weekly.csv", comment="#", parse_dates=["date"])
    assert weekly["date"].dtype.kind == "M"
    _csv_and_frame_agree(weekly)
    _csv_and_frame_agree(pd.read_csv(DATA / "co2_weekly.csv", comment="#", dtype={"date": str}))


@needs_polars
def test_a_polars_dataframe():
    df = pl.DataFrame({"area": [50, 60, None, 80, 90], "price": [100.0, None, 150.0, 170.0, float("nan")],
                       "name": list("abcde")})
    with pytest.warns(gdviz.GdvizWarning, match=r"\(rows 1, 2, 4\)"):
        d = gdviz.Dataset.from_table(df, x="area", y="price")
    assert d.x.tolist() == [50, 80] and d.y.tolist() == [100, 170]
    with pytest.raises(gdviz.GdvizError, match=r"column 'name' holds 'a', which is not a number"):
        gdviz.Dataset.from_table(df, x="area", y="name")
    with pytest.raises(gdviz.GdvizError, match=r"no column named 'size'; its columns are 'area', 'price', 'name'"):
        gdviz.Dataset.from_table(df, x="size", y="price")
    weekly = pl.read_csv(DATA / "co2_weekly.csv", comment_prefix="#", try_parse_dates=True)
    assert weekly["date"].dtype == pl.Date
    _csv_and_frame_agree(weekly)
    _csv_and_frame_agree(pl.read_csv(DATA / "co2_weekly.csv", comment_prefix="#"))  # dates as strings


def test_from_table_imports_neither_pandas_nor_polars():
    code = ("import sys, gdviz; d = gdviz.Dataset.from_table({'a': [1, 2, None], 'b': ['1', '2', '3']}, x='a', y='b'); "
            "assert len(d) == 2; print(sorted(m for m in ('pandas', 'polars') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_table_run_keeps_its_dates_and_drops_in_the_history(tmp_path):
    table = {"when": ["2024-01-05", "2024-01-12", None, "2024-01-26", "2024-02-02"], "v": [1.0, 1.5, 2.0, None, 3.1]}
    with pytest.warns(gdviz.GdvizWarning, match="dropped 2 rows"):
        data = gdviz.Dataset.from_table(table, x="when", y="v")
    h = gdviz.train(data, eta="auto", epochs=50, seed=0)
    assert h.meta["x_dates"] is True and h.meta["rows_dropped"] == 2
    back = gdviz.History.load(h.save(tmp_path / "run.npz"))
    assert back.meta["x_dates"] is True and back.data.x_dates and back.data.rows_dropped == 2
    # A loop of your own keeps them too.
    rec = gdviz.Recorder(data)
    rec.record(w0=0.0, w1=0.0, loss=1.0)
    assert rec.history().meta["x_dates"] is True and rec.history().meta["rows_dropped"] == 2
    # Without dates or drops the keys are absent.
    plain = gdviz.train(gdviz.make_data(n=10, seed=0), epochs=5, seed=0)
    assert "x_dates" not in plain.meta and "rows_dropped" not in plain.meta and not plain.data.x_dates


def test_one_column_as_both_x_and_y_is_refused():
    """A line fitted to y = x teaches nothing: the same column twice (even spelled in another case) is an error."""
    table = {"speed": [1.0, 2.0, 3.0], "dist": [2.0, 4.0, 7.0]}
    for y in ("speed", "SPEED"):
        with pytest.raises(gdviz.GdvizError, match="both the table's column 'speed'.*choose two different columns"):
            gdviz.Dataset.from_table(table, x="speed", y=y)
