"""gdviz's live widget in a marimo notebook: drag, slide, and the cells below follow.

    marimo edit examples/marimo_explore.py       # to play with it
    marimo export html examples/marimo_explore.py -o explore.html   # headless, as CI runs it

Needs marimo and the widget extra: pip install marimo "gdviz[widget]".
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full")


@app.cell
def _():
    import marimo as mo

    import gdviz

    return gdviz, mo


@app.cell
def _(gdviz, mo):
    # The explore page's panels and controls, as a marimo UI element: its value is the widget's traits.
    view = mo.ui.anywidget(gdviz.widget(epochs=300))
    view
    return (view,)


@app.cell
def _(mo, view):
    # marimo runs this cell again whenever the widget's state changes: a drag, the slider, a key.
    state = view.value["state"]
    mo.md(
        f"**{state['optimizer']}**, η = {state['eta']:.4g}, starting line ŷ = {state['w1']:.4g}·x + {state['w0']:.4g}, "
        f"{state['epochs']} epochs, showing epoch {state['epoch']}"
    )
    return (state,)


@app.cell
def _(state, view):
    # The same run, trained in Python at the widget's state (gdviz.train); a History shows as a picture.
    history = view.widget.history()
    assert history.meta["optimizer"] == state["optimizer"] and len(history) == state["epochs"]
    history
    return


if __name__ == "__main__":
    app.run()
