"""Coffee roulette pairing: a pure function, deterministic given a ``random.Random``.

Two people may meet when they are of different organisations and share a language they said
they can meet in. Within that, the pairing prefers people who have not met in the last three
rounds, then people of different municipalities. An odd one out (or someone no pair fits any
more) joins a pair as a trio whose every two members may meet.

Small groups (up to ``EXACT_LIMIT``) are solved exactly: nobody is left out when any valid
placement exists, and no recent pair repeats when that can be avoided. Larger groups use a
greedy pass (the people with the fewest possible partners first, each taking the candidate
with the fewest partners of their own) and then repair it: augmenting paths pair up who was
left over, first without and then with recent pairs, and a last one joins a pair as a trio.
5,000 participants take well under a second (``python -m bench events``).
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

EXACT_LIMIT = 8
CANDIDATES = 12  # compatible candidates weighed per person in the greedy pass
SEARCH_BUDGET = 2_000_000  # candidate pairs all augmenting-path searches may look at
SEARCH_LIMIT = 150_000  # ... and one search (a failing one looks at the whole group)
TRIO_ATTEMPTS = 2_000


@dataclass(frozen=True)
class Person:
    id: int
    organisation: int | None
    municipality: str | None
    languages: frozenset[str]


@dataclass
class Pairing:
    groups: list[tuple[int, ...]] = field(default_factory=list)  # pairs and trios, by id
    unplaced: list[int] = field(default_factory=list)
    repeats: int = 0  # groups with two members who met in the recent rounds


def may_meet(a: Person, b: Person) -> bool:
    """Different organisations (no organisation counts as its own) and a shared language."""
    if a.id == b.id:
        return False
    if a.organisation is not None and a.organisation == b.organisation:
        return False
    return bool(a.languages & b.languages)


def pair(people: Sequence[Person], recent: Iterable[frozenset[int]], rng: random.Random) -> Pairing:
    """Places everyone it can in pairs (a trio for an odd one out); see the module docstring."""
    order = list(people)
    rng.shuffle(order)
    met = {p for p in recent if len(p) == 2}
    small = len(order) <= EXACT_LIMIT
    groups = _exact(order, met) if small else _Heuristic(order, met, rng).run()
    placed = {person for group in groups for person in group}
    result = Pairing(
        groups=[tuple(order[i].id for i in group) for group in groups],
        unplaced=[person.id for i, person in enumerate(order) if i not in placed],
    )
    result.repeats = sum(1 for group in result.groups if _has_repeat(group, met))
    return result


def _has_repeat(group: Sequence[int], met: set[frozenset[int]]) -> bool:
    return any(frozenset((a, b)) in met for i, a in enumerate(group) for b in group[i + 1 :])


# ------------------------------------------------------------------------------ exact


def _exact(people: list[Person], met: set[frozenset[int]]) -> list[tuple[int, ...]]:
    """The best placement of a small group by exhaustive search.

    Best is, in this order: fewest left out, fewest recent pairs again, fewest trios, fewest
    groups within one municipality.
    """
    n = len(people)
    ok = [[may_meet(people[i], people[j]) for j in range(n)] for i in range(n)]

    def cost_of(group: tuple[int, ...]) -> tuple[int, int, int]:
        ids = [people[i].id for i in group]
        same = len({people[i].municipality for i in group}) == 1 and all(
            people[i].municipality for i in group
        )
        return (1 if _has_repeat(ids, met) else 0, 1 if len(group) == 3 else 0, int(same))

    best: list[tuple[tuple[int, ...], list[tuple[int, ...]]]] = []

    def search(left: list[int], chosen: list[tuple[int, ...]], cost: tuple[int, ...]) -> None:
        if best and cost >= best[0][0]:
            return
        if not left:
            best[:] = [(cost, list(chosen))]
            return
        first, rest = left[0], left[1:]
        for j, second in enumerate(rest):
            if not ok[first][second]:
                continue
            pair_ = (first, second)
            search(rest[:j] + rest[j + 1 :], [*chosen, pair_], _add(cost, 0, cost_of(pair_)))
            for k in range(j + 1, len(rest)):
                third = rest[k]
                if ok[first][third] and ok[second][third]:
                    trio = (first, second, third)
                    remaining = [r for r in rest if r not in (second, third)]
                    search(remaining, [*chosen, trio], _add(cost, 0, cost_of(trio)))
        search(rest, chosen, _add(cost, 1, (0, 0, 0)))  # ``first`` left out

    search(list(range(n)), [], (0, 0, 0, 0))
    return best[0][1]


def _add(cost: tuple[int, ...], unplaced: int, group: tuple[int, int, int]) -> tuple[int, ...]:
    """(left out, repeats, trios, same municipality) plus one group's or person's share."""
    return (cost[0] + unplaced, cost[1] + group[0], cost[2] + group[1], cost[3] + group[2])


# -------------------------------------------------------------------------- heuristic


class _Heuristic:
    """Greedy matching, completed by Edmonds' augmenting paths; people are list indices.

    Phase one uses only pairs that have not met recently, phase two any allowed pair, so a
    placement without repeats is found whenever the matching can find one. Whoever is left
    over then joins a pair as a trio.
    """

    def __init__(self, people: list[Person], met: set[frozenset[int]], rng: random.Random):
        self.people = people
        self.met = met
        self.rng = rng
        self.n = len(people)
        self.mate: list[int] = [-1] * self.n
        speakers: dict[str, list[int]] = defaultdict(list)
        for i, person in enumerate(people):
            for language in sorted(person.languages):
                speakers[language].append(i)
        for pool in speakers.values():
            rng.shuffle(pool)
        self.speakers = dict(speakers)
        self.degree = self._degrees()
        self.budget = SEARCH_BUDGET
        self.removed: set[int] = set()  # members of trios, out of the matching

    def _degrees(self) -> list[int]:
        """How many people each person may meet, counted per set of languages (no pair loop)."""
        by_set: dict[frozenset[str], int] = defaultdict(int)
        by_org_set: dict[tuple[int, frozenset[str]], int] = defaultdict(int)
        for person in self.people:
            by_set[person.languages] += 1
            if person.organisation is not None:
                by_org_set[person.organisation, person.languages] += 1
        overlap = {a: [b for b in by_set if a & b] for a in by_set}
        degrees = []
        for person in self.people:
            sets = overlap[person.languages]
            same = (
                sum(by_org_set.get((person.organisation, s), 0) for s in sets)
                if person.organisation is not None
                else 1
            )
            degrees.append(max(sum(by_set[s] for s in sets) - same, 0))
        return degrees

    def ok(self, a: int, b: int, repeats: bool) -> bool:
        if not may_meet(self.people[a], self.people[b]):
            return False
        return repeats or frozenset((self.people[a].id, self.people[b].id)) not in self.met

    def neighbours(self, a: int, repeats: bool) -> Iterator[int]:
        """Everyone ``a`` may meet (each once); counts against the search budget."""
        seen = {a}
        for language in sorted(self.people[a].languages):
            for b in self.speakers[language]:
                if b not in seen:
                    seen.add(b)
                    self.budget -= 1
                    if b not in self.removed and self.ok(a, b, repeats):
                        yield b

    def run(self) -> list[tuple[int, ...]]:
        tiebreak = list(range(self.n))
        self.rng.shuffle(tiebreak)
        order = sorted(range(self.n), key=lambda i: (self.degree[i], tiebreak[i]))
        for repeats in (False, True):
            self._greedy(order, repeats)
            free = sum(1 for a in order if self.mate[a] < 0)
            for root in order:
                if free < 2 or self.budget <= 0:
                    break  # a path needs a free person at each end
                if self.mate[root] < 0 and self._augment(root, repeats):
                    free -= 2
        return self._groups(order)

    def _greedy(self, order: list[int], repeats: bool) -> None:
        """Each free person, hardest to place first, takes the free candidate with the fewest
        possible partners, preferring another municipality."""
        free = {language: list(pool) for language, pool in self.speakers.items()}
        for a in order:
            if self.mate[a] >= 0:
                continue
            municipality = self.people[a].municipality
            best, best_key, weighed = -1, (2, 0), 0
            for language in sorted(self.people[a].languages):
                pool = free[language]
                pool[:] = [b for b in pool if self.mate[b] < 0 and b != a]
                for b in pool:
                    if not self.ok(a, b, repeats):
                        continue
                    same = municipality is not None and municipality == self.people[b].municipality
                    key = (int(same), self.degree[b])
                    if key < best_key:
                        best, best_key = b, key
                    weighed += 1
                    if weighed >= CANDIDATES:
                        break
                if weighed >= CANDIDATES:
                    break
            if best >= 0:
                self.mate[a], self.mate[best] = best, a

    def _augment(self, root: int, repeats: bool) -> bool:
        """Edmonds' search for an augmenting path from ``root`` (with blossoms); flips it."""
        n = self.n
        mate = self.mate
        base = list(range(n))
        parent = [-1] * n
        used = [False] * n
        used[root] = True
        queue = deque([root])

        def lca(a: int, b: int) -> int:
            seen = [False] * n
            while True:
                a = base[a]
                seen[a] = True
                if mate[a] < 0:
                    break
                a = parent[mate[a]]
            while True:
                b = base[b]
                if seen[b]:
                    return b
                b = parent[mate[b]]

        def mark(v: int, root_base: int, child: int, blossom: list[bool]) -> None:
            while base[v] != root_base:
                blossom[base[v]] = blossom[base[mate[v]]] = True
                parent[v] = child
                child = mate[v]
                v = parent[mate[v]]

        stop = self.budget - SEARCH_LIMIT
        while queue:
            v = queue.popleft()
            for to in self.neighbours(v, repeats):
                if self.budget <= max(stop, 0):
                    return False
                if base[v] == base[to] or mate[v] == to:
                    continue
                if to == root or (mate[to] >= 0 and parent[mate[to]] >= 0):
                    current = lca(v, to)
                    blossom = [False] * n
                    mark(v, current, to, blossom)
                    mark(to, current, v, blossom)
                    for i in range(n):
                        if blossom[base[i]]:
                            base[i] = current
                            if not used[i]:
                                used[i] = True
                                queue.append(i)
                elif parent[to] < 0:
                    parent[to] = v
                    if mate[to] < 0:
                        while to >= 0:  # flip the path back to the root
                            previous = mate[parent[to]]
                            mate[to], mate[parent[to]] = parent[to], to
                            to = previous
                        return True
                    used[mate[to]] = True
                    queue.append(mate[to])
        return False

    def _groups(self, order: list[int]) -> list[tuple[int, ...]]:
        """The pairs, and trios for whoever the matching leaves over."""
        trios: list[tuple[int, int, int]] = []
        for repeats in (False, True):
            while self.budget > 0:
                free = [a for a in order if self.mate[a] < 0 and a not in self.removed]
                if not free or not self._trio(free, repeats, trios):
                    break
        groups = [(a, b) for a in order if (b := self.mate[a]) >= 0 and a < b]
        return [*groups, *trios]

    def _trio(self, free: list[int], repeats: bool, trios: list[tuple[int, int, int]]) -> bool:
        """Takes out one triangle so that, after the matching is repaired around it, one
        person fewer is left over; triangles through a left-over person are tried first."""
        others = [a for a in range(self.n) if a not in self.removed and a not in set(free)]
        for u in [*free, *others]:
            for trio in self._triangles(u, repeats):
                if self.budget <= 0:
                    return False
                saved = list(self.mate)
                self.removed.update(trio)
                for member in trio:
                    partner = self.mate[member]
                    self.mate[member] = -1
                    if partner >= 0 and partner not in trio:
                        self.mate[partner] = -1
                for root in [a for a in range(self.n) if self.mate[a] < 0]:
                    if root not in self.removed and self.mate[root] < 0:
                        self._augment(root, repeats)
                left = sum(1 for a in range(self.n) if self.mate[a] < 0 and a not in self.removed)
                if left < len(free):
                    trios.append(trio)
                    return True
                self.removed.difference_update(trio)
                self.mate = saved
        return False

    def _triangles(self, u: int, repeats: bool) -> Iterator[tuple[int, int, int]]:
        """Triangles (u, a, b) of people who may all meet, at most ``TRIO_ATTEMPTS``."""
        partners = [b for b in self.neighbours(u, repeats) if b not in self.removed]
        # A pair u may join whole costs nothing to repair: those first.
        partners.sort(key=lambda a: self.mate[a] < 0 or not self.ok(u, self.mate[a], repeats))
        attempts = 0
        for i, a in enumerate(partners):
            for b in partners[i + 1 :]:
                if self.ok(a, b, repeats):
                    attempts += 1
                    if attempts > TRIO_ATTEMPTS:
                        return
                    yield (u, a, b)
