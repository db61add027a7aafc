"""Coordinator broadcasts: segments, the delivery outbox, the paced sender, scheduling."""
