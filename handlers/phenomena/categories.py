"""The fixed vocabularies of a report: categories, frequencies, affected groups.

Municipalities and their names are in ``bot.municipalities``.

Keys are stored; labels are marked with ``N_`` and translated where shown, so a report keeps
its meaning when a label's wording changes.
"""

from __future__ import annotations

from typing import Final

from bot.i18n_base import N_, NP_  # not bot.i18n: the CLI reads these labels, Babel unneeded

CATEGORIES: Final[dict[str, str]] = {
    "traffic": N_("Traffic and mobility safety"),
    "village": N_("Village safety and preparedness"),
    "children": N_("Children, youth and families"),
    "older": N_("Older people's safety and getting help"),
    "loneliness": N_("Exclusion and loneliness"),
    "substances": N_("Substance abuse"),
    "violence": N_("Violence, crime and harassment"),
    "conflicts": N_("Polarisation and conflicts"),
    "immigrants": N_("Immigrants and multicultural life"),
    "tourism": N_("Tourism safety"),
    "scams": N_("Cyber crime and scams"),
    "other": NP_("phenomenon category", "Other"),
}

FREQUENCIES: Final[dict[str, str]] = {
    "once": N_("It happened once"),
    "sometimes": N_("Now and then"),
    "often": N_("Often, every week"),
    "ongoing": N_("All the time, for months"),
    "seasonal": N_("At certain seasons"),
    "unknown": N_("I do not know"),
}

AFFECTED: Final[dict[str, str]] = {
    "children": N_("Children"),
    "youth": N_("Young people"),
    "families": N_("Families"),
    "older": N_("Older people"),
    "immigrants": N_("Immigrants"),
    "tourists": N_("Tourists"),
    "village": N_("The whole village"),
    "other": NP_("affected group", "Others"),
    "unsure": NP_("affected group", "Not sure"),
}
