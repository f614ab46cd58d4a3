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
from .base import FrameState, Panel, Scene
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
    """The scene of one set of coordinates: the runs trained in them, on the whole scene's clock."""

    def __init__(self, scene: Scene, indices: list):
        super().__init__([scene.runs[k] for k in indices], scene.epochs, scene.theme, scene.px_per_pt,
                         scene.overlays, rotate=scene.rotate, last=scene.last)
        self.indices = np.asarray(indices, dtype=int)
        moments = self.moments_trained()
        lam = np.linalg.eigvalsh(moments.hessian())
        cond = float(lam[-1] / lam[0]) if lam[0] > 0 else float("inf")
        shown = number(cond, 3) if np.isfinite(cond) else "∞"
        self.title = f"{policy_name(self.runs[0].history)}: condition number {shown}"

    def labels(self, panel: str) -> tuple[str, str, str]:
        """The surface's title is its policy and condition number; the axes say what w₀′ and w₁′ are."""
        title, x_label, y_label = super().labels(panel)
        return (self.title if panel == "surface" else title), x_label, y_label

    def local(self, moment: FrameState) -> FrameState:
        """`moment` (all runs) cut to this scene's runs."""
        return FrameState(moment.epoch, moment.rows[self.indices], moment.ended[self.indices])


class SurfaceGroup(Panel):
    """One surface of several: a :class:`SurfacePanel` of the runs trained in one set of coordinates."""

    name = "surface"

    def __init__(self, ax: Axes, scene: Scene, indices: list):
        super().__init__(ax, scene)
        self.indices = list(indices)
        self.group = GroupScene(scene, self.indices)
        self.inner = SurfacePanel(ax, self.group)
        self.heavy = self.inner.heavy

    def remake(self, ax: Axes) -> "SurfaceGroup":
        """The same surface drawn anew in `ax` (a vector still's tile)."""
        return SurfaceGroup(ax, self.scene, self.indices)

    def place(self) -> None:
        self.inner.place()

    def update(self, moment: FrameState) -> list:
        return self.inner.update(self.group.local(moment))

    def stamps(self, moment: FrameState) -> list:
        return self.inner.stamps(self.group.local(moment))

    def avoid(self) -> np.ndarray:
        return self.inner.avoid()
