"""The package's shape, read from its source with `ast`: layers that import one way only,
no import cycle (imports inside functions count: they run too), a short top level, and a
decision that reaches no I/O library. Imports under `if TYPE_CHECKING:` are left out:
they never run."""

from __future__ import annotations

import ast
import re
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


def _imported_by_name(node: ast.expr) -> list[str]:
    """The modules `importlib.import_module(...)` may load: a literal names one; an
    f-string such as f"native_host.host.handlers.{kind}" any module of that package."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [_named(node.value)]
    if isinstance(node, ast.JoinedStr) and node.values:
        head = node.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            package = head.value.rstrip(".")
            return sorted(m for m in MODULES if m.startswith(package + "."))
    return []


def imports_of(module: str, type_only: bool = False) -> list[Import]:
    """What `module` imports when it runs, deferred imports and `importlib.import_module`
    included; with `type_only`, also what it imports under `if TYPE_CHECKING:`."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[Import] = []
    for node in (ast.walk(tree) if type_only else _runtime_nodes(tree)):
        if isinstance(node, ast.Import):
            found.extend(Import(_named(alias.name), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.append(Import(submodule if submodule in MODULES else _named(source),
                                    node.lineno))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args):
            found.extend(Import(name, node.lineno) for name in _imported_by_name(node.args[0]))
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


HANDLERS = "native_host.host.handlers"


def test_handlers_see_a_typed_context_never_the_host_itself():
    # not even for type hints: a handler that names Host could reach any of its parts
    handlers = [m for m in MODULES if m.startswith(HANDLERS + ".")]
    assert handlers, "no handler modules found"
    for module in handlers:
        named = {i.name for i in imports_of(module, type_only=True)}
        assert "native_host.host.host" not in named, module
        assert "native_host.host.context" in named, f"{module}: type ctx as context.Context"


def test_the_checks_see_imports_that_would_break_them():
    # guards the parser itself: the host's deferred and importlib imports are seen (its
    # handlers, loaded by kind, included), its type-only ones are not
    host = {i.name for i in imports_of("native_host.host.host")}
    assert {"native_host.host.logs", "native_host.install.heal",
            f"{HANDLERS}.check", f"{HANDLERS}.identify"} <= host
    assert "native_host.host.context" not in host
    assert "native_host.host.context" in {i.name for i in imports_of("native_host.host.host",
                                                                     type_only=True)}
    assert "asyncio" in {i.name for i in imports_of("native_host.bundles.syncer")}


def test_a_cycle_through_a_deferred_import_would_be_found(monkeypatch):
    # the cycle test itself can fail: one handler importing the host inside a function
    monkeypatch.setitem(GRAPH, f"{HANDLERS}.hello",
                        GRAPH[f"{HANDLERS}.hello"] | {"native_host.host.host"})
    cycle = find_cycle()
    assert cycle is not None and "native_host.host.host" in cycle


def _readme_layout() -> str:
    text = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## How it fits together", 1)[1]
    return section.split("```", 2)[1]


def test_the_readme_layout_names_every_package_and_top_level_module():
    layout = _readme_layout()
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    missing = [f"{name}/" for name in packages if f"{name}/" not in layout]
    missing += [p.name for p in PACKAGE.glob("*.py")
                if p.name != "__init__.py" and p.name not in layout]
    assert missing == [], "README.md's layout leaves out: " + ", ".join(missing)


def test_the_readme_layout_names_every_module_of_the_host():
    layout = _readme_layout()
    entry = layout.split("  host/", 1)[1].split("\n  install/", 1)[0]
    words = set(re.findall(r"[a-z_]+", entry))
    modules = {p.stem for p in (PACKAGE / "host").glob("*.py") if p.stem != "__init__"}
    assert modules - words == set(), "README.md's host/ entry leaves out these modules"


DOCS = ["README.md", "PROTOCOL.md", "BENCHMARKS.md", "docs/*.md", "extension/sites/README.md"]


def test_every_module_path_the_docs_name_is_in_the_tree():
    root = PACKAGE.parent
    named = {match.rstrip(".") for pattern in DOCS for doc in root.glob(pattern)
             for match in re.findall(r"native_host/[A-Za-z0-9_/.]+", doc.read_text("utf-8"))}
    placeholder = {p for p in named if any(Path(part).stem.isupper() for part in p.split("/"))}
    gone = sorted(path for path in named - placeholder
                  if not (root / path).exists() and not (root / f"{path}.py").exists())
    assert gone == [], f"the docs name paths that are not in native_host/: {gone}"
