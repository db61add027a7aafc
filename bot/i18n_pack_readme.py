"""The README.txt of a reviewer's pack (``bot.i18n_pack``), in English: the reviewers read it
before they choose their tool, and the coordinator who sends the pack can forward it."""

from __future__ import annotations

README = """\
kylabot: a translation to review, {language}
============================================

What is in this folder
----------------------
{files}
        the bot's messages, one file per part of the bot (gettext .po)
  pages/index.html
        every conversation of the bot as a phone shows it, in this language
  pack.json
        what the messages were when this folder was made: keep it, do not edit it

How to review
-------------
1. Open pages/index.html in a web browser. Each page is one conversation: the bot's
   bubbles and buttons on the left, the person's messages and taps on the right. Point at
   a bubble or a button to see the English text of its message (the "msgid"), and search
   for it in the .po file. Each page ends with a table of its messages.

2. Open a .po file in Poedit (https://poedit.net), or upload it to Weblate as the
   translation of this language. Beside each message you see the English source, the
   translation, and notes: where the message appears, what its placeholders stand for,
   for a button how many characters fit on a phone, "Finnish: ..." (the Finnish text),
   and "Shown on: pages/....html" (the pages that show it).

3. The messages nobody has confirmed yet are marked "Needs work" in Poedit ("Needs
   editing" in Weblate; "fuzzy" in the file). Go through them:
   - A message that is wrong: correct the translation. Poedit removes "Needs work" when
     you edit; in Weblate, untick "Needs editing" before you save.
   - A message that is right as it is: confirm it by removing "Needs work" (Poedit: the
     "Needs work" button, or Ctrl+U / Cmd+U; Weblate: untick "Needs editing" and save).
     Deleting its "unreviewed: ..." note confirms it too.
   - A message that someone confirmed earlier but that you doubt: set "Needs work" on it.
   - A message you do not get to: leave it marked; it stays unreviewed.
   Only the messages you corrected or confirmed are recorded as reviewed by you.

4. Please keep:
   - every placeholder exactly as it is: %(name)s, %s or {{name}}. The bot puts a name, a
     number or a date there;
   - the plural forms: the Sámi languages have three (one, two, more: see the file's
     Plural-Forms), the others two;
   - plain text: no markup such as <b>; the bot sends the text as it is;
   - a button short enough for a phone: its note says how many characters fit.

5. Put your name in Poedit (Preferences: name and e-mail; it is written into the file as
   the "Last-Translator"), or tell it to the coordinator with the files.

How to give it back
-------------------
Send the .po files back to the coordinator (e-mail, or this folder zipped), or download
them from Weblate (Files > Download translation > gettext PO). The coordinator puts them
back in this folder, in place of the files that were sent, and runs

    kylabot i18n unpack FOLDER --reviewer "Your Name"

If a placeholder, a plural, markup or a button's length is wrong, nothing at all is taken
back, and each problem is listed on one line with the message's English text: correct
them and send the files again.
"""
