"""The words of /broadcast and /broadcasts, in one place for the flow's modules and its tests."""

from __future__ import annotations

from bot.i18n import N_, NP_

# Translators: /broadcast (coordinators send one message to many contacts), step 1: asks
# for the message text. /cancel is a command: keep it as is.
ASK_TEXT = N_(
    "Write the message to send. Bold, italics and links are kept. /cancel stops without sending."
)
# Translators: /broadcast (coordinators send one message to many contacts), step 1: the
# coordinator sent a photo, sticker or the like instead of text. /cancel is a command:
# keep it.
NEED_TEXT = N_("Please send the message as text. /cancel stops without sending.")
# Translators: /broadcast (coordinators send one message to many contacts), step 2: offers
# versions in other languages, above one button per language. %(language)s = the
# language's own name (e.g. Suomi); %(order)s = the languages tried in turn, joined by →,
# starting with "their own language".
ASK_VARIANTS = N_(
    "Your text is in %(language)s. Add the same message in another language? "
    "People whose language has no version get: %(order)s."
)
# Translators: /broadcast (coordinators send one message to many contacts), step 2: a line
# under the offer once a version was added. %(languages)s = the languages' own names,
# comma-separated.
VERSIONS = N_("Versions so far: %(languages)s.")
# Translators: /broadcast (coordinators send one message to many contacts), step 2: the
# first item of %(order)s in "Your text is in ...", lower case, followed by → and language
# names.
THEIR_OWN = N_("their own language")
# Translators: /broadcast (coordinators send one message to many contacts), step 2b: asks
# for the text of one language version. %(language)s = the language's own name (e.g.
# Davvisámegiella).
ASK_VARIANT_TEXT = N_("Write the message in %(language)s.")
# Translators: /broadcast (coordinators send one message to many contacts), step 2, and
# /event's languages step: goes on without more language versions.
# Button; at most 36 characters on a phone.
CONTINUE = NP_("button", "Continue")
# Translators: /broadcast (coordinators send one message to many contacts), step 3: the
# question above the buttons of the groups.
ASK_SEGMENT = N_("Who should get it?")
# Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
# /event's audience step: asks which municipality, theme, language, kind of
# organisation or round, above its buttons.
ASK_VALUE = N_("Choose one:")
# Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
# /event's audience step: the chosen group has no values yet (e.g. no themes).
NOTHING_TO_CHOOSE = N_("There is nothing to choose from yet. Choose another group.")
# Translators: /broadcast (coordinators send one message to many contacts), step 3b and
# the time step: returns to the previous question.
# Button; at most 36 characters on a phone.
BACK = NP_("button", "Back")
# Translators: /broadcast (coordinators send one message to many contacts), step 4: the
# line above a copy of the message, before the preview.
PREVIEW_TITLE = N_("This is how the message looks:")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: the first line. %(id)s = the broadcast's number; %(segment)s = the group, e.g.
# "Everyone" or "Municipality: Inari".
PREVIEW = N_("Broadcast #%(id)s to: %(segment)s")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview. %(count)s = number of people who will get it, a numeral.
RECIPIENTS = N_("Recipients: %(count)s")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: one line per language of the recipients. %(language)s = their language's own
# name; %(count)s = how many read it, a numeral; %(text_language)s = the own name of the
# version they get.
LANGUAGE_LINE = N_("%(language)s: %(count)s, in %(text_language)s")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview. %(paused)s = number of people who paused messages (/stop), a numeral; %(left)s
# = number who left or blocked the bot, a numeral.
SKIPPED = N_("Skipped: %(paused)s paused messages, %(left)s have left.")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview. %(hours)s = the quiet hours, e.g. 21-08; %(count)s = number of people in quiet
# hours now, a numeral.
QUIET = N_("Quiet hours (%(hours)s): %(count)s will get it in the morning.")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: the group is empty.
NOBODY = N_("Nobody would get this message. Choose another group.")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: the switch, now on; pressing it turns it off.
# Button; at most 36 characters on a phone.
URGENT_ON = N_("Urgent: yes, ignores quiet hours")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: the switch, now off; pressing it makes the message ignore quiet hours.
# Button; at most 36 characters on a phone.
URGENT_OFF = N_("Urgent: no")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: sends the broadcast. Button; at most 17 characters on a phone.
SEND_NOW = NP_("button", "Send now")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: asks for a later time to send it. Button; at most 17 characters on a phone.
SCHEDULE = NP_("button", "Schedule")
# Translators: /broadcast (coordinators send one message to many contacts), step 4,
# preview: goes back to choosing who gets it. Button; at most 17 characters on a phone.
CHANGE_GROUP = N_("Change the group")
# Translators: /broadcast (coordinators send one message to many contacts), every step:
# drops the draft; nothing is sent. Button; at most 17 characters on a phone.
CANCEL = NP_("button", "Cancel")
# Translators: /broadcast (coordinators send one message to many contacts), replaces the
# question after Cancel.
CANCELLED = N_("Cancelled. Nothing was sent.")
# Translators: /broadcast (coordinators send one message to many contacts), step 5
# (Schedule): asks for the time, above quick choices. %(example)s = an example like 24.12.
# 18:00; %(zone)s = the time zone's name, e.g. Europe/Helsinki.
ASK_TIME = N_(
    "When should it be sent? Choose, or write a date and time such as %(example)s "
    "(time zone %(zone)s)."
)
# Translators: /broadcast (coordinators send one message to many contacts), step 5:
# schedules it one hour from now. Button; at most 36 characters on a phone.
IN_ONE_HOUR = N_("In one hour")
# Translators: /broadcast (coordinators send one message to many contacts), step 5:
# schedules it for tomorrow at a time. %(time)s = the time, e.g. 9.00.
# Button; at most 36 characters on a phone.
TOMORROW_AT = N_("Tomorrow %(time)s")
# Translators: /broadcast (coordinators send one message to many contacts), step 5: the
# typed time could not be read. %(example)s = an example like 24.12. 18:00.
BAD_TIME = N_("I did not understand that time. Write it like %(example)s.")
# Translators: /broadcast (coordinators send one message to many contacts), step 5: the
# chosen time is in the past.
PAST_TIME = N_("That time has already passed. Choose a later time.")
# Translators: /broadcast (coordinators send one message to many contacts), step 5, done.
# %(id)s = the broadcast's number; %(time)s = date and time. /broadcasts is a command:
# keep it.
SCHEDULED = N_(
    "Broadcast #%(id)s is scheduled for %(time)s. /broadcasts shows it; you can cancel it there."
)
# Translators: /broadcast (coordinators send one message to many contacts), a button of a
# draft that was sent, cancelled or lost was pressed. /broadcast is a command: keep it.
GONE = N_("This broadcast is no longer a draft. /broadcast starts a new one.")
# Translators: /broadcasts (coordinators): the list is empty. /broadcast is a command:
# keep it.
NO_BROADCASTS = N_("No broadcasts yet. /broadcast starts one.")
# Translators: /broadcasts (coordinators): the title above the ten latest broadcasts.
LIST_TITLE = N_("Latest broadcasts:")
# Translators: /broadcasts: the figures line of one broadcast, lower case. %(sent)s =
# messages delivered; %(total)s = messages to send; %(failed)s = messages that failed;
# %(blocked)s = people who had blocked the bot; all numerals.
LIST_FIGURES = N_("sent %(sent)s/%(total)s · %(failed)s failed · %(blocked)s blocked")
# Translators: /broadcasts: the line of a broadcast not sent yet, lower case. %(time)s =
# date and time.
LIST_SCHEDULED = N_("scheduled for %(time)s")
# Translators: /broadcasts: the line of a broadcast cancelled before it was sent, lower
# case.
LIST_CANCELLED = NP_("broadcast state", "cancelled")
# Translators: /broadcasts: added after the figures of a broadcast still being sent, lower
# case.
LIST_SENDING = NP_("broadcast state", "sending")
# Translators: /broadcasts: cancels one scheduled broadcast. %(id)s = its number.
# Button; at most 36 characters on a phone.
CANCEL_ONE = N_("Cancel #%(id)s")
# Translators: /broadcasts: after Cancel #... . %(id)s = the broadcast's number.
SCHEDULE_CANCELLED = N_("Broadcast #%(id)s is cancelled. Nothing was sent.")
# Translators: /broadcasts: Cancel #... was pressed after the broadcast had started.
# %(id)s = its number.
NOT_CANCELLABLE = N_("Broadcast #%(id)s can no longer be cancelled.")
