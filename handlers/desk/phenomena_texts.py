"""The desk's texts for the phenomena pages (the map, a report) and their two actions.

Words the chat's /phenomena already has (the filters' names, "last 7 days", the answer's
limits, what a sent answer says) are taken from there, so a coordinator reads the same words
in the chat and on the desk.
"""

from __future__ import annotations

from bot.i18n import N_, NN_, NP_

# Translators: the desk's navigation tab for the map of local phenomena reports. Button; at
# most 14 characters on a phone.
PHENOMENA = NP_("desk page", "Phenomena")
# Translators: a choice of the desk's "Period" filter on the phenomena map: the reports sent
# while a check-in round was open; %(round)s = the round's name, e.g. "Spring 2026".
DURING_ROUND = N_("During round %(round)s")
# Translators: the accessible name of the phenomena map on the desk (read by screen readers).
MAP = N_("Map of the reports")
# Translators: under the desk's map when no map background (tiles) is set up.
NO_TILES = N_(
    "No background map is set up: the pins are drawn on a plain background, with the names of "
    "the municipalities that have reports."
)
# Translators: the desk map's legend: a pin placed exactly where the reporter put it.
PIN_EXACT = N_("Where the reporter put the pin")
# Translators: the desk map's legend: a report whose reporter hid their name; its pin is moved
# to the nearest point of a grid about one kilometre apart.
PIN_ROUNDED = N_("Anonymous report: pin rounded to about 1 km")
# Translators: the desk map's legend: a report without a pin, drawn at its municipality's centre.
PIN_CENTRE = N_("No pin: at the municipality's centre")
# Translators: a pin's tooltip on the desk's map; %(id)s = the report's number;
# %(category)s = its category; %(date)s = the day it was sent.
PIN_TITLE = N_("Report #%(id)s: %(category)s, %(date)s")
# Translators: the accessible name of a cluster of pins on the desk's map; %(count)s = how
# many reports the cluster holds (filled in by the page).
CLUSTER = N_("Reports: %(count)s")
# Translators: the map's zoom buttons on the desk (their tooltips and accessible names).
ZOOM_IN = N_("Zoom in")
# Translators: the map's zoom buttons on the desk (their tooltips and accessible names).
ZOOM_OUT = N_("Zoom out")
# Translators: under the desk's map when more reports match than it draws; %(count)s = how
# many match; %(shown)s = how many of the newest are drawn.
MAP_CAPPED = N_("Reports: %(count)s; the map shows the newest %(shown)s.")
# Translators: under the desk's map: reports with neither a pin nor a municipality;
# %(count)s = how many, a numeral.
NO_PLACE = NN_(
    "%(count)s report has no place and is not on the map.",
    "%(count)s reports have no place and are not on the map.",
)
# Translators: a figure on the desk's phenomena page: how many reports match the filters.
REPORTS = NP_("desk figure", "Reports")
# Translators: a heading on the desk's phenomena page, above the counts per municipality.
BY_MUNICIPALITY = NP_("desk heading", "By municipality")
# Translators: a heading on the desk's phenomena page, above the counts per category.
BY_CATEGORY = NP_("desk heading", "By category")
# Translators: a heading on the desk's phenomena page, above the list of the newest reports.
NEWEST = NP_("desk heading", "Newest reports")
# Translators: under the desk's list of reports, when more match than it shows; %(count)s =
# how many more, a numeral.
MORE = NN_(
    "%(count)s more report matches: narrow the filters to see it.",
    "%(count)s more reports match: narrow the filters to see them.",
)
# Translators: a report's state on the desk: sent, nobody has answered or handled it yet.
NEW = NP_("report status", "New")
# Translators: a report's state on the desk: a coordinator has answered the reporter.
ANSWERED = NP_("report status", "Answered")
# Translators: a report's state on the desk: a coordinator marked it handled.
HANDLED = NP_("report status", "Handled")
# Translators: the heading of one report on the desk; %(id)s = its number.
REPORT_TITLE = N_("Report #%(id)s")
# Translators: a label on the desk's report view: when it was sent.
SENT = NP_("desk fact", "Sent")
# Translators: a label on the desk's report view: where the report is from.
WHERE = NP_("desk fact", "Where")
# Translators: a label on the desk's report view: the organisation (and the reporter's name if
# they allowed it).
FROM = NP_("desk fact", "From")
# Translators: a label on the desk's report view: the language the reporter uses.
LANGUAGE = NP_("desk fact", "Language")
# Translators: a label on the desk's report view: new, answered or handled.
STATUS = NP_("desk fact", "Status")
# Translators: the text alternative of a photo on the desk's report view; %(number)s = this
# photo's place; %(count)s = how many photos ("Photo 1 of 2").
PHOTO = N_("Photo %(number)s of %(count)s")
# Translators: shown instead of a photo on the desk's report view when it cannot be fetched.
PHOTO_FAILED = N_("The photo could not be loaded.")
# Translators: a heading on the desk's report view, above the coordinators' answers and what
# the reporter added later.
HISTORY = NP_("desk heading", "Answers and additions")
# Translators: on the desk's report view when it has no answers and no additions yet.
NO_HISTORY = N_("No answers or additions yet.")
# Translators: the label of the text box for the answer on the desk's report view.
ANSWER = N_("Answer to the reporter")
# Translators: under the answer box on the desk; %(limit)s = a number;
# %(language)s = the reporter's language by name ("Svenska").
ANSWER_HINT = N_(
    "Sent as you write it, at most %(limit)s characters; the reporter reads the bot's words "
    "around it in their language (%(language)s)."
)
# Translators: the desk's button that sends the answer to the reporter. Button; at most 20
# characters on a phone.
SEND_ANSWER = NP_("button", "Send answer")
# Translators: the desk's button that marks a report handled. Button; at most 20 characters on
# a phone.
MARK_HANDLED = NP_("button", "Mark handled")
# Translators: a link on the desk's report view back to the map and list of reports.
BACK_TO_MAP = N_("Back to the map")
# Translators: the desk's answer to "Send answer" with an empty text box.
ANSWER_EMPTY = N_("Write the answer first.")
# Translators: the desk's answer to "Mark handled" when someone already did; %(id)s = the
# report's number.
ALREADY_HANDLED = N_("Report #%(id)s was already marked handled.")
# Translators: the desk's answer to "Mark handled"; %(id)s = the report's number.
MARKED = N_("Report #%(id)s was marked handled.")
