"""What managing an event says to a coordinator (the messages of handlers/events/manage_flow.py)."""

from __future__ import annotations

from bot.i18n import N_, NP_

# Translators: Managing an event (a coordinator: Manage #... under an event), the menu:
# lists who signed up and who waits. Button; at most 36 characters on a phone.
PEOPLE = N_("Attendees and waitlist")
# Translators: Managing an event (a coordinator: Manage #... under an event), the menu:
# writes a broadcast to those signed up. Button; at most 36 characters on a phone.
MESSAGE = N_("Message attendees")
# Translators: Managing an event (a coordinator: Manage #... under an event), the menu,
# before the event starts: moves it. Button; at most 17 characters on a phone.
CHANGE_TIME = N_("Change the time")
# Translators: Managing an event (a coordinator: Manage #... under an event), the menu,
# before the event starts: a new online link or place.
# Button; at most 17 characters on a phone.
CHANGE_PLACE = N_("Change the link or place")
# Translators: Managing an event (a coordinator: Manage #... under an event), the menu,
# once the event has started: the attendance list.
# Button; at most 36 characters on a phone.
MARK = N_("Mark who attended")
# Translators: Managing an event (a coordinator: Manage #... under an event), the menu:
# asks to confirm cancelling it. Button; at most 36 characters on a phone.
CANCEL_EVENT = N_("Cancel the event")
# Translators: Managing an event (a coordinator: Manage #... under an event), the list of
# attendees and the confirmation: back to the menu.
# Button; at most 36 characters on a phone.
BACK = NP_("button", "Back")
# Translators: Managing an event (a coordinator: Manage #... under an event), the
# attendance list: finished marking; and /coffee: finished choosing languages.
# Button; at most 36 characters on a phone.
DONE = NP_("button", "Done")
# Translators: Managing an event (a coordinator: Manage #... under an event), Attendees
# and waitlist: the heading of those with a seat. %(count)s = how many, a numeral.
SIGNED_UP = N_("Signed up: %(count)s")
# Translators: Managing an event (a coordinator: Manage #... under an event), Attendees
# and waitlist: the heading of those waiting. %(count)s = how many, a numeral.
WAITLIST = N_("Waitlist: %(count)s")
# Translators: Managing an event (a coordinator: Manage #... under an event), Attendees
# and waitlist: under a heading with nobody.
NOBODY_YET = N_("Nobody yet.")
# Translators: Managing an event (a coordinator: Manage #... under an event), Attendees
# and waitlist: the list was cut. %(count)s = people not shown, a numeral; %(command)s = a
# command for the server, kept as is.
MORE = N_("… and %(count)s more: %(command)s lists them all.")
# Translators: Managing an event (a coordinator: Manage #... under an event), Cancel the
# event: the confirmation. %(title)s = the event's title.
CONFIRM_CANCEL = N_(
    "Cancel %(title)s? Everyone signed up or on the waitlist is told at once, in their own "
    "language."
)
# Translators: Managing an event (a coordinator: Manage #... under an event), Cancel the
# event: confirms. Button; at most 36 characters on a phone.
YES_CANCEL = N_("Yes, cancel the event")
# Translators: Managing an event (a coordinator: Manage #... under an event), Cancel the
# event: keeps the event, back to the menu. Button; at most 36 characters on a phone.
KEEP = N_("No, keep it")
# Translators: Managing an event (a coordinator: Manage #... under an event), after
# cancelling. %(title)s = the event's title; %(count)s = number of people told, a numeral.
CANCELLED = N_("%(title)s is cancelled. Notices written: %(count)s.")
# Translators: Managing an event (a coordinator: Manage #... under an event), after a new
# time or place was saved. %(count)s = number of people told, a numeral.
CHANGED = N_("Saved. Notices with the new details written: %(count)s.")
# Translators: Managing an event (a coordinator: Manage #... under an event), after a new
# time: added when the deadline was after the new start and moved to it.
DEADLINE_MOVED = N_("Sign-ups now close when it starts.")
# Translators: Managing an event (a coordinator: Manage #... under an event), the
# attendance list, above a button per person. %(count)s = people marked attended;
# %(seats)s = people with a seat; numerals. "Done" is the button.
ATTENDANCE = N_("Tap the people who attended, then Done. Attended: %(count)s of %(seats)s.")
# Translators: Managing an event (a coordinator: Manage #... under an event), Mark who
# attended before the start.
NOT_STARTED = N_("Attendance can be marked once the event has started.")
# Translators: Managing an event (a coordinator: Manage #... under an event), Message
# attendees with nobody signed up.
NO_MESSAGE = N_("Nobody is signed up yet, so there is nobody to message.")
# Translators: Managing an event (a coordinator: Manage #... under an event), a change to
# an event that started, was cancelled or deleted.
GONE = N_("This event can no longer be changed.")
# Translators: Managing an event (a coordinator: Manage #... under an event), typed text
# where a button was expected; also /coffee.
USE_BUTTONS = N_("Please choose with the buttons.")
