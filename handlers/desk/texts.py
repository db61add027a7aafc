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
# Translators: the desk's navigation: the page of events and virtual coffee.
EVENTS = NP_("desk page", "Events")
# Translators: the desk's navigation: the page of broadcasts and their delivery.
BROADCASTS = NP_("desk page", "Broadcasts")
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

# Under a list the desk shortens (events, people, broadcasts).
# Translators: under a shortened list; %(count)s is how many are not shown.
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
# Translators: the events page, under its filter; %(days)s is a number of days (30).
RECENT_NOTE = NN_(
    "Events that started in the last %(days)s day, latest first.",
    "Events that started in the last %(days)s days, latest first.",
)
# Translators: the events page when no event starts from now on.
NO_UPCOMING = N_("No upcoming events.")
# Translators: the events page; %(days)s is a number of days (30).
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
# Translators: a broadcast's card; %(time)s is a date and time.
SCHEDULED_FOR = N_("Scheduled for %(time)s")
# Translators: a broadcast's card; %(time)s is the date and time the last message was handled.
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
