import numpy as np
import pytest

import gdviz
from gdviz.history import FORMAT_VERSION


def test_recorder_around_a_tutorial_style_loop(tutorial_data):
    x_1, y = tutorial_data.x, tutorial_data.y
    w_1, w_0, eta = np.array([-2.5]), np.array([1.0]), 0.001
    rec = gdviz.Recorder(x_1, y)
    E = []
    for ep in range(50):
        y_hat = w_1 * x_1 + w_0
        error = 0.5 * np.sum((y - y_hat) ** 2)
        E.append(error)
        rec.record(w0=w_0, w1=w_1, loss=error)  # shape-(1,) weights, no gradients
        w_1 = w_1 - eta * np.sum(-(y - y_hat) * x_1)
        w_0 = w_0 - eta * np.sum(-(y - y_hat))
    h = rec.history(eta=eta, optimizer="gd")
    ref = gdviz.train(tutorial_data, epochs=50, eta=eta, w0=1.0, w1=-2.5)
    assert len(h) == 50 and np.array_equal(h.epoch, np.arange(50))
    np.testing.assert_allclose(h.loss, E, rtol=1e-13)
    for name in ("w0", "w1", "loss", "grad_w0", "grad_w1"):
        np.testing.assert_allclose(getattr(h, name), getattr(ref, name), rtol=1e-12, atol=1e-12)
    assert h.meta["eta"] == eta and h.meta["format_version"] == FORMAT_VERSION


def test_recorder_grows_past_its_first_block():
    rec = gdviz.Recorder([0.0, 1.0], [0.0, 1.0])
    for k in range(1000):
        rec.record(w0=k, w1=-k, loss=float(k))
    h = rec.history()
    assert len(h) == 1000 and h.w0[999] == 999 and h.loss[500] == 500


def test_recorder_trims_a_blow_up_with_a_warning():
    rec = gdviz.Recorder([0.0, 1.0], [0.0, 1.0])
    for v in (1.0, 2.0, float("inf"), 3.0):
        rec.record(w0=v, w1=v, loss=v)
    with pytest.warns(gdviz.GdvizWarning, match="epoch 2"):
        h = rec.history()
    assert len(h) == 2 and h.meta["diverged_at"] == 2


def test_recorder_rejects_arrays_that_are_not_scalars():
    rec = gdviz.Recorder([0.0, 1.0], [0.0, 1.0])
    with pytest.raises(gdviz.GdvizError, match="w0"):
        rec.record(w0=np.zeros(3), w1=0.0, loss=0.0)
    with pytest.raises(gdviz.GdvizError, match="Nothing was recorded"):
        rec.history()


def test_history_round_trips_exactly(tmp_path, tutorial_history):
    path = tutorial_history.save(tmp_path / "run.npz")
    back = gdviz.History.load(path)
    for name in ("epoch", "w0", "w1", "loss", "grad_w0", "grad_w1"):
        a, b = getattr(tutorial_history, name), getattr(back, name)
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert np.array_equal(back.data.x, tutorial_history.data.x)
    assert np.array_equal(back.data.y, tutorial_history.data.y)
    assert back.meta == tutorial_history.meta
    assert [p.name for p in tmp_path.iterdir()] == ["run.npz"]


def test_a_loaded_history_keeps_the_column_names(tmp_path):
    data = gdviz.Dataset([4.0, 7.0, 8.0, 9.0], [2.0, 4.0, 16.0, 10.0], x_name="speed", y_name="dist")
    back = gdviz.History.load(gdviz.train(data, epochs=5, seed=0).save(tmp_path / "run.npz"))
    assert (back.data.x_name, back.data.y_name) == ("speed", "dist")


def test_history_is_frozen(tutorial_history):
    with pytest.raises(ValueError):
        tutorial_history.w0[0] = 5.0
    with pytest.raises(AttributeError):
        tutorial_history.w0 = np.zeros(3)


def test_loading_something_else_says_so(tmp_path):
    np.savez(tmp_path / "other.npz", a=np.arange(3))
    with pytest.raises(gdviz.GdvizError, match="not a gdviz history"):
        gdviz.History.load(tmp_path / "other.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(gdviz.GdvizError, match="not a gdviz history"):
        gdviz.History.load(tmp_path / "junk.npz")
    with pytest.raises(gdviz.GdvizError, match="No history file"):
        gdviz.History.load(tmp_path / "missing.npz")


def test_loading_another_format_version_names_it(tmp_path, tutorial_history):
    import json

    path = tutorial_history.save(tmp_path / "run.npz")
    with np.load(path) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(str(arrays["meta"]))
    meta["format_version"] = 99
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(path, **arrays)
    with pytest.raises(gdviz.GdvizError, match="format_version 99"):
        gdviz.History.load(path)
