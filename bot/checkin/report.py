"""The coordinators' follow-up: per theme done / in progress / not done / not answered.

Everything is computed from the stored answers: for each measure and responsible organisation
the latest real answer counts (skips never hide an answer). A measure's status over its
responsible organisations: done if every organisation that answered says done, not done if every
one says not done, in progress otherwise (any mix, or any "in progress"); not answered if no
organisation answered. Exports: a text table, CSV (UTF-8 with BOM, ``;`` where the decimal mark
is a comma) and XLSX (four sheets). Numbers and percentages are
formatted by Babel in the reader's language. A forgotten person (/forget) shows no name.
The chat table and the chart, drawn for a phone, are in ``bot.checkin.report_phone``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import formatting
from bot.checkin.rounds import localized
from bot.i18n import ENDONYMS, N_, NP_, Translator
from storage.models import Measure, MeasureStatus, Organisation, Plan, Round
from storage.repos import checkin as repo

STATUS_LABELS: dict[str, str] = {
    MeasureStatus.DONE.value: NP_("check-in status", "Done"),
    MeasureStatus.IN_PROGRESS.value: NP_("check-in status", "In progress"),
    MeasureStatus.NOT_DONE.value: NP_("check-in status", "Not done"),
    MeasureStatus.SKIPPED.value: NP_("check-in status", "Skipped"),
    "unanswered": NP_("check-in status", "Not answered"),
}
THEME = N_("Theme")
MEASURES = N_("Measures")
TOTAL = N_("Total")
ORGANISATION = N_("Organisation")
ASKED = N_("Asked")
ANSWERED = N_("Answered")
RESPONSE_RATE = N_("Response rate")
MEASURE = N_("Measure")
STATUS = N_("Status")
COMMENT = N_("Comment")
ANSWERED_BY = N_("Answered by")
LANGUAGE = N_("Language")
ANSWERED_AT = N_("Answered at")
COUNTS = N_("Counts")
YES = NP_("table cell", "yes")
NO = NP_("table cell", "no")
ANSWERS = N_("Answers")
LAST_ANSWER = N_("Last answer")
SHEET_THEMES = N_("By theme")
SHEET_ORGS = N_("By organisation")
SHEET_ANSWERS = N_("All answers")
SHEET_PEOPLE = N_("Who answered")
TITLE = N_("Check-in %(round)s: %(plan)s")
NO_ANSWERS_YET = N_("No answers yet.")


@dataclass
class Counts:
    measures: int = 0
    done: int = 0
    in_progress: int = 0
    not_done: int = 0
    unanswered: int = 0

    def add(self, status: str) -> None:
        self.measures += 1
        setattr(self, status, getattr(self, status) + 1)

    def share(self, status: str) -> float:
        return getattr(self, status) / self.measures if self.measures else 0.0


@dataclass
class ThemeRow:
    name: str
    counts: Counts


@dataclass
class OrgRow:
    name: str
    asked: int
    answered: int
    counts: Counts

    @property
    def rate(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


@dataclass
class AnswerRow:
    theme: str
    measure_key: str
    measure: str
    organisation: str
    status: str
    comment: str
    person: str  # empty for a forgotten person or an import
    language: str
    answered_at: datetime
    counts: bool


@dataclass
class PersonRow:
    person: str
    organisation: str
    language: str
    answers: int
    last: datetime


@dataclass
class Report:
    plan: str
    round_label: str
    round_id: int
    started_at: datetime
    themes: list[ThemeRow] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)
    organisations: list[OrgRow] = field(default_factory=list)
    answers: list[AnswerRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)


STATUS_KEYS = ("done", "in_progress", "not_done", "unanswered")


def status_label(tr: Translator, key: str) -> str:
    """The translated label of a status key (``done``, ``unanswered``, ...)."""
    translate = tr.gettext
    return translate(STATUS_LABELS[key])


def combine(statuses: list[MeasureStatus]) -> str:
    if not statuses:
        return "unanswered"
    if all(s == MeasureStatus.DONE for s in statuses):
        return "done"
    if all(s == MeasureStatus.NOT_DONE for s in statuses):
        return "not_done"
    return "in_progress"


async def build_report(
    session: AsyncSession,
    round_: Round,
    language: str,
    organisation_id: int | None = None,
) -> Report:
    """The report of ``round_``; with ``organisation_id`` only that organisation's measures."""
    plan = await session.get(Plan, round_.plan_id)
    assert plan is not None
    measures: list[Measure] = await repo.plan_measures(session, plan.id)
    if organisation_id is not None:
        measures = [
            m
            for m in measures
            if any(r.organisation_id == organisation_id for r in m.responsibilities)
        ]
    history = await repo.answer_history(session, round_.id, organisation_id)
    latest = repo.latest_answers(history)
    latest_ids = {a.id for a in latest.values()}
    organisations = {
        o.id: o
        for o in await _organisations(
            session, {r.organisation_id for m in measures for r in m.responsibilities}
        )
    }
    contacts = await repo.contacts_by_id(
        session, {a.contact_id for a in history if a.contact_id is not None}
    )
    report = Report(
        plan=localized(plan.name, language),
        round_label=round_.label,
        round_id=round_.id,
        started_at=round_.started_at,
    )
    theme_rows: dict[int, ThemeRow] = {}
    org_counts: dict[int, OrgRow] = {}
    for measure in measures:
        owners = [
            r.organisation_id
            for r in measure.responsibilities
            if organisation_id is None or r.organisation_id == organisation_id
        ]
        statuses = [latest[(measure.id, o)].status for o in owners if (measure.id, o) in latest]
        status = combine(statuses)
        row = theme_rows.get(measure.theme_id)
        if row is None:
            row = theme_rows[measure.theme_id] = ThemeRow(
                localized(measure.theme.name, language), Counts()
            )
        row.counts.add(status)
        report.total.add(status)
        for org_id in owners:
            org = organisations.get(org_id)
            org_row = org_counts.get(org_id)
            if org_row is None:
                org_row = org_counts[org_id] = OrgRow(org.name if org else "?", 0, 0, Counts())
            answer = latest.get((measure.id, org_id))
            org_row.asked += 1
            org_row.answered += answer is not None
            org_row.counts.add(answer.status.value if answer is not None else "unanswered")
    report.themes = list(theme_rows.values())
    report.organisations = sorted(org_counts.values(), key=lambda r: r.name.lower())
    by_measure = {m.id: m for m in measures}
    people: dict[tuple[int | None, int], PersonRow] = {}
    for answer in history:
        asked = by_measure.get(answer.measure_id)
        if asked is None:
            continue
        contact = contacts.get(answer.contact_id) if answer.contact_id is not None else None
        person = ""
        if contact is not None and contact.telegram_user_id is not None:
            person = contact.display_name or ""
        org = organisations.get(answer.organisation_id)
        report.answers.append(
            AnswerRow(
                theme=localized(asked.theme.name, language),
                measure_key=asked.key,
                measure=localized(asked.title, language),
                organisation=org.name if org else "?",
                status=answer.status.value,
                comment=answer.comment or "",
                person=person,
                language=answer.language or "",
                answered_at=answer.answered_at,
                counts=answer.id in latest_ids,
            )
        )
        key = (answer.contact_id, answer.organisation_id)
        entry = people.get(key)
        if entry is None:
            entry = people[key] = PersonRow(
                person, org.name if org else "?", answer.language or "", 0, answer.answered_at
            )
        entry.answers += 1
        entry.last = max(entry.last, answer.answered_at)
    report.people = sorted(people.values(), key=lambda p: (p.organisation, p.person))
    return report


async def _organisations(session: AsyncSession, ids: set[int]) -> list[Organisation]:
    result = []
    for org_id in sorted(ids):
        org = await session.get(Organisation, org_id)
        if org is not None:
            result.append(org)
    return result


# ----------------------------------------------------------------------------- formats


def cell(tr: Translator, counts: Counts, status: str) -> str:
    return f"{tr.number(getattr(counts, status))} ({tr.percent(counts.share(status))})"


def header(tr: Translator) -> list[str]:
    return [tr._(THEME), tr._(MEASURES), *[tr._(STATUS_LABELS[s]) for s in STATUS_KEYS]]


def table_rows(report: Report, tr: Translator) -> list[list[str]]:
    rows = [
        [row.name, tr.number(row.counts.measures), *[cell(tr, row.counts, s) for s in STATUS_KEYS]]
        for row in report.themes
    ]
    rows.append(
        [
            tr._(TOTAL),
            tr.number(report.total.measures),
            *[cell(tr, report.total, s) for s in STATUS_KEYS],
        ]
    )
    return rows


def title(report: Report, tr: Translator) -> str:
    return tr._(TITLE) % {"round": report.round_label, "plan": report.plan}


def format_text(report: Report, tr: Translator) -> str:
    """A plain-text table with aligned columns (terminal, e-mail)."""
    rows = [header(tr), *table_rows(report, tr)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [title(report, tr), ""]
    for index, row in enumerate(rows):
        parts = [row[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=False)
        ]
        if index == len(rows) - 1:
            lines.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def csv_bytes(report: Report, tr: Translator) -> bytes:
    """The per-theme table as CSV, UTF-8 with a BOM so Excel reads ä, å and Sámi letters."""
    delimiter = ";" if formatting.decimal_mark(tr.language) == "," else ","
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(
        [
            tr._(THEME),
            tr._(MEASURES),
            *[
                x
                for s in STATUS_KEYS
                for x in (tr._(STATUS_LABELS[s]), f"{tr._(STATUS_LABELS[s])} %")
            ],
        ]
    )
    for name, counts in [*((r.name, r.counts) for r in report.themes), (tr._(TOTAL), report.total)]:
        writer.writerow(
            [
                name,
                counts.measures,
                *[
                    x
                    for s in STATUS_KEYS
                    for x in (getattr(counts, s), tr.percent(counts.share(s)))
                ],
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(text: str) -> str:
    for bad in "[]:*?/\\":
        text = text.replace(bad, " ")
    return text[:31]


def xlsx_bytes(report: Report, tr: Translator, zone: ZoneInfo) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    bold = Font(bold=True)
    percent = "0%"

    themes = workbook.active
    assert themes is not None
    themes.title = _sheet_title(tr._(SHEET_THEMES))
    themes.append([title(report, tr)])
    themes["A1"].font = bold
    themes.append(
        [
            tr._(THEME),
            tr._(MEASURES),
            *[x for s in STATUS_KEYS for x in (tr._(STATUS_LABELS[s]), "%")],
        ]
    )
    for name, counts in [*((r.name, r.counts) for r in report.themes), (tr._(TOTAL), report.total)]:
        themes.append(
            [
                name,
                counts.measures,
                *[x for s in STATUS_KEYS for x in (getattr(counts, s), counts.share(s))],
            ]
        )
    for row in themes.iter_rows(min_row=3, min_col=4, max_col=10):
        for c in row[::2]:
            c.number_format = percent
    for c in themes[2]:
        c.font = bold
    for c in themes[themes.max_row]:
        c.font = bold
    themes.column_dimensions["A"].width = 60

    orgs = workbook.create_sheet(_sheet_title(tr._(SHEET_ORGS)))
    orgs.append(
        [
            tr._(ORGANISATION),
            tr._(ASKED),
            tr._(ANSWERED),
            tr._(RESPONSE_RATE),
            *[tr._(STATUS_LABELS[s]) for s in STATUS_KEYS],
        ]
    )
    for org in report.organisations:
        orgs.append(
            [
                org.name,
                org.asked,
                org.answered,
                org.rate,
                *[getattr(org.counts, s) for s in STATUS_KEYS],
            ]
        )
        orgs.cell(row=orgs.max_row, column=4).number_format = percent
    orgs.column_dimensions["A"].width = 36

    answers = workbook.create_sheet(_sheet_title(tr._(SHEET_ANSWERS)))
    answers.append(
        [
            tr._(THEME),
            tr._(MEASURE),
            tr._(ORGANISATION),
            tr._(STATUS),
            tr._(COMMENT),
            tr._(ANSWERED_BY),
            tr._(ANSWERED_AT),
            tr._(COUNTS),
        ]
    )
    for a in report.answers:
        answers.append(
            [
                a.theme,
                f"{a.measure_key} {a.measure}",
                a.organisation,
                tr._(STATUS_LABELS[a.status]),
                a.comment,
                a.person,
                a.answered_at.astimezone(zone).replace(tzinfo=None),
                tr._(YES) if a.counts else tr._(NO),
            ]
        )
        answers.cell(row=answers.max_row, column=7).number_format = "yyyy-mm-dd hh:mm"
    for column, width in zip("ABCDEFGH", (30, 50, 30, 14, 50, 20, 18, 8), strict=False):
        answers.column_dimensions[column].width = width

    people = workbook.create_sheet(_sheet_title(tr._(SHEET_PEOPLE)))
    people.append(
        [tr._(ANSWERED_BY), tr._(ORGANISATION), tr._(LANGUAGE), tr._(ANSWERS), tr._(LAST_ANSWER)]
    )
    for p in report.people:
        people.append(
            [
                p.person,
                p.organisation,
                ENDONYMS.get(p.language, p.language),
                p.answers,
                p.last.astimezone(zone).replace(tzinfo=None),
            ]
        )
        people.cell(row=people.max_row, column=5).number_format = "yyyy-mm-dd hh:mm"
    for sheet in (orgs, answers, people):
        for c in sheet[1]:
            c.font = bold
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
