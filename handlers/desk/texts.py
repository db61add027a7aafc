"""The desk's texts, in its own catalog (``locales/desk.pot``); statuses come from check-in."""

from __future__ import annotations

from bot.i18n import N_, NP_

# Translators: Chat: the menu button beside the message field and the /menu button that
# open the coordinators' desk (a web page inside Telegram).
# Button; at most 14 characters on a phone.
DESK = NP_("button", "Desk")
# Translators: Desk (coordinators' web page inside Telegram), the page's title in
# Telegram's header.
TITLE = N_("Coordinator desk")

# Sign-in refusals: one sentence each, nothing of the data.
# Translators: Desk (coordinators' web page inside Telegram), sign-in refused: the page
# was opened outside Telegram. One sentence.
NO_SIGN_IN = N_("Open the desk from the bot's menu button in Telegram.")
# Translators: Desk (coordinators' web page inside Telegram), sign-in refused: Telegram's
# signature did not match. One sentence.
BAD_SIGN_IN = N_("This sign-in could not be checked. Open the desk again from Telegram.")
# Translators: Desk (coordinators' web page inside Telegram), sign-in refused: the desk
# was opened too long ago.
TOO_OLD = N_("This sign-in has expired. Close the desk and open it again from Telegram.")
# Translators: Desk (coordinators' web page inside Telegram), sign-in refused: the person
# is not a coordinator (or has left).
NOT_ALLOWED = N_("The desk is only for the network's coordinators.")
# Translators: Desk (coordinators' web page inside Telegram), an action (not just reading)
# was refused because the sign-in is too old for it.
ACTION_TOO_OLD = N_("To do this, close the desk and open it again from Telegram.")

# The page shell.
# Translators: Desk (coordinators' web page inside Telegram), the navigation link to the
# Rounds page (check-in rounds); short.
ROUNDS = NP_("desk page", "Rounds")
# Translators: Desk (coordinators' web page inside Telegram), the name screen readers give
# the row of links to the desk's pages (Rounds, Phenomena...); not shown on screen.
PAGES = N_("Desk pages")
# Translators: Desk (coordinators' web page inside Telegram), shown while a page loads.
LOADING = N_("Loading…")
# Translators: Desk (coordinators' web page inside Telegram), a notice at the top when
# Telegram's Web App script is missing.
READ_ONLY = N_("Telegram's script did not load: the desk can only show, not act, here.")
# Translators: Desk (coordinators' web page inside Telegram), shown when the browser runs
# no JavaScript.
NEEDS_SCRIPT = N_("The desk needs JavaScript.")

# The rounds page.
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: no check-in
# round has been started.
NO_ROUNDS = N_("No rounds yet.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the label of
# the filter that picks a round; short.
ROUND = NP_("desk filter", "Round")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the label of
# the filter that picks a municipality; short.
MUNICIPALITY = NP_("desk filter", "Municipality")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the label of
# the filter that picks a kind of organisation (village associations, parishes...); short.
KIND = N_("Organisation kind")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the label of
# the filter that picks a theme of the plan; short.
THEME = NP_("desk filter", "Theme")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the first
# choice of every filter: no filtering.
ALL = NP_("desk filter", "All")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the heading of
# the chosen round. %(round)s = the round's label, e.g. Q3/2026; %(plan)s = the plan's
# name.
ROUND_TITLE = N_("Round %(round)s: %(plan)s")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: under the
# heading. %(date)s = date and time the round started.
STARTED = N_("Started %(date)s")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: under the
# heading. %(date)s = date and time the round closed.
CLOSED = N_("Closed %(date)s")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: under the
# heading, for the open round.
OPEN = N_("Open until the next round starts")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: a figure's
# caption: how many organisations were invited.
INVITED = N_("Invited")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: a figure's
# caption: how many organisations finished answering.
FINISHED = NP_("desk figure", "Answered")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: a figure's
# caption: how many organisations have not finished.
NOT_YET = NP_("desk figure", "Not yet")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: a figure's
# caption: how many reminders were sent.
REMINDERS = N_("Reminders sent")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the heading
# above the statuses per theme.
BY_THEME = NP_("desk heading", "By theme")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the heading of
# the comparison with an earlier round. %(round)s = that round's label, e.g. Q2/2026.
CHANGE_TITLE = N_("Change since round %(round)s")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: there is no
# earlier round to compare with.
NO_EARLIER = N_("No earlier round of this plan to compare with.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the heading of
# the list of organisations that have not finished.
WAITING_TITLE = N_("Not answered yet")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the list of
# organisations not finished is empty.
EVERYONE = N_("Every organisation asked has answered.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: in the list of
# organisations not finished: the label before the names of their contacts.
CONTACTS = N_("Contacts")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: in the list of
# organisations not finished: the label before the date of the last reminder.
LAST_REMINDER = N_("Last reminder")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: after "Last
# reminder:" when no reminder has been sent.
NO_REMINDER = N_("None yet")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: after
# "Contacts:" when the organisation has no contact in the bot.
NO_CONTACT = N_("Nobody has joined yet")
