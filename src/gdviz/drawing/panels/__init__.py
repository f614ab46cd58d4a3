"""Panels: what each part of a frame draws, one module per panel.

This package is the one place that creates matplotlib artists. Every panel draws every
run (one colour per run, the same in every panel); :mod:`.base` holds what they share.
"""

from __future__ import annotations

from .base import FrameState, Panel, Run, Scene
from .fit import FitPanel
from .legend import Legend
from .loss import LossPanel
from .maths import MathsPanel
from .network import NetworkPanel
from .surface import SurfacePanel
from .surface3d import Surface3DPanel

__all__ = ["PANELS", "Panel", "FitPanel", "SurfacePanel", "Surface3DPanel", "LossPanel", "MathsPanel", "NetworkPanel", "Legend", "Scene", "Run",
           "FrameState"]

PANELS = {cls.name: cls for cls in (FitPanel, SurfacePanel, LossPanel, Surface3DPanel, MathsPanel, NetworkPanel)}
