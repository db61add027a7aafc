"""The one-trip SQLite adapter's hold on SQLAlchemy's and aiosqlite's private names.

``storage/sqlite_driver.py`` subclasses SQLAlchemy's aiosqlite adapter and calls aiosqlite's
queue directly; an upgrade may rename any of it without notice. ``UPSTREAM_NAMES`` lists every
such name; these tests fail, naming the attribute, when the installed versions lack one, and
when the module uses a name the list forgot.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest
from sqlalchemy.util import concurrency

from storage import sqlite_driver
from storage.sqlite_driver import UPSTREAM_NAMES, missing_upstream_names, upstream_problem

# How the module refers to the upstream modules whose names it uses.
UPSTREAM_ALIASES = {"aiosqlite", "sa_util", "sa_connectors", "sa_aiosqlite", "sa_concurrency"}


def test_the_installed_versions_have_every_name_the_adapter_uses() -> None:
    missing = missing_upstream_names()
    assert missing == [], upstream_problem(missing)


def test_a_removed_name_is_named_in_the_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(concurrency, "await_")  # what SQLAlchemy 2.0 looks like (await_only)
    missing = missing_upstream_names()
    assert missing == ["sqlalchemy.util.concurrency:await_"]
    message = upstream_problem(missing)
    assert "no longer have: sqlalchemy.util.concurrency:await_." in message
    assert message.startswith("storage/sqlite_driver.py uses names that the installed SQLAlchemy ")


def test_importing_the_adapter_fails_with_that_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(concurrency, "in_greenlet")
    monkeypatch.delitem(sys.modules, "storage.sqlite_driver")
    with pytest.raises(ImportError, match=r"no longer have: sqlalchemy\.util\.concurrency:in_gr"):
        importlib.import_module("storage.sqlite_driver")


def _own_names(tree: ast.Module) -> set[str]:
    """Names the module defines itself: functions, classes, module names and slots."""
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == "__slots__":
                    own.update(ast.literal_eval(node.value))
                elif isinstance(target, ast.Name):
                    own.add(target.id)
    return own


def test_the_list_names_every_private_or_module_name_the_adapter_uses() -> None:
    tree = ast.parse(Path(sqlite_driver.__file__).read_text(encoding="utf-8"))
    own = _own_names(tree)
    listed = {part for name in UPSTREAM_NAMES for part in name.rpartition(":")[2].split(".")}
    used: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        on_upstream_module = isinstance(node.value, ast.Name) and node.value.id in UPSTREAM_ALIASES
        private = node.attr.startswith("_") and not node.attr.startswith("__")
        if (on_upstream_module or private) and node.attr not in own:
            used.add(node.attr)
    assert sorted(used - listed) == []
