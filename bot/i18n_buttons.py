"""Which catalog messages label a button, found where the code builds keyboards (issue 18).

A translator needs to know how long a button's text may be before a phone cuts it, so every
button message's translator comment says ``Button; at most N characters on a phone.`` To check
that, the test needs the button messages, and no tour of the flows reaches every keyboard; they
are found in the source instead. A *label site* is the first element of a ``(label, action,
arg)`` row entry (``bot.context.ButtonSpec``) whose action a route handles, the text of an
``InlineKeyboardButton`` or of a helper that hands its first argument on to one, and the text of
a Web App menu button. The messages that reach a site are followed through translation calls,
constants (imported ones too), constant tables looped over, local assignments and the return
values of project functions. What cannot be followed (a parameter, an attribute of an object, a
value computed at run time) is reported with the site, so the test makes a new kind of
indirection be declared instead of missing its button.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.source_index import (
    ROOT,
    Module,
    SourceIndex,
    constant_arguments,
    literal,
    name_of,
)

BUTTON_CLASSES = frozenset({"InlineKeyboardButton", "KeyboardButton"})
TRANSLATE = frozenset({"_", "gettext", "pgettext", "ngettext", "counted"})
FORMATS = frozenset({"number", "percent", "date", "time", "datetime"})  # Translator's

MessageKey = tuple[str | None, str]  # (context, msgid), msgid singular for a plural

# How many characters a button's text may have before Telegram cuts it on a phone 390 points
# wide, by the number of buttons in its row; "menu" is the Web App menu button beside the input
# field. locales/GLOSSARY.md ("Button lengths") says how they were derived.
LIMITS = {"1": 36, "2": 17, "3": 11, "menu": 14}
# The phrase every button message's translator comment carries (``kylabot i18n unpack`` reads
# it to refuse a translation that would be cut).
LENGTH = re.compile(r"at most (\d+) characters on a phone")
BUTTON = "Button; at most {} characters on a phone."


@dataclass(frozen=True)
class LabelSite:
    """One place that puts a text on a button."""

    path: str  # relative to the project root
    line: int
    function: str  # the enclosing function, "" at module level
    expression: str  # the label's source, as ``ast.unparse`` writes it
    layout: str | None  # "1", "2", "3" buttons in its row, "menu", or None if not literal
    messages: frozenset[MessageKey]
    unresolved: tuple[str, ...]  # parts that could not be followed to messages

    @property
    def key(self) -> tuple[str, str]:
        return self.path, self.expression


@dataclass
class _Found:
    """What following an expression found: its messages, and the parts it could not follow."""

    messages: set[MessageKey] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)

    def add(self, other: _Found) -> None:
        self.messages |= other.messages
        self.unresolved += [u for u in other.unresolved if u not in self.unresolved]


def _marked(call: ast.Call) -> MessageKey | None:
    """The key of a ``N_``/``NP_``/``NN_`` call with literal arguments."""
    name, texts = name_of(call.func), [literal(a) for a in call.args]
    if name == "NP_" and len(texts) == 2 and texts[0] is not None and texts[1] is not None:
        return texts[0], texts[1]
    if name in {"N_", "NN_"} and texts and texts[0] is not None:
        return None, texts[0]
    return None


class Project(SourceIndex):
    """The label sites of the project's sources, and the messages that reach each."""

    @cached_property
    def actions(self) -> frozenset[str]:
        """Every action a route handles (``on_button("ph_cat", ...)``)."""
        found = set()
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.Call) and name_of(node.func) == "on_button" and node.args:
                    text = self.constant_text(module, node.args[0])
                    if text is not None:
                        found.add(text)
        return frozenset(found)

    @cached_property
    def button_helpers(self) -> frozenset[str]:
        """Functions that hand their first argument on to a button as its text."""
        helpers = set()
        for module in self.modules.values():
            for function in module.functions.values():
                params = [a.arg for a in function.args.args if a.arg != "self"]
                for node in ast.walk(function):
                    if (
                        isinstance(node, ast.Call)
                        and name_of(node.func) in BUTTON_CLASSES
                        and node.args
                        and isinstance(node.args[0], ast.Name)
                        and params
                        and node.args[0].id == params[0]
                    ):
                        helpers.add(function.name)
        return frozenset(helpers)

    def _is_action(self, module: Module, node: ast.expr) -> bool:
        text = self.constant_text(module, node)
        if text is not None:
            return text in self.actions
        name = name_of(node)
        return name is not None and name.lower().endswith("action")

    def sites(self) -> list[LabelSite]:
        """Every label site of the project, in file order."""
        found = []
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                label = self._label_of(module, node)
                if label is not None and not self._forwarded(module, label):
                    found.append(self._site(module, node, label))
        return sorted(found, key=lambda s: (s.path, s.line))

    def _label_of(self, module: Module, node: ast.AST) -> ast.expr | None:
        if isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load) and len(node.elts) == 3:
            return node.elts[0] if self._is_action(module, node.elts[1]) else None
        if isinstance(node, ast.Call):
            name = name_of(node.func)
            if name in BUTTON_CLASSES or name in self.button_helpers:
                for keyword in node.keywords:
                    if keyword.arg in {"text", "label"}:
                        return keyword.value
                return node.args[0] if node.args else None
        if isinstance(node, ast.Dict):
            entries = {literal(k): v for k, v in zip(node.keys, node.values, strict=True) if k}
            if literal(entries.get("type", ast.Constant(None))) == "web_app":
                return entries.get("text")
        return None

    def _forwarded(self, module: Module, label: ast.expr) -> bool:
        """A helper's own parameter (or a row it was given) handed on: not a site itself."""
        if not isinstance(label, ast.Name):
            return False
        function = module.enclosing_function(label)
        if function is None:
            return False
        params = {a.arg for a in function.args.args}
        if label.id in params:
            return True
        for iterable in self.loop_iterables(module, function, label.id, label):
            root = iterable
            while isinstance(root, ast.Name) and root.id not in params:
                inner = self.loop_iterables(module, function, root.id, root)
                if not inner:
                    break
                root = inner[0]
            if isinstance(root, ast.Name) and root.id in params:
                return True
        return False

    def _site(self, module: Module, node: ast.AST, label: ast.expr) -> LabelSite:
        function = module.enclosing_function(label)
        found = self._label_messages(module, label, set())
        return LabelSite(
            path=module.path.relative_to(self.root).as_posix(),
            line=label.lineno,
            function=function.name if function else "",
            expression=ast.unparse(label),
            layout=self._layout(module, node),
            messages=frozenset(found.messages),
            unresolved=tuple(found.unresolved),
        )

    def _layout(self, module: Module, node: ast.AST) -> str | None:
        if isinstance(node, ast.Dict):
            return "menu"
        parent = module.parents.get(node)
        if isinstance(parent, ast.List) and 1 <= len(parent.elts) <= 3:
            return str(len(parent.elts))
        return None

    def _label_messages(self, module: Module, node: ast.expr, seen: set[int]) -> _Found:
        """The messages a label expression can show (after translation)."""
        found = _Found()
        if id(node) in seen:
            return found
        seen = seen | {id(node)}
        if isinstance(node, ast.Constant):
            return found
        if isinstance(node, ast.Call) and self._translates(module, node.func):
            args = node.args[1:2] if name_of(node.func) == "pgettext" else node.args[:1]
            if name_of(node.func) == "pgettext" and len(node.args) == 2:
                context, text = literal(node.args[0]), literal(node.args[1])
                if context is not None and text is not None:
                    found.messages.add((context, text))
                    return found
            for arg in args:
                found.add(self._messages(module, arg, direct=True, seen=seen))
            return found
        if isinstance(node, ast.BinOp):
            found.add(self._label_messages(module, node.left, seen))
            if isinstance(node.op, ast.Add):
                found.add(self._label_messages(module, node.right, seen))
            return found
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    found.add(self._label_messages(module, part.value, seen))
            return found
        if isinstance(node, ast.IfExp):
            found.add(self._label_messages(module, node.body, seen))
            found.add(self._label_messages(module, node.orelse, seen))
            return found
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                found.add(self._label_messages(module, value, seen))
            return found
        if isinstance(node, ast.Call) and name_of(node.func) in FORMATS:
            return found  # a number or a date the translator's text does not hold
        if isinstance(node, ast.Subscript):
            table = self._messages(module, node.value, direct=False, seen=seen)
            if not table.messages and not table.unresolved:
                return found  # a table of fixed names (ENDONYMS): no message
        if isinstance(node, ast.Name):
            values = self.local_values(module, node)
            if values:
                for value in values:
                    found.add(self._label_messages(module, value, seen))
                return found
            constant = self.reference(module, node)
            if constant is not None:
                return self._label_messages(constant[0], constant[1], seen)
        if isinstance(node, ast.Call):
            function = self.function(module, node.func)
            if function is not None:
                owner, definition = function
                self.bindings.append(constant_arguments(definition, node))
                try:
                    for returned in ast.walk(definition):
                        if isinstance(returned, ast.Return) and returned.value is not None:
                            found.add(self._label_messages(owner, returned.value, seen))
                finally:
                    self.bindings.pop()
                return found
        found.unresolved.append(ast.unparse(node))
        return found

    def _messages(self, module: Module, node: ast.expr, *, direct: bool, seen: set[int]) -> _Found:
        """The catalog messages an expression holds: a translation call's argument (``direct``:
        a literal is itself the msgid) or a constant table (only marked strings count)."""
        found = _Found()
        if id(node) in seen:
            return found
        seen = seen | {id(node)}
        if isinstance(node, ast.Constant):
            text = literal(node)
            if direct and text is not None:
                found.messages.add((None, text))
            return found
        if isinstance(node, ast.Call):
            key = _marked(node)
            if key is not None:
                found.messages.add(key)
                return found
            if isinstance(node.func, ast.Attribute) and node.func.attr in {"items", "values"}:
                return self._messages(module, node.func.value, direct=False, seen=seen)
        if isinstance(node, ast.Dict):
            for value in node.values:
                found.add(self._messages(module, value, direct=False, seen=seen))
            return found
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            for element in node.elts:
                found.add(self._messages(module, element, direct=False, seen=seen))
            return found
        if isinstance(node, ast.IfExp):
            found.add(self._messages(module, node.body, direct=direct, seen=seen))
            found.add(self._messages(module, node.orelse, direct=direct, seen=seen))
            return found
        if isinstance(node, ast.Subscript):
            entry = self.entry(module, node)
            if entry is not None:
                return self._messages(entry[0], entry[1], direct=False, seen=seen)
            return self._messages(module, node.value, direct=False, seen=seen)
        if isinstance(node, ast.Attribute | ast.Name):
            resolved = self.reference(module, node)
            if resolved is not None:
                owner, value = resolved
                return self._messages(owner, value, direct=direct, seen=seen)
        if isinstance(node, ast.Name):
            local = [(module, value) for value in self.local_values(module, node)]
            bound = local + self.loop_values(module, node)
            if bound:
                for owner, value in bound:
                    found.add(self._messages(owner, value, direct=direct, seen=seen))
                return found
        found.unresolved.append(ast.unparse(node))
        return found

    def _translates(self, module: Module, func: ast.expr) -> bool:
        """A call of ``tr._`` and its kind, or of a local name for one (``t = tr.gettext``)."""
        if name_of(func) in TRANSLATE:
            return True
        if isinstance(func, ast.Name):
            return any(
                isinstance(value, ast.Attribute) and value.attr in TRANSLATE
                for value in self.local_values(module, func)
            )
        return False


def label_sites(root: Path = ROOT) -> list[LabelSite]:
    """Every place in the sources that puts a text on a button."""
    return Project(root).sites()


def length_limit(comments: list[str]) -> int | None:
    """The button length a message's translator comment gives, if it gives one."""
    for line in comments:
        found = LENGTH.search(line)
        if found is not None:
            return int(found.group(1))
    return None
