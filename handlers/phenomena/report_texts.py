"""The words of the report conversation (/phenomenon), in one place for its modules and tests."""

from __future__ import annotations

from bot.i18n import N_, NP_
from handlers.phenomena.compose import Wording

# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), start: offers the draft left unfinished, above Continue / Start over.
# %(date)s = the day it was begun.
RESUME_QUESTION = N_("You have an unfinished report from %(date)s.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), start: goes on with the unfinished draft.
# Button; at most 17 characters on a phone.
CONTINUE = NP_("button", "Continue")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), start: deletes the unfinished draft and begins anew.
# Button; at most 36 characters on a phone.
START_OVER = NP_("button", "Start over")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 1: above the category buttons.
ASK_CATEGORY = N_("What is your report about?")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: asks for the description.
ASK_TEXT = N_(
    "What is happening? Write in your own words. You can also send photos or voice messages."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2, resumed with a description begun. "Next" is the button below.
ASK_MORE_TEXT = N_(
    "What is happening? Send more text, photos or voice messages to add to it, or press Next."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: after each message added to the description. "Next" is the button
# below.
ADDED = N_("Added. Send more, or press Next.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: the description is finished; goes to the next question.
# Button; at most 36 characters on a phone.
NEXT = NP_("button", "Next")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: empties the description and attachments.
# Button; at most 36 characters on a phone.
CLEAR = N_("Clear and write again")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: after Clear and write again.
CLEARED = N_("The description and attachments were cleared.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: the description has reached its limit. %(limit)s = the limit, a
# numeral. "Next" is the button.
TOTAL_TOO_LONG = N_(
    "Your description would be longer than %(limit)s characters. Nothing more was added; "
    "what you sent before is kept. Press Next to continue."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: too many photos or voice messages. %(limit)s = the limit, a
# numeral.
TOO_MANY_MEDIA = N_("A report can have at most %(limit)s attachments. This one was not added.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), a sticker, file or the like was sent.
UNSUPPORTED = N_(
    "I cannot store that kind of message. Please send text, a photo, a voice message or a "
    "location, or use the buttons."
)
WORDING = Wording(TOTAL_TOO_LONG, TOO_MANY_MEDIA, UNSUPPORTED)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: pop-up box (at most 200 characters) when Next is pressed with
# nothing written.
NEED_TEXT = N_("Please tell first what is happening.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3: asks the place, above the buttons: the organisation's home
# municipality (🏠) and Another municipality. "paperclip → Location" is Telegram's menu:
# use the names Telegram uses in the language.
ASK_PLACE = N_(
    "Where is this happening? Choose below, or send a location pin (paperclip → Location)."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3 and 3c: opens the list of municipalities.
# Button; at most 36 characters on a phone.
OTHER_MUNICIPALITY = N_("Another municipality")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3c, after a location pin: asks to confirm the municipality the pin
# seems to be in. %(municipality)s = its name.
PIN_GUESS = N_("Is the pin in %(municipality)s?")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3c: confirms the guessed municipality. %(municipality)s = its name
# (Utsjoki, Sodankylä...: at most 13 characters).
# Button; at most 36 characters on a phone.
PIN_YES = N_("Yes, %(municipality)s")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3c, after a pin the bot could not place: above Another municipality /
# I do not know.
PIN_WHERE = N_("Which municipality is the pin in?")
DO_NOT_KNOW = N_("I do not know")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3b: above the municipalities, two buttons to a row, with ◀ ▶ to page.
ASK_MUNICIPALITY = N_("Which municipality?")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3b: back to the place question.
# Button; at most 36 characters on a phone.
BACK = NP_("button", "Back")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 3c: the pin is far outside Finland. "Edit" is the summary's button.
PIN_FAR = N_(
    "That pin is far outside Finland. I saved it, and coordinators will see it marked for "
    "checking. If it was a mistake, go back with Edit in the summary."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 4: above the answers.
ASK_FREQUENCY = N_("How long has it gone on, or how often does it happen?")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 5: above the groups to tick. "Done" is the button below.
ASK_AFFECTED = N_("Who is affected? Choose one or more, then press Done.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 5: the groups are chosen. Button; at most 36 characters on a phone.
DONE = NP_("button", "Done")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 5: pop-up box (at most 200 characters): Done with nothing ticked. “Not
# sure” is a button: use its translation.
NEED_AFFECTED = N_("Choose at least one, or “Not sure”.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 6: above the buttons Show my name / Only my organisation.
ASK_NAME = N_("May the coordinators see your name, or only your organisation?")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 6: coordinators see the reporter's name.
# Button; at most 36 characters on a phone.
NAME_YES = N_("Show my name")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 6: coordinators see only the organisation.
# Button; at most 36 characters on a phone.
NAME_NO = N_("Only my organisation")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 7, summary: the line above the report, before Send / Edit / Delete
# draft.
SUMMARY_TITLE = N_("Please check your report:")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 7: sends the report; and /myreports (a reporter adds to a sent
# report), sends the addition. Button; at most 36 characters on a phone.
SEND = NP_("button", "Send")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 7: opens the edit menu. Button; at most 36 characters on a phone.
EDIT = NP_("button", "Edit")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 7: deletes the draft; and /myreports (a reporter adds to a sent
# report), drops the addition. Button; at most 36 characters on a phone.
DISCARD = N_("Delete draft")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu: above a button per question.
ASK_EDIT = N_("What do you want to change?")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu (Edit in the summary): goes back to the question about the
# category; also the coordinators' /phenomena filter panel, two buttons to a row.
# Button; at most 17 characters on a phone.
EDIT_CATEGORY = N_("Category")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu (Edit in the summary): goes back to the question about the
# description. Button; at most 36 characters on a phone.
EDIT_TEXT = N_("What is happening")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu (Edit in the summary): goes back to the question about the
# place. Button; at most 36 characters on a phone.
EDIT_PLACE = N_("Where")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu (Edit in the summary): goes back to the question about how
# often it happens. Button; at most 36 characters on a phone.
EDIT_FREQUENCY = N_("How often")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu (Edit in the summary): goes back to the question about who is
# affected. Button; at most 36 characters on a phone.
EDIT_AFFECTED = N_("Who is affected")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu (Edit in the summary): goes back to the question about
# whether the name is shown. Button; at most 36 characters on a phone.
EDIT_NAME = N_("Name shown")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), the edit menu (Edit in the summary): back to the summary without changes.
# Button; at most 36 characters on a phone.
BACK_TO_SUMMARY = N_("Back to the summary")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), done. %(id)s = the report's number.
SENT = N_(
    "Thank you! Your report (number %(id)s) was sent to the coordinators. They may answer you here."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), after Delete draft.
DISCARDED = N_("The draft was deleted. Nothing was sent.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), a button of a report already sent or deleted was pressed.
GONE = N_("This report is no longer open. Start a new one from the menu.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), typed text where a button was expected.
USE_BUTTONS = N_("Please answer with the buttons.")
# Translators: Main menu: starts /phenomenon. Button; at most 36 characters on a phone.
MENU_LABEL = N_("Report a local phenomenon")
