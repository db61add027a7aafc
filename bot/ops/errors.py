"""Conditions an operator can fix, raised by ``bot.ops`` and printed as one line by the CLI."""

from __future__ import annotations


class OperatorError(Exception):
    """A message for the operator (one line, exit status 1), never a traceback."""
