"""Sphinx configuration for gdviz's documentation.

Build from the repository's root, offline, with every warning an error:

    pip install -e ".[docs]" && sphinx-build -W --keep-going -b html docs docs/_build/html

The gallery (``gallery/``) is made from ``examples/plot_*.py``: sphinx-gallery runs each
one and gdviz's own scraper (``gdviz.sphinxext.scraper``) puts the animations the example
made on its page.
"""

from __future__ import annotations

import os

import gdviz

os.environ.setdefault("MPLBACKEND", "Agg")

project = "gdviz"
author = "gdviz developers"
copyright = "gdviz developers"  # noqa: A001 (Sphinx's name)
release = gdviz.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "gallery/*.ipynb", "gallery/*.py", "gallery/*.zip", "gallery/*.json"]

# Markdown pages read well on a code host too: plain CommonMark, fenced code, tables;
# headings get GitHub's anchors so `page.md#a-heading` links work in both places.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# The API reference, from the numpy-style docstrings.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False
# Attributes as fields of their class, so autodoc's members do not describe them twice.
napoleon_use_ivar = True
# A type such as "shape (epochs, 5)" names no class; ambiguous words there are not errors.
suppress_warnings = ["ref.python"]

# The gallery: every example is executed at build time; gdviz's scraper shows the
# Animations an example leaves in a variable, matplotlib's shows its figures.
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "gallery",
    "filename_pattern": r"/plot_",
    # only the plot_*.py scripts: the command-line scripts and the marimo notebook beside them are not gallery pages
    "ignore_pattern": r"(^|/)(?!plot_)[^/]*\.py$",
    "image_scrapers": ("gdviz.sphinxext.scraper", "matplotlib"),
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "write_computation_times": False,  # its page loads scripts from a CDN
    "plot_gallery": "True",
}

# Offline: no page loads anything from another host (furo ships its assets; no maths
# renderer is needed, the maths is Unicode text; no remote intersphinx).
html_theme = "furo"
html_title = f"gdviz {release}"
html_static_path: list = []
html_show_sourcelink = False
html_copy_source = False
