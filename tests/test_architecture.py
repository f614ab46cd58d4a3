"""The shape of the house, checked: layers read one way down, no import circles, no imports of
the package root from inside, no private names across modules, no function over 60 lines of code.

The layers, each importing only from the layers before it (docs/how-it-works.md, "The layers"):

    base      errors, interrupts, files, version
    data      data/ (Dataset, cells, CSV files, tables, the six sums)
    history   history, recorder
    training  training/ (optimizers, the training core, diagnostics)
    drawing   drawing/ (theme, text, tick labels, schedule, surface grid, panels, Animation)
    formats   formats/ (the registry, its writers, stills, embeds)
    outlets   report, explore (+ page/), gallery, sphinxext, cli

Every import statement counts, function-local ones included. The only imports of a later
layer are the documented convenience methods in ``LAZY_UPWARD``. The checks read the source
with :mod:`ast` and :mod:`tokenize`; nothing is imported.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "gdviz"

LAYERS = ["base", "data", "history", "training", "drawing", "formats", "outlets"]
LAYER_OF = {
    "gdviz.errors": "base", "gdviz.interrupts": "base", "gdviz.files": "base", "gdviz.version": "base",
    "gdviz.data": "data",
    "gdviz.history": "history", "gdviz.recorder": "history",
    "gdviz.training": "training", "gdviz.optimizers": "training",  # the documented path of training.optimizers
    "gdviz.drawing": "drawing",
    "gdviz.formats": "formats",
    "gdviz.report": "outlets", "gdviz.explore": "outlets", "gdviz.gallery": "outlets", "gdviz.cli": "outlets",
    "gdviz.sphinxext": "outlets",  # the sphinx-gallery scraper
    "gdviz.notebook": "outlets",
    "gdviz.__main__": "outlets",
}
#: (module, the function that may import a later layer lazily): documented convenience methods.
LAZY_UPWARD = {
    ("gdviz.history", "History.plot"),            # history -> drawing: the static picture
    ("gdviz.history", "History._repr_png_"),      # history -> drawing: its notebook picture
    ("gdviz.drawing.animation", "Animation.save"),         # drawing -> formats
    ("gdviz.drawing.animation", "Animation._repr_html_"),  # drawing -> formats: the notebook embed
}
MAX_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p): p for p in FILES}


def layer(module: str) -> str:
    for prefix in sorted(LAYER_OF, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LAYER_OF[prefix]
    raise AssertionError(f"{module} has no layer: add it to LAYER_OF and to the picture in docs/how-it-works.md")


def is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


class Import:
    def __init__(self, source: str, target: str, names: tuple, where: str, line: int) -> None:
        self.source, self.target, self.names, self.where, self.line = source, target, names, where, line

    def __repr__(self) -> str:
        return f"{self.source}:{self.line} ({self.where}) imports {self.target}"


def imports_of(module: str) -> list:
    """Every gdviz import in a module: (target module, imported names, enclosing function)."""
    tree = ast.parse(MODULES[module].read_text(), str(MODULES[module]))
    package = module if is_package(module) else module.rpartition(".")[0]
    found = []

    def visit(node, where):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(child, f"{where}.{child.name}" if where else child.name)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name == "gdviz" or alias.name.startswith("gdviz."):
                        found.append(Import(module, alias.name, (), where, child.lineno))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    origin = ".".join(base + ([child.module] if child.module else []))
                elif child.module and (child.module == "gdviz" or child.module.startswith("gdviz.")):
                    origin = child.module
                else:
                    continue
                for alias in child.names:
                    sub = f"{origin}.{alias.name}"
                    if sub in MODULES:  # "from . import formats": the submodule itself
                        found.append(Import(module, sub, (), where, child.lineno))
                    else:
                        found.append(Import(module, origin, (alias.name,), where, child.lineno))
            visit(child, where)

    visit(tree, "")
    return found


ALL_IMPORTS = [imp for m in MODULES for imp in imports_of(m)]


def allowed_upward(imp: Import) -> bool:
    return any(imp.source == m and (imp.where == f or imp.where.startswith(f + ".")) for m, f in LAZY_UPWARD)


def test_every_module_has_a_layer():
    for module in MODULES:
        if module != "gdviz":
            layer(module)


def test_nothing_imports_the_package_root():
    offenders = [imp for imp in ALL_IMPORTS if imp.target == "gdviz" and imp.source != "gdviz"]
    assert not offenders, offenders


def test_no_import_reaches_a_later_layer():
    offenders = []
    for imp in ALL_IMPORTS:
        if imp.source == "gdviz" or imp.target == "gdviz":
            continue
        if LAYERS.index(layer(imp.target)) > LAYERS.index(layer(imp.source)) and not allowed_upward(imp):
            offenders.append(f"{imp} ({layer(imp.source)} -> {layer(imp.target)})")
    assert not offenders, "\n".join(offenders)


def import_graph() -> dict:
    graph = {m: set() for m in MODULES}
    for imp in ALL_IMPORTS:
        if imp.source == "gdviz" or allowed_upward(imp) or imp.target == imp.source:
            continue
        # a package's __init__ importing its own submodules is how packages are built, not a circle
        if is_package(imp.source) and imp.target.startswith(imp.source + "."):
            continue
        graph[imp.source].add(imp.target)
    return graph


def circles(graph: dict) -> list:
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def strong(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_no_import_circles():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_private_name_crosses_a_module():
    offenders = [f"{imp} names {', '.join(imp.names)}" for imp in ALL_IMPORTS
                 if any(n.startswith("_") and not n.startswith("__") for n in imp.names)]
    assert not offenders, "\n".join(offenders)


def defined_private_names(module: str) -> set:
    tree = ast.parse(MODULES[module].read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name.startswith("_"):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and node.attr.startswith("_"):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id.startswith("_"):
            names.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id.startswith("_"):
            names.add(node.target.id)
    return {n for n in names if not (n.startswith("__") and n.endswith("__"))}


def test_no_module_reaches_into_another_modules_private_attributes():
    """``x._name`` where ``_name`` belongs to another gdviz module (and not to this one) is a seam
    that should be public: a documented name, not a private one."""
    own = {m: defined_private_names(m) for m in MODULES}
    offenders = []
    for module, path in MODULES.items():
        others = set().union(*(names for m, names in own.items() if m != module)) - own[module]
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Attribute) and node.attr in others
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                offenders.append(f"{module}:{node.lineno} uses .{node.attr}")
    assert not offenders, "\n".join(offenders)


def code_lines(source: str) -> set:
    """Line numbers that hold code: not blank, not only a comment, not part of a docstring."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in skip:
            lines.update(range(tok.start[0], tok.end[0] + 1))
    return lines - docstrings


def function_lengths(source: str) -> list:
    """(qualified name, lines of code) for every function that is not nested in another function."""
    tree = ast.parse(source)
    code = code_lines(source)
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body_start = child.body[0].lineno if child.body else child.lineno
                start = min(child.lineno, body_start)
                n = len([ln for ln in code if start <= ln <= child.end_lineno])
                out.append((prefix + child.name, n))
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(tree, "")
    return out


def test_function_lengths_count_code_only():
    source = '''
def f(a):
    """Docstring,
    two lines."""
    # a comment

    b = (a +
         1)
    def g():
        return b
    return g
'''
    assert function_lengths(source) == [("f", 6)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_is_over_60_lines_of_code(path):
    long = [(name, n) for name, n in function_lengths(path.read_text()) if n > MAX_LINES]
    assert not long, f"{path.relative_to(SRC)}: {long} (split by meaning; at most {MAX_LINES} lines of code)"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_says_what_it_is_for(path):
    doc = ast.get_docstring(ast.parse(path.read_text()))
    assert doc and doc.strip().splitlines()[0].strip(), f"{path.relative_to(SRC)} needs a docstring whose first line says what it is for"
