"""Themes: every colour, font size and line width a frame uses, in one object.

Sizes are in points at the reference height of 720 px (1 pt = 100/72 px there); the
figure's dpi scales them with the frame height, so a 1080p frame looks the same as a
720p one, only sharper.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import GdvizError

__all__ = ["Theme", "THEMES", "get_theme"]

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


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted_text: str
    grid: str
    spine: str
    data_color: str
    data_alpha: float
    data_size: float  # marker area in pt^2
    run_colors: tuple  # one colour per run, the same in every panel
    outline: str  # drawn under paths so they read on any part of the surface
    gradient: str  # the negative-gradient arrow: short and dark
    reference: str  # the least-squares line in the fit panel: faint, dashed
    residual_alpha: float  # residual segments and squares, in the run's colour
    ended_alpha: float  # a run that stopped (diverged) fades to this
    surface_cmap: str
    surface_alpha: float
    contour_line: str
    optimum_face: str
    optimum_edge: str
    loss_ghost: str  # the whole loss curve, faint, under the part already travelled
    font_family: str
    mono_family: str
    title_size: float
    label_size: float
    tick_size: float
    header_size: float
    annotation_size: float
    line_width: float  # the current fitted line
    path_width: float
    # The 3D view (panel "surface3d"). Defaults are the light theme's values, so a theme
    # written before these existed still builds; a dark theme sets its own.
    pane: str = "#f6f7f9"  # the 3D box's three walls, behind the bowl
    pane_edge: str = "#d9d9d9"
    light_azimuth: float = 300.0  # where the light on the bowl comes from (LightSource), degrees
    light_altitude: float = 35.0
    shade_fraction: float = 0.55  # how strongly the light shades the bowl (0: flat colour)
    point_size: float = 9.0  # the current point on a surface: disc diameter, pt
    point_edge_width: float = 1.6  # its outline, pt
    outline_extra: float = 2.5  # a path's outline is this much wider than the path, pt
    optimum_size: float = 15.0  # the least-squares star, pt
    mark_edge_width: float = 1.0  # the star's and an ended run's cross's edge, pt
    label_stroke: float = 2.5  # the outline around the "least squares" label, pt
    contour_width: float = 0.5  # the contour lines on the bowl, pt
    contour_alpha: float = 0.45
    box_line_width: float = 0.8  # the 3D box's edges and tick marks, pt

    def run_color(self, i: int = 0) -> str:
        return self.run_colors[i % len(self.run_colors)]

    @property
    def max_runs(self) -> int:
        """How many runs one animation can tell apart: one colour each."""
        return len(self.run_colors)


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#222222",
    muted_text="#555555",
    grid="#e8e8e8",
    spine="#9a9a9a",
    data_color="#5b7186",
    data_alpha=0.55,
    data_size=22.0,
    run_colors=LIGHT_RUNS,
    outline="#ffffff",
    gradient="#1a1a1a",
    reference="#6b6b6b",
    residual_alpha=0.35,
    ended_alpha=0.45,
    surface_cmap="viridis",
    surface_alpha=0.78,
    contour_line="#ffffff",
    optimum_face="#ffffff",
    optimum_edge="#111111",
    loss_ghost="#c9c9c9",
    font_family="DejaVu Sans",
    mono_family="DejaVu Sans Mono",
    title_size=13.0,
    label_size=11.5,
    tick_size=9.5,
    header_size=13.0,
    annotation_size=10.5,
    line_width=2.0,
    path_width=2.0,
    pane="#f6f7f9",
    pane_edge="#d9d9d9",
    light_azimuth=300.0,
    light_altitude=35.0,
    shade_fraction=0.55,
    point_size=9.0,
    point_edge_width=1.6,
    outline_extra=2.5,
    optimum_size=15.0,
    mark_edge_width=1.0,
    label_stroke=2.5,
    contour_width=0.5,
    contour_alpha=0.45,
    box_line_width=0.8,
)

THEMES = {"light": LIGHT}


def get_theme(theme) -> Theme:
    """A Theme from its name (or the Theme itself)."""
    if isinstance(theme, Theme):
        return theme
    if theme in THEMES:
        return THEMES[theme]
    raise GdvizError(
        f"The `theme` must be one of {', '.join(map(repr, THEMES))}; not {theme!r}."
    )
