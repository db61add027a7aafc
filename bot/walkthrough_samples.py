"""What the people of the reviewer's pages type, in their language.

A broadcast, a report or a comment is the person's own text, not a catalog message; written in
the page's language it lets the reviewer read the conversation as its speakers would have it.
The Sámi sentences are taken from texts the project already has (the example plan's answers
and the demo's event titles), not composed here. A language without its own sample (plain
Finnish) gets its base language's, as the bot itself falls back.
"""

from __future__ import annotations

from bot.i18n import base_language

SAMPLES: dict[str, dict[str, str]] = {
    # a comment on a check-in measure (the example plan's answers file, ky-2)
    "comment": {
        "fi": "Aggregaatti hankittu.",
        "fi@selko": "Ostimme aggregaatin.",
        "sv": "Ett elverk har skaffats.",
        "se": "Generáhtor lea háhkkojuvvon.",
        "smn": "Generaattor lii oostum.",
        "sms": "Generaattor lij ooʹstum.",
        "en": "A generator has been bought.",
    },
    # a title: the demo's virtual coffee (handlers/events/demo.py)
    "title": {
        "fi": "Kylien turvallisuus",
        "fi@selko": "Turvallinen kylä",
        "sv": "Byarnas säkerhet",
        "se": "Gilážiid dorvvolašvuohta",
        "smn": "Siijdâi torvolâšvuotâ",
        "sms": "Siidi staanvuõtt",
        "en": "Village safety",
    },
    # a local phenomenon (Finnish, Swedish, English; the others have their base or Finnish)
    "report": {
        "fi": "Kauppa-auto ei enää käy kylässä. Vanhukset eivät pääse kauppaan.",
        "fi@selko": "Kauppa-auto ei enää tule kylään. Vanhat ihmiset eivät pääse kauppaan.",
        "sv": "Butiksbilen kommer inte längre till byn. De äldre kommer inte till butiken.",
        "en": "The shop van no longer comes to the village. Older people cannot get to a shop.",
    },
    # a report that mentions an emergency word (handlers/phenomena/emergency.py)
    "emergency": {
        "fi": "Viime viikolla oli tulipalo.",
        "sv": "Förra veckan var det en brand.",
        "en": "There was a fire last week.",
    },
    # a coordinator's reply to a report
    "reply": {
        "fi": "Kiitos! Otamme yhteyttä kuntaan.",
        "sv": "Tack! Vi kontaktar kommunen.",
        "en": "Thank you! We will contact the municipality.",
    },
}


def sample(key: str, language: str) -> str:
    """The sample ``key`` in ``language``, else its base language's, else Finnish."""
    texts = SAMPLES[key]
    return texts.get(language) or texts.get(base_language(language)) or texts["fi"]
