"""``Declined``: an action the desk will not carry out now, in a module of its own so that the
actions (which raise it) and ``web`` (which lists the actions and answers it) import it
without importing each other."""

from __future__ import annotations


class Declined(Exception):
    """An action the desk will not carry out now (every reminder already sent, outside civil
    hours...): one sentence for the coordinator, already in their language. Raised inside the
    action's transaction, so nothing of it is written."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
