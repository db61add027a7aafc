"""Whether SQLite's write lock is free, asked from outside the application's engine."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def can_take_the_write_lock_at_once(path: Path) -> bool:
    """Another connection, with no busy timeout, begins a write transaction right now."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert str(error) == "database is locked"
        return False
    finally:
        other.close()
