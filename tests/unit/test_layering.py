"""The package's shape, read from its source with `ast`: layers that import one way only,
no import cycle (imports inside functions count: they run too), a short top level, and a
decision that reaches no I/O library. Imports under `if TYPE_CHECKING:` are left out:
they never run."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import native_host

PACKAGE = Path(native_host.__file__).resolve().parent

# The layers, lowest first: a module may import from its own layer or the ones below.
# Top-level modules are the shared words (rank 0) except the entry points.
# install/ and browser/ sit beside host/: only commands/ and the entry points use them.
LAYERS: dict[str, int] = {
    "profiles": 1,
    "decision": 2,
    "store": 3,
    "bundles": 4,
    "host": 5,
    "install": 5,
    "browser": 5,
    "commands": 6,
}
ENTRY_POINTS = {"native_host.__main__", "native_host.cli"}
ENTRY_RANK = 7
MAX_TOP_LEVEL = 10
IO_LIBRARIES = {"asyncio", "aiohttp", "tinydb", "filelock", "subprocess", "socket",
                "logging", "threading"}


class Import(NamedTuple):
    name: str  # a module of native_host, or the top-level name of any other library
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(node: ast.AST) -> list[ast.AST]:
    """Every node below `node` except the bodies of `if TYPE_CHECKING:`."""
    found: list[ast.AST] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                found.append(other)
                found.extend(_runtime_nodes(other))
            continue
        found.append(child)
        found.extend(_runtime_nodes(child))
    return found


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _named(name: str) -> str:
    return name if name.startswith("native_host") else name.split(".")[0]


def imports_of(module: str) -> list[Import]:
    """What `module` imports when it runs, deferred imports and
    `importlib.import_module("literal")` included."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[Import] = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(_named(alias.name), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.append(Import(submodule if submodule in MODULES else _named(source),
                                    node.lineno))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append(Import(_named(node.args[0].value), node.lineno))
    return found


GRAPH: dict[str, set[str]] = {
    module: {i.name for i in imports_of(module) if i.name in MODULES and i.name != module}
    for module in MODULES
}


def rank(module: str) -> int:
    if module in ENTRY_POINTS:
        return ENTRY_RANK
    parts = module.split(".")
    if len(parts) <= 2 and not (PACKAGE / parts[-1]).is_dir():
        return 0  # a shared word: native_host/NAME.py or the package itself
    return LAYERS[parts[1]]


def find_cycle() -> list[str] | None:
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module):], module]
        if module in done:
            return None
        path.append(module)
        for target in sorted(GRAPH[module]):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(MODULES):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def test_no_import_cycle_among_the_package_modules():
    cycle = find_cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_every_subpackage_has_a_layer():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(LAYERS), "give each sub-package a rank in LAYERS"


def test_no_module_imports_from_a_layer_above_its_own():
    upward = [f"{module} (layer {rank(module)}) imports {target} (layer {rank(target)})"
              for module, targets in GRAPH.items() for target in targets
              if rank(target) > rank(module)]
    assert upward == []


def test_the_top_level_holds_at_most_ten_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, f"{len(top)} modules directly in native_host/: {top}"


def _reachable(start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in GRAPH[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_decision_reaches_no_io_library():
    defining = [m for m in MODULES if any(
        isinstance(node, ast.FunctionDef) and node.name == "decide"
        for node in ast.parse(MODULES[m].read_text(encoding="utf-8")).body)]
    assert len(defining) == 1, f"one module defines decide(), not {defining}"
    reached = {f"{io.name} (imported by {module}, line {io.line})"
               for module in _reachable(defining[0]) for io in imports_of(module)
               if io.name in IO_LIBRARIES}
    assert reached == set()


def test_the_checks_see_imports_that_would_break_them():
    # guards the parser itself: the host's deferred and importlib imports are seen,
    # its type-only ones are not
    host = {i.name for i in imports_of("native_host.host.host")}
    assert {"native_host.host.logs", "native_host.install.heal"} <= host
    handler = {i.name for i in imports_of("native_host.host.handlers.hello")}
    assert "native_host.host.host" not in handler
    assert "asyncio" in {i.name for i in imports_of("native_host.bundles.syncer")}
