"""The words on a frame: each panel's title and axis labels.

Plain strings, no matplotlib: the panels and the explore page write their labels from
here, so they read alike everywhere.
"""

from __future__ import annotations

from .tickformat import centring, date_of, number

__all__ = ["panel_labels"]


def panel_labels(x_name: str = "x", y_name: str = "y", *, scaled: bool = False, shift: float = 0.0,
                 scale: float = 1.0, dates: bool = False, runs: int = 1) -> dict:
    """Each panel's (title, x-axis label, y-axis label), by panel name.

    Parameters
    ----------
    x_name, y_name : str
        What x and y are called (a table's column names).
    scaled : bool, default False
        Whether training ran on x' = (x - shift) / scale; the weights are then w₀′, w₁′
        and the labels say what they mean in the data's units.
    shift, scale : float
        The x rescaling (``meta["x_shift"]``, ``meta["x_scale"]``); 0 and 1 when absent.
    dates : bool, default False
        x are dates held as decimal years: w₀′ is read on a date, w₁′ per years.
    runs : int, default 1
        How many runs the panels draw ("Fitted lines", "descent paths" for more than one).

    Returns
    -------
    dict of str to (str, str, str)
        Keys ``fit``, ``surface``, ``surface3d`` and ``loss``.
    """
    plural = "s" if runs != 1 else ""
    if not scaled:
        fit = f"Fitted line{plural}  ŷ = w₁·x + w₀"
        surface = (f"SSE surface and descent path{plural}", "w₀ (intercept)", "w₁ (slope)")
        bowl = (f"SSE bowl and descent path{plural}", "w₀", "w₁")
    else:
        fit = f"Fitted line{plural}, in the data's units"
        trained = f"trained on {centring(shift, scale)}"
        surface = (f"SSE surface, {trained}", *_scaled_weights(x_name, shift, scale, dates))
        bowl = (f"SSE bowl, {trained}", "w₀′", "w₁′")
    return {"fit": (fit, x_name, y_name), "surface": surface, "surface3d": bowl,
            "loss": ("SSE per epoch", "epoch", "SSE")}


def _scaled_weights(x_name: str, shift: float, scale: float, dates: bool) -> tuple[str, str]:
    """What w₀′ and w₁′ mean in the data's units, for the 2D surface's axes."""
    if scale == 1.0:
        return f"w₀′ (ŷ at {x_name} = {number(shift)})", "w₁′ (slope)"
    if dates:  # x are decimal years: say it in dates and years
        return f"w₀′ (ŷ on {date_of(shift)}, the mean {x_name})", f"w₁′ (ŷ change per {number(scale, 3)} years)"
    return f"w₀′ (ŷ at mean {x_name} = {number(shift)})", f"w₁′ (ŷ change per sd of {x_name}, {number(scale, 4)})"
