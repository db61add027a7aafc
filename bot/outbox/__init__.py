"""The one way out: every Bot API call the bot makes to a person goes through the outbox.

A transaction decides what to send and writes it as ``delivery`` rows (``effects`` for an
update's replies, ``notices`` for messages the bot starts, ``handlers.broadcast.outbox`` for
broadcasts); after the commit the rows are sent by the one ``Sender``, which knows Telegram's
limits. An update's own replies take the fast path (sent at once after the commit, in order);
everything else is claimed by the sender's loop by priority. Nothing is sent while a
transaction is open, and a crash leaves at most the rows that were in flight to be sent again.
"""
