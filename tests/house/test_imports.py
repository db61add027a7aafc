"""The import graph of the product has no cycles, and every function-local import says why.

Built from the AST, not by importing: a cycle hidden behind an import inside a function body
still counts (only imports under ``if TYPE_CHECKING:`` are left out, as they never run). A
function-local import is allowed where a comment on the lines just above it (or on its own line)
gives the reason, usually start-up time of the CLI; anything else belongs at the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage", "bench")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> Iterator[Path]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "versions" not in path.parts:  # Alembic revisions are loaded by Alembic
                yield path


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class Imports(ast.NodeVisitor):
    """Collects (target module, line, inside a function) of every import that runs."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.module = module
        self.is_package = is_package
        self.found: list[tuple[str, int, bool]] = []
        self._depth = 0

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _function(self, node: ast.AST) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append((alias.name, node.lineno, self._depth > 0))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.module.split(".")
            if not self.is_package:
                package = package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base]) if base else ".".join(package)
        for alias in node.names:
            self.found.append((f"{base}.{alias.name}", node.lineno, self._depth > 0))
            self.found.append((base, node.lineno, self._depth > 0))


def graph() -> tuple[dict[str, set[str]], list[str]]:
    """Edges between the project's own modules, and the unexplained function-local imports."""
    paths = {module_name(path): path for path in sources()}
    edges: dict[str, set[str]] = {name: set() for name in paths}
    unexplained: list[str] = []
    for name, path in paths.items():
        text = path.read_text("utf-8")
        lines = text.splitlines()
        visitor = Imports(name, path.name == "__init__.py")
        visitor.visit(ast.parse(text, str(path)))
        for target, line, local in visitor.found:
            if target in paths and target != name:
                edges[name].add(target)
            if local and target.split(".")[0] in PACKAGES and not _explained(lines, line):
                unexplained.append(f"{path.relative_to(ROOT)}:{line}: {lines[line - 1].strip()}")
    return edges, sorted(set(unexplained))


def _explained(lines: list[str], line: int) -> bool:
    """A comment on the import's line or in the block of comments/imports just above it."""
    if "#" in lines[line - 1]:
        return True
    index = line - 2
    while index >= 0:
        text = lines[index].strip()
        if text.startswith("#"):
            return True
        if text and not (
            text.startswith(("import ", "from ")) or text.endswith((",", "(")) or text == ")"
        ):
            return False
        index -= 1
    return False


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    edges, _ = graph()
    assert cycles(edges) == []


def test_every_function_local_import_says_why() -> None:
    _, unexplained = graph()
    assert unexplained == []


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
