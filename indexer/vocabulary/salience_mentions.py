"""How one country mention in a text weighs: what the words right around it say.

:mod:`.salience` decides which countries a text is about from all its mentions;
this module reads each mention on its own: is it where people come from ("refugees
from Pakistan"), a source or a firm ("a British newspaper"), the first word of a
body's name ("the U.S. Army Corps of Engineers") or a country's acronym used as a
modifier ("US politicians"), where an office sits or a meeting is held, a language code ("[EN/UK]"), an
example ("such as …"), or an acronym the text spells out as something else? Each
answer changes the mention's weight, never the decision itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from migsearch.indexer.vocabulary.country_tagger import PlaceMention, scan_places

__all__ = [
    "acronym_elsewhere",
    "acronym_modifier",
    "as_example",
    "global_paragraphs",
    "language_code",
    "lone_heading",
    "names_origin",
    "names_source",
    "opens_body",
    "sentence_around",
    "where_meeting_sits",
    "where_office_sits",
]

#: Words right before a place that make it where people come from.
_ORIGIN_BEFORE = re.compile(
    r"\b(?:(?:refugees?|returnees?|migrants?|families|people|arrivals|nationals|deportees)"
    r"[ \t]+(?:\w+[ \t]+)?from|fled|fleeing|fled from|left|escaped|escaping|"
    r"(?:arriv(?:e|es|ed|ing)|com(?:e|es|ing)|came|return(?:s|ed|ing)?|expelled(?:[ \t]+back)?|"
    r"deported|pushed[ \t]+back|crossed|crossing)[ \t]+from)"
    r"(?:[ \t]+neighbou?ring)?"
    r"[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
#: Words right after a country's name that make it where people come from: "Myanmar
#: nationals have entered Bangladesh", "Afghanistan returnees". (After a demonym they
#: are the common case, "Syrian refugees", and the demonym's weight covers them.)
_ORIGIN_AFTER = re.compile(
    r"[ \t]+(?:(?:migrant|forcibly[ -]displaced|displaced)[ \t]+)?"
    r"(?:nationals|refugees|migrants|returnees|asylum[ -]seekers|workers|citizens|deportees)\b",
    re.IGNORECASE,
)
#: Words right after a demonym that make it where a source or a firm comes from, not
#: a subject: "the Taiwanese publication DigiTimes", "a British newspaper".
_SOURCE_AFTER = re.compile(
    r"^[ \t]+(?:(?:news|media|online|trade|daily|state|tech|technology)[ \t]+)?"
    r"(?:publications?|newspapers?|papers?|outlets?|magazines?|broadcasters?|news agency|"
    r"websites?|blogs?|companies|company|firms?|makers?|manufacturers?|brands?|start-?ups?|"
    r"suppliers?)\b",
    re.IGNORECASE,
)
#: A body's name that a country's name opens ("the U.S. Army Corps of Engineers", "U.S.
#: Small Business Administration", "the UK's Department for International Development",
#: "UAE Armed Forces"): the country says whose body acts, as its demonym would ("the
#: American army"), and weighs as one.
_BODY_AFTER = re.compile(
    r"(?:['’]s)?[ \t]+(?:[A-Z][\w'’\-]*[ \t]+(?:(?:of|for|and|&)[ \t]+)?){0,4}"
    r"(?:Administration|Agency|Army|Corps|Forces?|Navy|Marines|Air Force|Coast Guard|"
    r"Department|Service|Institute|Council|Society|Red Cross|Red Crescent|Awards?|Congress|"
    r"Senate|Commission|Bank|Police|Company|Corporation|University|Foundation|Association|"
    r"Committee|Authority|Museum)\b"
)
#: A country's acronym ("US", "U.S.", "UK", "UAE") right before a word that is not a
#: verb or a small word of the sentence is a modifier, as a demonym is: "US politicians",
#: "the U.S. military effort", "the UAE Ambassador", "a UAE delegation" say whose people
#: or body act, not where the text takes place ("the UAE has delivered", "from the US
#: and Canada", "in the US." name the country).
_ACRONYM_MODIFIER = re.compile(
    r"[ \t]+(?!(?:and|or|nor|but|has|had|have|is|was|are|were|will|would|shall|should|can|"
    r"could|may|might|must|does|did|do|to|in|on|at|for|from|with|by|of|as|than|that|which|"
    r"who|where|when|since|after|before|also|said|says|the|a|an|its|their|this|it|"
    r"via|into|until|while|if|because)\b)[A-Za-z]"
)
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,4}")


def acronym_modifier(text: str, m: PlaceMention) -> bool:
    """Is ``m`` a country's acronym used as a modifier (``_ACRONYM_MODIFIER``)?"""
    return (
        m.kind != "demonym"
        and _ACRONYM.fullmatch(m.written) is not None
        and _ACRONYM_MODIFIER.match(text, m.end, m.end + 40) is not None
    )


#: Words right before a place that make it where an organisation's office sits ("the
#: country cluster office in Haiti", "its regional office for the Americas (ARO) in
#: Panama", "national headquarters in Spain"), not where the text takes place.
_OFFICE_BEFORE = re.compile(
    r"\b(?:office|offices|sub-offices?|headquarters|HQ)\b[^.;\n]{0,40}?[ \t]in[ \t]+(?:the[ \t]+)?$"
    # … and where a body says it is based: "Based in Houston, Texas, the foundation was
    # created in 2013" (the grantor of a text on Zambia)
    r"|\b(?:[Bb]ased|[Hh]eadquartered)[ \t]+in[ \t]+(?:the[ \t]+)?$"
    # … and where a research or teaching body sits, its city ending its name or after
    # "in": "the Institute Pasteur (IP) Dakar", "the Max Planck Institute for
    # Astrophysics in Munich"
    r"|\b(?:Institute|Institut|University|Université|Universidad|Laboratory|Laboratories)"
    r"(?:[ \t]+(?:[A-Z][\w'’\-]*|\([A-Z]{2,6}\)|of|for|de|the)){0,5}[ \t]+(?:in[ \t]+)?$",
)
#: Words around a city that make it where a meeting is held ("a three-day Forum in Tunis",
#: "his meetings in Moscow", "the Astana meeting", "previous Astana meetings"): envoys and
#: representatives meet in one country on another's situation, and the host is a venue,
#: not what the text reports on. Cities only: "talks in Syria" may be talks on Syria. A
#: "meeting" after a form of "be" is a verb, no event: "officials have been meeting in
#: Bangkok" to review their own region's progress are its participants.
_MEETING_BEFORE = re.compile(
    r"\b(?:(?<!been )(?<!are )(?<!were )(?<!is )(?<!was )meetings?|talks|conferences?|"
    r"summits?|forums?|consultations|negotiations)\b"
    r"[^.;\n]{0,50}?[ \t](?:in|at)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
#: ... and "the Astana meeting"; not "the Kabul process", a peace process named for the
#: capital of the country it is on.
_MEETING_AFTER = re.compile(
    r"[ \t]+(?:peace[ \t]+)?(?:meetings?|talks|conference|summit|forum)\b",
    re.IGNORECASE,
)


#: Words that make the places of a sentence examples ("Cambodian and Myanmar
#: workers, for example, …"), and those that make only the places after them
#: examples ("Uruguay: developed measures (such as …)" is still about Uruguay).
_EXAMPLE = re.compile(r"\b(?:for example|for instance)", re.IGNORECASE)
_EXAMPLES_AFTER = re.compile(r"\b(?:such as|e\.g\.)", re.IGNORECASE)
#: The languages a report comes in, after its title: "[EN/UK/RU]", "[EN/AR]". "UK" there
#: is Ukrainian, not the United Kingdom, and no code in such a bracket names a place.
_LANGUAGE_CODES = re.compile(r"\[(?:[A-Z]{2}/)+[A-Z]{2}\]")
#: What joins the places of one pair or list: "Cambodia and Myanmar", "Nepal, India".
_COORDINATED = re.compile(r",?[ \t]+(?:and|or|&)[ \t]+|,[ \t]*")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*(?:\s|$)|\n")


def sentence_around(text: str, at: int) -> tuple[int, int]:
    """(start, end) of the sentence (or line) holding character ``at``, at most 300
    characters each way."""
    lo = max(0, at - 300)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, at)]
    start = ends[-1] if ends else lo
    m = _SENTENCE_END.search(text, at, at + 300)
    return start, m.start() if m else min(len(text), at + 300)


def language_code(text: str, m: PlaceMention) -> bool:
    """Is ``m`` a code in a bracket of language codes ("[EN/UK/RU]")?"""
    lo = text.rfind("[", max(0, m.start - 20), m.start + 1)
    return lo >= 0 and bool(_LANGUAGE_CODES.match(text, lo)) and text.find("]", lo) >= m.end


#: Small words an acronym's phrase may hold without a letter of their own.
_ACRONYM_SMALL = r"(?:(?:of|the|and|for|de|du|des|la|le)[ \t]+)*"


def acronym_elsewhere(text: str, written: str, code: str) -> bool:
    """Does the text spell out the acronym ``written`` ("DRC", "CAR") as something that is
    not the country ``code`` ("the Dominican Red Cross … the DRC"), and never as the
    country itself ("Democratic Republic of the Congo (DRC)")?"""
    parts = [rf"{c}[a-z][\w'’\-]*" for c in written]
    phrase = re.compile(r"\b" + (r"[ \t]+" + _ACRONYM_SMALL).join(parts) + r"\b")
    found = [m.group() for m in phrase.finditer(text)]
    if not found:
        return False
    return all(code not in {p.code for p in scan_places(f) if not p.is_region} for f in found)


def names_origin(text: str, m: PlaceMention, after_origin: int | None) -> bool:
    """Is ``m`` named as where people come from: "refugees from Pakistan", "Myanmar
    nationals" (after a country's name, not a demonym's: "Syrian refugees" is covered by
    the demonym's weight), or the second of a pair whose first is ("workers from Cambodia
    and Myanmar"; ``after_origin``: where the last origin named ends)?"""
    return (
        bool(_ORIGIN_BEFORE.search(text, max(0, m.start - 40), m.start))
        or (m.kind != "demonym" and bool(_ORIGIN_AFTER.match(text, m.end, m.end + 40)))
        or (after_origin is not None and bool(_COORDINATED.fullmatch(text, after_origin, m.start)))
    )


def names_source(text: str, m: PlaceMention) -> bool:
    """Is ``m`` a demonym saying where a source or a firm comes from ("a British newspaper")?"""
    return m.kind == "demonym" and bool(_SOURCE_AFTER.match(text[m.end : m.end + 40]))


def opens_body(text: str, m: PlaceMention) -> bool:
    """Does ``m`` open a body's name ("the U.S. Army Corps of Engineers")?"""
    return bool(_BODY_AFTER.match(text, m.end, m.end + 80))


def where_office_sits(text: str, m: PlaceMention) -> bool:
    """Is ``m`` where an organisation's office sits ("the country cluster office in Haiti")?"""
    return bool(_OFFICE_BEFORE.search(text, max(0, m.start - 80), m.start))


def where_meeting_sits(text: str, m: PlaceMention) -> bool:
    """Is ``m`` a city named as where a meeting is held ("a Forum in Tunis", "the Astana
    meeting")?"""
    return m.kind == "place" and bool(
        _MEETING_AFTER.match(text, m.end, m.end + 30)
        or _MEETING_BEFORE.search(text, max(0, m.start - 80), m.start)
    )


def as_example(text: str, m: PlaceMention) -> bool:
    """Is ``m`` named as an example: in a sentence that says "for example", or after
    "such as" in its sentence?"""
    start, end = sentence_around(text, m.start)
    return bool(_EXAMPLE.search(text, start, end) or _EXAMPLES_AFTER.search(text, start, m.start))


#: How many times a text must name another country for a lone heading to be no subject.
HEADING_OTHERS = 3


def lone_heading(places: Sequence[PlaceMention], text: str) -> int | None:
    """Index into ``places`` of a country that heads the text ("Turkey: Health Cluster
    Bulletin - November 2017") and that the text never names again, while it names
    another country HEADING_OTHERS times or more: the heading then says which country
    office or operation the report comes from (the Turkey hub's bulletin on north-west
    Syria), not what it reports on; a report on the heading's country names it again."""
    first = next((i for i, p in enumerate(places) if not p.is_region), None)
    if first is None:
        return None
    m = places[first]
    if text[: m.start].strip(" \t*#_") or not text.startswith(":", m.end):
        return None
    counts = Counter(p.code for p in places if not p.is_region)
    if counts[m.code] != 1:
        return None
    others = max((n for code, n in counts.items() if code != m.code), default=0)
    return first if others >= HEADING_OTHERS else None


#: A paragraph that opens on the world ("Globally, as of 20 December 2020, there have been
#: 75,098,369 confirmed cases of COVID-19 … USA, the world's worst hit country, has
#: counted …"): the countries it names are ranks and examples, as in an overview, though
#: the text around it reports on one country (a weekly update on Bangladesh).
_GLOBAL_OPENING = re.compile(
    r"(?:^|\n)[ \t]*(?:Globally|Worldwide|Around the world|Across the world|Across the globe)\b"
)
_OPENING_WORDS = ("Globally", "Worldwide", "Around the world", "Across the")


def global_paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (a line) that opens on the world."""
    if not any(w in text for w in _OPENING_WORDS):
        return []  # most texts: no scan
    out = []
    for m in _GLOBAL_OPENING.finditer(text):
        end = text.find("\n", m.end())
        out.append((m.start(), len(text) if end < 0 else end))
    return out
