from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

import gdviz
import gdviz.gallery
from gdviz.gallery import GALLERY, _run, example_csv


def test_the_shipped_example_data_is_the_cars_table():
    data = gdviz.load_csv(example_csv("cars.csv"))
    assert len(data) == 50 and (data.x_name, data.y_name) == ("speed", "dist")
    assert gdviz.least_squares(data) == pytest.approx((-17.5791, 3.9324), abs=1e-4)


@pytest.mark.parametrize("run", sorted({run for _, run, _ in GALLERY}))
def test_every_gallery_run_trains_and_renders(tmp_path, run):
    runs = _run(run)
    out = gdviz.render(runs, tmp_path / f"{run}.gif", size=(320, 180), max_frames=4)
    frames = iio.imread(out, index=None)
    assert frames.shape == (4, 180, 320, 3)
    runs = runs if isinstance(runs, list) else [runs]
    if run == "too-large-eta":
        assert "diverged_at" in runs[0].meta
    elif run == "eta-sweep":  # crawls, converges, oscillates into place, diverges
        crawl, good, wobbly, boom = runs
        assert crawl.meta["gap"] > 1 and good.meta["gap"] < 1e-6 and wobbly.meta["gap"] < 1e-6
        assert "diverged_at" in boom.meta
    elif run == "optimizers":
        assert [h.meta["optimizer"] for h in runs] == list(gdviz.gallery.RACE)
        assert all(h.meta["gap"] < 0.1 for h in runs)
    elif run == "race":  # gdviz compare's default, in the 3D view
        from gdviz.cli import COMPARE_DEFAULT

        assert tuple(h.meta["optimizer"] for h in runs) == COMPARE_DEFAULT == gdviz.gallery.RACE3D
        assert all(h.meta["gap"] < 0.1 for h in runs)
    elif run == "scaling":  # cars.csv on three bowls: x as given creeps, centred and standardised x arrive
        none, center, standard = runs
        assert [h.meta["scale"] for h in runs] == list(gdviz.gallery.SCALINGS)
        assert none.meta["gap"] > 0.05 and center.meta["gap"] < 1e-4 and standard.meta["gap"] < 1e-4
    elif run == "sgd-schedule":  # a constant eta hovers around least squares; a decaying one settles
        constant, decaying = runs
        best = constant.meta["sse_least_squares"]
        assert constant.loss[-50:].mean() > 1.05 * best and decaying.loss[-50:].mean() < 1.01 * best
        assert constant.etas is None and decaying.meta["schedule"] == "inverse:decay=0.1"
        assert decaying.eta_at(0) == 0.2 and decaying.eta_at(len(decaying) - 1) == pytest.approx(0.2 / 30.9)
    elif run == "regimes":  # the five gd regimes, named
        assert [h.meta["regime"] for h in runs] == ["creeps", "converges", "fastest", "oscillates", "diverges"]
    elif run == "race-tuned":  # each at its tuned eta: none slower to 1% than at its default
        assert tuple(h.meta["optimizer"] for h in runs) == gdviz.gallery.RACE3D
        assert all(h.meta["gap"] < 0.01 for h in runs)
    else:
        assert runs[0].meta["gap"] < 0.25


def test_gallery_file_names_are_unique_and_supported():
    names = [name for name, _, _ in GALLERY]
    assert len(set(names)) == len(names)
    from gdviz.formats import FORMATS

    assert all(Path(name).suffix in FORMATS for name in names)
    assert {"descent-dark-slides.mp4", "filmstrip.png", "poster.pdf", "optimizers.mp4", "eta-sweep.gif"} <= set(names)
    assert np.unique([run for _, run, _ in GALLERY]).size >= 3
