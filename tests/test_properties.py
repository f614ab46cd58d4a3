"""Property-based tests: any finite input works, any non-finite input gets a clear answer.

Dataset, Recorder and History are the three doors data comes in by (load_csv is tested
with its own module). For each: arbitrary finite numbers never crash, and a NaN or an
infinity anywhere is a GdvizError naming the row -- or, for the Recorder, whose job is
to survive a diverging loop, a history trimmed before it with a GdvizWarning.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import gdviz

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
non_finite = st.sampled_from([np.nan, np.inf, -np.inf])
COLUMNS = ("w0", "w1", "loss", "grad_w0", "grad_w1")


def finite_arrays(min_size=0, max_size=40, size=None):
    shape = size if size is not None else st.integers(min_size, max_size)
    return hnp.arrays(np.float64, shape, elements=finite)


@st.composite
def paired(draw, min_size=2, max_size=40):
    n = draw(st.integers(min_size, max_size))
    return draw(finite_arrays(size=n)), draw(finite_arrays(size=n))


def no_foreign_warnings(record):
    """Only GdvizWarnings (numpy's overflow RuntimeWarnings would be noise to a user)."""
    others = [w for w in record if not issubclass(w.category, gdviz.GdvizWarning)]
    assert not others, [str(w.message) for w in others]


# -- Dataset ------------------------------------------------------------------------------
@SETTINGS
@given(paired())
def test_dataset_takes_any_finite_points(xy):
    x, y = xy
    d = gdviz.Dataset(x, y)
    assert len(d) == len(x) and np.array_equal(d.x, x) and np.array_equal(d.y, y)
    assert not d.x.flags.writeable
    assert repr(d) == f"Dataset(n={len(x)}, x in [{x.min():.3g}, {x.max():.3g}])"  # its size and x's range


@SETTINGS
@given(paired(), st.data())
def test_dataset_names_the_first_non_finite_row(xy, data):
    x, y = (a.copy() for a in xy)
    column = data.draw(st.sampled_from(["x", "y"]))
    rows = data.draw(st.lists(st.integers(0, len(x) - 1), min_size=1, max_size=3))
    target = x if column == "x" else y
    for r in rows:
        target[r] = data.draw(non_finite)
    with pytest.raises(gdviz.GdvizError, match=rf"`{column}`.*item {min(rows)} "):
        gdviz.Dataset(x, y)


@SETTINGS
@given(paired(min_size=0, max_size=1))
def test_dataset_needs_two_points(xy):
    x, y = xy
    with pytest.raises(gdviz.GdvizError, match="at least 2 points"):
        gdviz.Dataset(x, y)


@SETTINGS
@given(finite_arrays(2, 30), st.integers(1, 30), st.data())
def test_dataset_lengths_must_match(x, extra, data):
    # y is longer or shorter than x by at least one, never equal (no filtering needed).
    n = len(x) + extra if data.draw(st.booleans()) or len(x) - extra < 0 else len(x) - extra
    y = data.draw(finite_arrays(size=n))
    with pytest.raises(gdviz.GdvizError, match=f"{len(x)} x values and {len(y)} y values"):
        gdviz.Dataset(x, y)


# -- Recorder -----------------------------------------------------------------------------
@st.composite
def recordings(draw, with_gradients=None):
    x, y = draw(paired(max_size=20))
    epochs = draw(st.integers(1, 30))
    rows = draw(hnp.arrays(np.float64, (epochs, 5), elements=finite))
    grads = draw(st.booleans()) if with_gradients is None else with_gradients
    return x, y, rows, grads


def record_all(x, y, rows, grads):
    rec = gdviz.Recorder(x, y)
    for w0, w1, loss, g0, g1 in rows:
        if grads:
            rec.record(w0=w0, w1=w1, loss=loss, grad_w0=g0, grad_w1=g1)
        else:
            rec.record(w0=w0, w1=w1, loss=loss)
    return rec


@SETTINGS
@given(recordings(with_gradients=True))
def test_recorder_keeps_every_finite_row(case):
    x, y, rows, grads = case
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        h = record_all(x, y, rows, grads).history()
    assert not record
    assert len(h) == len(rows) and np.array_equal(h.epoch, np.arange(len(rows)))
    for k, name in enumerate(COLUMNS):
        assert np.array_equal(getattr(h, name), rows[:, k])


@SETTINGS
@given(recordings(with_gradients=False))
def test_recorder_without_gradients_never_crashes(case):
    """Gradients computed from huge finite data can overflow: that is trimmed, never a crash."""
    x, y, rows, grads = case
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        try:
            h = record_all(x, y, rows, grads).history()
        except gdviz.GdvizError as exc:
            assert "first recorded epoch" in str(exc)
            return
    no_foreign_warnings(record)
    assert 1 <= len(h) <= len(rows)
    assert all(np.isfinite(getattr(h, name)).all() for name in COLUMNS)
    if len(h) < len(rows):
        assert h.meta["diverged_at"] == len(h) and record


@SETTINGS
@given(recordings(), st.data())
def test_recorder_trims_at_the_first_non_finite_value_with_a_warning(case, data):
    x, y, rows, grads = case
    rows = rows.copy()
    bad_row = data.draw(st.integers(0, len(rows) - 1))
    rows[bad_row, data.draw(st.integers(0, 2 if not grads else 4))] = data.draw(non_finite)
    rec = record_all(x, y, rows, grads)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        try:
            h = rec.history()
        except gdviz.GdvizError as exc:
            # Nothing finite to keep: only when the very first row is bad (or, without
            # gradients given, overflows).
            assert "first recorded epoch" in str(exc)
            assert bad_row == 0 or not grads
            return
    no_foreign_warnings(record)
    assert 1 <= len(h) <= bad_row
    if grads:
        assert len(h) == bad_row
    assert h.meta["diverged_at"] == len(h)
    assert any(issubclass(w.category, gdviz.GdvizWarning) and f"epoch {len(h)}" in str(w.message) for w in record)
    assert all(np.isfinite(getattr(h, name)).all() for name in COLUMNS)


@SETTINGS
@given(st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.just(np.zeros(2)), st.just([1.0, 2.0]),
                 st.just(1 + 2j)))
def test_recorder_refuses_what_is_not_one_number(value):
    rec = gdviz.Recorder([0.0, 1.0], [0.0, 1.0])
    for name in ("w0", "w1", "loss", "grad_w0", "grad_w1"):
        if value is None and name.startswith("grad"):
            continue  # a gradient left out (None) is computed from the data
        kwargs = {"w0": 0.0, "w1": 0.0, "loss": 0.0, name: value}
        with pytest.raises(gdviz.GdvizError, match=f"`{name}`"):
            rec.record(**kwargs)
    assert len(rec) == 0


# -- History ------------------------------------------------------------------------------
@st.composite
def history_columns(draw):
    n = draw(st.integers(1, 30))
    return n, {name: draw(finite_arrays(size=n)) for name in COLUMNS}


DATA = gdviz.Dataset([0.0, 1.0, 2.0], [1.0, 0.0, 4.0])


@SETTINGS
@given(history_columns(), paired(max_size=10))
def test_history_takes_any_finite_rows_and_round_trips_exactly(columns, xy):
    n, arrays = columns
    h = gdviz.History(epoch=np.arange(n), data=gdviz.Dataset(*xy), meta={"eta": 0.5}, **arrays)
    assert len(h) == n
    assert repr(h) == f"History({n} epochs, optimizer=None, eta=0.5, final SSE={arrays['loss'][-1]:.6g})"
    with tempfile.TemporaryDirectory() as folder:
        back = gdviz.History.load(h.save(Path(folder) / "h.npz"))
    for name in ("epoch", *COLUMNS):
        assert np.array_equal(getattr(back, name), getattr(h, name))
    assert np.array_equal(back.data.x, h.data.x) and back.meta == h.meta


@SETTINGS
@given(history_columns(), st.data())
def test_history_refuses_a_non_finite_row_and_names_it(columns, data):
    n, arrays = columns
    name = data.draw(st.sampled_from(COLUMNS))
    row = data.draw(st.integers(0, n - 1))
    arrays[name] = arrays[name].copy()
    arrays[name][row] = data.draw(non_finite)
    with pytest.raises(gdviz.GdvizError, match=rf"`{name}`.* row {row} "):
        gdviz.History(epoch=np.arange(n), data=DATA, **arrays)


@SETTINGS
@given(history_columns(), st.data())
def test_loading_a_file_with_a_non_finite_row_is_refused_with_file_and_row(columns, data):
    n, arrays = columns
    h = gdviz.History(epoch=np.arange(n), data=DATA, **arrays)
    name = data.draw(st.sampled_from(COLUMNS))
    row = data.draw(st.integers(0, n - 1))
    with tempfile.TemporaryDirectory() as folder:
        path = h.save(Path(folder) / "h.npz")
        with np.load(path) as npz:
            stored = {k: npz[k] for k in npz.files}
        stored[name] = stored[name].copy()
        stored[name][row] = data.draw(non_finite)
        np.savez(path, **stored)
        with pytest.raises(gdviz.GdvizError, match=rf"h\.npz' is corrupt: in its `{name}`, row {row} "):
            gdviz.History.load(path)


@SETTINGS
@given(st.lists(st.integers(-5, 50), min_size=2, max_size=8))
def test_history_epochs_must_increase_from_zero_up(epochs):
    assume(epochs[0] < 0 or any(b <= a for a, b in zip(epochs, epochs[1:])))
    n = len(epochs)
    with pytest.raises(gdviz.GdvizError, match="`epoch` must be increasing whole numbers"):
        gdviz.History(epoch=epochs, data=DATA, **{name: np.zeros(n) for name in COLUMNS})


@pytest.mark.parametrize("meta, words", [
    ({"eta": "fast"}, "meta['eta']"),
    ({"eta": float("nan")}, "meta['eta']"),
    ({"epochs": 0}, "meta['epochs']"),
    ({"x_scale": 0.0}, "meta['x_scale']"),
    ({"x_shift": float("inf")}, "meta['x_shift']"),
    ({1: "a"}, "keys must be strings"),
    ({"weights": np.zeros(2)}, "JSON"),
])
def test_history_meta_that_drawing_would_trip_on_is_refused(meta, words):
    with pytest.raises(gdviz.GdvizError, match=rf"{words.replace('[', '.').replace(']', '.')}"):
        gdviz.History(epoch=[0, 1], data=DATA, meta=meta, **{name: np.zeros(2) for name in COLUMNS})


def test_history_meta_numpy_scalars_become_python_numbers():
    h = gdviz.History(epoch=[0, 1], data=DATA, meta={"eta": np.float32(0.5), "epochs": np.int64(2)},
                      **{name: np.zeros(2) for name in COLUMNS})
    assert type(h.meta["eta"]) is float and type(h.meta["epochs"]) is int


@pytest.mark.parametrize("bad", [["a", "b"], [None, 1.0], [1 + 1j, 2.0], [True, False]])
def test_history_columns_must_be_real_numbers(bad):
    with pytest.raises(gdviz.GdvizError, match="`w0` must be an array of real numbers"):
        gdviz.History(epoch=[0, 1], data=DATA, w0=bad, **{n: np.zeros(2) for n in COLUMNS if n != "w0"})
