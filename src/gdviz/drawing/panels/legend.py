"""The running numbers: one table, one row per run, in the emptiest corner of a panel.

The header line carries the clock (the epoch, shared by every run); this table carries
what differs between runs: each run's colour, its name, its SSE and its weights now.
With one run it is a one-row table, so a single run and a race of seven read the same
way. The text is monospace and every number has a fixed width, so nothing jitters as
the digits change; it is stamped with Pillow (:mod:`gdviz.text`) like the header.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.collections import LineCollection
from matplotlib.patches import FancyBboxPatch
from matplotlib.transforms import IdentityTransform

from ..options import coordinate_groups
from ..text import TextStamp, fixed_width, readable
from ..tickformat import distinct_digits, number
from .base import FrameState, Panel, Scene, names
from .columns import RunColumns

__all__ = ["Legend"]

_SWATCH = "    "  # room at the start of each row for the colour swatch
OFF = {"up": "off chart ↑", "down": "off chart ↓"}
REFERENCE = "least squares"


class Legend:
    """A table of the runs' current numbers, drawn over `host`'s emptiest corner.

    Columns: SSE, then w₀ and w₁ as the surface shows them (w₀′, w₁′ on scaled data;
    only up to the theme's legend_weights runs, three at most: seven rows with weights
    would cover the data, and the surface shows them anyway), after η when the runs' learning rates differ and
    their labels do not say it. A run
    that stopped early says so ("diverged" or "ended") and keeps its last numbers; one
    whose line has left the fit panel says "off chart ↑" (or ↓). With the reference
    overlay, a last row gives the least-squares line's SSE and weights: the floor.
    A single run on scaled data gets one more line: its line in the data's units.
    After the weights, :class:`~gdviz.drawing.panels.columns.RunColumns`: each run's
    regime (gd, momentum, Nesterov) and its epochs to 1% of least squares ("—": never).
    """

    def __init__(self, scene: Scene, host: Panel, fit=None):
        self.scene, self.host = scene, host
        runs = scene.runs
        self._label_width = max(len(r.label) for r in runs)
        # Each run's weights with its own decimals (a diverged run's thousands must not
        # cost the others their digits), in one column width.
        self._w = [fixed_width(np.concatenate([r.history.w0, r.history.w1])) for r in runs]
        self._w_width = max(len(f(0.0)) for f in self._w)
        etas = [r.history.meta.get("eta") for r in runs]
        self._etas = None
        # With a learning-rate schedule the η column gives each run's η at the frame's epoch.
        self._live = any(r.history.etas is not None for r in runs)
        if self._live:
            self._etas = [_live_eta(r.history, 0) for r in runs]
            self._eta_width = max(3, *(len(_live_eta(r.history, k)) for r in runs for k in (0, len(r.history) - 1)))
        elif len(set(etas)) > 1 and not any("η" in r.label for r in runs):
            # As the labels write them: 3 digits, 6 where runs need them (rates equal to rounding stay equal).
            digits = distinct_digits([None if e is None else float(f"{e:.10g}") for e in etas], choices=(3, 6))
            self._etas = [("" if e is None else number(e, digits)) for e in etas]
            self._eta_width = max(3, max(len(e) for e in self._etas))
        # A run that stopped says so; one whose line left the fit panel says where it went.
        self._status = {}
        for run in runs:
            if run.last_epoch < scene.last:  # it can be drawn ended: at an epoch the clock reaches after it
                self._status[run.index] = "diverged" if run.diverged_at is not None else "ended"
        self._fit = fit
        leaves = fit is not None and any(fit.off_chart(scene.moment(int(e), i)).any()
                                         for i, e in enumerate(scene.epochs))
        self._status_width = max([len(s) for s in self._status.values()] + [len(OFF["up"])] * leaves + [0])
        w0, w1 = ("w₀′", "w₁′") if scene.scaled else ("w₀", "w₁")
        # The least-squares line (the fit panel's dashed reference) as a last row: the
        # floor every run's SSE is read against.
        self._reference = None
        if scene.overlays.reference:
            b0, b1, best = scene.moments_trained().optimum()
            fmt = fixed_width(np.array([b0, b1]))
            self._label_width = max(self._label_width, len(REFERENCE))
            self._reference = (best, fmt(b0), fmt(b1))
        self._weight_names = (w0, w1)
        self._columns = RunColumns(runs)
        self._status_room = self._status_width  # a status column's width, when the regime's cell does not say it
        # Runs in other coordinates (scale policies) have weights that do not compare: the SSE alone.
        same = len(coordinate_groups([r.history for r in runs])) == 1
        self._set_weights(same and len(runs) <= scene.theme.legend_weights)
        self._equation = None
        if scene.single and scene.scaled:
            h = runs[0].history
            self._slope, self._intercept = fixed_width(h.slope), fixed_width(np.abs(h.intercept))
            self._equation = names(h)

    def _set_weights(self, shown: bool) -> None:
        """Whether the table gives each run's w0 and w1 (and the header row that says so)."""
        self._weights = shown
        w0, w1 = self._weight_names
        eta_head = f"  {'η':>{self._eta_width}}" if self._etas else ""
        weights = f"  {w0:>{self._w_width}}  {w1:>{self._w_width}}" if shown else ""
        self._head = (f"{_SWATCH}{'':<{self._label_width}}{eta_head}  {'SSE':>9}{weights}{self._columns.head()}"
                      + (" " * (self._status_width + 2) if self._status_width else ""))

    def _drop_weights(self) -> bool:
        if self._weights:
            self._set_weights(False)
            return True
        return False

    def _status_in_regime(self) -> bool:
        return self._columns.take_status(self._status_width)

    def widest(self) -> str:
        """The table with each line as long as it ever gets over the scheduled frames, for sizing the box."""
        lines: list = []
        for i, epoch in enumerate(self.scene.epochs):
            for k, line in enumerate(self.text(self.scene.moment(int(epoch), i)).split("\n")):
                if k == len(lines):
                    lines.append(line)
                elif len(line) > len(lines[k]):
                    lines[k] = line
        return "\n".join(lines)

    def text(self, moment: FrameState) -> str:
        """The table at `moment`, one line per run under a header line."""
        lines = [self._head]
        width = self._w_width
        off = self._fit.off_chart(moment) if self._fit is not None else np.zeros(len(self.scene.runs))
        for run, row, ended, away in zip(self.scene.runs, moment.rows, moment.ended, off):
            h, w = run.history, self._w[run.index]
            state = self._status[run.index] if ended else OFF["up"] if away > 0 else OFF["down"] if away < 0 else ""
            status = f"  {state:<{self._status_width}}" if self._status_width else ""
            shown = _live_eta(h, int(row)) if self._live else self._etas[run.index] if self._etas else ""
            eta = f"  {shown:>{self._eta_width}}" if self._etas else ""
            # In the regime's cell, a run that ended says so; one merely off the chart keeps its regime (the fit
            # panel's arrowhead shows where its line went).
            cells = self._columns.row(run.index, state if ended or not self._columns.facts[run.index].regime else "")
            weights = f"  {w(h.w0[row]):>{width}}  {w(h.w1[row]):>{width}}" if self._weights else ""
            lines.append(f"{_SWATCH}{run.label:<{self._label_width}}{eta}  {readable(h.loss[row]):>9}{weights}"
                         f"{cells}{status}")
        if self._equation is not None:
            h, row = self.scene.runs[0].history, int(moment.rows[0])
            xname, yname = self._equation
            b = float(h.intercept[row])
            slope = self._slope(h.slope[row]).strip().lstrip("+")
            if self.scene.x_dates:  # the intercept is at the year 0: the slope says it all
                lines.append(f"{_SWATCH}{yname}: {self._slope(h.slope[row]).strip()} per year")
            else:
                lines.append(f"{_SWATCH}{yname} = {slope}·{xname} "
                             f"{'−' if b < 0 else '+'} {self._intercept(abs(b)).strip().lstrip('+')}")
        if self._reference is not None:
            best, b0, b1 = self._reference
            eta = f"  {'':>{self._eta_width}}" if self._etas else ""
            weights = f"  {b0:>{width}}  {b1:>{width}}" if self._weights else ""
            lines.append(f"{_SWATCH}{REFERENCE:<{self._label_width}}{eta}  {readable(best):>9}{weights}"
                         f"{self._columns.blank()}" + (" " * (self._status_width + 2) if self._status_width else ""))
        return "\n".join(lines)

    def place(self) -> None:
        """Size the box for the widest table, choose the emptiest corner, and add the box and
        the swatches to the host's figure (drawn per frame over the data).

        A table that would not fit inside the panel (a narrow 4:3 panel at slide type
        sizes, seven runs' regimes) drops the weights and keeps the SSE; one still too
        wide says a run's end (diverged, ended) in its regime's cell, then drops
        the regime column, then epochs to 1% (a thumbnail).
        """
        t, ax = self.scene.theme, self.host.ax
        fig = ax.figure
        size_px = t.annotation_size * self.scene.px_per_pt
        pad = 0.45 * size_px
        spacing = 0.25 * size_px
        probe = TextStamp(t.mono_family, size_px, t.text, 0, 0, line_spacing=spacing)
        (ax0, ay0), (ax1, ay1) = ax.transAxes.transform([(0.03, 0.04), (0.97, 0.96)])
        tw, th = probe.measure(self.widest())
        for narrower in (self._drop_weights, self._status_in_regime, self._columns.narrow, self._columns.narrow):
            if tw + 2 * pad <= ax1 - ax0:
                break
            if narrower():
                self._status_width = 0 if self._columns.holds_status else self._status_room
                self._set_weights(self._weights)
                tw, th = probe.measure(self.widest())
        w, h = tw + 2 * pad, th + 2 * pad
        px = self.host.avoid()
        corners = [(ax0, ay1 - h), (ax1 - w, ay1 - h), (ax1 - w, ay0), (ax0, ay0)]  # TL, TR, BR, BL

        def covered(corner):
            x0, y0 = corner
            return int(((px[:, 0] >= x0) & (px[:, 0] <= x0 + w) & (px[:, 1] >= y0) & (px[:, 1] <= y0 + h)).sum())

        x, y = min(corners, key=covered)  # ties keep the first: top left
        height = fig.bbox.height
        top = height - (y + h) + pad  # the stamp's top edge, in buffer rows (y down)
        self.stamp = TextStamp(t.mono_family, size_px, t.text, x + pad, top, line_spacing=spacing)
        if hasattr(self.host, "keep_clear"):
            self.host.keep_clear((x, y, x + w, y + h))
        # The geometry, in the frame's pixels (y up), shared by the raster and vector drawings.
        self.box_px = (x, y, w, h, 0.6 * pad)
        advance = self.stamp.font.getlength("M")
        rows = len(self.scene.runs) + 1 + (self._equation is not None) + (self._reference is not None)
        ascent_a = self.stamp.font.getbbox("A")[3]  # Pillow's baseline, below a line's top
        self.baselines_px = [height - (self.stamp.y + k * (ascent_a + self.stamp.spacing) + ascent_a)
                             for k in range(rows)]
        self.text_x_px = self.stamp.x
        self.swatch_px = [[(x + pad + 0.3 * advance, height - (self.stamp.y + self.stamp.row_middle(k))),
                           (x + pad + 2.9 * advance, height - (self.stamp.y + self.stamp.row_middle(k)))]
                          for k in range(1, rows)]
        self._colors = np.array([mcolors.to_rgba(r.color) for r in self.scene.runs])
        self._faded = self._colors.copy()
        self._faded[:, 3] = t.ended_alpha
        self.box, self.swatches, self.reference_swatch = self._artists(fig, IdentityTransform(), animated=True)

    def _artists(self, fig, transform, animated: bool) -> tuple:
        """The box and the swatches, in `fig`, placed through `transform` from the frame's pixels."""
        t = self.scene.theme
        x, y, w, h, rounding = self.box_px
        box = FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={rounding}", transform=transform,
                             facecolor=t.background, edgecolor=t.grid, alpha=t.box_alpha, animated=animated)
        fig.add_artist(box)
        runs = len(self.scene.runs)
        swatches = LineCollection(self.swatch_px[:runs], colors=self._colors, linewidths=t.line_width * 2.2,
                                  transform=transform, capstyle="round", animated=animated)
        fig.add_artist(swatches)
        reference = None
        if self._reference is not None:
            reference = LineCollection([self.swatch_px[-1]], colors=[t.reference], linewidths=t.line_width * 0.9,
                                       linestyles=[(0, (3, 2))], transform=transform, animated=animated)
            fig.add_artist(reference)
        return box, swatches, reference

    def draw_vector(self, fig, transform, moment: FrameState) -> None:
        """The legend at `moment` as real artists and text in `fig` (a PDF or SVG still).

        `transform` maps this frame's pixels into `fig`; every row is a matplotlib Text on
        Pillow's baseline for that row, so the vector legend matches the raster one.
        """
        t = self.scene.theme
        box, swatches, reference = self._artists(fig, transform, animated=False)
        swatches.set_color(np.where(moment.ended[:, None], self._faded, self._colors))
        for line, base in zip(self.text(moment).split("\n"), self.baselines_px):
            fig.text(self.text_x_px, base, line, transform=transform, family=t.mono_family,
                     fontsize=t.annotation_size, color=t.text, va="baseline", ha="left")

    def update(self, moment: FrameState) -> list:
        self.swatches.set_color(np.where(moment.ended[:, None], self._faded, self._colors))
        return [self.box, self.swatches] + ([self.reference_swatch] if self.reference_swatch is not None else [])

    def stamps(self, moment: FrameState) -> list:
        return [(self.stamp, self.text(moment))]


def _live_eta(history, row: int) -> str:
    """The η epoch `row` of `history` used, in 3 significant digits ("" when the run does not say)."""
    eta = history.eta_at(row)
    return "" if eta is None else number(eta, 3)
