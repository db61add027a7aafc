"""``storage.models`` loads each model module on first use, and each loads with what it needs."""

from __future__ import annotations

import ast
import enum
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import storage.models
from storage.models import MODULES, Base, load_all

PROBE = """\
import sys
{statement}
from sqlalchemy.orm import configure_mappers
from storage.models import Base
for table in Base.metadata.sorted_tables:
    for key in table.foreign_keys:
        key.column  # raises NoReferencedTableError when the target table is not loaded
configure_mappers()
print(sorted(m for m in sys.modules if m.startswith("storage.models.")))
"""


def loaded_after(statement: str) -> list[str]:
    """The model modules loaded by ``statement`` in a fresh interpreter (all keys resolved)."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(statement=statement)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    names: list[str] = ast.literal_eval(result.stdout)
    return [name.removeprefix("storage.models.") for name in names]


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("core", ["base", "core"]),
        ("checkin", ["base", "checkin", "core"]),  # answers and requests point at organisations
        ("broadcast", ["base", "broadcast", "core"]),
        ("events", ["base", "checkin", "core", "events"]),  # coffee rounds point at schedules
        ("phenomena", ["base", "core", "phenomena"]),
    ],
)
def test_each_model_module_loads_with_the_tables_its_keys_name(
    module: str, expected: list[str]
) -> None:
    assert loaded_after(f"import storage.models.{module}") == expected


def test_a_name_loads_only_its_module() -> None:
    assert loaded_after("import storage.models") == ["base"]
    assert loaded_after("from storage.models import Organisation, Role") == ["base", "core"]
    assert loaded_after("from storage.models import Delivery") == ["base", "broadcast", "core"]


def test_load_all_loads_every_module() -> None:
    assert loaded_after("from storage.models import load_all; load_all()") == sorted(MODULES)


def test_every_name_comes_from_its_module() -> None:
    load_all()
    for module, names in MODULES.items():
        for name in names:
            assert getattr(storage.models, name) is getattr(
                sys.modules[f"storage.models.{module}"], name
            )
    assert sorted(storage.models.__all__) == sorted(
        [*(n for ns in MODULES.values() for n in ns), "load_all"]
    )
    assert set(storage.models.__all__) <= set(dir(storage.models))
    with pytest.raises(AttributeError):
        storage.models.Nothing  # type: ignore[attr-defined]  # noqa: B018


def test_every_model_and_enum_is_listed() -> None:
    load_all()
    for module in MODULES:
        defined = {
            name
            for name, value in vars(sys.modules[f"storage.models.{module}"]).items()
            if inspect.isclass(value)
            and value.__module__ == f"storage.models.{module}"
            and not name.startswith("_")
            and (issubclass(value, Base) or issubclass(value, enum.Enum) or value is Base)
        }
        assert defined == set(MODULES[module]), module


def test_the_type_checkers_imports_match_the_names() -> None:
    """The ``if TYPE_CHECKING:`` imports (what mypy sees) name the same things as MODULES."""
    tree = ast.parse(Path(storage.models.__file__).read_text("utf-8"))
    guarded = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    imported: dict[str, tuple[str, ...]] = {}
    for node in guarded.body:
        assert isinstance(node, ast.ImportFrom) and node.module is not None
        imported[node.module.removeprefix("storage.models.")] = tuple(a.name for a in node.names)
    assert {m: sorted(n) for m, n in imported.items()} == {m: sorted(n) for m, n in MODULES.items()}
