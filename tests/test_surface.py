import numpy as np
import pytest

import gdviz
from gdviz.data.moments import Moments


def direct_sse(x, y, w0_grid, w1_grid):
    out = np.empty((len(w1_grid), len(w0_grid)))
    for i, w1 in enumerate(w1_grid):
        for j, w0 in enumerate(w0_grid):
            out[i, j] = 0.5 * np.sum((y - (w1 * x + w0)) ** 2)
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_loss_surface_matches_the_direct_sum(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.uniform(-50, 50), rng.uniform(0.1, 20), 300)
    y = rng.normal(0, 5, 300) + rng.uniform(-3, 3) * x
    data = gdviz.Dataset(x, y)
    g0 = np.linspace(-10, 10, 17)
    g1 = np.linspace(-4, 4, 13)
    got = gdviz.loss_surface(data, g0, g1)
    want = direct_sse(x, y, g0, g1)
    assert got.shape == (13, 17)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9 * want.max())


def test_moments_gradient_and_hessian_agree_with_the_data():
    data = gdviz.make_data(n=100, seed=4)
    m = Moments.of(data)
    h = m.hessian()
    assert h == pytest.approx(np.array([[100, data.x.sum()], [data.x.sum(), (data.x**2).sum()]]))
    w0, w1, best = m.optimum()
    assert (w0, w1) == pytest.approx(gdviz.least_squares(data), abs=1e-12)
    assert best == pytest.approx(0.5 * np.sum((data.y - w1 * data.x - w0) ** 2), rel=1e-10)


def test_constant_x_has_a_flat_optimum_through_the_mean():
    data = gdviz.Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 6.0])
    w0, w1, best = Moments.of(data).optimum()
    assert w1 == 0 and w0 == pytest.approx(3.0)
    assert best == pytest.approx(0.5 * (4 + 1 + 9))


def test_least_squares_agrees_with_the_marked_optimum_when_x_is_constant():
    data = gdviz.Dataset([1e6] * 4, [1.0, 2.0, 6.0, 3.0])
    assert gdviz.least_squares(data) == (3.0, 0.0)
    assert Moments.of(data).optimum()[:2] == pytest.approx((3.0, 0.0))


@pytest.mark.parametrize("fn, args", [(gdviz.least_squares, ()), (gdviz.loss_surface, ([0.0], [1.0]))])
def test_arrays_instead_of_a_dataset_are_one_clear_error(fn, args):
    x = np.arange(5.0)
    with pytest.raises(gdviz.GdvizError, match=r"`data` must be a gdviz.Dataset; got ndarray"):
        fn(x, *args)
