"""Properties of the coffee roulette pairing (issue 10), for groups of 0 to 500 people.

Random groups check what must always hold (nobody twice, no pair from one organisation, a
shared language in every pair). "Everyone is placed when a valid placement exists" and "no
repeat of the last three rounds when avoidable" are checked two ways: against a brute-force
oracle for small groups, and on large groups built around a planted valid placement (whose
pairs are never in the history), so a valid, repeat-free placement is known to exist.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.events.pairing import Pairing, Person, may_meet, pair

LANGUAGES = ("fi", "sv", "se", "smn", "sms", "en")
MUNICIPALITIES = ("Inari", "Utsjoki", "Rovaniemi", "Kemi", "Salla", None)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_valid(people: Sequence[Person], result: Pairing) -> None:
    by_id = {person.id: person for person in people}
    placed = [member for group in result.groups for member in group]
    assert len(placed) == len(set(placed)), "someone is in two groups"
    assert sorted(placed + result.unplaced) == sorted(by_id), "someone is missing or invented"
    for group in result.groups:
        assert len(group) in (2, 3)
        for a, b in combinations(group, 2):
            assert may_meet(by_id[a], by_id[b]), f"{by_id[a]} and {by_id[b]} may not meet"


@st.composite
def random_group(draw: st.DrawFn, max_size: int = 500) -> tuple[list[Person], set[frozenset[int]]]:
    size = draw(st.integers(0, max_size))
    organisations = draw(st.integers(1, max(1, size)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    people = []
    for i in range(size):
        spoken = {code for code in LANGUAGES if rng.random() < 0.3} or {rng.choice(LANGUAGES)}
        people.append(
            Person(
                i,
                rng.randrange(organisations),
                rng.choice(MUNICIPALITIES),
                frozenset(spoken),
            )
        )
    history = (
        {frozenset(rng.sample(range(size), 2)) for _ in range(rng.randrange(size * 2 + 1))}
        if size >= 2
        else set()
    )
    return people, history


@st.composite
def planted_group(draw: st.DrawFn) -> tuple[list[Person], set[frozenset[int]]]:
    """People built as a valid placement (pairs and at most one trio), plus a history of
    earlier rounds that never contains one of those pairs."""
    size = draw(st.integers(2, 500))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    organisations = rng.randrange(2, max(3, size // 2))
    sizes = [2] * (size // 2)
    if size % 2:
        sizes[0] = 3
    people: list[Person] = []
    planted: set[frozenset[int]] = set()
    for group_size in sizes:
        common = rng.choice(LANGUAGES)
        members = list(range(len(people), len(people) + group_size))
        orgs = rng.sample(range(organisations + group_size), group_size)
        for member, org in zip(members, orgs, strict=True):
            extra = {code for code in LANGUAGES if rng.random() < 0.15}
            people.append(
                Person(member, org, rng.choice(MUNICIPALITIES), frozenset({common, *extra}))
            )
        planted.update(frozenset(p) for p in combinations(members, 2))
    history = set()
    for _ in range(rng.randrange(size * 3)):
        candidate = frozenset(rng.sample(range(size), 2))
        if candidate not in planted:
            history.add(candidate)
    rng.shuffle(people)
    return people, history


def brute_force(people: Sequence[Person], history: set[frozenset[int]]) -> tuple[int, int]:
    """(fewest left out, fewest repeats among placements leaving that few out)."""
    best = (len(people) + 1, 0)

    def search(left: list[Person], repeats: int, unplaced: int) -> None:
        nonlocal best
        if (unplaced, repeats) >= best:
            return
        if not left:
            best = (unplaced, repeats)
            return
        first, rest = left[0], left[1:]
        for j, second in enumerate(rest):
            if not may_meet(first, second):
                continue
            extra = int(frozenset((first.id, second.id)) in history)
            search(rest[:j] + rest[j + 1 :], repeats + extra, unplaced)
            for third in rest[j + 1 :]:
                trio = (first, second, third)
                if all(may_meet(a, b) for a, b in combinations(trio, 2)):
                    repeat = any(
                        frozenset((a.id, b.id)) in history for a, b in combinations(trio, 2)
                    )
                    remaining = [p for p in rest if p is not second and p is not third]
                    search(remaining, repeats + int(repeat), unplaced)
        search(rest, repeats, unplaced + 1)

    search(list(people), 0, 0)
    return best


@SETTINGS
@given(random_group(), st.integers(0, 2**32 - 1))
def test_every_pairing_is_valid(group: tuple[list[Person], set[frozenset[int]]], seed: int) -> None:
    people, history = group
    check_valid(people, pair(people, history, random.Random(seed)))


@SETTINGS
@given(random_group(max_size=8), st.integers(0, 2**32 - 1))
def test_small_groups_match_the_brute_force_optimum(
    group: tuple[list[Person], set[frozenset[int]]], seed: int
) -> None:
    people, history = group
    result = pair(people, history, random.Random(seed))
    check_valid(people, result)
    assert (len(result.unplaced), result.repeats) == brute_force(people, history)


@SETTINGS
@given(planted_group(), st.integers(0, 2**32 - 1))
def test_everyone_is_placed_without_repeats_when_a_placement_exists(
    group: tuple[list[Person], set[frozenset[int]]], seed: int
) -> None:
    people, history = group
    result = pair(people, history, random.Random(seed))
    check_valid(people, result)
    assert result.unplaced == []
    assert result.repeats == 0


def test_the_same_seed_gives_the_same_pairs() -> None:
    people = [
        Person(i, i % 7, MUNICIPALITIES[i % 6], frozenset({"fi", LANGUAGES[i % 6]}))
        for i in range(40)
    ]
    first = pair(people, set(), random.Random(42))
    assert pair(people, set(), random.Random(42)).groups == first.groups
    assert len(first.groups) == 20


def test_a_skolt_sami_speaker_who_speaks_finnish_meets_a_finnish_speaker() -> None:
    skolt = Person(1, 1, "Inari", frozenset({"sms", "fi"}))
    finn = Person(2, 2, "Kemi", frozenset({"fi"}))
    assert pair([skolt, finn], set(), random.Random(0)).groups in ([(1, 2)], [(2, 1)])
    swede = Person(3, 3, "Tornio", frozenset({"sv"}))
    assert sorted(pair([skolt, swede], set(), random.Random(0)).unplaced) == [1, 3]


def test_the_odd_one_out_joins_a_pair_as_a_trio() -> None:
    people = [Person(i, i, None, frozenset({"fi"})) for i in range(21)]
    result = pair(people, set(), random.Random(5))
    assert sorted(len(group) for group in result.groups) == [2] * 9 + [3]
    assert result.unplaced == []


def test_other_municipalities_are_preferred() -> None:
    people = [Person(i, i, "Inari" if i < 10 else "Kemi", frozenset({"fi"})) for i in range(20)]
    result = pair(people, set(), random.Random(3))
    for a, b in result.groups:
        assert (a < 10) != (b < 10)
