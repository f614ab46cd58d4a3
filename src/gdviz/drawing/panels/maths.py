"""The maths panel: one run's arithmetic at the frame's epoch, in the tutorial's notation.

Forward pass, error, backward pass and the optimizer's own update with its state, each
line one plain Unicode string from :func:`gdviz.drawing.mathstext.maths_lines` (the
explore page writes the same lines). The numbers are the run's: the weights, SSE and
gradients of the row, the state replayed exactly from the History
(:mod:`gdviz.training.state`) and, as the update's result, the next row's weights as
recorded. With several runs it shows one (``maths_run``, by label; the first by default),
named in its title.

In frames the lines are stamped (one :class:`gdviz.drawing.text.TextStamp`); in a PDF or
SVG still each line is one matplotlib Text, never mathtext, so it stays one text element.
The type is the theme's monospace at its label size, smaller when the widest line or the
lines' height would not fit the panel (the same size for every frame).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
from matplotlib.axes import Axes
from matplotlib.transforms import offset_copy

from ..mathstext import epoch_numbers, maths_lines
from ..text import TextStamp
from ...training.state import epoch_states
from .base import FrameState, Panel, Scene

__all__ = ["MathsPanel"]

#: Extra space between lines, as a fraction of the type size.
SPACING = 0.5
#: The smallest type the panel shrinks to, as a fraction of the theme's tick size (Adam's 57-character
#: lines in half a 4:3 or square frame need about 0.6): small type rather than lines out of the panel.
SMALLEST = 0.55


class MathsPanel(Panel):
    """The arithmetic of one epoch of one run: forward, error, backward, update (see the module)."""

    name = "maths"

    def __init__(self, ax: Axes, scene: Scene):
        super().__init__(ax, scene)
        t = scene.theme
        self.run = scene.runs[scene.overlays.maths_run]
        ax.set_facecolor(t.background)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        title = f"the maths of one epoch · {self.run.label}"
        ax.set_title(title, fontsize=t.title_size, color=t.text, loc="left", pad=8)
        rows = np.unique(self.run.frame_rows)
        states = epoch_states(self.run.history, rows.tolist())
        self._lines = {int(k): self._text(int(k), states.get(int(k))) for k in rows}
        self.stamp: Optional[TextStamp] = None  # made by place(), when the panel knows its size
        self._texts: list = []

    def _text(self, row: int, state=None) -> str:
        h = self.run.history
        numbers = epoch_numbers(h, row, state) if state is not None else epoch_numbers(h, row)
        return "\n".join(maths_lines(numbers))

    def lines_at(self, row: int) -> list:
        """The lines this panel draws for row `row` of its run."""
        text = self._lines.get(row)
        if text is None:
            text = self._lines[row] = self._text(row)
        return text.split("\n")

    def place(self) -> None:
        """The type size that fits the widest and the most lines of any frame, and where the first line goes."""
        t, ax = self.scene.theme, self.ax
        box = ax.get_window_extent()
        texts = [text.split("\n") for text in self._lines.values()]
        chars = max(len(line) for lines in texts for line in lines)
        count = max(len(lines) for lines in texts)
        size = t.label_size * self.scene.px_per_pt
        smallest = SMALLEST * t.tick_size * self.scene.px_per_pt
        for _ in range(40):
            probe = TextStamp(t.mono_family, size, t.text, 0, 0, line_spacing=SPACING * size)
            step = probe.font.getbbox("A")[3] + probe.spacing
            wide, tall = chars * probe.font.getlength("M"), count * step
            if (wide <= 0.98 * box.width and tall <= 0.98 * box.height) or size <= smallest:
                break
            size = max(smallest, size * min(0.98 * box.width / wide, 0.98 * box.height / tall, 0.97))
        height = ax.figure.bbox.height
        self.size_px, self.step_px = size, step
        self.ascent_px = probe.font.getbbox("A")[3]
        self.stamp = TextStamp(t.mono_family, size, t.text, box.x0 + 0.01 * box.width, height - box.y1,
                               line_spacing=SPACING * size)

    def avoid(self) -> np.ndarray:
        """The text's area, so a legend hosted here goes where there is no text."""
        box = self.ax.get_window_extent()
        count = max(len(text.split("\n")) for text in self._lines.values())
        ys = box.y1 - np.arange(count) * self.step_px - 0.5 * self.step_px
        xs = np.linspace(box.x0, box.x1, 12)
        return np.array([(x, y) for y in ys for x in xs])

    def update(self, moment: FrameState) -> list:
        if not self.scene.vector:
            return []
        # A vector still (or a user's Axes): each line one Text on the baseline the stamp gives it.
        t, ax = self.scene.theme, self.ax
        box = ax.get_window_extent()
        assert self.stamp is not None, "the panel is placed before it is drawn"
        for text in self._texts:
            text.remove()
        self._texts = []
        for k, line in enumerate(self.lines_at(int(moment.rows[self.run.index]))):
            # From the axes' top, in points: the lines keep their spacing if the axes move (a user's layout).
            down = (k * self.step_px + self.ascent_px) / self.scene.px_per_pt
            where = offset_copy(ax.transAxes, fig=self.figure, y=-down, units="points")
            self._texts.append(ax.text((self.stamp.x - box.x0) / box.width, 1.0, line,
                                       transform=where, family=t.mono_family,
                                       fontsize=self.size_px / self.scene.px_per_pt, color=t.text, va="baseline",
                                       ha="left", parse_math=False, animated=True))
        return list(self._texts)

    def stamps(self, moment: FrameState) -> list:
        if self.scene.vector:
            return []
        return [(self.stamp, "\n".join(self.lines_at(int(moment.rows[self.run.index]))))]
