"""The role a place plays in one clause about people on the move.

:mod:`~migsearch.indexer.vocabulary.corridors` cuts a text into clauses and pairs
origins with destinations; this module answers the question asked of each place
inside a clause: is it where people come from, where they go or live, the home
returnees go back to, or none of these? The answer comes from the words right
around the place (``data/corridors.toml``), from the lists it belongs to ("from
Pakistan, Iran and other countries" share the role of the member whose role is
stated), and from the clause as a whole (a return, a departure).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from migsearch.indexer.vocabulary.corridor_cues import cues, found
from migsearch.indexer.vocabulary.country_tagger import PlaceMention

__all__ = [
    "RETURN_TO",
    "conflict_left",
    "departure_starts",
    "ethnic_groups",
    "list_heads",
    "lists",
    "plural_people",
    "refuge_left",
    "returning_clause",
    "role",
    "senders_named",
]

#: Characters looked at around a place for the words that give it a role.
_CONTEXT = 60
#: What may separate two members of one list of places; the last may be preceded by a
#: facility's acronym ("to Niger (2,202), Italy (415) and the ETC Romania").
_LIST_GAP = re.compile(
    r"^(?:[\s,/&()\[\]\-–—%\d]|\band\b|\bor\b|\bet\b|\bthe\b|\bas well as\b)*(?-i:[A-Z]{2,6}[ \t]+)?$",
    re.IGNORECASE,
)
#: A return said to lead straight to a place: "returned to Somalia", "repatriate to Burundi".
RETURN_TO = re.compile(
    r"\b(?:return\w*|repatriat\w+|deport\w+|sent back|back)(?:[ \t]+home)?[ \t]+to[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
#: After a bare comma, a place that starts a new clause rather than ending a list:
#: "… in Gaza, Germany is …" (not "Libya, Yemen, and Syria were").
_SUBJECT = re.compile(r"^[ \t]+(?:is|was|are|were|has|have|had|will|would|continues|continued)\b")
#: Inside brackets right after an acronym: "MSF (France, Swiss, Spain, Belgium)".
_SECTIONS = re.compile(r"\b[A-Z]{2,}[ \t]*\((?:[^()]*[,/&][ \t]*|[ \t]*)$")
#: A country's name (not its demonym) before "arrivals" is where they arrive.
_NAMED_ARRIVALS = re.compile(r"^[ \t]+(?:new[ \t]+)?arrivals\b", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*+|(?<![\w])_+|_+(?![\w])")
#: A bracket right before a place, opening a list that names what the words before it
#: say in general: "resettlement to 8 States (Canada, France …)".
_APPOSITION = re.compile(r"[ \t]*\([ \t]*$")
#: "by" right before a demonym: the people it names act on those who move ("a Rohingya
#: labourer employed by a Bangladeshi man"), unless a return is what they do, read before.
_AGENT = re.compile(r"\bby[ \t]+(?:(?:a|an|the|their|his|her|local)[ \t]+)?$", re.IGNORECASE)
#: "the British people", "the Afghan people": a demonym between "the" and "people"
#: names a whole nation (which moves nowhere), not people abroad ("displaced Syrian
#: people", "700,000 Rohingya people" move).
_NATION_BEFORE = re.compile(
    r"(?:^|[^\w ])[ \t]*[Tt]he[ \t]+$|\b(?:of|for|with|by|to)[ \t]+the[ \t]+$"
)
_NATION_AFTER = re.compile(
    r"^[ \t]+(?:people|nation|public)\b(?![ \t]+(?:who|fleeing|displaced|living|in|from|arriving))"
)
_PLURAL_DEMONYM = re.compile(r"(?:ans|ians|ese|is|ers|ns|s)$")


def plural_people(m: PlaceMention) -> bool:
    """Is ``m`` a people named in the plural ("Venezuelans", "Afghans", "Sudanese
    nationals" is not: its demonym is an adjective)? Such a noun names people, and people
    of one country said to be in another live abroad: "vaccines applied to Venezuelans
    in Colombia" tells of migrants without a word of migration."""
    w = m.written
    # "Swiss" is one word for one and many: an adjective as often as a people
    return (
        m.kind == "demonym" and w[-1:] == "s" and w[-2:] != "ss" and bool(_PLURAL_DEMONYM.search(w))
    )


#: A number or a word of quantity right before a demonym: "almost 200 Congolese",
#: "1 million South Sudanese", "thousands of Sudanese", "refugees, mostly Sudanese".
_COUNT = re.compile(
    r"(?:\b\d[\d,.]*(?:[ \t]+(?:million|thousand|hundred))?|\b(?:hundreds|thousands|"
    r"millions|many|several|fellow|mostly|mainly|largely|predominantly|primarily|chiefly))"
    r"[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?$",
    re.IGNORECASE,
)
#: A demonym said of people: "the majority of those disembarked were Eritrean".
_PREDICATE = re.compile(
    r"\b(?:were|are)[ \t]+(?:(?:mostly|mainly|largely|predominantly|primarily|overwhelmingly|"
    r"all|also)[ \t]+)?$",
    re.IGNORECASE,
)
#: What may follow a demonym that is a noun: a verb, a preposition, punctuation, a count
#: in brackets ("24 Venezuelan (13 women and 11 men)").
_AFTER_NOUN = re.compile(
    r"^[ \t]*(?:[,;.)\]:]|\((?=[ \t]*\d)|$|(?:and|or|who|were|are|was|had|have|has|to|in|"
    r"from|into|at|fled|arrived|crossed|returned|remain\w*|also|still)\b)"
)


#: A verb of people on the move right after a demonym, which is then its subject: "where
#: South Sudanese are registered upon arrival", "Sudanese who fled" (not "Sudanese and",
#: nor "Chinese are investing in Zambia").
_SUBJECT_OF = re.compile(
    r"^[ \t]+(?:who|fled|flee|arrived|arrive|crossed|returned|(?:are|were|have been|had been)"
    r"[ \t]+(?:registered|hosted|living|staying|sheltering|arriving|fleeing|returning|crossing|"
    r"deported|expelled|displaced|stranded|detained|settled|resettled))\b"
)


def counted_people(m: PlaceMention, text: str) -> bool:
    """Is ``m`` a demonym that is one word for one and many, counted as people ("almost
    200 Congolese to seek asylum in South Sudan", "640 Burundians and 1253 Congolese)"),
    or said of people ("the majority of those disembarked were Eritrean")? Not "200
    Congolese francs": a noun after it makes it an adjective."""
    if m.kind != "demonym":
        return False
    before = text[max(0, m.start - 40) : m.start]
    after = text[m.end : m.end + 30]
    return bool(
        (_COUNT.search(before) or _PREDICATE.search(before)) and _AFTER_NOUN.match(after)
    ) or bool(_SUBJECT_OF.match(after))


def lists(places: Sequence[PlaceMention], text: str) -> list[list[int]]:
    """Runs of places separated only by list punctuation ("Cambodian and Myanmar")."""
    runs: list[list[int]] = []
    for i, m in enumerate(places):
        if (
            runs
            and _LIST_GAP.match(text[places[runs[-1][-1]].end : m.start])
            and not (
                text[places[runs[-1][-1]].end : m.start].strip() == ","
                and _SUBJECT.match(text[m.end : m.end + 20])
            )
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def list_heads(places: Sequence[PlaceMention], text: str) -> dict[int, int]:
    """Where the list each place belongs to starts, by the place's own start."""
    heads = {}
    for run in lists(places, text):
        for i in run:
            heads[places[i].start] = places[run[0]].start
    return heads


def returning_clause(clause: str) -> bool:
    """Does the clause tell of a return that happens? Not of one only wished or planned
    ("more than 30,000 South Sudanese refugees yearn to return to their homeland" tells
    where the refugees are, not that they go back)."""
    c = cues()
    return any(
        not c.wishes.search(clause, max(0, m.start() - 40), m.start())
        and not c.plans.search(clause, max(0, m.start() - 60), m.start())
        for m in c.returns.finditer(clause)
    )


def role(m: PlaceMention, text: str, lo: int, hi: int, returning: bool) -> str:
    """ "origin", "destination", "home" (the country returnees belong to), "authority"
    (a government acting on the people the clause speaks of), "wished" (where a move
    only wished or planned would lead) or "".

    Remembered for the last mentions asked: a paragraph is read twice when the text
    has a home country (:func:`.corridors.find_corridors`), with the same clauses."""
    return _role(m, text, lo, hi, returning)


@lru_cache(maxsize=4096)
def _role(m: PlaceMention, text: str, lo: int, hi: int, returning: bool) -> str:
    c = cues()
    # Markdown emphasis is no word: "sheltering in **Bangladesh**"
    before = _EMPHASIS.sub("", text[max(lo, m.start - _CONTEXT) : m.start])
    after = _EMPHASIS.sub("", text[m.end : min(hi, m.end + _CONTEXT)])
    # (the substring tests spare most places the patterns, which end at the place)
    tail = before.rstrip(" \t")[-4:].lower()
    if (
        ((tail.endswith(" of") or tail == " the") and c.authority_before.search(before))
        or (m.kind != "people" and c.authority_after.match(after))
        or (m.kind not in ("people", "demonym") and c.authority_acts.match(after))
    ):
        return "authority"  # "the Government of Egypt grants Syrian refugee children …"
    if c.never_before.search(before) or c.never_after.match(after):
        return ""
    if " to " in before and c.wished_move.search(before):
        return "wished"  # "refugees wishing to enter Jordan": a move only wished is none
    if m.kind == "people":
        return "home" if returning else "origin"  # "the Rohingya … flee to Bangladesh"
    if _SECTIONS.search(before):
        return ""  # "MSF (France, Swiss, Spain, Belgium)": sections of an organisation
    if (
        c.origin_before.search(before)
        or c.origin_after.match(after)
        or (m.kind != "demonym" and c.sender_after.match(after))
    ):
        return "origin"  # "from Malaysia", "Malaysia deported"
    if c.origin_possessive.match(after):
        return "home" if returning else "origin"  # "Nepal's workers abroad"
    if m.kind == "demonym" and c.dest_demonym.match(after):
        return "destination"  # "on Thai vessels"
    if m.kind != "demonym" and _NAMED_ARRIVALS.match(after):
        return "destination"  # "the latest figures on Italy arrivals"
    if m.kind == "demonym" and _AGENT.search(before):
        return ""  # "employed by a Bangladeshi man": who acts on people has moved nowhere
    if m.kind == "demonym" and _NATION_BEFORE.search(before) and _NATION_AFTER.match(after):
        return ""  # "The British people stand by those affected": a nation, not movers
    if c.origin_modifier.match(after) or plural_people(m) or counted_people(m, text):
        # "Syrian refugees", "Myanmar migrant workers", "Venezuelans": who moves
        return "home" if returning else "origin"
    if m.kind == "demonym":
        return ""  # "fishing in Malaysian waters": an adjective is no destination
    # a bracket opening a list in apposition is no word: "to 8 States (Canada, France"
    before = _APPOSITION.sub(" ", before)
    if c.dest_before.search(before) or c.dest_after.match(after):
        return "destination"
    return ""


def departure_starts(
    places: Sequence[PlaceMention], roles: list[str], text: str, lo: int, hi: int
) -> None:
    """In a clause that tells of a departure, make a place people are *in* where the
    departure starts, when another place is one they go *to* (``roles`` in place).

    "Refugees registered in Niger … submitted for resettlement to 6 States (Belgium,
    Canada …)" is NER-BEL and NER-CAN: a resettlement, an evacuation or a
    deployment leaves the country where people are registered, processed or
    staying. Without a place they go to ("resettlement places for refugees
    stranded in Libya"), the place they are in stays where they are.
    """
    c = cues()
    if not c.departures.search(text, lo, hi):
        return
    head = list_heads(places, text)
    dests = [i for i, r in enumerate(roles) if r == "destination"]
    toward = {
        i
        for i in dests
        if c.directional.search(_APPOSITION.sub(" ", text[lo : head[places[i].start]]))
    }
    if toward and len(toward) < len(dests):
        for i in dests:
            if i not in toward:
                roles[i] = "origin"


#: A conflict right before a place: "the fighting in South Sudan", "insecurity in Burkina Faso".
_CONFLICT_IN = re.compile(
    r"\b(?:violence|conflict|fighting|clashes|war|insecurity|attacks|unrest|hostilities)"
    r"(?:[ \t]+\w+)?[ \t]+in[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)


def conflict_left(
    places: Sequence[PlaceMention], roles: list[str], text: str, lo: int, hi: int
) -> None:
    """In a clause that says where people go, a place a conflict is in is where they
    leave (``roles`` in place): "the fighting in South Sudan has driven a million refugees
    into Uganda" is SSD-UGA. Without a place they go *to* ("refugees in Kenya are affected
    by the conflict in Somalia"), it stays what its "in" makes it; but in a clause with
    no word of movement at all, a conflict's place is no place people go or live
    ("Americans were impatient with the conflict in Afghanistan")."""
    c = cues()
    directional = c.directional
    toward = {
        i
        for i, r in enumerate(roles)
        if r == "destination"
        and directional.search(text[max(lo, places[i].start - _CONTEXT) : places[i].start])
    }
    for i, r in enumerate(roles):
        if (
            r == "destination"
            and i not in toward
            and _CONFLICT_IN.search(text, max(lo, places[i].start - _CONTEXT), places[i].start)
        ):
            if toward:
                roles[i] = "origin"
            elif not found(c.movement, text[lo:hi]):
                roles[i] = ""


def ethnic_groups(places: Sequence[PlaceMention], text: str, roles: list[str]) -> None:
    """Of two demonyms written as one name ("Malaysian Chinese", "Singaporean
    Indians", "Syrian Palestinian refugees"), the second names an ethnic group of the
    first country's people: the people are the first country's, and the role is its
    (``roles`` in place; call it after the lists have shared theirs)."""
    for i in range(1, len(places)):
        a, b = places[i - 1], places[i]
        if a.kind == b.kind == "demonym" and not text[a.end : b.start].strip(" \t"):
            roles[i - 1] = roles[i - 1] or roles[i]
            roles[i] = ""


#: Where people had fled to, right before a place: "who had fled towards Rwanda".
_FLED_TO = re.compile(
    r"\b(?:fled|escaped|sought (?:refuge|safety|asylum))[ \t]+(?:to|towards?|into|in)"
    r"[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)


def refuge_left(
    places: Sequence[PlaceMention], roles: Sequence[str], text: str, lo: int
) -> list[tuple[str, str]]:
    """In a return to a place, the corridors from a place people had fled to, back to
    that place: "7,000 people who had fled towards Rwanda are beginning to return to
    Goma" is RWA-COD (as well as COD-RWA, the flight)."""
    dests = [i for i, r in enumerate(roles) if r == "destination"]

    def led(pattern: re.Pattern[str], i: int) -> bool:
        return bool(pattern.search(text, max(lo, places[i].start - 40), places[i].start))

    refuges = [i for i in dests if led(_FLED_TO, i)]
    back = [i for i in dests if i not in refuges and led(RETURN_TO, i)]
    return [(places[r].code, places[b].code) for r in refuges for b in back]


#: Words that open a list of examples right after a place: "…, notably the Dominican
#: Republic, the United States, and the Bahamas".
_EXAMPLES = re.compile(
    r",[ \t]*(?:notably|including|such as|namely|in particular|particularly|especially|"
    r"mainly|mostly|chiefly)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)


def senders_named(places: Sequence[PlaceMention], roles: list[str], text: str, lo: int) -> None:
    """In a return to a place, a list of examples after it, with no role of its own,
    names the countries that send people back (``roles`` in place): "several countries
    continue to return people to Haiti in large numbers, notably the Dominican Republic,
    the United States, and the Bahamas" is DOM-HTI, USA-HTI and BHS-HTI."""
    back = [
        i
        for i, r in enumerate(roles)
        if r in ("destination", "home")
        and cues().directional.search(text[max(lo, places[i].start - 60) : places[i].start])
    ]
    if not back:
        return
    for run in lists(places, text):
        head = places[run[0]]
        if (
            run[0] > back[0]
            and not any(roles[i] for i in run)
            and _EXAMPLES.search(text, max(lo, head.start - 40), head.start)
        ):
            for i in run:
                if places[i].kind != "demonym":  # "the British overseas territory of"
                    roles[i] = "origin"
