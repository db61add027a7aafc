"""Running kylabot in production (issue 11): webhook, health, metrics, leadership, backups.

``startup`` runs ``kylabot run`` (Telegram reachable, webhook or polling, the HTTP listener);
``webhook`` receives updates into the inbound journal; ``health`` and ``metrics`` serve
``/healthz`` and ``/metrics``; ``leader`` makes one process of several run the scheduler;
``doctor`` checks an installation; ``backup`` copies and restores the database.
"""
