"""The network panel: the model as the tutorial draws it, the smallest neural network.

Two inputs, x₁ (the sample's x) and the bias x₀ = 1, feed the sum node Σ through the
edges w₁ and w₀; Z goes through a linear unit (it passes Z on unchanged) to the output
ŷ, and the error node E compares ŷ with the target y. One sample's values flow forward
(the point nearest the median x unless ``sample`` picks another; the fit panel rings it
and draws its residual). Backward arrows under the edges carry ∂E/∂w₁ and ∂E/∂w₀, the
sums over every point, as the tutorial computes them.

The edges' widths follow |w| (within one fixed range for the whole animation) and their
colours the sign (the theme's diverging pair), epoch by epoch. The numbers are stamped
in monospace like the legend (a vector still writes them as real text), each at the
widest it gets over the scheduled frames, so nothing moves when a digit or a minus sign
comes and goes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.path import Path
from matplotlib.transforms import offset_copy

from ..text import TextStamp
from ..tickformat import number
from .base import FrameState, Panel, Scene

__all__ = ["NetworkPanel", "NODES", "EXTENT", "DIGITS", "SMALLEST", "default_sample"]

#: Where the nodes sit, in ems of the annotation type (x right, y up, Σ at height 0):
#: the diagram is drawn at the type's size and spread (up to SPREAD) over a larger panel.
NODES = {"x1": (2.2, 5.0), "x0": (2.2, -5.0), "sum": (11.5, 0.0), "unit": (15.0, 0.0), "yhat": (18.5, 0.0),
         "E": (23.5, 0.0), "y": (23.5, 4.5)}
#: What the diagram covers with its numbers and notes, in ems: (left, right, bottom, top).
EXTENT = (0.0, 25.0, -8.0, 7.8)
#: The two lines of notes under the diagram (forward: which point, backward: over all), in ems:
#: drawn when the panel has room for them.
NOTES = 3.0
#: The most the nodes spread apart (across, up) on a panel larger than the diagram.
SPREAD = (1.5, 1.35)
#: The smallest the panel's type gets, as a fraction of the theme's annotation size,
#: when its cell is too small for the diagram (below it the diagram is squeezed instead):
#: small type reads better than numbers spilling over the next panel.
SMALLEST = 0.6
#: Significant digits of every number in the panel (as the maths panel writes them).
DIGITS = 4
#: A node's radius, in ems of the annotation type.
RADIUS = 1.2
#: How far a backward arrow runs under (w₀: below, w₁: above) its edge, in ems.
BACK_OFFSET = 2.8
#: The edges' widths, in multiples of the theme's line width, for |w| from 0 to its largest.
EDGE_WIDTH = (0.5, 3.2)
#: The linear unit's mark: the identity, a ramp through the node.
_RAMP = Path([(-0.55, -0.55), (0.55, 0.55)], [Path.MOVETO, Path.LINETO])


def default_sample(x: np.ndarray) -> int:
    """The point the network follows by default: the one nearest the median x (the first of a tie)."""
    x = np.asarray(x, dtype=np.float64)
    return int(np.argmin(np.abs(x - np.median(x))))


@dataclass
class _Label:
    """A number that changes with the epoch: where it is anchored and how it is aligned."""

    key: str
    anchor: tuple  # (x, y) in fractions of the panel
    offset: tuple  # (dx, dy) in ems, from the anchor
    ha: str  # left, center, right
    va: str  # top, center, bottom
    color: str
    boxed: bool = False  # on a box of the background's colour (over an edge or an arrow)


class NetworkPanel(Panel):
    """The tutorial's network at the frame's epoch, for one sample and the first run.

    :meth:`values` gives the numbers drawn at a moment (the forward pass of the sample,
    the weights, the gradients of the whole batch) and :meth:`texts` the strings shown.
    """

    name = "network"
    relayout = True  # the diagram is spread over the axes' final size

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        t = scene.theme
        self.run = scene.runs[0]
        self.sample = default_sample(scene.data.x) if scene.sample is None else int(scene.sample)
        ax.set_facecolor(t.background)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_axis_off()
        which = f" of {self.run.label}" if not scene.single else ""
        ax.set_title(f"Network{which}, point {self.sample}", fontsize=t.title_size, color=t.text, loc="left", pad=8)
        self._x_trained = self._trained_x()
        self.nodes = self._layout()  # and the em, the annotation type's size in points
        self._draw_nodes()
        self._draw_arrows()
        h = self.run.history
        top = float(np.max(np.abs(np.concatenate([h.w0, h.w1])))) or 1.0
        self._w_scale = top
        # matplotlib's stubs want sequences of segments and polygons; arrays of them are taken too.
        self.edges = LineCollection(self._edge_segments(), transform=ax.transAxes, capstyle="butt", zorder=2,  # type: ignore[arg-type]
                                    animated=True)
        ax.add_collection(self.edges, autolim=False)
        self._labels = self._make_labels()
        self._texts: dict = {}
        self._still_numbers()

    # -- what is drawn ----------------------------------------------------------------
    def _trained_x(self) -> float:
        """The sample's x as the weights see it: x′ = (x − shift) / scale on scaled data."""
        x = float(self.scene.data.x[self.sample])
        return (x - self.scene.shift) / self.scene.scale if self.scene.scaled else x

    def values(self, moment: FrameState) -> dict:
        """The numbers at `moment`, for the first run: the sample's forward pass and the batch's gradients.

        Keys: ``x1`` (the sample's x, scaled if training was), ``w0``, ``w1``, ``Z``,
        ``yhat`` (= Z), ``y``, ``e`` (½(y − ŷ)² of the sample), ``E`` (the SSE of all
        points), ``dw0`` and ``dw1`` (∂E/∂w₀ and ∂E/∂w₁, sums over all points).
        """
        h, row = self.run.history, int(moment.rows[0])
        w0, w1 = float(h.w0[row]), float(h.w1[row])
        x1, y = self._x_trained, float(self.scene.data.y[self.sample])
        z = w1 * x1 + w0 * 1.0
        return {"x1": x1, "w0": w0, "w1": w1, "Z": z, "yhat": z, "y": y, "e": 0.5 * (y - z) ** 2,
                "E": float(h.loss[row]), "dw0": float(h.grad_w0[row]), "dw1": float(h.grad_w1[row])}

    def texts(self, moment: FrameState) -> dict:
        """The strings the panel shows at `moment`, by label key (numbers through :func:`number`)."""
        v = {key: number(value, DIGITS) for key, value in self.values(moment).items()}
        sub = "′" if self.scene.scaled else ""
        out = {"x1": v["x1"], "w1": f"w₁{sub} = {v['w1']}", "w0": f"w₀{sub} = {v['w0']}", "Z": f"Z = {v['Z']}",
               "yhat": f"ŷ = {v['yhat']}", "y": f"y = {v['y']}", "e": f"½(y − ŷ)² = {v['e']}",
               "E": f"E = {v['E']}", "dw1": f"∂E/∂w₁{sub} = {v['dw1']}", "dw0": f"∂E/∂w₀{sub} = {v['dw0']}"}
        # The gradients in two lines centred on their arrows (narrow: they stay clear of the
        # nodes and of the block under E), and under E, one block right-aligned in the
        # monospace: ŷ, the sample's error, the batch's E.
        for key in ("dw1", "dw0"):
            head, value = f"∂E/∂{'w₁' if key == 'dw1' else 'w₀'}{sub}", f"= {v[key]}"
            wide = max(len(head), len(value))
            out[key] = f"{head:^{wide}}\n{value:^{wide}}".rstrip()
        lines = (out["yhat"], out["e"], out["E"])
        wide = max(len(line) for line in lines)
        out["out"] = "\n".join(f"{line:>{wide}}" for line in lines)
        return out

    def _layout(self) -> dict[str, tuple[float, float]]:
        """Each node's place in fractions of the panel: the diagram in ems, spread and centred.

        The frame draws the panel twice: first while the layout is being found (the
        gridspec cell less a title, near enough to lay the frame out), then on its final
        axes once the layout is frozen (:attr:`relayout`); a vector still's tile is final
        from the start. A cell too small for the diagram at the theme's annotation size first loses the
        notes, then makes the type (the em) smaller, down to :data:`SMALLEST` of it.
        """
        ax, t = self.ax, self.scene.theme
        fig = self.figure
        pos = ax.get_position()
        width_in = pos.width * fig.get_figwidth()
        # Frozen (no constrained layout any more) or a still's tile: the axes are final, the title outside them.
        final = self.scene.vector or not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
        height_in = pos.height * fig.get_figheight() - (0 if final else 2.2 * t.title_size / 72.0)
        left, right, bottom, top = EXTENT
        fits = min(width_in / (right - left), height_in / (top - bottom)) * 72.0 / t.annotation_size
        self._em = t.annotation_size * float(np.clip(fits, SMALLEST, 1.0))  # points
        width, height = width_in * 72.0 / self._em, height_in * 72.0 / self._em
        self.notes = height >= top - bottom + NOTES
        if self.notes:
            bottom -= NOTES
        sx = float(np.clip(width / (right - left), 0.6, SPREAD[0]))
        sy = float(np.clip(height / (top - bottom), 0.6, SPREAD[1]))
        x0 = 0.5 * (width - (right - left) * sx) - left * sx
        y0 = 0.5 * (height - (top - bottom) * sy) - bottom * sy
        return {key: ((x0 + x * sx) / width, (y0 + y * sy) / height) for key, (x, y) in NODES.items()}

    def _edge_segments(self, trim_px: float = 0.0) -> np.ndarray:
        """The edges x₁→Σ and x₀→Σ in fractions of the panel, cut `trim_px` short at both ends
        (the moving edges are drawn over the still nodes, so they stop at their rims)."""
        ends = np.array([[self.nodes["x1"], self.nodes["sum"]], [self.nodes["x0"], self.nodes["sum"]]], dtype=float)
        if trim_px <= 0:
            return ends
        to_px, from_px = self.ax.transAxes, self.ax.transAxes.inverted()
        px = to_px.transform(ends.reshape(-1, 2)).reshape(2, 2, 2)
        along = px[:, 1] - px[:, 0]
        unit = along / np.hypot(along[:, 0], along[:, 1])[:, None]
        px[:, 0] += trim_px * unit
        px[:, 1] -= trim_px * unit
        return from_px.transform(px.reshape(-1, 2)).reshape(2, 2, 2)

    def _draw_nodes(self) -> None:
        """The circles with their names inside, the linear unit's square, and the still words."""
        ax, t = self.ax, self.scene.theme
        size = (2 * RADIUS * self._em) ** 2
        sub = "′" if self.scene.scaled else ""
        circles = ("x1", "x0", "sum", "yhat", "E", "y")
        xy = np.array([self.nodes[k] for k in circles])
        ax.scatter(xy[:, 0], xy[:, 1], s=size, transform=ax.transAxes, facecolors=t.background, edgecolors=t.text,
                   linewidths=t.line_width * 0.6, zorder=4, clip_on=False)
        unit = self.nodes["unit"]
        ax.scatter([unit[0]], [unit[1]], s=size * 0.8, marker="s", transform=ax.transAxes, facecolors=t.background,
                   edgecolors=t.text, linewidths=t.line_width * 0.6, zorder=4, clip_on=False)
        ax.plot([unit[0]], [unit[1]], marker=_RAMP, markersize=RADIUS * self._em * 1.1, markeredgecolor=t.text,
                markeredgewidth=t.line_width * 0.6, linestyle="none", transform=ax.transAxes, zorder=5)
        inside = {"x1": f"x₁{sub}", "x0": "x₀", "sum": "Σ", "yhat": "ŷ", "E": "E", "y": "y"}
        for key, text in inside.items():
            ax.text(*self.nodes[key], text, transform=ax.transAxes, ha="center", va="center",
                    fontsize=t.label_size * self._em / t.annotation_size, color=t.text, zorder=6)
        below = offset_copy(ax.transAxes, fig=self.figure, y=-(RADIUS + 0.35) * self._em, units="points")
        ax.text(*self.nodes["unit"], "linear", transform=below, ha="center", va="top", fontsize=self._em,
                color=t.muted_text, zorder=6)
        ax.text(*self.nodes["x0"], "1", transform=below, ha="center", va="top", fontsize=self._em,
                color=t.text, family=t.mono_family, zorder=6)
        if not self.notes:
            return
        n = len(self.scene.data)
        corner = offset_copy(ax.transAxes, fig=self.figure, x=RADIUS * self._em, y=-(RADIUS + 2.6) * self._em,
                             units="points")
        ax.text(self.nodes["E"][0], self.nodes["x0"][1], f"forward: point {self.sample} (ringed)\n"
                f"backward: sums over all {n:,}", transform=corner, ha="right", va="top",
                fontsize=self._em, color=t.muted_text, linespacing=1.3, zorder=6)

    def _draw_arrows(self) -> None:
        """Forward arrows along the network, and the backward ones under the two edges."""
        ax, t = self.ax, self.scene.theme
        gap = RADIUS * self._em + 1.5  # points: from a node's edge
        forward = dict(arrowstyle="-|>", color=t.muted_text, lw=t.line_width * 0.6, shrinkA=gap, shrinkB=gap,
                       mutation_scale=self._em * 1.1)
        for a, b in (("sum", "unit"), ("unit", "yhat"), ("yhat", "E"), ("y", "E")):
            ax.annotate("", xy=self.nodes[b], xytext=self.nodes[a], xycoords="axes fraction", arrowprops=forward, zorder=3)
        back = dict(arrowstyle="-|>", color=t.gradient, lw=t.line_width * 0.55, shrinkA=0, shrinkB=0,
                    mutation_scale=self._em * 1.1)
        for key, sign in (("x1", 1.0), ("x0", -1.0)):
            moved = offset_copy(ax.transAxes, fig=self.figure, y=sign * BACK_OFFSET * self._em, units="points")
            (x0, y0), (x1, y1) = self.nodes[key], self.nodes["sum"]
            # From near Σ, under its label (half way), back towards the input.
            tail = (x0 + 0.85 * (x1 - x0), y0 + 0.85 * (y1 - y0))
            head = (x0 + 0.22 * (x1 - x0), y0 + 0.22 * (y1 - y0))
            ax.annotate("", xy=head, xytext=tail, xycoords=moved, arrowprops=back, zorder=3)

    def _make_labels(self) -> list:
        """The numbers that change, each anchored beside its node, edge or arrow."""
        t = self.scene.theme
        r = RADIUS + 0.3
        def along(key, share):
            (x0, y0), (x1, y1) = self.nodes[key], self.nodes["sum"]
            return (x0 + share * (x1 - x0), y0 + share * (y1 - y0))

        e_right = (self.nodes["E"][0], self.nodes["E"][1])
        return [
            _Label("w1", along("x1", 0.5), (0, 0), "center", "center", t.text, boxed=True),
            _Label("w0", along("x0", 0.5), (0, 0), "center", "center", t.text, boxed=True),
            _Label("dw1", along("x1", 0.5), (0, BACK_OFFSET), "center", "center", t.gradient, boxed=True),
            _Label("dw0", along("x0", 0.5), (0, -BACK_OFFSET), "center", "center", t.gradient, boxed=True),
            _Label("Z", self.nodes["sum"], (-0.5, r), "left", "bottom", t.text),
            _Label("out", e_right, (RADIUS, -r - 1.6), "right", "top", t.text),
        ]

    def _still_numbers(self) -> None:
        """The sample's x₁ (over its node) and target y (beside its node): they never change."""
        ax, t = self.ax, self.scene.theme
        texts = self.texts(self.scene.moment(int(self.scene.epochs[0]), 0))
        r = (RADIUS + 0.3) * self._em
        for key, dx, dy, ha, va in (("x1", 0, r, "center", "bottom"), ("y", -r, 0, "right", "center_baseline")):
            where = offset_copy(ax.transAxes, fig=self.figure, x=dx, y=dy, units="points")
            ax.text(*self.nodes[key], texts[key], transform=where, ha=ha, va=va, family=t.mono_family,
                    fontsize=self._em, color=t.text, zorder=6)

    # -- layout ---------------------------------------------------------------------------
    def place(self) -> None:
        """Pixel anchors of the numbers, the widest each gets, and the boxes under the boxed ones."""
        t, ax = self.scene.theme, self.ax
        fig = self.figure
        em_px = self._em * self.scene.px_per_pt
        self.edges.set_segments(self._edge_segments(RADIUS * em_px + 1.0))  # type: ignore[arg-type]  # (as in __init__)
        self._stamp_font = TextStamp(t.mono_family, em_px, t.text, 0, 0)
        font = self._stamp_font.font
        widest = {label.key: 0.0 for label in self._labels}
        for i, epoch in enumerate(self.scene.epochs):
            for key, text in self.texts(self.scene.moment(int(epoch), i)).items():
                if key in widest:
                    widest[key] = max(widest[key], max(font.getlength(line) for line in text.split("\n")))
        self._widest = widest
        self._anchors, self._stamps = {}, {}
        boxes, around = [], []
        for label in self._labels:
            x, y = ax.transAxes.transform(label.anchor) + np.array(label.offset) * em_px
            self._anchors[label.key] = (float(x), float(y))
            self._stamps[label.key] = TextStamp(t.mono_family, em_px, label.color, 0, 0, line_spacing=0.35 * em_px)
            if label.boxed:
                lines = 2 if label.key in ("dw1", "dw0") else 1
                w, h = widest[label.key] + 0.6 * em_px, (1.35 * lines + 0.25) * em_px
                boxes.append([(x - 0.5 * w, y - 0.5 * h), (x + 0.5 * w, y - 0.5 * h), (x + 0.5 * w, y + 0.5 * h),
                              (x - 0.5 * w, y + 0.5 * h)])
                around.append((label, w, h))
        self.boxes = self._box_collection(boxes, around)
        ax.add_collection(self.boxes, autolim=False)
        self._vector_texts = {}
        if self.scene.vector:  # a PDF, an SVG or a user's Axes: real text, placed as the stamps are
            for label in self._labels:
                # Anchored to the axes, offset in points: it stays on its node if the axes move (a user's layout).
                where = offset_copy(ax.transAxes, fig=fig, x=label.offset[0] * self._em,
                                    y=label.offset[1] * self._em, units="points")
                va = {"top": "top", "center": "center_baseline", "bottom": "bottom"}[label.va]
                self._vector_texts[label.key] = ax.text(label.anchor[0], label.anchor[1], "", transform=where,
                                                        ha=label.ha, va=va, family=t.mono_family,
                                                        fontsize=self._em, color=label.color, zorder=6,
                                                        multialignment=label.ha, linespacing=1.45, animated=True)

    def _box_collection(self, boxes: list, around: list) -> PolyCollection:
        """One collection for the boxes under the boxed numbers (`boxes` in pixels; `around`: (label, w, h) each).

        In a frame the boxes are in inches (right in a frame and in a PDF at 72 dpi). As
        vectors each is sized in inches around its label's anchor in the axes, so that it
        follows the axes if they move (``gdviz.plot`` into a figure whose layout comes later).
        """
        t, ax, fig = self.scene.theme, self.ax, self.figure
        if not self.scene.vector:
            return PolyCollection(np.array(boxes) / fig.dpi, transform=fig.dpi_scale_trans,  # type: ignore[arg-type]
                                  facecolors=t.background, edgecolors="none", zorder=5, animated=True)
        em_in = self._em / 72.0
        verts, offsets = [], []
        for label, w, h in around:
            dx, dy = label.offset[0] * em_in, label.offset[1] * em_in
            hw, hh = 0.5 * w / fig.dpi, 0.5 * h / fig.dpi
            verts.append([(dx - hw, dy - hh), (dx + hw, dy - hh), (dx + hw, dy + hh), (dx - hw, dy + hh)])
            offsets.append(label.anchor)
        return PolyCollection(np.array(verts), offsets=np.array(offsets),  # type: ignore[arg-type]
                              offset_transform=ax.transAxes, transform=fig.dpi_scale_trans,
                              facecolors=t.background, edgecolors="none", zorder=5, animated=True)

    # -- frames -----------------------------------------------------------------------------
    def update(self, moment: FrameState) -> list:
        t = self.scene.theme
        v = self.values(moment)
        lo, hi = EDGE_WIDTH
        ws = np.array([v["w1"], v["w0"]])
        self.edges.set_linewidths(  # type: ignore[attr-defined]  # an alias matplotlib's stubs leave out
            t.line_width * (lo + (hi - lo) * np.minimum(np.abs(ws) / self._w_scale, 1.0)))
        self.edges.set_colors([mcolors.to_rgba(t.positive if w >= 0 else t.negative) for w in ws])
        self._texts = self.texts(moment)
        artists: list[Artist] = [self.edges, self.boxes]
        for key, text in self._vector_texts.items():
            text.set_text(self._texts[key])
            artists.append(text)
        return artists

    def stamps(self, moment: FrameState) -> list:
        """Each number, stamped where its label is anchored (measured, then aligned)."""
        if self._vector_texts:
            return []
        height = self.ax.figure.bbox.height
        font = self._stamp_font.font
        _, cap_top, _, base = font.getbbox("A")
        texts = self._texts or self.texts(moment)
        out = []
        for label in self._labels:
            text = texts[label.key]
            x, y = self._anchors[label.key]
            width = max(font.getlength(line) for line in text.split("\n"))
            left = x - {"left": 0.0, "center": 0.5 * width, "right": width}[label.ha]
            bottom = text.count("\n") * (base + self._stamps[label.key].spacing) + base  # the last line's baseline
            top = (height - y) - {"top": cap_top, "center": 0.5 * (cap_top + bottom), "bottom": bottom}[label.va]
            stamp = self._stamps[label.key]
            stamp.x, stamp.y = int(round(left)), int(round(top))
            out.append((stamp, text))
        return out

    def avoid(self) -> np.ndarray:
        """Every node, in pixels: a legend placed here keeps off them."""
        return self.ax.transAxes.transform(np.array(list(self.nodes.values())))
