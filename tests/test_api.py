import subprocess
import sys

import gdviz


def test_public_api_is_pinned():
    assert sorted(gdviz.__all__) == sorted([
        "Animation", "Dataset", "GdvizError", "GdvizWarning", "History", "Page", "Recorder", "__version__",
        "explore", "least_squares", "load_csv", "loss_surface", "make_data", "plot", "render", "train",
        "tune", "widget",
    ])
    for name in gdviz.__all__:  # each name is the thing itself, not None and not a submodule of that name
        if name == "__version__":
            from importlib.metadata import version

            assert gdviz.__version__ == version("gdviz")
            continue
        if name == "plot":  # a namespace of functions, seaborn's way: gdviz.plot.fit(history, ax=ax)
            from gdviz.drawing import plot

            assert gdviz.plot is plot
            assert sorted(gdviz.plot.__all__) == ["fit", "loss", "maths", "network", "surface", "surface3d"]
            continue
        value = getattr(gdviz, name)
        assert callable(value) and getattr(value, "__name__", None) == name, (name, value)
    assert issubclass(gdviz.GdvizError, ValueError)
    assert issubclass(gdviz.GdvizWarning, UserWarning)


def test_import_is_light():
    code = "import gdviz, sys; print('matplotlib' in sys.modules, 'PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "gdviz", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("gdviz ")
