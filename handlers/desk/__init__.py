"""The coordinator desk: a Telegram Mini App where coordinators see the network at a glance.

Served by the process's own HTTP listener under ``/desk`` (``bot/ops/http.py``), signed in with
the Mini App's ``initData`` on every request, and shown only when ``KYLABOT_DESK_URL`` is set
(issue 17). Every figure comes from the same query functions as the chat report and the CLI.
"""
