"""``Declined``: how a desk action refuses, in a module of its own so that the actions' modules
can raise it without importing ``web`` (which imports them to list them in ``ACTIONS``)."""

from __future__ import annotations


class Declined(Exception):
    """An action the desk will not carry out now (every reminder already sent, outside civil
    hours...): one sentence for the coordinator, already in their language. Raised inside the
    action's transaction, so nothing of it is written."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
