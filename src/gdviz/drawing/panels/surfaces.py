"""Several surfaces side by side: one SSE map per set of trained coordinates (scale policy).

Runs trained on x as given, on centred x and on standardised x move on three different
bowls: the same lines, but other weights. Each set of coordinates gets a
:class:`SurfacePanel` of its own, drawn from a scene that holds only its runs (in their
colours) and titled with its policy and the condition number of its Hessian; the fit
panel (in the data's units) and the loss panel stay one for all runs.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from ..tickformat import number
from .base import FrameState, Panel, Scene, names
from .surface import SurfacePanel

__all__ = ["GroupScene", "SurfaceGroup", "policy_name"]


def policy_name(history) -> str:
    """The scale policy a run was trained with: ``meta["scale"]``, or what its x_shift and x_scale say."""
    policy = history.meta.get("scale")
    if policy:
        return str(policy)
    if float(history.meta.get("x_scale", 1.0)) != 1.0:
        return "standardize"
    return "center" if float(history.meta.get("x_shift", 0.0)) != 0.0 else "none"


class GroupScene(Scene):
    """The scene of one set of coordinates: the runs trained in them, on the whole scene's clock.

    `narrow`: the surfaces share a square or tall frame's width, so the title and the
    axis labels take their short forms.
    """

    def __init__(self, scene: Scene, indices: list, narrow: bool = False):
        super().__init__([scene.runs[k] for k in indices], scene.epochs, scene.theme, scene.px_per_pt,
                         scene.overlays, rotate=scene.rotate, last=scene.last)
        self.indices = np.asarray(indices, dtype=int)
        moments = self.moments_trained()
        lam = np.linalg.eigvalsh(moments.hessian())
        cond = float(lam[-1] / lam[0]) if lam[0] > 0 else float("inf")
        shown = number(cond, 3) if np.isfinite(cond) else "∞"
        # Two lines: three titles side by side must fit over narrow panels too.
        self.narrow = narrow
        self.title = f"{policy_name(self.runs[0].history)}\n{'cond. number' if narrow else 'condition number'} {shown}"

    def labels(self, panel: str) -> tuple[str, str, str]:
        """The surface's title is its policy and condition number; the axes say what w₀′ and w₁′ are."""
        title, x_label, y_label = super().labels(panel)
        if panel != "surface":
            return title, x_label, y_label
        x_name = names(self.runs[0].history)[0]
        if self.narrow and self.scaled and not self.x_dates:  # the long forms are wider and taller than the panel
            x_label = f"w₀′ (ŷ at mean {x_name})"
            if self.scale != 1.0:
                y_label = f"w₁′ (per sd of {x_name})"
        return self.title, x_label, y_label

    def local(self, moment: FrameState) -> FrameState:
        """`moment` (all runs) cut to this scene's runs."""
        return FrameState(moment.epoch, moment.rows[self.indices], moment.ended[self.indices])


class SurfaceGroup(Panel):
    """One surface of several: a :class:`SurfacePanel` of the runs trained in one set of coordinates.

    `indices` are the runs' positions in the animation; `narrow` as for :class:`GroupScene`.
    """

    name = "surface"

    def __init__(self, ax: Axes, scene: Scene, indices: list, narrow: bool = False):
        super().__init__(ax, scene)
        self.indices, self.narrow = list(indices), narrow
        self.group = GroupScene(scene, self.indices, narrow)
        self.inner = SurfacePanel(ax, self.group)
        self.heavy = self.inner.heavy

    def remake(self, ax: Axes) -> "SurfaceGroup":
        """The same surface drawn anew in `ax` (a vector still's tile)."""
        return SurfaceGroup(ax, self.scene, self.indices, self.narrow)

    def place(self) -> None:
        self.inner.place()

    def update(self, moment: FrameState) -> list:
        return self.inner.update(self.group.local(moment))

    def stamps(self, moment: FrameState) -> list:
        return self.inner.stamps(self.group.local(moment))

    def avoid(self) -> np.ndarray:
        return self.inner.avoid()
