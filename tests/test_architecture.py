"""The code keeps the architecture it shows: parts in their folders, imports in one direction.

Data flows one way: instance -> formulation -> HiGHS -> layout -> evaluation -> files, maps,
report. Each module of the package belongs to one part, and may import only the parts below it:

=========  ============================================  ===================================
part       modules                                       may import
=========  ============================================  ===================================
model      ``hinterland.model``                          model
adapter    ``hinterland.solvers.adapter``                model
outputs    ``hinterland.solvers.outputs``                model, adapter (the results it writes)
studies    ``hinterland.solvers.studies``                model, adapter, outputs
faces      ``hinterland.solvers.cli``, ``...api``,       everything
           ``hinterland`` itself
=========  ============================================  ===================================

Every import counts, wherever it stands (module level, inside a function, under
``TYPE_CHECKING``): a circle is a circle even when Python's lazy loading lets it run.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"hinterland": ROOT / "hinterland", "hinterland.model": ROOT / "model",
           "hinterland.solvers": ROOT / "solvers"}
PARTS = {
    "hinterland.model": "model",
    "hinterland.solvers.adapter": "adapter",
    "hinterland.solvers.outputs": "outputs",
    "hinterland.solvers.studies": "studies",
    "hinterland.solvers.cli": "faces",
    "hinterland.solvers.api": "faces",
    "hinterland.solvers": "faces",
    "hinterland": "faces",
}
MAY_IMPORT = {
    "model": {"model"},
    "adapter": {"model", "adapter"},
    "outputs": {"model", "adapter", "outputs"},
    "studies": {"model", "adapter", "outputs", "studies"},
    "faces": {"model", "adapter", "outputs", "studies", "faces"},
}


def modules() -> dict[str, Path]:
    """Every module of the installed package by its dotted name."""
    found = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if package == "hinterland" and parts and parts[0] in ("model", "solvers"):
                continue
            found[".".join((package, *parts))] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The project's modules that ``path`` imports: ``from a.b import c`` is ``a.b.c`` when that
    is a module, else ``a.b``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) - {name} for name, path in known.items()}


def part(module: str) -> str:
    prefix = max((p for p in PARTS if module == p or module.startswith(p + ".")), key=len)
    return PARTS[prefix]


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
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
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_the_whole_package() -> None:
    edges = graph()
    # The parts are all there and the reader resolves imports: the faces reach every part.
    assert {part(m) for m in edges} == set(MAY_IMPORT)
    cli = set().union(*(targets for m, targets in edges.items()
                        if m.startswith("hinterland.solvers.cli")))
    assert {part(m) for m in cli} >= {"model", "adapter", "outputs", "studies"}


def test_no_import_runs_against_the_flow() -> None:
    edges = graph()
    against = [f"{m} ({part(m)}) imports {n} ({part(n)})" for m, targets in sorted(edges.items())
               for n in sorted(targets) if part(n) not in MAY_IMPORT[part(m)]]
    assert against == []


def test_there_is_no_import_circle() -> None:
    assert circles(graph()) == []


def test_the_circle_finder_finds_circles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(edges) == [["a", "b", "c"]]
