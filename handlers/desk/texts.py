"""The desk's texts, in its own catalog (``locales/desk.pot``); statuses come from check-in."""

from __future__ import annotations

from bot.i18n import N_, NP_

DESK = NP_("button", "Desk")
TITLE = N_("Coordinator desk")

# Sign-in refusals: one sentence each, nothing of the data.
NO_SIGN_IN = N_("Open the desk from the bot's menu button in Telegram.")
BAD_SIGN_IN = N_("This sign-in could not be checked. Open the desk again from Telegram.")
TOO_OLD = N_("This sign-in has expired. Close the desk and open it again from Telegram.")
NOT_ALLOWED = N_("The desk is only for the network's coordinators.")
ACTION_TOO_OLD = N_("To do this, close the desk and open it again from Telegram.")

# The page shell.
ROUNDS = NP_("desk page", "Rounds")
PAGES = N_("Desk pages")
LOADING = N_("Loading…")
READ_ONLY = N_("Telegram's script did not load: the desk can only show, not act, here.")
NEEDS_SCRIPT = N_("The desk needs JavaScript.")

# The rounds page.
NO_ROUNDS = N_("No rounds yet.")
ROUND = NP_("desk filter", "Round")
MUNICIPALITY = NP_("desk filter", "Municipality")
KIND = N_("Organisation kind")
THEME = NP_("desk filter", "Theme")
ALL = NP_("desk filter", "All")
ROUND_TITLE = N_("Round %(round)s: %(plan)s")
STARTED = N_("Started %(date)s")
CLOSED = N_("Closed %(date)s")
OPEN = N_("Open until the next round starts")
INVITED = N_("Invited")
FINISHED = NP_("desk figure", "Answered")
NOT_YET = NP_("desk figure", "Not yet")
REMINDERS = N_("Reminders sent")
BY_THEME = NP_("desk heading", "By theme")
CHANGE_TITLE = N_("Change since round %(round)s")
NO_EARLIER = N_("No earlier round of this plan to compare with.")
WAITING_TITLE = N_("Not answered yet")
EVERYONE = N_("Every organisation asked has answered.")
CONTACTS = N_("Contacts")
LAST_REMINDER = N_("Last reminder")
NO_REMINDER = N_("None yet")
NO_CONTACT = N_("Nobody has joined yet")
