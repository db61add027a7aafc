"""No module of the product over 400 lines (migrations aside): one job each, findable by name."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400


def test_no_module_is_over_the_limit() -> None:
    too_long = {
        str(path.relative_to(ROOT)): lines
        for package in ("bot", "handlers", "storage", "bench")
        for path in (ROOT / package).rglob("*.py")
        if "versions" not in path.parts
        and (lines := len(path.read_text("utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}
