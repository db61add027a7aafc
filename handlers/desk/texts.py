"""The desk's texts, in its own catalog (``locales/desk.pot``); statuses come from check-in."""

from __future__ import annotations

from bot.i18n import N_, NN_, NP_

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

# The rounds page's actions (rounds_actions.py). Their buttons are the page's own (HTML, they
# wrap), not Telegram's, so their comments give a length to aim for, not Telegram's limit.
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the button under the
# organisations that have not answered, which sends them a reminder now. %(count)d = number of
# organisations it reminds, a numeral. A button of the page: best within 40 characters.
REMIND = NN_(
    "Remind the %(count)d who has not answered", "Remind the %(count)d who have not answered"
)
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the button under
# the per-theme table that sends the Excel workbook of the round, as the page's filters show
# it, into the coordinator's own chat with the bot. A button of the page: best within 30
# characters.
SEND_TO_CHAT = NP_("button", "Send this to my chat")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: shown after
# "Remind". %(count)d = number of people the reminders were written to (they go out within
# minutes), a numeral.
REMINDED = NN_(
    "A reminder is on its way to %(count)d person.",
    "Reminders are on their way to %(count)d people.",
)
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: shown after "Send
# this to my chat": the Excel workbook comes as a file into the coordinator's chat with the bot.
SENDING = N_("The Excel workbook is on its way to your chat with the bot.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: "Remind" was
# pressed outside the hours reminders may go out. %(start)s = clock time they begin, e.g.
# 9.00; %(end)s = clock time they end, e.g. 18.00; %(when)s = date and time of the next start.
OUTSIDE_HOURS = N_(
    "Reminders go out between %(start)s and %(end)s only: you can send them from %(when)s."
)
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: "Remind" was
# pressed again too soon: everyone waiting was invited or reminded within the last day.
# %(when)s = date and time the next reminder may go.
TOO_SOON = N_(
    "They were invited or reminded less than a day ago: the next reminder can go from %(when)s."
)
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: "Remind" has
# nobody left to remind. %(count)d = the most reminders an organisation gets in one round (a
# setting, usually 2), a numeral.
ALL_REMINDED = NN_(
    "Everyone who has not answered has already had the %(count)d reminder allowed.",
    "Everyone who has not answered has already had the %(count)d reminders allowed.",
)
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: "Remind" was
# pressed on a bot whose operator has turned check-in reminders off.
REMINDERS_OFF = N_("Reminders are turned off on this bot.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: "Remind" was
# pressed for a round that has closed (a newer round of the plan has started).
ROUND_CLOSED = N_("This round is closed: its organisations are no longer reminded.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: "Remind" found
# nobody who takes messages: the contacts of the organisations that have not answered paused
# messages or left, or none has joined.
UNREACHABLE = N_(
    "None of those who have not answered can be reached: they have paused messages or not joined."
)
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: "Remind" met
# organisations that the bot's scheduled reminders are inviting or reminding at this moment.
BUSY = N_("They are being invited or reminded right now; look again in a minute.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: an action names a
# round that no longer exists (it was removed).
NO_SUCH_ROUND = N_("This round no longer exists.")
# Translators: Desk (coordinators' web page inside Telegram), Rounds page: the last line of
# the list of organisations that have not answered, when it is long. %(count)d = number of
# organisations not listed, a numeral.
MORE_WAITING = NN_(
    "…and %(count)d more organisation.",
    "…and %(count)d more organisations.",
)
