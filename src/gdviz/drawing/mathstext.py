"""The maths panel's text: one epoch's arithmetic, in the tutorial's notation, as plain Unicode lines.

One definition, two languages: :func:`maths_lines` here and ``page.mathsLines`` in the
explore page's script (``page/js/25-maths.js``) take the same plain numbers and return the
same lines, character for character (node's tests hold the script to fixtures this
function writes). The lines are plain strings (ŷ, ∂E/∂w₁, Σ, η, m̂ as characters, U+2212
for minus, numbers to 4 significant digits by :func:`gdviz.drawing.tickformat.number`),
so a PDF or SVG still holds each line as one text element.

The numbers of one epoch (a dict; :func:`epoch_numbers` builds it from a History):

==========  ==================================================================================
optimizer   its name ("gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", or
            another word for a loop gdviz did not run)
epoch       the row's epoch
eta         the learning rate of the update at this row, or None when not recorded
w0, w1      the weights the row starts from (in the trained coordinates)
loss        the SSE there; g0, g1: dE/dw0 and dE/dw1 there (the full data's)
hyper       the optimizer's hyperparameters (beta, rho, eps, beta1, beta2, batch_size)
state       {"before": {...}, "after": {...}, "ahead": [q0, q1] or None} (see
            :func:`gdviz.training.state.epoch_states`), {"steps", "batch"} for sgd, or
            None when the state is not known
next        [w0, w1] of the next row, exactly as recorded, or None (the last row)
shift       x′ = (x − shift) / scale when training ran on scaled x; both None when not
scale
==========  ==================================================================================
"""

from __future__ import annotations

import math
from typing import Optional

from .tickformat import MINUS, centring, number
from ..training.optimizers import OPTIMIZERS
from ..training.state import epoch_states

__all__ = ["maths_lines", "epoch_numbers"]

#: Digits of every number the panel writes.
DIGITS = 4
_SUB = {"0": "\u2080", "1": "\u2081"}


def _n(value: float) -> str:
    return number(value, DIGITS)


def _p(value: float) -> str:
    """A number in parentheses, as it stands in a product: ``(−45.67)``."""
    return f"({_n(value)})"


def _plus(value: float) -> str:
    """`` + 1.234`` or `` − 1.234``: a term added to what comes before."""
    return f" {MINUS} {_n(-value)}" if value < 0 else f" + {_n(value)}"


def _hyper_text(name: str, hyper: dict) -> str:
    names = {"beta": "β", "rho": "ρ", "eps": "ε", "beta1": "β₁", "beta2": "β₂", "batch_size": "batch"}
    parts = [f"{names.get(k, k)} = {_n(v)}" for k, v in hyper.items()]
    return f" ({', '.join(parts)})" if parts else ""


def _head(numbers: dict) -> str:
    eta = numbers["eta"]
    said = "η not recorded" if eta is None else f"η = {_n(eta)}"
    return f"epoch {numbers['epoch']} · {numbers['optimizer']} · {said}{_hyper_text(numbers['optimizer'], numbers['hyper'])}"


def _forward(numbers: dict) -> list:
    x = "x′" if numbers["scale"] is not None else "x"
    lines = [f"forward: ŷ = w₁·{x} + w₀ = {_n(numbers['w1'])}·{x}{_plus(numbers['w0'])}"]
    if numbers["scale"] is not None:
        shift, scale = numbers["shift"], numbers["scale"]
        slope = numbers["w1"] / scale
        intercept = numbers["w0"] - slope * shift
        lines += [f"   on scaled data {centring(shift, scale)}", f"   so ŷ = {_n(slope)}·x{_plus(intercept)}"]
    return lines


def _backward(numbers: dict) -> list:
    x = "x′" if numbers["scale"] is not None else "x"
    full = " (full batch)" if numbers["optimizer"] == "sgd" else ""
    return [f"error: E = ½ Σ (y {MINUS} ŷ)² = {_n(numbers['loss'])}",
            f"backward{full}: ∂E/∂w₁ = Σ (ŷ {MINUS} y)·{x} = {_n(numbers['g1'])}",
            f"   ∂E/∂w₀ = Σ (ŷ {MINUS} y) = {_n(numbers['g0'])}"]


def _why_not(numbers: dict) -> Optional[str]:
    """Why the update cannot be shown from what was recorded, or None when it can."""
    if numbers["eta"] is None:
        return "no η was recorded"
    if numbers["next"] is None:
        return "this is the run's last row"
    if numbers["optimizer"] not in _UPDATES:
        return f"the optimizer {numbers['optimizer']!r} is not one of gdviz's"
    if numbers["optimizer"] != "gd" and not numbers["state"]:
        return "its state was not saved with this run"
    return None


#: How a line that carries on an equation starts: its numbers, under its symbols.
MORE = "   = "


def _move(i: str, what: str, old: float, eta: float, step: float, new: float) -> list:
    """``w₁ ← w₁ − η·WHAT``, then ``   = old − η × (step) = new``."""
    return [f"w{_SUB[i]} ← w{_SUB[i]} {MINUS} η·{what}", f"{MORE}{_n(old)} {MINUS} {_n(eta)} × {_p(step)} = {_n(new)}"]


def _gd(numbers: dict, i: str) -> list:
    g = numbers["g" + i]
    return _move(i, f"∂E/∂w{_SUB[i]}", numbers["w" + i], numbers["eta"], g, numbers["next"][int(i)])


def _sgd(numbers: dict, i: str) -> list:
    state = numbers["state"]
    return [f"w{_SUB[i]}: {_n(numbers['w' + i])} → {_n(numbers['next'][int(i)])}"]


def _momentum(numbers: dict, i: str) -> list:
    s, h, sub = numbers["state"], numbers["hyper"], _SUB[i]
    ahead = s.get("ahead")
    grad = f"∂E/∂w{sub}" if ahead is None else f"∂E/∂w{sub}(w {MINUS} ηβv)"
    g = numbers["g" + i] if ahead is None else ahead[int(i)]
    v = s["after"]["v" + i]
    return [f"v{sub} ← β·v{sub} + {grad}", f"{MORE}{_n(h['beta'])} × {_p(s['before']['v' + i])} + {_p(g)} = {_n(v)}",
            *_move(i, f"v{sub}", numbers["w" + i], numbers["eta"], v, numbers["next"][int(i)])]


def _scaled_step(numbers: dict, i: str, acc: str, total: float) -> list:
    """AdaGrad's and RMSprop's move: the gradient over the root of the accumulator `acc`."""
    g, eps, sub = numbers["g" + i], numbers["hyper"]["eps"], _SUB[i]
    step = g / (math.sqrt(total) + eps)
    return _move(i, f"∂E/∂w{sub}/(√{acc}{sub} + ε)", numbers["w" + i], numbers["eta"], step, numbers["next"][int(i)])


def _adagrad(numbers: dict, i: str) -> list:
    s, sub, g = numbers["state"], _SUB[i], numbers["g" + i]
    total = s["after"]["G" + i]
    return [f"G{sub} ← G{sub} + (∂E/∂w{sub})²", f"{MORE}{_n(s['before']['G' + i])} + {_p(g)}² = {_n(total)}",
            *_scaled_step(numbers, i, "G", total)]


def _rmsprop(numbers: dict, i: str) -> list:
    s, sub, g, rho = numbers["state"], _SUB[i], numbers["g" + i], numbers["hyper"]["rho"]
    total = s["after"]["s" + i]
    return [f"s{sub} ← ρ·s{sub} + (1 {MINUS} ρ)·(∂E/∂w{sub})²",
            f"{MORE}{_n(rho)} × {_p(s['before']['s' + i])} + {_n(1 - rho)} × {_p(g)}² = {_n(total)}",
            *_scaled_step(numbers, i, "s", total)]


def _adam(numbers: dict, i: str) -> list:
    s, h, sub, g = numbers["state"], numbers["hyper"], _SUB[i], numbers["g" + i]
    before, after = s["before"], s["after"]
    b1, b2 = h["beta1"], h["beta2"]
    m_hat = after["m" + i] / (1 - after["beta1_t"])
    v_hat = after["s" + i] / (1 - after["beta2_t"])
    step = m_hat / (math.sqrt(v_hat) + h["eps"])
    return [f"m{sub} ← β₁·m{sub} + (1 {MINUS} β₁)·∂E/∂w{sub}",
            f"{MORE}{_n(b1)} × {_p(before['m' + i])} + {_n(1 - b1)} × {_p(g)} = {_n(after['m' + i])}",
            f"v{sub} ← β₂·v{sub} + (1 {MINUS} β₂)·(∂E/∂w{sub})²",
            f"{MORE}{_n(b2)} × {_p(before['s' + i])} + {_n(1 - b2)} × {_p(g)}² = {_n(after['s' + i])}",
            f"m̂{sub} = m{sub}/(1 {MINUS} β₁ᵗ) = {_n(m_hat)}",
            f"v̂{sub} = v{sub}/(1 {MINUS} β₂ᵗ) = {_n(v_hat)}",
            *_move(i, f"m̂{sub}/(√v̂{sub} + ε)", numbers["w" + i], numbers["eta"], step, numbers["next"][int(i)])]


_UPDATES = {"gd": _gd, "sgd": _sgd, "momentum": _momentum, "nesterov": _momentum, "adagrad": _adagrad,
            "rmsprop": _rmsprop, "adam": _adam}


def _update(numbers: dict) -> list:
    why = _why_not(numbers)
    if why is not None:
        return [f"update: not recorded ({why})"]
    name, state = numbers["optimizer"], numbers["state"]
    lines = []
    if name == "sgd":
        lines += [f"update: {state['steps']} steps of batch {state['batch']} this epoch,",
                  f"   each w ← w {MINUS} η·(the batch's ∂E/∂w)"]
    elif name == "nesterov":
        ahead = numbers["eta"] * numbers["hyper"]["beta"]  # as the step computes it
        look = [numbers["w" + i] - ahead * state["before"]["v" + i] for i in "01"]
        lines += [f"update: look ahead to w {MINUS} ηβv", f"   w₁ = {_n(look[1])}, w₀ = {_n(look[0])}"]
    elif name == "adam":
        lines.append(f"update: step t = {state['after']['t']}")
    else:
        lines.append("update:")
    for i in "10":
        lines.extend(_UPDATES[name](numbers, i))
    return lines


def maths_lines(numbers: dict) -> list:
    """The maths panel's lines for one epoch: forward, error, backward and update, as plain Unicode strings.

    Parameters
    ----------
    numbers : dict
        One epoch's plain numbers (the keys in this module's docstring; see
        :func:`epoch_numbers`).

    Returns
    -------
    list of str
        The heading (epoch, optimizer, η and hyperparameters), the forward pass (and on
        scaled data the x′ mapping and the line in the data's units), the error, the two
        gradients, then the update of w₁ and w₀ with the optimizer's own state, ending in
        the next row's weights exactly as recorded; or one line saying the update was
        not recorded (the last row, no η, an unknown optimizer, a state not saved).

    Examples
    --------
    >>> maths_lines(epoch_numbers(history, 12))[1]
    'forward: ŷ = w₁·x + w₀ = −2.034·x + 1.442'
    """
    return [_head(numbers), *_forward(numbers), *_backward(numbers), *_update(numbers)]


def epoch_numbers(history, k: int, state: Optional[dict] = None) -> dict:
    """The plain numbers of row `k` of `history` that :func:`maths_lines` reads.

    Parameters
    ----------
    history : gdviz.History
        The run.
    k : int
        A row of it.
    state : dict, optional
        The optimizer's state around that row's update, as
        :func:`gdviz.training.state.epoch_states` gives it; replayed here when omitted.
    """
    k = int(k)
    if state is None:
        state = epoch_states(history, [k]).get(k)
    meta = history.meta
    scaled = history.scaled
    nxt = [float(history.w0[k + 1]), float(history.w1[k + 1])] if k + 1 < len(history) else None
    name = str(meta.get("optimizer", "custom"))
    known = OPTIMIZERS[name].defaults if name in OPTIMIZERS else {}
    hyper = {**known, **(meta.get("hyperparameters") or {})}
    return {
        "optimizer": name, "epoch": int(history.epoch[k]),
        "eta": history.eta_at(k), "w0": float(history.w0[k]), "w1": float(history.w1[k]),
        "loss": float(history.loss[k]), "g0": float(history.grad_w0[k]), "g1": float(history.grad_w1[k]),
        "hyper": hyper, "state": state, "next": nxt,
        "shift": float(meta.get("x_shift", 0.0)) if scaled else None,
        "scale": float(meta.get("x_scale", 1.0)) if scaled else None,
    }
