"""The layout holds: imports run one way, services are grouped by capability, and no two
modules of `tracker/` import each other, directly or round a loop."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
LAYERS = ("cli", "services", "models", "domain")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Imports under `if TYPE_CHECKING:` run only for the type checker, never at run time."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(child) for child in ast.walk(node))
    return hidden


def _imported(module: str, path: Path, known: set[str]) -> Iterator[str]:
    """Every tracker module `module` imports at run time, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` names a module; `from module import name` does not.
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for name in names:
            found = name
            while found and found not in known:
                found = found.rpartition(".")[0]
            if found and found != module:
                yield found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {m: set(_imported(m, p, known)) for m, p in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def _group(module: str, depth: int) -> str:
    return ".".join(module.split(".")[:depth])


def test_no_module_of_tracker_imports_itself_round_a_loop() -> None:
    assert find_cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c"]]


def test_the_graph_sees_imports_inside_functions_and_not_under_type_checking() -> None:
    graph = import_graph()
    # cli.state imports the store's opening module inside a method, to start fast.
    assert "tracker.services.store.opening" in graph["tracker.cli.state"]
    # models.records names Target under TYPE_CHECKING only, for its relationship's annotation.
    assert "tracker.models.targets" not in graph["tracker.models.records"]
    assert "tracker.models.sources" in graph["tracker.models.targets"]


def test_services_subpackages_import_one_way() -> None:
    """The capabilities form a hierarchy too: no two subpackages of services need each other."""
    graph = import_graph()
    groups: dict[str, set[str]] = {}
    for module, imported in graph.items():
        if module.startswith("tracker.services."):
            here = _group(module, 3)
            groups.setdefault(here, set()).update(
                _group(o, 3) for o in imported if o.startswith("tracker.services.")
            )
    for here, others in groups.items():
        others.discard(here)
    assert find_cycles(groups) == []


def test_services_hold_only_subpackages() -> None:
    services = PACKAGE / "services"
    loose = sorted(p.name for p in services.glob("*.py") if p.name != "__init__.py")
    assert loose == []
    for folder in sorted(p for p in services.iterdir() if p.is_dir() and p.name != "__pycache__"):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"services/{folder.name}/__init__.py says what it owns"


@pytest.mark.parametrize(
    ("lower", "higher"), [(LAYERS[i], LAYERS[j]) for i in range(4) for j in range(i)]
)
def test_layers_import_downwards_only(lower: str, higher: str) -> None:
    """cli -> services -> models -> domain: a lower layer never imports a higher one."""
    graph = import_graph()
    upward = sorted(
        f"{module} -> {other}"
        for module, imported in graph.items()
        if module.startswith(f"tracker.{lower}.") or module == f"tracker.{lower}"
        for other in imported
        if other.startswith(f"tracker.{higher}.") or other == f"tracker.{higher}"
    )
    assert upward == []


def test_services_never_import_typer() -> None:
    for path in (PACKAGE / "services").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "typer" for a in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "typer", path
