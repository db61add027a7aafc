"""What /phenomena says to coordinators (the messages of handlers/phenomena/coordinator.py)."""

from __future__ import annotations

from bot.i18n import N_, NN_, NP_

# Translators: /phenomena (coordinators read and answer phenomenon reports), the filter
# panel. %(category)s = a category or all; %(municipality)s = a municipality or all;
# %(period)s = e.g. last 30 days, all time; %(count)s = reports found, a numeral. Keep the
# line breaks.
PANEL = N_(
    "Local phenomena reports\n"
    "Category: %(category)s\n"
    "Municipality: %(municipality)s\n"
    "Period: %(period)s\n"
    "Reports: %(count)s"
)
# Translators: /phenomena (coordinators read and answer phenomenon reports), a filter that
# picks everything: a button above the categories or municipalities, and the panel's
# value; lower case. Button; at most 36 characters on a phone.
ALL = NP_("filter value", "all")
# Translators: /phenomena (coordinators read and answer phenomenon reports), a period to
# filter by, a button and the panel's value; lower case. %(days)s = number of days, a
# numeral (7, 30, 90, 365). Button; at most 36 characters on a phone.
LAST_DAYS = NN_("last %(days)s day", "last %(days)s days")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the period
# without limit, a button and the panel's value; lower case.
# Button; at most 36 characters on a phone.
ALL_TIME = N_("all time")
CHOOSE_CATEGORY = N_("Category")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the filter
# panel: picks the municipality, two buttons to a row.
# Button; at most 17 characters on a phone.
CHOOSE_MUNICIPALITY = N_("Municipality")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the filter
# panel: picks how far back. Button; at most 36 characters on a phone.
CHOOSE_PERIOD = N_("Period")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the filter
# panel: lists the reports; the count follows in brackets, e.g. (12).
# Button; at most 30 characters on a phone.
SHOW = N_("Show reports")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the list of
# reports: back to the filter panel. Button; at most 36 characters on a phone.
FILTERS = N_("Filters")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the title of
# a page of the list. %(first)s, %(last)s = the numbers of the first and last report
# shown; %(count)s = reports found; numerals.
PAGE_TITLE = N_("Reports %(first)s–%(last)s of %(count)s")
# Translators: /phenomena (coordinators read and answer phenomenon reports), the list is
# empty.
NONE_FOUND = N_("No reports match these filters.")
# Translators: /phenomena (coordinators read and answer phenomenon reports), a report
# opened: writes an answer to the reporter. Button; at most 36 characters on a phone.
REPLY = NP_("button", "Reply")
# Translators: /phenomena (coordinators read and answer phenomenon reports), a report
# opened, and after a reply: back to the list. Button; at most 36 characters on a phone.
BACK_TO_LIST = N_("Back to the list")
# Translators: /phenomena (coordinators read and answer phenomenon reports), Reply: asks
# for the answer. %(id)s = the report's number; %(language)s = the reporter's language,
# its own name.
ASK_REPLY = N_(
    "Write your reply to report #%(id)s. It is sent as you write it, not translated; the "
    "reporter reads the bot's own words around it in their language (%(language)s)."
)
# Translators: /phenomena (coordinators read and answer phenomenon reports), Reply: sends
# nothing and goes back to the list; also /myreports.
# Button; at most 17 characters on a phone.
CANCEL = NP_("button", "Cancel")
# Translators: /phenomena (coordinators read and answer phenomenon reports), Reply: the
# answer had no text.
REPLY_EMPTY = N_("The reply was empty. Please write it as a text message.")
# Translators: /phenomena (coordinators read and answer phenomenon reports), Reply: the
# answer is too long. %(length)s = its length in characters; %(limit)s = the limit, 3,000;
# numerals.
REPLY_TOO_LONG = N_(
    "The reply is %(length)s characters long; at most %(limit)s fit. Please shorten it."
)
# Translators: /phenomena (coordinators read and answer phenomenon reports), Reply, done.
# %(id)s = the report's number.
REPLY_SENT = N_("Your reply was sent and stored with report #%(id)s.")
# Translators: /phenomena (coordinators read and answer phenomenon reports), Reply, done,
# but it cannot be delivered. %(id)s = the report's number.
REPLY_NOT_DELIVERED = N_(
    "Your reply was stored with report #%(id)s, but the reporter cannot receive it now "
    "(they have left, paused messages or blocked the bot)."
)
# Translators: /phenomena (coordinators read and answer phenomenon reports), the report
# was deleted; may show in a pop-up box (at most 200 characters).
NOT_FOUND = N_("That report no longer exists.")
# Translators: /phenomena (coordinators read and answer phenomenon reports), typed text
# where a button was expected. /phenomena is a command: keep it.
USE_BUTTONS = N_("Please use the buttons, or /phenomena to start again.")
# Translators: Main menu (coordinators): opens /phenomena.
# Button; at most 36 characters on a phone. Also the command's description in Telegram's /
# menu and /help.
INBOX = N_("Read and answer local phenomena reports")
