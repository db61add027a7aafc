"""What a feature adds to the application, said once in one record.

Each feature folder (``handlers/<name>/``) ends with a ``feature.py`` that builds one
``Feature``; ``bot/features.py`` lists them, and the application, the CLI, the demo, ``/mydata``,
the broadcast audiences and the catalog tool read that list. Nothing is registered by importing
a module, so import order can never change behaviour (it did: two features once defined the same
``/mydata`` section and the second silently replaced the first).

The record is in two parts so that the CLI stays quick: what ``kylabot --help`` needs (name,
catalog, CLI commands) is imported with the list, and what the running bot needs (``Parts``:
conversations, workers, sections, audiences, demo) is built by the feature's ``parts()``
when the application or a command asks for it. This module only names types, so importing it
costs nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession
    from starlette.routing import BaseRoute

    from bot.emulator import EmulatedUser
    from bot.flow import Flow
    from bot.harness import LocalBot
    from bot.outbox.types import Tick
    from bot.segments import SegmentKind
    from bot.services import Services
    from bot.walkthrough import Walkthrough
    from storage.models import Contact

Hook = Callable[["Services"], Awaitable[None]]
DemoStep = Callable[["LocalBot", "EmulatedUser", str], Awaitable[str | None]]
CliRegistrar = Callable[[Any, Sequence["Feature"]], None]  # (argparse subparsers, all features)


@dataclass(frozen=True)
class DataSection:
    """One part of ``/mydata``: what a feature stores about a person.

    ``tables`` names every table the section reads; a test derives the tables that hold
    personal data from the models and fails when one is in no section.
    """

    key: str
    tables: tuple[str, ...]
    collect: Callable[[AsyncSession, Contact], Awaitable[Any]]


@dataclass(frozen=True)
class Parts:
    """What a feature adds to the running bot; every field may stay empty.

    - ``flows``: builders of its conversations (called once when the router is built).
    - ``on_start`` / ``on_stop``: its workers (jobs on ``services.scheduler``), started after
      the database is open, stopped in reverse order of the feature list.
    - ``sender_ticks``: periodic work run by the one sender's loop.
    - ``data_sections``: its parts of ``/mydata``.
    - ``segments``: audiences it adds to broadcasts (and events).
    - ``demo_steps``: its part of ``make demo``, in the order of the feature list.
    - ``http_routes``: pages it serves on ``KYLABOT_LISTEN`` beside the webhook, ``/healthz``
      and ``/metrics`` (the coordinator desk); called once when the listener's app is built.
    - ``walkthroughs``: its flows played for a translation reviewer's pages (``kylabot i18n
      pack``, ``bot.walkthrough``); every flow is in one. Called only by the pack: the
      scripts import the emulator, which the running bot never needs.
    """

    flows: Sequence[Callable[[], Flow]] = ()
    on_start: Hook | None = None
    on_stop: Hook | None = None
    sender_ticks: Callable[[Services], Sequence[Tick]] | None = None
    data_sections: Sequence[DataSection] = ()
    segments: Sequence[SegmentKind] = ()
    demo_steps: Sequence[DemoStep] = ()
    http_routes: Callable[[Services], Sequence[BaseRoute]] | None = None
    walkthroughs: Callable[[], Sequence[Walkthrough]] | None = None


def no_parts() -> Parts:
    return Parts()


@dataclass(frozen=True)
class Feature:
    """One feature: its folder's name, its catalog, its CLI commands and its parts.

    ``domain`` is the catalog its texts are extracted into and looked up in first; ``cli`` adds
    its ``kylabot`` subcommands (it sees every feature, e.g. for the audiences of ``kylabot
    broadcast send --segment``); ``parts`` builds the rest (see ``Parts``).
    """

    name: str
    domain: str = "kylabot"
    cli: CliRegistrar | None = None
    parts: Callable[[], Parts] = field(default=no_parts)


def check_unique(features: Sequence[Feature], parts: Sequence[Parts]) -> None:
    """Refuses two features, sections or segments with one name (a wiring mistake)."""
    seen: dict[str, set[str]] = {"feature": set(), "section": set(), "segment": set()}

    def claim(kind: str, key: str, owner: str) -> None:
        if key in seen[kind]:
            raise ValueError(f"{kind} {key!r} is defined twice (again by {owner})")
        seen[kind].add(key)

    for feature, part in zip(features, parts, strict=True):
        claim("feature", feature.name, feature.name)
        for section in part.data_sections:
            claim("section", section.key, feature.name)
        for segment in part.segments:
            claim("segment", segment.key, feature.name)
