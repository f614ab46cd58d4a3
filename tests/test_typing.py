"""The public API is fully annotated: every parameter and every return.

mypy checks the annotations' truth (``mypy src/gdviz`` in .ci/run, with
``disallow_untyped_defs`` for the modules that define the public names); this test only
checks that none is missing, cheaply, by ``inspect.signature``, so a new public function
or method without them fails here first.
"""

import inspect
from pathlib import Path

import gdviz
from gdviz import optimizers

# The classes whose public methods and properties are the API, besides the functions.
CLASSES = ["Animation", "History", "Recorder", "Dataset", "Page"]


def _public_functions():
    """(qualified name, function) of every public function and class in gdviz, gdviz.plot and gdviz.optimizers."""
    for name in gdviz.__all__:
        value = getattr(gdviz, name)
        if name in ("__version__", "plot"):
            continue
        yield f"gdviz.{name}", value
    for name in gdviz.plot.__all__:
        yield f"gdviz.plot.{name}", getattr(gdviz.plot, name)
    for name in optimizers.__all__:
        value = getattr(optimizers, name)
        if callable(value):
            yield f"gdviz.optimizers.{name}", value


def _classes():
    seen = set()
    for qualname, value in _public_functions():
        if inspect.isclass(value) and value not in seen:
            seen.add(value)
            yield qualname, value


def _members(cls):
    """(name, function) of `cls`'s public methods and property getters, `__init__` too, defined in gdviz."""
    for name, value in inspect.getmembers(cls):
        if name.startswith("_") and name != "__init__":
            continue
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, property):
            yield name, raw.fget
        elif isinstance(raw, (staticmethod, classmethod)):
            yield name, raw.__func__
        elif inspect.isfunction(raw):
            yield name, raw


def _ours(function) -> bool:
    """Whether `function` was written in gdviz (not inherited from object, Exception or a dataclass's machinery)."""
    code = getattr(function, "__code__", None)
    return code is not None and Path(gdviz.__file__).parent in Path(code.co_filename).parents


def _missing(function, *, bound: bool):
    """The names of `function`'s parameters without an annotation, and "return" if it has none."""
    sig = inspect.signature(function)
    params = list(sig.parameters.values())
    if bound and params:  # self or cls
        params = params[1:]
    out = [p.name for p in params if p.annotation is inspect.Parameter.empty]
    if sig.return_annotation is inspect.Signature.empty:
        out.append("return")
    return out


def test_every_public_function_and_method_is_annotated():
    missing = {}
    for qualname, value in _public_functions():
        if inspect.isfunction(value):
            missing[qualname] = _missing(value, bound=False)
    for qualname, cls in _classes():
        for name, function in _members(cls):
            if _ours(function):
                missing[f"{qualname}.{name}"] = _missing(function, bound=not isinstance(
                    inspect.getattr_static(cls, name, None), staticmethod))
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"add annotations to: {missing}"


def test_the_checked_names_cover_the_api():
    """The names above are the ones the brief promised: a rename cannot quietly drop one from the check."""
    names = {qualname for qualname, _ in _classes()}
    for cls in CLASSES:
        assert f"gdviz.{cls}" in names
    assert {"gdviz.optimizers.Optimizer", "gdviz.optimizers.Adam", "gdviz.optimizers.SGD"} <= names
    functions = {qualname for qualname, _ in _public_functions()}
    assert {"gdviz.train", "gdviz.render", "gdviz.plot.fit", "gdviz.plot.surface3d", "gdviz.widget"} <= functions


def test_the_package_says_it_is_typed():
    assert (Path(gdviz.__file__).parent / "py.typed").is_file()


def test_type_checkers_see_the_lazy_names():
    """gdviz loads Animation, render, plot and widget on first use (``__getattr__``); a type
    checker sees them through the ``if TYPE_CHECKING:`` imports, else they would be Any."""
    import ast

    tree = ast.parse(Path(gdviz.__file__).read_text(encoding="utf-8"))
    typed = set()
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom):
                    typed |= {alias.asname or alias.name for alias in stmt.names}
    assert set(gdviz._LAZY) <= typed, sorted(set(gdviz._LAZY) - typed)
