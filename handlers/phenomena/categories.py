"""The fixed vocabularies of a report: categories, frequencies, affected groups.

Municipalities and their names are in ``bot.municipalities``.

Keys are stored; labels are marked with ``N_`` and translated where shown, so a report keeps
its meaning when a label's wording changes.
"""

from __future__ import annotations

from typing import Final

from bot.i18n_base import N_, NP_  # not bot.i18n: the CLI reads these labels, Babel unneeded

CATEGORIES: Final[dict[str, str]] = {
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "traffic": N_("Traffic and mobility safety"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "village": N_("Village safety and preparedness"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "children": N_("Children, youth and families"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "older": N_("Older people's safety and getting help"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "loneliness": N_("Exclusion and loneliness"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "substances": N_("Substance abuse"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "violence": N_("Violence, crime and harassment"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "conflicts": N_("Polarisation and conflicts"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "immigrants": N_("Immigrants and multicultural life"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "tourism": N_("Tourism safety"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "scams": N_("Cyber crime and scams"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 1: a category to choose, one button to a row; also the coordinators'
    # category filter and every report's "Category:" line.
    # Button; at most 36 characters on a phone.
    "other": NP_("phenomenon category", "Other"),
}

FREQUENCIES: Final[dict[str, str]] = {
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 4: an answer to "How long has it gone on, or how often does it
    # happen?", one button to a row; also the summary's "How often:" line.
    # Button; at most 36 characters on a phone.
    "once": N_("It happened once"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 4: an answer to "How long has it gone on, or how often does it
    # happen?", one button to a row; also the summary's "How often:" line.
    # Button; at most 36 characters on a phone.
    "sometimes": N_("Now and then"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 4: an answer to "How long has it gone on, or how often does it
    # happen?", one button to a row; also the summary's "How often:" line.
    # Button; at most 36 characters on a phone.
    "often": N_("Often, every week"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 4: an answer to "How long has it gone on, or how often does it
    # happen?", one button to a row; also the summary's "How often:" line.
    # Button; at most 36 characters on a phone.
    "ongoing": N_("All the time, for months"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 4: an answer to "How long has it gone on, or how often does it
    # happen?", one button to a row; also the summary's "How often:" line.
    # Button; at most 36 characters on a phone.
    "seasonal": N_("At certain seasons"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 4: an answer to "How long has it gone on, or how often does it
    # happen?", one button to a row; also the summary's "How often:" line.
    # Button; at most 36 characters on a phone. Also step 3c: the municipality of a pin is not
    # known.
    "unknown": N_("I do not know"),
}

AFFECTED: Final[dict[str, str]] = {
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "children": N_("Children"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "youth": N_("Young people"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "families": N_("Families"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "older": N_("Older people"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "immigrants": N_("Immigrants"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "tourists": N_("Tourists"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "village": N_("The whole village"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "other": NP_("affected group", "Others"),
    # Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
    # phenomenon), step 5: a group to tick (several may be chosen), one button to a row after
    # ✅ or ◻️; also the summary's "Who is affected:" list.
    # Button; at most 33 characters on a phone.
    "unsure": NP_("affected group", "Not sure"),
}
