"""Reads a plan file (YAML or CSV) into a validated ``PlanSpec``; nothing is stored here.

Validation collects every problem with its line and field, so the operator sees them all at
once; ``plan_import.apply_plan`` stores a spec.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.i18n import LANGUAGES
from storage.models import OrgKind

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
LINE = "__line__"


class PlanError(ValueError):
    """An invalid plan file; ``problems`` are ``line N: field: what`` strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class OrgSpec:
    name: str
    kind: OrgKind
    municipality: str | None
    language: str | None
    line: int


@dataclass
class MeasureSpec:
    key: str
    title: dict[str, str]
    description: dict[str, str]
    responsible: list[str]
    due: date | None
    line: int


@dataclass
class ThemeSpec:
    key: str
    name: dict[str, str]
    line: int
    measures: list[MeasureSpec] = field(default_factory=list)


@dataclass
class PlanSpec:
    key: str
    name: dict[str, str]
    start: date | None
    end: date | None
    organisations: list[OrgSpec]
    themes: list[ThemeSpec]

    @property
    def measure_count(self) -> int:
        return sum(len(t.measures) for t in self.themes)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = dict(loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]
    mapping[LINE] = node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date, or the text when it only looks like one (2020-13-01): ``_date`` then reports it
    with its line instead of the YAML library raising a bare ValueError."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_plan_file(path: Path, key: str | None = None, name: str | None = None) -> PlanSpec:
    """Parses and validates ``path`` (``.yaml``/``.yml`` or ``.csv``)."""
    if not path.is_file():
        raise PlanError([f"{path}: no such file"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise PlanError([f"line {line}: the file is not UTF-8 (save it as UTF-8)"]) from None
    if path.suffix.lower() == ".csv":
        return parse_csv(text, key or path.stem, name or path.stem)
    return parse_yaml(text)


def parse_yaml(text: str) -> PlanSpec:
    try:
        document = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise PlanError([f"line {line}: not valid YAML: {exc.problem}"]) from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. from a binary file
        line = text[: exc.position].count("\n") + 1
        raise PlanError([f"line {line}: not valid YAML: character U+{exc.character:04X}"]) from None
    if not isinstance(document, dict):
        raise PlanError(["line 1: the file must be a mapping with key, name and themes"])
    problems: list[str] = []
    spec = _plan_from_mapping(document, problems)
    _check(spec, problems)
    if problems:
        raise PlanError(problems)
    return spec


def _plan_from_mapping(doc: dict[str, Any], problems: list[str]) -> PlanSpec:
    line = int(doc.get(LINE, 1))
    key = _key(doc.get("key"), line, "key", problems)
    name = _names(doc.get("name"), line, "name", problems)
    period = doc.get("period") or {}
    start = _date(period.get("start") if isinstance(period, dict) else None, line, "period.start")
    end = _date(period.get("end") if isinstance(period, dict) else None, line, "period.end")
    for value in (start, end):
        if isinstance(value, str):
            problems.append(value)
    organisations: list[OrgSpec] = []
    raw_organisations = doc.get("organisations") or []
    if not isinstance(raw_organisations, list):
        problems.append(f"line {line}: organisations: must be a list of mappings with a name")
        raw_organisations = []
    for index, raw in enumerate(raw_organisations):
        where = f"organisations[{index + 1}]"
        if not isinstance(raw, dict):
            problems.append(f"line {line}: {where}: must be a mapping with a name")
            continue
        org_line = int(raw.get(LINE, line))
        org_name = str(raw.get("name") or "").strip()
        if not org_name:
            problems.append(f"line {org_line}: {where}.name: required")
        kind_text = str(raw.get("kind") or "association")
        try:
            kind = OrgKind(kind_text)
        except ValueError:
            problems.append(
                f"line {org_line}: {where}.kind: unknown kind {kind_text!r}; "
                f"one of {', '.join(k.value for k in OrgKind)}"
            )
            kind = OrgKind.ASSOCIATION
        language = raw.get("language")
        if language is not None and language not in LANGUAGES:
            problems.append(f"line {org_line}: {where}.language: one of {', '.join(LANGUAGES)}")
        municipality = raw.get("municipality")
        organisations.append(
            OrgSpec(org_name, kind, str(municipality) if municipality else None, language, org_line)
        )
    themes: list[ThemeSpec] = []
    raw_themes = doc.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        problems.append(f"line {line}: themes: at least one theme is required")
        raw_themes = []
    for t_index, raw_theme in enumerate(raw_themes):
        where = f"themes[{t_index + 1}]"
        if not isinstance(raw_theme, dict):
            problems.append(f"line {line}: {where}: must be a mapping")
            continue
        t_line = int(raw_theme.get(LINE, line))
        theme = ThemeSpec(
            key=_key(raw_theme.get("key"), t_line, f"{where}.key", problems),
            name=_names(raw_theme.get("name"), t_line, f"{where}.name", problems),
            line=t_line,
        )
        raw_measures = raw_theme.get("measures")
        if not isinstance(raw_measures, list) or not raw_measures:
            problems.append(f"line {t_line}: {where}.measures: at least one measure is required")
            raw_measures = []
        for m_index, raw in enumerate(raw_measures):
            m_where = f"{where}.measures[{m_index + 1}]"
            if not isinstance(raw, dict):
                problems.append(f"line {t_line}: {m_where}: must be a mapping")
                continue
            m_line = int(raw.get(LINE, t_line))
            responsible = raw.get("responsible")
            if isinstance(responsible, (str, int)):
                responsible = [responsible]
            if not isinstance(responsible, list) or not responsible:
                problems.append(
                    f"line {m_line}: {m_where}.responsible: at least one organisation is required"
                )
                responsible = []
            due = _date(raw.get("due"), m_line, f"{m_where}.due")
            if isinstance(due, str):
                problems.append(due)
                due = None
            theme.measures.append(
                MeasureSpec(
                    key=_key(raw.get("key"), m_line, f"{m_where}.key", problems),
                    title=_names(raw.get("title"), m_line, f"{m_where}.title", problems),
                    description=_names(
                        raw.get("description"), m_line, f"{m_where}.description", problems, False
                    ),
                    responsible=[str(r).strip() for r in responsible],
                    due=due,
                    line=m_line,
                )
            )
        themes.append(theme)
    return PlanSpec(
        key=key,
        name=name,
        start=start if isinstance(start, date) else None,
        end=end if isinstance(end, date) else None,
        organisations=organisations,
        themes=themes,
    )


def _key(value: Any, line: int, where: str, problems: list[str]) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        problems.append(f"line {line}: {where}: required")
    elif not KEY_PATTERN.match(text):
        problems.append(
            f"line {line}: {where}: {text!r} is not a key (letters, digits, . _ -, at most 100)"
        )
    return text


def _names(
    value: Any, line: int, where: str, problems: list[str], required: bool = True
) -> dict[str, str]:
    if value is None and not required:
        return {}
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict):
        problems.append(f"line {line}: {where}: give the text per language, e.g. fi: ...")
        return {}
    result: dict[str, str] = {}
    for language, text in value.items():
        if language == LINE:
            continue
        if language not in LANGUAGES:
            problems.append(
                f"line {line}: {where}.{language}: unknown language; one of {', '.join(LANGUAGES)}"
            )
            continue
        if text is not None and str(text).strip():
            result[str(language)] = str(text).strip()
    if required and "fi" not in result:
        problems.append(f"line {line}: {where}.fi: the Finnish text is required")
    return result


def _date(value: Any, line: int, where: str) -> date | str | None:
    """A date, None, or a problem string."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return f"line {line}: {where}: {value!r} is not a date (YYYY-MM-DD)"


def parse_csv(text: str, key: str, name: str) -> PlanSpec:
    """One row per measure; see README for the columns. ``;`` or ``,`` separated."""
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        fields = [f.strip() for f in (reader.fieldnames or [])]
    except csv.Error as exc:  # e.g. a lone carriage return in the header
        raise PlanError([f"line 1: not valid CSV: {exc}"]) from None
    problems: list[str] = []
    for required in ("theme_key", "theme_fi", "measure_key", "title_fi", "responsible"):
        if required not in fields:
            problems.append(f"line 1: {required}: missing column")
    if problems:
        raise PlanError(problems)
    themes: dict[str, ThemeSpec] = {}
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:  # e.g. a field over the csv module's limit of 128 KiB
        raise PlanError([f"line {reader.line_num + 1}: not valid CSV: {exc}"]) from None
    for line, row in rows:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        theme_key = _key(row.get("theme_key"), line, "theme_key", problems)
        names = {lang: row.get(f"theme_{lang}", "") for lang in LANGUAGES}
        theme = themes.get(theme_key)
        if theme is None:
            theme = ThemeSpec(theme_key, _names(names, line, "theme", problems), line)
            themes[theme_key] = theme
        due = _date(row.get("due"), line, "due")
        if isinstance(due, str):
            problems.append(due)
            due = None
        responsible = [r.strip() for r in re.split(r"[;|]", row.get("responsible", "")) if r]
        if not responsible and delimiter == ";":
            responsible = [r.strip() for r in row.get("responsible", "").split(",") if r.strip()]
        if not responsible:
            problems.append(f"line {line}: responsible: at least one organisation is required")
        theme.measures.append(
            MeasureSpec(
                key=_key(row.get("measure_key"), line, "measure_key", problems),
                title=_names(
                    {lang: row.get(f"title_{lang}", "") for lang in LANGUAGES},
                    line,
                    "title",
                    problems,
                ),
                description=_names(
                    {lang: row.get(f"description_{lang}", "") for lang in LANGUAGES},
                    line,
                    "description",
                    problems,
                    False,
                ),
                responsible=responsible,
                due=due,
                line=line,
            )
        )
    spec = PlanSpec(key, {"fi": name}, None, None, [], list(themes.values()))
    if not themes:
        problems.append("line 2: no measures in the file")
    _check(spec, problems)
    if problems:
        raise PlanError(problems)
    return spec


def _check(spec: PlanSpec, problems: list[str]) -> None:
    theme_keys: dict[str, int] = {}
    measure_keys: dict[str, int] = {}
    for theme in spec.themes:
        if theme.key and theme.key in theme_keys:
            problems.append(
                f"line {theme.line}: key: theme {theme.key!r} is already on line "
                f"{theme_keys[theme.key]}"
            )
        theme_keys.setdefault(theme.key, theme.line)
        for measure in theme.measures:
            if measure.key and measure.key in measure_keys:
                problems.append(
                    f"line {measure.line}: key: measure {measure.key!r} is already on line "
                    f"{measure_keys[measure.key]}"
                )
            measure_keys.setdefault(measure.key, measure.line)
    if spec.start and spec.end and spec.end < spec.start:
        problems.append("line 1: period.end: before period.start")
