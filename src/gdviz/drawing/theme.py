"""Themes and presets: every colour, type size and line width a frame uses, in one place.

A *palette* is the colours (``light``, ``dark``); a *preset* is a destination's frame
size, frame rate, type sizes and line widths (``slides``, ``slides-4x3``, ``web``,
``square``, ``thumbnail``). :func:`make_theme` combines the two into the one
:class:`Theme` object the panels read; no colour or size literal lives outside this
module.

Type sizes are fractions of the frame height (an em of 0.022 is 24 px at 1080p), so a
preset's text stays as legible when ``--size`` overrides its frame size. The figure is
drawn at h/7.2 dots per inch, so 1 pt is h/518.4 px and a fraction f of the height is
f * 518.4 points at any size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from ..errors import GdvizError

__all__ = ["Palette", "Preset", "Theme", "PALETTES", "PRESETS", "THEMES", "make_theme", "get_theme", "get_preset",
           "POINTS_PER_HEIGHT"]

#: Points per frame height: the figure is drawn at height/7.2 dpi, so one point is
#: height/518.4 pixels at every frame size.
POINTS_PER_HEIGHT = 7.2 * 72

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
#: The runs' colours on white: Okabe-Ito without its yellow (1.3:1 on white), and with
#: its orange (2.2:1) and sky blue (2.3:1) replaced rather than darkened: darkened, the
#: orange looks like the vermillion to a deuteranope (CIELAB distance 1.7). In their
#: place a violet and a brown, chosen (by search) to stay at least 22 from every other
#: colour in normal, deutan, protan and tritan vision (Machado et al. 2009); the closest
#: pair left is Okabe-Ito's own (17). Every colour has at least 3:1 contrast with the
#: background. tests/test_compare.py checks both. Seven: an Animation takes at most 7 runs.
LIGHT_RUNS = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#8E44E0", "#6B3A0B", "#000000")
#: The runs' colours on the dark background: Okabe-Ito without its black (1.2:1 there);
#: all seven others have at least 3.4:1 (its blue, last, the least).
DARK_RUNS = ("#D55E00", "#56B4E9", "#009E73", "#CC79A7", "#E69F00", "#F0E442", "#0072B2")


@dataclass(frozen=True)
class Palette:
    """The colours of a theme (and the alphas that go with them)."""

    name: str
    background: str
    text: str
    muted_text: str  # tick labels, notes; at least 7:1 on the background, like text
    grid: str
    spine: str
    data_color: str
    data_alpha: float
    run_colors: tuple  # one colour per run, the same in every panel
    outline: str  # drawn under paths and dots so they read on any part of the surface
    halo: Optional[str]  # a second, outer casing under the outline, for a map that runs from dark to light
    gradient: str  # the negative-gradient arrow: short, in the text's colour
    reference: str  # the least-squares line in the fit panel: faint, dashed
    residual_alpha: float  # residual segments and squares, in the run's colour
    ended_alpha: float  # a run that stopped (diverged) fades to this
    ghost_alpha: float  # each run's whole loss curve, under the part travelled
    box_alpha: float  # the legend's box over the data
    surface_cmap: tuple  # (matplotlib colour map, lowest and highest share of it used)
    surface_alpha: float
    contour_line: str
    contour_alpha: float
    optimum_face: str
    optimum_edge: str
    pane: str  # the 3D view's walls
    pane_edge: str
    light_azimuth: float  # the light on the 3D bowl (LightSource), degrees
    light_altitude: float
    shade_fraction: float  # how much it shades the bowl
    positive: str  # the network panel's edges: a weight above zero (one diverging pair, colour-blind safe)
    negative: str  # ... and below zero


@dataclass(frozen=True)
class Preset:
    """Where a frame is going: its size, frame rate, type sizes and line weights.

    Type sizes are ems as fractions of the frame height. `fps` None leaves the frame
    rate to the format (20 for GIF, WebP and APNG, 30 for video).
    """

    name: str
    size: tuple
    fps: Optional[float]
    title: float
    label: float
    tick: float
    header: float
    annotation: float  # the legend table, notes in panels
    line_scale: float  # line widths and dots, relative to web's
    ticks: bool  # tick labels (a thumbnail has no room for them)
    header_line: bool  # the header with the epoch (a thumbnail's legend says enough)
    legend_weights: int  # up to this many runs the legend also gives w0 and w1
    about: str  # what it is for, in --help and the README


@dataclass(frozen=True)
class Theme:
    """A palette at a preset's sizes: everything the panels read. Sizes in points."""

    name: str
    preset: str
    background: str
    text: str
    muted_text: str
    grid: str
    spine: str
    data_color: str
    data_alpha: float
    data_size: float  # marker area in pt^2, for 200 points (fewer are drawn larger)
    run_colors: tuple
    outline: str
    halo: Optional[str]  # a thin outer casing around a path's outline (None: none)
    gradient: str
    reference: str
    residual_alpha: float
    ended_alpha: float
    ghost_alpha: float
    box_alpha: float
    surface_cmap: tuple
    surface_alpha: float
    contour_line: str
    contour_alpha: float
    contour_width: float
    grid_width: float
    optimum_face: str
    optimum_edge: str
    optimum_size: float  # the star's size, pt
    dot_size: float  # a run's current point on the surface, pt
    cursor_size: float  # a run's current point on the loss curve, pt
    font_family: str
    mono_family: str
    title_size: float
    label_size: float
    tick_size: float
    header_size: float
    annotation_size: float
    line_width: float  # a run's line and loss curve
    path_width: float  # a run's path on the surface
    show_ticks: bool
    show_header: bool
    legend_weights: int
    #: the top of the frame kept for the header line, as a fraction of the height
    header_band: float
    # The 3D view (panel "surface3d").
    pane: str  # the 3D box's three walls, behind the bowl
    pane_edge: str
    light_azimuth: float  # where the light on the bowl comes from (LightSource), degrees
    light_altitude: float
    shade_fraction: float  # how strongly the light shades the bowl (0: flat colour)
    point_edge_width: float  # a current point's outline, pt
    outline_extra: float  # a path's outline is this much wider than the path, pt
    halo_width: float  # the halo (when the palette has one) shows this much beyond the outline each side, pt
    mark_edge_width: float  # the star's and an ended run's cross's edge, pt
    label_stroke: float  # the outline around the "least squares" label, pt
    box_line_width: float  # the 3D box's edges and tick marks, pt
    cursor_edge_width: float  # the loss curve's current point's outline, pt
    fine_edge_width: float  # residual squares' and gradient arrows' edges, pt
    cue_edge_width: float  # the off-chart arrowheads' outline, pt
    reference_width: float  # the loss panel's dashed least-squares line, pt
    positive: str  # the network panel's edge of a weight above zero
    negative: str  # ... and below zero

    def run_color(self, i: int = 0) -> str:
        return self.run_colors[i % len(self.run_colors)]

    @property
    def max_runs(self) -> int:
        """How many runs one animation can tell apart: one colour each."""
        return len(self.run_colors)


LIGHT = Palette(
    name="light",
    background="#ffffff",
    text="#222222",
    muted_text="#555555",
    grid="#e8e8e8",
    spine="#9a9a9a",
    data_color="#5b7186",
    data_alpha=0.55,
    run_colors=LIGHT_RUNS,
    outline="#ffffff",
    halo=None,  # the map is light under its white casing: the dark run colours read on it
    gradient="#1a1a1a",
    reference="#6b6b6b",
    residual_alpha=0.35,
    ended_alpha=0.45,
    ghost_alpha=0.28,
    box_alpha=0.92,
    surface_cmap=("viridis", 0.0, 1.0),
    surface_alpha=0.78,
    contour_line="#ffffff",
    contour_alpha=0.45,
    optimum_face="#ffffff",
    optimum_edge="#111111",
    pane="#f6f7f9",
    pane_edge="#d9d9d9",
    light_azimuth=300.0,
    light_altitude=35.0,
    shade_fraction=0.55,
    # PuOr's ends: purple and orange stay apart in every common colour-vision deficiency,
    # and neither is a run colour (a weight's sign is not a run).
    positive="#5E3C99",
    negative="#E66101",
)

#: Designed for dark decks, not inverted: a near-black, slightly blue background (pure
#: black glares next to bright colours on a projector), text at 15:1 and the muted
#: text at 8.6:1 (both above the 7:1 of WCAG AAA), data points lighter than the
#: background, viridis from a fifth of the way up (its darkest purples would sink into
#: the background, and what is left still rises steadily in lightness), at full
#: opacity, under dark contour lines.
DARK = Palette(
    name="dark",
    background="#16181d",
    text="#eceef2",
    muted_text="#b4bac4",
    grid="#2a2e36",
    spine="#6b727d",
    data_color="#a9bdd1",
    data_alpha=0.6,
    run_colors=DARK_RUNS,
    outline="#16181d",
    # The map runs from dark blue (viridis at 0.2) to yellow: the dark casing has 2.2:1
    # against the first and the darker run colours (the blue, the vermillion) less. A thin
    # light halo around the casing has at least 3:1 wherever the casing has not: every path
    # is set off from the fill under it (tests/test_polish.py checks every run colour).
    halo="#d9dde3",
    gradient="#f4f5f7",
    reference="#b4bac4",
    residual_alpha=0.4,
    ended_alpha=0.45,
    ghost_alpha=0.3,
    box_alpha=0.9,
    surface_cmap=("viridis", 0.2, 1.0),
    surface_alpha=1.0,
    contour_line="#16181d",
    contour_alpha=0.45,
    optimum_face="#ffffff",
    optimum_edge="#16181d",
    pane="#1e2128",  # a shade off the background, so the box reads without glaring
    pane_edge="#3a3f48",
    light_azimuth=300.0,
    light_altitude=35.0,
    shade_fraction=0.45,  # less shading: dark walls already frame the bowl
    positive="#B2ABD2",  # PuOr's light ends: readable on the near-black
    negative="#FDB863",
)

PALETTES = {palette.name: palette for palette in (LIGHT, DARK)}

# The type sizes of `web` are about those gdviz always had at 1280x720 (13, 11.5, 13 and
# 10.5 pt; tick labels 10 pt, up from 9.5, so that their digits' ink, not just their em,
# clears 0.7 of the 1.8% the web gets); the others follow VISUAL.md: at slide size the
# smallest text at least 2.2% of the frame height (24 px at 1080p).
WEB = Preset(name="web", size=(1280, 720), fps=None, title=13.0 / POINTS_PER_HEIGHT, label=11.5 / POINTS_PER_HEIGHT,
             tick=10.0 / POINTS_PER_HEIGHT, header=13.0 / POINTS_PER_HEIGHT, annotation=10.5 / POINTS_PER_HEIGHT,
             line_scale=1.0, ticks=True, header_line=True, legend_weights=3,
             about="1280x720: blog posts, READMEs, the web (today's default)")
SLIDES = Preset(name="slides", size=(1920, 1080), fps=30.0, title=0.029, label=0.0255, tick=0.0226, header=0.029,
                annotation=0.0235, line_scale=1.15, ticks=True, header_line=True, legend_weights=3,
                about="1920x1080 at 30 fps: 16:9 decks (PowerPoint, Keynote, Google Slides, reveal.js); "
                      "every text at least 2.2% of the height, legible from the back row")
PRESETS = {
    "slides": SLIDES,
    "slides-4x3": replace(SLIDES, name="slides-4x3", size=(1440, 1080),
                          about="1440x1080 at 30 fps: 4:3 decks and LaTeX beamer's default shape"),
    "web": WEB,
    "square": replace(WEB, name="square", size=(1080, 1080),
                      about="1080x1080: social posts and square slide halves; the fit on top, the surface and "
                            "the loss below"),
    "thumbnail": Preset(name="thumbnail", size=(480, 270), fps=15.0, title=0.041, label=0.0375, tick=0.0375,
                        header=0.0375, annotation=0.0375, line_scale=1.6, ticks=False, header_line=False,
                        legend_weights=0,
                        about="480x270 at 15 fps: previews and link cards; at least 10 px type, so no tick "
                              "labels and no header (the legend carries the SSE)"),
}

#: A Theme per palette at web's sizes (the names --theme takes).
THEMES: dict = {}


def make_theme(palette="light", preset="web") -> Theme:
    """The Theme the panels read: `palette`'s colours at `preset`'s sizes (names or objects)."""
    pal = palette if isinstance(palette, Palette) else _named(PALETTES, palette, "theme")
    pre = get_preset(preset)
    pt = POINTS_PER_HEIGHT
    scale = pre.line_scale
    return Theme(
        name=pal.name, preset=pre.name, background=pal.background, text=pal.text, muted_text=pal.muted_text,
        grid=pal.grid, spine=pal.spine, data_color=pal.data_color, data_alpha=pal.data_alpha,
        data_size=22.0 * scale * scale, run_colors=pal.run_colors, outline=pal.outline, halo=pal.halo,
        gradient=pal.gradient, reference=pal.reference, residual_alpha=pal.residual_alpha, ended_alpha=pal.ended_alpha,
        ghost_alpha=pal.ghost_alpha, box_alpha=pal.box_alpha, surface_cmap=pal.surface_cmap,
        surface_alpha=pal.surface_alpha, contour_line=pal.contour_line, contour_alpha=pal.contour_alpha,
        contour_width=0.5 * scale, grid_width=0.8 * scale, optimum_face=pal.optimum_face,
        optimum_edge=pal.optimum_edge, optimum_size=15.0 * scale, dot_size=9.0 * scale, cursor_size=7.0 * scale,
        font_family="DejaVu Sans", mono_family="DejaVu Sans Mono",
        title_size=pre.title * pt, label_size=pre.label * pt, tick_size=pre.tick * pt, header_size=pre.header * pt,
        annotation_size=pre.annotation * pt, line_width=2.0 * scale, path_width=2.0 * scale,
        show_ticks=pre.ticks, show_header=pre.header_line, legend_weights=pre.legend_weights,
        header_band=(2.6 * pre.header) if pre.header_line else 0.02,
        pane=pal.pane, pane_edge=pal.pane_edge, light_azimuth=pal.light_azimuth, light_altitude=pal.light_altitude,
        shade_fraction=pal.shade_fraction, point_edge_width=1.6 * scale, outline_extra=2.5 * scale, halo_width=0.8 * scale,
        mark_edge_width=1.0 * scale, label_stroke=2.5 * scale, box_line_width=0.8 * scale,
        cursor_edge_width=1.2 * scale, fine_edge_width=0.6 * scale, cue_edge_width=0.8 * scale,
        reference_width=0.9 * scale, positive=pal.positive, negative=pal.negative,
    )


def _named(table: dict, name, what: str):
    if isinstance(name, str) and name in table:
        return table[name]
    raise GdvizError(f"The `{what}` must be one of {', '.join(map(repr, table))}; not {name!r}.")


def get_preset(preset) -> Preset:
    """A Preset from its name (or the Preset itself)."""
    return preset if isinstance(preset, Preset) else _named(PRESETS, preset, "preset")


def get_theme(theme, preset="web") -> Theme:
    """A Theme from a palette name (or the Theme itself), at `preset`'s sizes."""
    if isinstance(theme, Theme):
        return theme
    return make_theme(theme, preset)


THEMES.update({name: make_theme(name, "web") for name in PALETTES})
