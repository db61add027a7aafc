"""A light index of the project's Python sources, for questions the code answers statically.

``bot.i18n_buttons`` asks which catalog messages can reach a button's text. The answers come
from following names: module constants (imported ones too), local assignments, loop variables
over constant tables, a table's entry picked by a literal key, a project function's literal
arguments. Nothing is imported or run; a question the index cannot answer returns nothing, and
the caller reports it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("bot", "handlers", "storage")
# Where the extraction (bot.i18n_tool) finds no messages either.
IGNORED = ("bot/emulator",)

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Module:
    """One parsed module: its top-level constants and imports, its functions by name, and each
    node's parent (to find the function a node is in)."""

    path: Path
    name: str
    tree: ast.Module
    constants: dict[str, ast.expr] = field(default_factory=dict)
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # alias: (mod, name)
    functions: dict[str, Function] = field(default_factory=dict)
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
        for statement in self.tree.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                if isinstance(statement.target, ast.Name):
                    self.constants[statement.target.id] = statement.value
            elif isinstance(statement, ast.ImportFrom) and statement.module:
                for alias in statement.names:
                    self.imports[alias.asname or alias.name] = (statement.module, alias.name)
            elif isinstance(statement, ast.Import):
                for alias in statement.names:
                    self.imports[alias.asname or alias.name] = (alias.name, None)
        for node in ast.walk(self.tree):
            if isinstance(node, Function):
                self.functions.setdefault(node.name, node)

    def enclosing_function(self, node: ast.AST) -> Function | None:
        current: ast.AST | None = self.parents.get(node)
        while current is not None:
            if isinstance(current, Function):
                return current
            current = self.parents.get(current)
        return None


class SourceIndex:
    """The parsed modules of the project, and what their names refer to."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = root
        # The literal arguments of the project function calls being followed, innermost last:
        # ``status_label(tr, "done")`` shows one status, not every one in the table.
        self.bindings: list[dict[str, str]] = []
        self.modules: dict[str, Module] = {}
        for top in SOURCE_DIRS:
            for path in sorted((root / top).rglob("*.py")):
                relative = path.relative_to(root).as_posix()
                if relative.startswith(IGNORED):
                    continue
                name = relative.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                tree = ast.parse(path.read_text(encoding="utf-8"), relative)
                self.modules[name] = Module(path, name, tree)

    def constant_text(self, module: Module, node: ast.expr) -> str | None:
        text = literal(node)
        if text is None and isinstance(node, ast.Name):
            value = self.constant(module, node.id)
            if value is not None:
                return self.constant_text(value[0], value[1])
        return text

    def reference(self, module: Module, node: ast.expr) -> tuple[Module, ast.expr] | None:
        """A module-level constant that ``node`` names (``CANCEL``, ``tx.SIGN_UP``)."""
        if isinstance(node, ast.Name):
            if self.local_values(module, node) or self.is_parameter(module, node):
                return None
            return self.constant(module, node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = module.imports.get(node.value.id)
            if target is not None:
                owner = self.module(target[0] if target[1] is None else f"{target[0]}.{target[1]}")
                if owner is not None:
                    return self.constant(owner, node.attr)
        return None

    def module(self, name: str) -> Module | None:
        return self.modules.get(name)

    def constant(self, module: Module, name: str) -> tuple[Module, ast.expr] | None:
        if name in module.constants:
            return module, module.constants[name]
        if name in module.imports:
            source, original = module.imports[name]
            owner = self.module(source)
            if owner is not None and original is not None:
                return self.constant(owner, original)
        return None

    def function(self, module: Module, func: ast.expr) -> tuple[Module, Function] | None:
        if isinstance(func, ast.Name):
            if func.id in module.functions:
                return module, module.functions[func.id]
            if func.id in module.imports:
                source, original = module.imports[func.id]
                owner = self.module(source)
                if owner is not None and original in owner.functions:
                    return owner, owner.functions[original]
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            target = module.imports.get(func.value.id)
            if target is not None:
                name = target[0] if target[1] is None else f"{target[0]}.{target[1]}"
                owner = self.module(name)
                if owner is not None and func.attr in owner.functions:
                    return owner, owner.functions[func.attr]
        return None

    def is_parameter(self, module: Module, node: ast.Name) -> bool:
        function = module.enclosing_function(node)
        return function is not None and node.id in {a.arg for a in function.args.args}

    def local_values(self, module: Module, node: ast.Name) -> list[ast.expr]:
        """What the enclosing function assigns to ``node``'s name (``urgent = ...``)."""
        function = module.enclosing_function(node)
        if function is None:
            return []
        values = []
        for statement in ast.walk(function):
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name) and target.id == node.id:
                        values.append(statement.value)
            elif (
                isinstance(statement, ast.AnnAssign)
                and statement.value is not None
                and isinstance(statement.target, ast.Name)
                and statement.target.id == node.id
            ):
                values.append(statement.value)
        return values

    def loops(
        self,
        module: Module,
        function: Function | None,
        name: str,
        node: ast.AST,
    ) -> list[tuple[ast.expr, ast.expr]]:
        """(target, iterable) of each ``for`` or comprehension around ``node`` that binds
        ``name``."""
        found = []
        scope: ast.AST = function if function is not None else module.tree
        for loop in ast.walk(scope):
            generators: list[tuple[ast.expr, ast.expr]] = []
            if isinstance(loop, ast.For | ast.AsyncFor):
                generators.append((loop.target, loop.iter))
            elif isinstance(loop, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                generators += [(g.target, g.iter) for g in loop.generators]
            for target, iterable in generators:
                binds = any(isinstance(t, ast.Name) and t.id == name for t in ast.walk(target))
                if binds and contains(loop, node):
                    found.append((target, iterable))
        return found

    def loop_iterables(
        self,
        module: Module,
        function: Function | None,
        name: str,
        node: ast.AST,
    ) -> list[ast.expr]:
        return [iterable for _, iterable in self.loops(module, function, name, node)]

    def loop_values(self, module: Module, name: ast.Name) -> list[tuple[Module, ast.expr]]:
        """What a loop variable takes: the matching part of each element of what is looped
        over (``label`` of ``for key, label in CATEGORIES.items()``), or the whole iterable
        where its elements cannot be listed."""
        values = []
        function = module.enclosing_function(name)
        for target, iterable in self.loops(module, function, name.id, name):
            elements = self.elements(module, iterable)
            if elements is None:
                values.append((module, iterable))
                continue
            for owner, element in elements:
                part = projected(target, name.id, element)
                values.append((owner, part if part is not None else element))
        return values

    def elements(self, module: Module, node: ast.expr) -> list[tuple[Module, ast.expr]] | None:
        """The elements of a literal sequence or table, seen through constants; None if the
        sequence is built at run time."""
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return [(module, element) for element in node.elts]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            table = self.table(module, node.func.value)
            if table is not None and node.func.attr in {"items", "values", "keys"}:
                owner, found = table
                if node.func.attr == "values":
                    return [(owner, v) for v in found.values]
                if node.func.attr == "keys":
                    return [(owner, k) for k in found.keys if k is not None]
                return [
                    (owner, ast.Tuple(elts=[k, v], ctx=ast.Load()))
                    for k, v in zip(found.keys, found.values, strict=True)
                    if k is not None
                ]
        if isinstance(node, ast.Name):
            values = self.local_values(module, node)
            if len(values) == 1:
                return self.elements(module, values[0])
            constant = self.reference(module, node)
            if constant is not None:
                return self.elements(*constant)
        return None

    def entry(self, module: Module, node: ast.Subscript) -> tuple[Module, ast.expr] | None:
        """The one value of a constant table that a literal key picks (``STATUS_LABELS[key]``
        with ``key`` bound to ``"done"``)."""
        key = literal(node.slice)
        if key is None and isinstance(node.slice, ast.Name) and self.bindings:
            key = self.bindings[-1].get(node.slice.id)
        table = self.table(module, node.value) if key is not None else None
        if table is None:
            return None
        owner, found = table
        for name, value in zip(found.keys, found.values, strict=True):
            if name is not None and self.key_text(name) == key:
                return owner, value
        return None

    def key_text(self, node: ast.expr) -> str | None:
        """A table key's text: a literal, or an enum member's ``.value`` (``MeasureStatus.DONE
        .value``) looked up in the class that defines it."""
        text = literal(node)
        if text is not None:
            return text
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "value"
            and isinstance(node.value, ast.Attribute)
            and isinstance(node.value.value, ast.Name)
        ):
            for classdef in self.classes.get(node.value.value.id, []):
                for statement in classdef.body:
                    if (
                        isinstance(statement, ast.Assign)
                        and any(
                            isinstance(t, ast.Name) and t.id == node.value.attr
                            for t in statement.targets
                        )
                        and literal(statement.value) is not None
                    ):
                        return literal(statement.value)
        return None

    @cached_property
    def classes(self) -> dict[str, list[ast.ClassDef]]:
        found: dict[str, list[ast.ClassDef]] = {}
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef):
                    found.setdefault(node.name, []).append(node)
        return found

    def table(self, module: Module, node: ast.expr) -> tuple[Module, ast.Dict] | None:
        if isinstance(node, ast.Dict):
            return module, node
        if isinstance(node, ast.Name | ast.Attribute):
            constant = self.reference(module, node)
            if constant is not None:
                return self.table(*constant)
        return None


def name_of(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def constant_arguments(definition: Function, call: ast.Call) -> dict[str, str]:
    """The parameters of ``definition`` that ``call`` gives a literal string."""
    params = [a.arg for a in definition.args.args if a.arg != "self"]
    bound = {}
    for param, arg in zip(params, call.args, strict=False):
        text = literal(arg)
        if text is not None:
            bound[param] = text
    for keyword in call.keywords:
        text = literal(keyword.value)
        if keyword.arg is not None and text is not None:
            bound[keyword.arg] = text
    return bound


def projected(target: ast.expr, name: str, element: ast.expr) -> ast.expr | None:
    """The part of ``element`` that ``name`` gets when ``element`` is unpacked into ``target``."""
    if isinstance(target, ast.Name):
        return element if target.id == name else None
    if (
        isinstance(target, ast.Tuple)
        and isinstance(element, ast.Tuple)
        and len(target.elts) == len(element.elts)
    ):
        for sub_target, sub_element in zip(target.elts, element.elts, strict=True):
            part = projected(sub_target, name, sub_element)
            if part is not None:
                return part
    return None


def contains(outer: ast.AST, inner: ast.AST) -> bool:
    return any(node is inner for node in ast.walk(outer))
