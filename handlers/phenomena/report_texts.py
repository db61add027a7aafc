"""The words of the report conversation (/phenomenon), in one place for its modules and tests."""

from __future__ import annotations

from bot.i18n import N_, NP_
from handlers.phenomena.compose import Wording

RESUME_QUESTION = N_("You have an unfinished report from %(date)s.")
CONTINUE = NP_("button", "Continue")
START_OVER = NP_("button", "Start over")
ASK_CATEGORY = N_("What is your report about?")
ASK_TEXT = N_(
    "What is happening? Write in your own words. You can also send photos or voice messages."
)
ASK_MORE_TEXT = N_(
    "What is happening? Send more text, photos or voice messages to add to it, or press Next."
)
ADDED = N_("Added. Send more, or press Next.")
NEXT = NP_("button", "Next")
CLEAR = N_("Clear and write again")
CLEARED = N_("The description and attachments were cleared.")
TOTAL_TOO_LONG = N_(
    "Your description would be longer than %(limit)s characters. Nothing more was added; "
    "what you sent before is kept. Press Next to continue."
)
TOO_MANY_MEDIA = N_("A report can have at most %(limit)s attachments. This one was not added.")
UNSUPPORTED = N_(
    "I cannot store that kind of message. Please send text, a photo, a voice message or a "
    "location, or use the buttons."
)
WORDING = Wording(TOTAL_TOO_LONG, TOO_MANY_MEDIA, UNSUPPORTED)
NEED_TEXT = N_("Please tell first what is happening.")
ASK_PLACE = N_(
    "Where is this happening? Choose below, or send a location pin (paperclip → Location)."
)
OTHER_MUNICIPALITY = N_("Another municipality")
PIN_GUESS = N_("Is the pin in %(municipality)s?")
PIN_YES = N_("Yes, %(municipality)s")
PIN_WHERE = N_("Which municipality is the pin in?")
DO_NOT_KNOW = N_("I do not know")
ASK_MUNICIPALITY = N_("Which municipality?")
BACK = NP_("button", "Back")
PIN_FAR = N_(
    "That pin is far outside Finland. I saved it, and coordinators will see it marked for "
    "checking. If it was a mistake, go back with Edit in the summary."
)
ASK_FREQUENCY = N_("How long has it gone on, or how often does it happen?")
ASK_AFFECTED = N_("Who is affected? Choose one or more, then press Done.")
DONE = NP_("button", "Done")
NEED_AFFECTED = N_("Choose at least one, or “Not sure”.")
ASK_NAME = N_("May the coordinators see your name, or only your organisation?")
NAME_YES = N_("Show my name")
NAME_NO = N_("Only my organisation")
SUMMARY_TITLE = N_("Please check your report:")
SEND = NP_("button", "Send")
EDIT = NP_("button", "Edit")
DISCARD = N_("Delete draft")
ASK_EDIT = N_("What do you want to change?")
EDIT_CATEGORY = N_("Category")
EDIT_TEXT = N_("What is happening")
EDIT_PLACE = N_("Where")
EDIT_FREQUENCY = N_("How often")
EDIT_AFFECTED = N_("Who is affected")
EDIT_NAME = N_("Name shown")
BACK_TO_SUMMARY = N_("Back to the summary")
SENT = N_(
    "Thank you! Your report (number %(id)s) was sent to the coordinators. They may answer you here."
)
DISCARDED = N_("The draft was deleted. Nothing was sent.")
GONE = N_("This report is no longer open. Start a new one from the menu.")
USE_BUTTONS = N_("Please answer with the buttons.")
MENU_LABEL = N_("Report a local phenomenon")
