"""gdviz's sphinx-gallery scraper, called as sphinx-gallery calls it (no Sphinx build), and the
documentation's own files: the gallery's examples and the API page.

The whole site is built by `.ci/run` (sphinx-build -W); these checks are the cheap part.
"""

from __future__ import annotations

import ast
import base64
import importlib
import pickle
import re
from pathlib import Path

import pytest

import gdviz

ROOT = Path(__file__).resolve().parents[1]
sg_scrapers = pytest.importorskip("sphinx_gallery.scrapers",
                                  reason='sphinx-gallery builds the docs: pip install -e ".[docs]"')

from gdviz.sphinxext import Scraper  # noqa: E402  (after the skip: it is only needed with sphinx-gallery)


@pytest.fixture(scope="module")
def anims(short_history):
    """Two small animations (320x180, 3 frames each): enough for a scraper to save."""
    return [gdviz.Animation(short_history, size=(320, 180), max_frames=3, theme=theme) for theme in ("light", "dark")]


def example(tmp_path):
    """What sphinx-gallery hands a scraper for one example: its image paths and its namespace."""
    images = tmp_path / "gallery" / "images"
    images.mkdir(parents=True)
    paths = sg_scrapers.ImagePathIterator(images / "sphx_glr_plot_demo_{0:03}.png")
    return {"image_path_iterator": paths, "example_globals": {}}, {"src_dir": str(tmp_path)}


def test_the_scraper_is_named_by_a_string_and_survives_a_pickle():
    module, attr = "gdviz.sphinxext.scraper".rsplit(".", 1)  # how sphinx-gallery resolves the string
    found = getattr(importlib.import_module(module), attr)
    assert callable(found) and found.ext == ".gif"
    assert pickle.loads(pickle.dumps(found)).ext == ".gif"


def test_a_block_shows_its_animation_as_a_gif(tmp_path, anims, gif_shows):
    block_vars, conf = example(tmp_path)
    block_vars["example_globals"].update(anim=anims[0], n=3, text="x")
    rst = gdviz.sphinxext.scraper(None, block_vars, conf)
    gif = tmp_path / "gallery" / "images" / "sphx_glr_plot_demo_001.gif"
    assert "image-sg" in rst and "/gallery/images/sphx_glr_plot_demo_001.gif" in rst
    gif_shows(gif, anims[0])  # the page's GIF is the animation's frames, at its size


def test_each_animation_is_shown_once_under_the_block_that_made_it(tmp_path, anims):
    block_vars, conf = example(tmp_path)
    scraper = Scraper(ext=".png")  # a still: the same bookkeeping as a GIF, at a fraction of the cost
    assert scraper(None, block_vars, conf) == ""  # a block that made no animation shows nothing
    block_vars["example_globals"]["anim"] = anims[0]
    assert "sphx_glr_plot_demo_001.png" in scraper(None, block_vars, conf)
    assert scraper(None, block_vars, conf) == ""  # the next block: already shown
    block_vars["example_globals"]["dark"] = anims[1]
    rst = scraper(None, block_vars, conf)
    assert "sphx_glr_plot_demo_002.png" in rst and "sphx_glr_plot_demo_001" not in rst


def test_a_new_example_shows_its_animations_again(tmp_path, anims):
    scraper = Scraper(ext=".png")
    for k in (1, 2):
        block_vars, conf = example(tmp_path / str(k))
        block_vars["example_globals"]["anim"] = anims[0]
        assert "sphx_glr_plot_demo_001.png" in scraper(None, block_vars, conf)


def test_a_video_scraper_puts_the_video_in_the_page(tmp_path, anims):
    block_vars, conf = example(tmp_path)
    block_vars["example_globals"]["anim"] = anims[0]
    rst = Scraper(ext="mp4")(None, block_vars, conf)
    assert rst.lstrip().startswith(".. raw:: html")
    data = re.search(r'<source type="video/mp4" src="data:video/mp4;base64,([A-Za-z0-9+/=]+)">', rst)
    assert data and base64.b64decode(data[1]) == (tmp_path / "gallery/images/sphx_glr_plot_demo_001.mp4").read_bytes()
    assert "autoplay loop muted" in rst and "http" not in rst


def test_a_format_the_scraper_cannot_show_is_one_sentence():
    with pytest.raises(gdviz.GdvizError, match=r"cannot show '\.pdf' files; choose one of \.gif, "):
        Scraper(ext="pdf")


def test_every_gallery_example_has_a_title_and_shows_an_animation():
    examples = sorted((ROOT / "examples").glob("plot_*.py"))
    assert examples
    for path in examples:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        title, rule = doc.splitlines()[:2]
        assert title and rule == "=" * len(title), path.name  # sphinx-gallery's title
        made = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "Animation"]
        assert made, f"{path.name} builds no Animation for the scraper to show"
        for call in made:  # small, so the docs build stays fast
            options = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg in ("size", "max_frames")}
            assert options.get("size", (1280, 720))[0] <= 720 and options.get("max_frames", 200) <= 24, path.name


def test_the_api_page_documents_every_public_name():
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in gdviz.__all__:
        assert re.search(rf"(\.\. auto\w+:: gdviz\.{name}\b|`gdviz\.{name}`)", page), name
