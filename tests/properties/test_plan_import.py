"""Properties of plan import (handlers/checkin/plan_file.py).

A generated plan written in the file format (YAML as README shows it, or the one-row-per-
measure CSV) reads back as the same plan; any other input is refused with ``line N: ...``
problems (PlanError), never another exception, so `kylabot plan import` never shows a
traceback for a file an operator can fix.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import LANGUAGES
from handlers.checkin.plan_file import (
    KEY_PATTERN,
    MeasureSpec,
    PlanError,
    PlanSpec,
    ThemeSpec,
    load_plan_file,
    parse_csv,
    parse_yaml,
)

# Texts as people write them: letters (any script), digits, punctuation, inner spaces.
texts = (
    st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
keys = st.from_regex(KEY_PATTERN, fullmatch=True).filter(lambda k: len(k) <= 20)
# Organisation references: a name or an id; no separator the CSV column splits on.
references = st.one_of(
    texts.filter(lambda t: not re.search(r"[;|,]", t)), st.integers(1, 999).map(str)
)


def names(required: bool = True) -> st.SearchStrategy[dict[str, str]]:
    others = st.dictionaries(st.sampled_from(LANGUAGES[1:]), texts, max_size=3)
    if required:
        return st.builds(lambda fi, rest: {"fi": fi, **rest}, texts, others)
    return st.one_of(st.just({}), st.builds(lambda fi, rest: {"fi": fi, **rest}, texts, others))


@st.composite
def plans(draw: st.DrawFn) -> PlanSpec:
    theme_keys = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
    measure_keys = iter(
        draw(
            st.lists(keys, min_size=len(theme_keys) * 3, max_size=len(theme_keys) * 3, unique=True)
        )
    )
    themes = []
    for theme_key in theme_keys:
        measures = [
            MeasureSpec(
                key=next(measure_keys),
                title=draw(names()),
                description=draw(names(required=False)),
                responsible=draw(st.lists(references, min_size=1, max_size=3)),
                due=draw(st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31))),
                line=0,
            )
            for _ in range(draw(st.integers(1, 3)))
        ]
        themes.append(ThemeSpec(theme_key, draw(names()), 0, measures))
    return PlanSpec(draw(keys), draw(names()), None, None, [], themes)


def as_yaml(plan: PlanSpec) -> str:
    document: dict[str, Any] = {
        "key": plan.key,
        "name": plan.name,
        "themes": [
            {
                "key": theme.key,
                "name": theme.name,
                "measures": [
                    {
                        "key": m.key,
                        "title": m.title,
                        **({"description": m.description} if m.description else {}),
                        "responsible": m.responsible,
                        **({"due": m.due} if m.due else {}),
                    }
                    for m in theme.measures
                ],
            }
            for theme in plan.themes
        ],
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def as_csv(plan: PlanSpec, delimiter: str) -> str:
    columns = [
        "theme_key",
        *(f"theme_{lang}" for lang in LANGUAGES),
        "measure_key",
        *(f"title_{lang}" for lang in LANGUAGES),
        *(f"description_{lang}" for lang in LANGUAGES),
        "responsible",
        "due",
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for theme in plan.themes:
        for m in theme.measures:
            writer.writerow(
                {
                    "theme_key": theme.key,
                    **{f"theme_{lang}": text for lang, text in theme.name.items()},
                    "measure_key": m.key,
                    **{f"title_{lang}": text for lang, text in m.title.items()},
                    **{f"description_{lang}": text for lang, text in m.description.items()},
                    "responsible": "|".join(m.responsible),
                    "due": m.due.isoformat() if m.due else "",
                }
            )
    return out.getvalue()


def contents(plan: PlanSpec) -> Any:
    """A plan without the line numbers it was read from."""
    return (
        plan.key,
        plan.name,
        [
            (
                t.key,
                t.name,
                [(m.key, m.title, m.description, m.responsible, m.due) for m in t.measures],
            )
            for t in plan.themes
        ],
    )


@given(plans())
def test_a_plan_written_as_yaml_reads_back_the_same(plan: PlanSpec) -> None:
    assert contents(parse_yaml(as_yaml(plan))) == contents(plan)


@given(plans(), st.sampled_from([";", ","]))
def test_a_plan_written_as_csv_reads_back_the_same(plan: PlanSpec, delimiter: str) -> None:
    plan.name = {"fi": "Suunnitelma"}  # CSV takes the plan's key and name from the command line
    read = parse_csv(as_csv(plan, delimiter), plan.key, "Suunnitelma")
    assert contents(read) == contents(plan)


def _yaml_values() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | texts | st.dates() | st.floats()
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "key",
                        "name",
                        "fi",
                        "themes",
                        "measures",
                        "title",
                        "responsible",
                        "due",
                        "period",
                        "start",
                        "end",
                        "organisations",
                        "kind",
                        "language",
                        "x",
                    ]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )


def _refused_or_read(parse: Any, text: str) -> None:
    try:
        parse(text)
    except PlanError as error:
        assert error.problems
        assert all(re.match(r"line \d+: ", problem) for problem in error.problems), error.problems


@given(st.text(max_size=200))
def test_any_text_is_a_plan_or_line_numbered_problems(text: str) -> None:
    _refused_or_read(parse_yaml, text)
    _refused_or_read(lambda t: parse_csv(t, "k", "n"), text)


@given(_yaml_values())
def test_any_yaml_document_is_a_plan_or_line_numbered_problems(document: Any) -> None:
    _refused_or_read(parse_yaml, yaml.safe_dump(document, allow_unicode=True))


@given(plans(), st.data())
def test_a_plan_with_a_field_broken_is_refused_by_line(plan: PlanSpec, data: st.DataObject) -> None:
    """Break one thing in a valid file: each way is a PlanError that names the line."""
    text = as_yaml(plan)
    lines = text.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    broken = data.draw(
        st.sampled_from(
            [
                lambda line: "",  # a line left out
                lambda line: line + " ]",  # a stray bracket
                lambda line: line.replace(":", ":\t", 1),  # a tab
                lambda line: re.sub(r"\d{4}-\d{2}-\d{2}", "2020-13-45", line),  # a bad date
                lambda line: line.replace("fi:", "xx:", 1),  # an unknown language
            ]
        )
    )
    lines[index] = broken(lines[index])
    _refused_or_read(parse_yaml, "\n".join(lines))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("key: k\n\x00", "line 2: not valid YAML: character U+0000"),
        (
            "key: k\nname: n\nthemes:\n- key: t\n  name: x\n  measures:\n"
            "  - {key: m, title: t, responsible: [1], due: 2020-13-01}\n",
            "line 7: themes[1].measures[1].due: '2020-13-01' is not a date (YYYY-MM-DD)",
        ),
    ],
)
def test_what_the_properties_found(text: str, problem: str) -> None:
    """A control character and an impossible date used to escape as a bare exception."""
    with pytest.raises(PlanError) as raised:
        parse_yaml(text)
    assert raised.value.problems[0] == problem


def test_a_csv_field_over_the_limit_is_a_problem_of_its_line() -> None:
    header = "theme_key;theme_fi;measure_key;title_fi;responsible\n"
    with pytest.raises(PlanError) as raised:
        parse_csv(header + "a;b;c;d;e\na;b;c;d;" + "x" * 200_000, "k", "n")
    assert raised.value.problems == [
        "line 3: not valid CSV: field larger than field limit (131072)"
    ]


def test_a_file_that_is_not_utf8_is_a_problem_of_its_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"key: k\nname: Kylien turvallisuus\n" + "teema: Yhteisö\n".encode("latin-1"))
    with pytest.raises(PlanError) as raised:
        load_plan_file(path)
    assert raised.value.problems == ["line 3: the file is not UTF-8 (save it as UTF-8)"]
