"""The desk's texts, in its own catalog (``locales/desk.pot``); statuses come from check-in."""

from __future__ import annotations

from bot.i18n import N_, NN_, NP_

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
# Translators: the desk's navigation: the page of events and virtual coffee.
EVENTS = NP_("desk page", "Events")
# Translators: the desk's navigation: the page of broadcasts and their delivery.
BROADCASTS = NP_("desk page", "Broadcasts")
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

# Under a list the desk shortens (events, people, broadcasts).
# Translators: under a shortened list; %(count)s = how many are not shown.
MORE = N_("… and %(count)s more.")

# The events page.
# Translators: the events page's filter: which events to list.
WHEN = NP_("desk filter", "Show")
# Translators: an option of the events page's "Show" filter.
UPCOMING = NP_("desk filter", "Upcoming")
# Translators: an option of the events page's "Show" filter; the page says how recent.
RECENT = NP_("desk filter", "Recent")
# Translators: the events page, under its filter, when upcoming events are listed.
UPCOMING_NOTE = N_("Events that start from now on, soonest first.")
# Translators: the events page, under its filter; %(days)s = a number of days (30).
RECENT_NOTE = NN_(
    "Events that started in the last %(days)s day, latest first.",
    "Events that started in the last %(days)s days, latest first.",
)
# Translators: the events page when no event starts from now on.
NO_UPCOMING = N_("No upcoming events.")
# Translators: the events page; %(days)s = a number of days (30).
NO_RECENT = NN_("No events in the last %(days)s day.", "No events in the last %(days)s days.")
# Translators: a column of the events table: the event's title, time and state.
EVENT = NP_("desk column", "Event")
# Translators: a column and list of an event: people with a seat.
SIGNED_UP = NP_("desk figure", "Signed up")
# Translators: a column and list of an event: people waiting for a seat.
WAITLIST = NP_("desk figure", "Waitlist")
# Translators: a column and list of an event: people who answered "Not this time".
DECLINED = NP_("desk figure", "Declined")
# Translators: a column and list of an event: people marked as having attended.
ATTENDED = NP_("desk figure", "Attended")
# Translators: a list of one event: people who gave up their seat or waitlist place.
GAVE_UP = NP_("desk figure", "Cancelled their sign-up")
# Translators: the link from one event's lists back to the list of events.
ALL_EVENTS = N_("All events")
# Translators: a column of the coffee rounds table: the day of the pairing.
PAIRED_ON = NP_("desk column", "Paired on")
# Translators: a column of the coffee rounds table: people placed in a pair or group.
PAIRED = NP_("desk column", "Paired")
# Translators: a column of the coffee rounds table: paired people who said they met.
MET = NP_("desk column", "Met")
# Translators: a column of the coffee rounds table: met as a share of paired.
RATE = NP_("desk column", "Meeting rate")
# Translators: a column of the coffee rounds table: paired people who have not answered.
NO_ANSWER = NP_("desk column", "No answer")
# Translators: under the coffee rounds table: what its meeting rate means.
RATE_NOTE = N_(
    "Meeting rate: of the people paired, the share who answered that they met. "
    "The same figures as /coffee in the chat."
)

# The broadcasts page.
# Translators: the broadcasts page's filter: which broadcasts to list.
STATUS = NP_("desk filter", "Status")
# Translators: a broadcast's state (a filter option and a label): waits for its time.
SCHEDULED = NP_("desk state", "Scheduled")
# Translators: a broadcast's state (a filter option and a label): being sent now.
SENDING = NP_("desk state", "Sending")
# Translators: a broadcast's state (a filter option and a label): every message handled.
FINISHED = NP_("desk state", "Finished")
# Translators: a state: a broadcast cancelled before it was sent, or a cancelled event.
CANCELLED = NP_("desk state", "Cancelled")
# Translators: a broadcast's card; %(time)s = a date and time.
SCHEDULED_FOR = N_("Scheduled for %(time)s")
# Translators: a broadcast's card; %(time)s = the date and time the last message was handled.
FINISHED_AT = N_("Finished %(time)s")
# Translators: the broadcasts page when no broadcast has the chosen state.
NO_SUCH_BROADCASTS = N_("No broadcasts in this state.")
# Translators: a broadcast's figure: the people it was written for.
RECIPIENTS = NP_("desk figure", "Recipients")
# Translators: a broadcast's figure: messages Telegram accepted.
SENT = NP_("desk figure", "Sent")
# Translators: a broadcast's figure: messages still to send (now, after quiet hours or a retry).
QUEUED = NP_("desk figure", "Queued")
# Translators: a broadcast's figure: messages that could not be delivered.
FAILED = NP_("desk figure", "Failed")
# Translators: a broadcast's figure: people who had blocked the bot.
BLOCKED = NP_("desk figure", "Blocked")

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
