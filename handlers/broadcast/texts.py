"""The words of /broadcast and /broadcasts, in one place for the flow's modules and its tests."""

from __future__ import annotations

from bot.i18n import N_, NP_

ASK_TEXT = N_(
    "Write the message to send. Bold, italics and links are kept. /cancel stops without sending."
)
NEED_TEXT = N_("Please send the message as text. /cancel stops without sending.")
ASK_VARIANTS = N_(
    "Your text is in %(language)s. Add the same message in another language? "
    "People whose language has no version get: %(order)s."
)
VERSIONS = N_("Versions so far: %(languages)s.")
THEIR_OWN = N_("their own language")
ASK_VARIANT_TEXT = N_("Write the message in %(language)s.")
CONTINUE = NP_("button", "Continue")
ASK_SEGMENT = N_("Who should get it?")
ASK_VALUE = N_("Choose one:")
NOTHING_TO_CHOOSE = N_("There is nothing to choose from yet. Choose another group.")
BACK = NP_("button", "Back")
PREVIEW_TITLE = N_("This is how the message looks:")
PREVIEW = N_("Broadcast #%(id)s to: %(segment)s")
RECIPIENTS = N_("Recipients: %(count)s")
LANGUAGE_LINE = N_("%(language)s: %(count)s, in %(text_language)s")
SKIPPED = N_("Skipped: %(paused)s paused messages, %(left)s have left.")
QUIET = N_("Quiet hours (%(hours)s): %(count)s will get it in the morning.")
NOBODY = N_("Nobody would get this message. Choose another group.")
URGENT_ON = N_("Urgent: yes, ignores quiet hours")
URGENT_OFF = N_("Urgent: no")
SEND_NOW = NP_("button", "Send now")
SCHEDULE = NP_("button", "Schedule")
CHANGE_GROUP = N_("Change the group")
CANCEL = NP_("button", "Cancel")
CANCELLED = N_("Cancelled. Nothing was sent.")
ASK_TIME = N_(
    "When should it be sent? Choose, or write a date and time such as %(example)s "
    "(time zone %(zone)s)."
)
IN_ONE_HOUR = N_("In one hour")
TOMORROW_AT = N_("Tomorrow %(time)s")
BAD_TIME = N_("I did not understand that time. Write it like %(example)s.")
PAST_TIME = N_("That time has already passed. Choose a later time.")
SCHEDULED = N_(
    "Broadcast #%(id)s is scheduled for %(time)s. /broadcasts shows it; you can cancel it there."
)
GONE = N_("This broadcast is no longer a draft. /broadcast starts a new one.")
NO_BROADCASTS = N_("No broadcasts yet. /broadcast starts one.")
LIST_TITLE = N_("Latest broadcasts:")
LIST_FIGURES = N_("sent %(sent)s/%(total)s · %(failed)s failed · %(blocked)s blocked")
LIST_SCHEDULED = N_("scheduled for %(time)s")
LIST_CANCELLED = NP_("broadcast state", "cancelled")
LIST_SENDING = NP_("broadcast state", "sending")
CANCEL_ONE = N_("Cancel #%(id)s")
SCHEDULE_CANCELLED = N_("Broadcast #%(id)s is cancelled. Nothing was sent.")
NOT_CANCELLABLE = N_("Broadcast #%(id)s can no longer be cancelled.")
