"""The words on a frame: each panel's title and axis labels, and the names that tell runs apart.

Plain strings, no matplotlib: the panels, the explore page and the command line's run
report write their labels from here, so they read alike everywhere.
"""

from __future__ import annotations

from .tickformat import centring, date_of, distinct_digits, number

__all__ = ["panel_labels", "default_labels", "eta_text"]


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


def eta_text(eta, etas=()) -> str:
    """``η=0.0213``: three significant digits, more only where three would not tell `etas` apart."""
    return f"η={number(eta, distinct_digits([eta, *etas]))}"


def default_labels(runs: list) -> list:
    """Names that tell the runs apart: the optimizer, the learning rate, or both.

    One run is named by its optimizer ("gd"). Runs with different optimizers are named
    by them ("adam"); eta joins the name only where it is what tells runs apart, i.e.
    runs sharing an optimizer at different etas ("η=0.003", or "adam η=0.01" when the
    optimizers differ too), and by the scale policy where runs were trained with different
    ones ("none", "standardize"); then hyperparameters that differ ("momentum beta=0.5"); then
    the learning-rate schedule's spec, when the runs' schedules differ or one run has one
    ("sgd exp:gamma=0.98");
    "run 1", "run 2", ... when nothing in their meta tells them apart.
    """
    opts = [str(h.meta.get("optimizer") or "run") for h in runs]
    etas = [h.meta.get("eta") for h in runs]
    if len(runs) == 1:
        name = opts[0] if opts[0] != "custom" else "your loop"
        return [f"{name} {runs[0].meta['schedule']}" if "schedule" in runs[0].meta else name]
    vary_opt = len(set(opts)) > 1
    # Runs trained with different scale policies are named by them (each has its own eta).
    scales = [str(h.meta.get("scale") or "") for h in runs]
    vary_scale = len(set(scales)) > 1
    by_opt: dict = {}
    for o, e, sc in zip(opts, etas, scales):
        by_opt.setdefault((o, sc if vary_scale else ""), set()).add(e)
    vary_eta = any(len(group) > 1 for group in by_opt.values())
    labels = []
    for o, e, sc in zip(opts, etas, scales):
        parts = [o] if vary_opt or not (vary_eta or vary_scale) else []
        if vary_scale:
            parts.append(sc)
        if vary_eta:
            parts.append("η=custom" if e is None else eta_text(e, etas))
        labels.append(" ".join(parts))
    if len(set(labels)) != len(labels):  # same optimizer and eta: the hyperparameters may differ
        hypers = [h.meta.get("hyperparameters") or {} for h in runs]
        keys = sorted({k for hp in hypers for k in hp if len({str(x.get(k)) for x in hypers}) > 1})
        if keys:
            labels = [" ".join([lab, *(f"{k}={hp[k]:g}" for k in keys if k in hp)]).strip()
                      for lab, hp in zip(labels, hypers)]
    schedules = [h.meta.get("schedule", "constant") for h in runs]
    if len(set(schedules)) > 1:  # a learning-rate schedule tells runs apart by its name
        labels = [f"{lab} {spec}".strip() for lab, spec in zip(labels, schedules)]
    if not all(labels) or len(set(labels)) != len(labels):
        labels = [f"{lab} ({k + 1})" if lab else f"run {k + 1}" for k, lab in enumerate(labels)]
    return labels
