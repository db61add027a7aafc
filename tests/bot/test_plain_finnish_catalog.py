"""The plain-Finnish catalog: complete, written for its readers, and measurably easier.

Selkokeskus (the Finnish plain-language centre) publishes its writing guidance without numbers:
"Suosi lyhyitä lauseita ja virkkeitä, kerro vain yksi tärkeä asia yhdessä lauseessa" (prefer
short clauses and sentences, one important thing a clause) and "Suosi lyhyitä sanoja" (prefer
short words): https://selkokeskus.fi/selkokieli/selkokirjoitusohjeet/rakenteet/ and
.../selkokirjoitusohjeet/sanat/. The limits below are the guideline's own: its model of short
sentences on the "Rakenteet" page has sentences of 7, 5 and 10 words (against one of 27 it
rejects), so no plain sentence here is longer than its longest model sentence, 10 words, and
the average stays under that. "Short words" has no number either, so the plain catalog's
words must be shorter on average, and long words (over 12 letters, the page's example being
"opiskelija" over "ammattikorkeakouluopiskelija") rarer, than in the standard Finnish catalog.

Measured over sentences (text ending in . ! or ?); a placeholder or /command counts as one word
(a name or number is read as one), placeholders are left out of the word lengths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from bot import i18n_tool
from bot.i18n import DOMAINS, PLAIN_FINNISH

LONGEST_MODEL_SENTENCE = 10  # words: Selkokeskus, "Rakenteet", the longest model sentence
LONG_WORD = 12  # letters: longer than this counts as a long word
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|/\w+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_NOT_WORDS = re.compile(r"%\(\w+\)[sdif]|/\w+|\d+")


def _catalog(language: str) -> dict[tuple[str, str | None, str], tuple[str, ...]]:
    """Every message of every domain: (domain, context, msgid) -> its forms."""
    found: dict[tuple[str, str | None, str], tuple[str, ...]] = {}
    for domain in DOMAINS:
        for message in i18n_tool.read_catalog(i18n_tool.po_path(language, domain), language):
            if message.id:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                found[domain, message.context, str(message.id)] = tuple(map(str, strings))
    return found


@dataclass(frozen=True)
class Readability:
    sentences: list[tuple[int, str]]  # (words, sentence)
    words: list[str]

    @property
    def mean_sentence(self) -> float:
        return sum(n for n, _ in self.sentences) / len(self.sentences)

    @property
    def mean_word(self) -> float:
        return sum(map(len, self.words)) / len(self.words)

    @property
    def long_words(self) -> float:
        return sum(len(word) > LONG_WORD for word in self.words) / len(self.words)


def measure(language: str) -> Readability:
    sentences, words = [], []
    for forms in _catalog(language).values():
        text = _PLACEHOLDER.sub("X", forms[0])
        for sentence in _SENTENCE.findall(text):
            found = _WORD.findall(sentence)
            if found:
                sentences.append((len(found), sentence.strip()))
                words += [w for w in found if w != "X" and not w.isdigit()]
    return Readability(sentences, words)


def test_every_message_of_every_domain_is_written_in_plain_finnish() -> None:
    templates = i18n_tool.extract_in_memory()
    plain = _catalog(PLAIN_FINNISH)
    for domain, template in templates.items():
        for message in template:
            if not message.id:
                continue
            forms = plain.get((domain, message.context, str(message.id)))
            assert forms is not None and all(forms), f"{domain}: {message.id!r}"
            if isinstance(message.id, tuple):
                assert len(forms) == 2, f"{domain}: {message.id!r} needs two plural forms"


def copied(plain: tuple[str, ...], finnish: tuple[str, ...]) -> bool:
    """A form equal to the Finnish one that has more than three words."""
    return any(
        mine == theirs and len(_WORD.findall(_NOT_WORDS.sub(" ", theirs))) > 3
        for mine, theirs in zip(plain, finnish, strict=True)
    )


def test_no_longer_entry_is_copied_from_finnish() -> None:
    """A message of more than three words must be rewritten, not taken over from Finnish."""
    finnish = _catalog("fi")
    plain = _catalog(PLAIN_FINNISH)
    assert [key for key, forms in plain.items() if copied(forms, finnish[key])] == []


@pytest.mark.parametrize(
    ("plain", "finnish", "expected"),
    [
        (("Sinusta ei ole tallennettu mitään.",), ("Sinusta ei ole tallennettu mitään.",), True),
        (("Sinusta ei ole tallessa mitään.",), ("Sinusta ei ole tallennettu mitään.",), False),
        (("Mitä haluat tehdä?",), ("Mitä haluat tehdä?",), False),  # three words may agree
        (("Kirjoita %(n)s kielellä %(x)s.",), ("Kirjoita %(n)s kielellä %(x)s.",), False),
        (("1 ja 2", "Tämä on sama muoto"), ("1 ja 2", "Tämä on sama muoto"), True),
    ],
)
def test_a_copy_is_told_apart(
    plain: tuple[str, ...], finnish: tuple[str, ...], expected: bool
) -> None:
    assert copied(plain, finnish) is expected


def test_no_plain_sentence_is_longer_than_the_guidelines_longest_model() -> None:
    too_long = [s for n, s in measure(PLAIN_FINNISH).sentences if n > LONGEST_MODEL_SENTENCE]
    assert too_long == []


def test_plain_sentences_are_short_on_average_and_shorter_than_finnish() -> None:
    plain, standard = measure(PLAIN_FINNISH), measure("fi")
    assert plain.mean_sentence < LONGEST_MODEL_SENTENCE
    assert plain.mean_sentence < standard.mean_sentence
    # Plain texts say one thing a sentence: the same messages take more, shorter sentences.
    assert len(plain.sentences) > len(standard.sentences)


def test_plain_words_are_shorter_and_long_words_rarer_than_in_finnish() -> None:
    plain, standard = measure(PLAIN_FINNISH), measure("fi")
    assert plain.mean_word < standard.mean_word
    assert plain.long_words < standard.long_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peruttu.", [(1, "Peruttu.")]),
        ("Kiitos! Kysely X on auki.", [(1, "Kiitos!"), (4, "Kysely X on auki.")]),
        ("Kunta: X", []),  # a label line, not a sentence
    ],
)
def test_the_measure_counts_sentences_and_words(text: str, expected: list[object]) -> None:
    found = [(len(_WORD.findall(s)), s.strip()) for s in _SENTENCE.findall(text)]
    assert found == expected
