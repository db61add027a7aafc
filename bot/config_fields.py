"""How a raw setting becomes a typed field of a frozen dataclass (``bot.config.Settings``).

pydantic-settings did this until ``kylabot`` start-up was measured: importing pydantic, its
core and pydantic-settings was about a fifth of every command's start-up, and the library's own
environment reading was unused (``load_settings`` reads the environment and ``.env`` itself;
issue 12, item 21). What is left is small: each field's annotation names its type (``str``,
``int``, ``float``, ``bool``, ``Secret``, each optionally ``| None``), and ``setting(...)`` adds
bounds, a parser that replaces the conversion by type, or a check run after it.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, get_args, get_type_hints

T = TypeVar("T")

TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
FALSE = frozenset({"false", "0", "no", "off", "f", "n"})


class Invalid(ValueError):
    """Field ``name`` is malformed; ``expected`` says, in words, what it should be."""

    def __init__(self, name: str, expected: str) -> None:
        super().__init__(f"{name}: {expected}")
        self.name = name
        self.expected = expected


@dataclass(frozen=True, slots=True, repr=False)
class Secret:
    """A token or password: ``repr`` and ``str`` never show it, so logs and tracebacks don't."""

    _value: str

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"


@dataclass(frozen=True, slots=True)
class Rule:
    """How one field's raw value is read, besides its type.

    ``parse`` replaces the conversion by type (a raw string or a typed value in, the field's
    type out); ``check`` runs after the conversion and returns the normalised value. Both raise
    ValueError whose message says what the setting should be.
    """

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    parse: Callable[[Any], Any] | None = None
    check: Callable[[Any], Any] | None = None

    def expected(self, kind: str) -> str:
        """What a number must be, in words: ``a whole number from 1 to 60``."""
        if self.ge is not None and self.le is not None and self.gt is None:
            return f"{kind} from {self.ge:g} to {self.le:g}"
        limits = [
            *([f"at least {self.ge:g}"] if self.ge is not None else []),
            *([f"greater than {self.gt:g}"] if self.gt is not None else []),
            *([f"at most {self.le:g}"] if self.le is not None else []),
        ]
        return " ".join([kind, " and ".join(limits)]).strip()

    def within(self, value: float, kind: str) -> None:
        # Written as "not inside" so that NaN fails every bound.
        if (
            (self.ge is not None and not value >= self.ge)
            or (self.gt is not None and not value > self.gt)
            or (self.le is not None and not value <= self.le)
        ):
            raise ValueError(self.expected(kind))


NO_RULE = Rule()


def setting(
    default: T,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    parse: Callable[[Any], T] | None = None,
    check: Callable[[T], T] | None = None,
) -> T:
    """A field's default, with its bounds, its own parser or its check (see ``Rule``)."""
    rule = Rule(ge=ge, gt=gt, le=le, parse=parse, check=check)
    return field(default=default, metadata={"rule": rule})


def read_fields(cls: type[Any], values: Mapping[str, object]) -> dict[str, Any]:
    """The fields of dataclass ``cls`` found in ``values``, each converted and checked.

    Unknown names are ignored. Raises Invalid for the first bad value, in the fields' order.
    """
    read: dict[str, Any] = {}
    for spec in _fields(cls):
        if spec.name in values:
            try:
                read[spec.name] = spec.read(values[spec.name])
            except ValueError as exc:
                raise Invalid(spec.name, str(exc)) from None
    return read


def _text(value: object, rule: Rule) -> str:
    if not isinstance(value, str):
        raise ValueError(f"text, not {type(value).__name__}")
    return value


def _secret(value: object, rule: Rule) -> Secret:
    return value if isinstance(value, Secret) else Secret(_text(value, rule))


def _bool(value: object, rule: Rule) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word not in TRUE | FALSE:
        raise ValueError("true or false (or yes/no, on/off, 1/0)")
    return word in TRUE


def _as_float(value: object) -> float | None:
    """The number in ``value`` (a number, or text such as `` 2.5``), or None."""
    try:
        return float(value) if isinstance(value, int | float | str) else None
    except (ValueError, OverflowError):
        return None


def _int(value: object, rule: Rule) -> int:
    """A whole number; ``3.0`` (as a generated file may write it) is 3, ``3.5`` is refused."""
    kind = "a whole number"
    number: int | None = None
    if isinstance(value, int):
        number = int(value)  # True is 1, as an int
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        whole, dot, zeros = value.strip().partition(".")
        with suppress(ValueError):
            number = int(whole) if not dot or (zeros and not zeros.strip("0")) else None
    if number is None:
        raise ValueError(rule.expected(kind))
    rule.within(number, kind)
    return number


def _float(value: object, rule: Rule) -> float:
    number = _as_float(value)
    if number is None:
        raise ValueError(rule.expected("a number"))
    rule.within(number, "a number")
    return number


CONVERTERS: dict[object, Callable[[object, Rule], object]] = {
    str: _text,
    int: _int,
    float: _float,
    bool: _bool,
    Secret: _secret,
}


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    kind: object  # the annotation without its "| None"
    optional: bool
    rule: Rule

    def read(self, value: object) -> object:
        if self.rule.parse is not None:
            value = self.rule.parse(value)
        elif value is not None or not self.optional:
            value = CONVERTERS[self.kind](value, self.rule)
        return self.rule.check(value) if self.rule.check is not None else value


_FIELDS: dict[type[Any], tuple[_Field, ...]] = {}


def _fields(cls: type[Any]) -> tuple[_Field, ...]:
    """Each field of ``cls`` with its type, read from the annotations once, and its rule."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    hints = get_type_hints(cls)
    found = []
    for spec in fields(cls):
        kind, optional = hints[spec.name], False
        if isinstance(kind, types.UnionType):
            kinds = [a for a in get_args(kind) if a is not type(None)]
            kind, optional = (kinds[0] if len(kinds) == 1 else kind), True
        rule: Rule = spec.metadata.get("rule", NO_RULE)
        if rule.parse is None and kind not in CONVERTERS:
            raise TypeError(f"{cls.__name__}.{spec.name}: no converter for {kind}; give a parse")
        found.append(_Field(spec.name, kind, optional, rule))
    _FIELDS[cls] = tuple(found)
    return _FIELDS[cls]
