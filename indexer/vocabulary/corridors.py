"""Migration corridors: who moves from where to where, read from the text.

"Cambodian and Myanmar migrant workers … work on Thai vessels" is two
corridors, KHM-THA and MMR-THA; "Filipino nurses in the UK" is PHL-GBR;
"returnees to Nepal from Malaysia" MYS-NPL. A corridor is written
``ORIGIN-DESTINATION`` with alpha-3 codes or region ids ("PHL-EU",
"ASEAN-GCC").

The reading is deliberately local and literal, one clause at a time
(:mod:`.corridor_clauses` cuts the clauses), because a corridor the text never
stated costs an analyst more than one it missed:

1. a clause is read only when it speaks of people moving or living abroad
   (a *mover* or *movement* word from ``data/corridors.toml``, or a people
   named in the plural: "vaccines applied to Venezuelans in Colombia");
2. each place it names (:func:`~.country_tagger.scan_places`) becomes an
   origin, a destination or neither from the words right around it
   (:mod:`.corridor_roles`): "from", "fleeing", a demonym before "migrant
   workers" make an origin; "to", "in", "into", "hosts", "on Thai vessels" a
   destination; a place a move is only wished to ("wishing to enter Jordan")
   none, and the clause then takes no destination from elsewhere;
3. a list shares the role of the member whose role is stated ("from
   Pakistan, Iran and other countries"; "to 8 States (Canada, France …)");
   in a departure (a resettlement, an evacuation) that names where people
   go, the place they are *in* is where it starts ("refugees registered in
   Niger … submitted for resettlement to Belgium" is NER-BEL); a government
   acting on people from elsewhere is where they are, when the clause names
   no destination ("the Government of Egypt grants Syrian refugee children
   access"), and where their return starts, when it names where it goes, as
   where a crossing it reports into another country starts ("Colombian authorities
   reported that 200,000 have crossed into Ecuador");
4. a return turns a demonym into the destination ("Somali refugees returned
   home from Kenya" is KEN-SOM), and leaves a place people had fled to
   ("people who had fled towards Rwanda are beginning to return to Goma" is
   RWA-COD as well) and the countries named as examples of those sending
   people back ("return people to Haiti …, notably the Dominican Republic");
   people crossing at a border of ``home`` and another country ("arrivals via
   the Turkey-Greece land border" in a report on Greece) cross into ``home``;
5. every origin pairs with every destination of the clause, but origins and
   destinations named in turns pair by turn ("Syrian refugees in Lebanon and
   Afghan refugees in Iran" is SYR-LBN and AFG-IRN). When a clause
   names only where people come from, its destination is, in this order:
   the country an "In <country>," opening of its paragraph set; the one the
   nearest clause naming places before it (else after it) in the same
   paragraph states, when the clause itself says people move ("arrivals from
   Libya increased. Eritreans were the largest group arriving in Italy" is
   LBY-ITA as well as ERI-ITA); and, when it says they arrive ("returnees
   from the Dominican Republic"), ``home``: the country the whole text is
   about, when the caller knows it;
6. a clause that names only where people go, and says they leave, starts
   from ``home`` when a word of direction leads there ("evacuated to Niger"),
   never from where they merely are ("stranded in Libya").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from migsearch.errors import MigsearchError
from migsearch.indexer.vocabulary.corridor_clauses import Clause, Nearby, located, on_the_move
from migsearch.indexer.vocabulary.corridor_cues import cues, found
from migsearch.indexer.vocabulary.corridor_roles import (
    RETURN_TO,
    conflict_left,
    departure_starts,
    ethnic_groups,
    list_heads,
    lists,
    refuge_left,
    returning_clause,
    role,
    senders_named,
)
from migsearch.indexer.vocabulary.countries import region_members
from migsearch.indexer.vocabulary.country_tagger import PlaceMention, scan_places

__all__ = ["Corridors", "find_corridors", "format_corridor", "parse_corridor"]

#: Evidence kept per corridor, and characters of each clause shown.
MAX_EVIDENCE = 3
EVIDENCE_CHARS = 220
#: A government's return of people, right after its name: "Lebanese authorities
#: deported", "the Government of Kenya has forcibly returned".
_SENDS_BACK = re.compile(
    r"(?:['’]s)?[ \t]+(?:(?:immigration|migration|border|police|security|government|"
    r"authorities|have|has|had|also|reportedly|forcibly)[ \t]+){0,3}"
    r"(?:deport|return|expel|repatriat|push(?:ed)? back|sent back|sends back)",
    re.IGNORECASE,
)
#: A second sum of money between two places: each is a different allocation ("$12
#: million to … Rohingya refugees in Bangladesh and $13 million to … hurricanes in the
#: Caribbean"; not "Syrian refugees received US$ 30 each in Lebanon").
_MONEY = re.compile(
    r"\b(?:and|while|whereas)[ \t]+(?:(?:a|another|a further|an additional)[ \t]+)?"
    r"(?:US\$|USD|EUR|CHF|GBP|[$€£])[ \t]?\d",
    re.IGNORECASE,
)
#: Farthest apart an origin and a destination of one corridor may be named.
_PAIR_CHARS = 200


@dataclass
class Corridors:
    """Corridors of a text, in order of first statement, with the clauses that state them."""

    values: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    #: every country read as where people come from (named, not by one of its towns),
    #: and every place read as where they go, paired or not
    origins: set[str] = field(default_factory=set, repr=False)
    destinations: set[str] = field(default_factory=set, repr=False)


def format_corridor(origin: str, destination: str) -> str:
    return f"{origin}-{destination}"


def parse_corridor(value: str) -> list[tuple[str, str]]:
    """The ways ``value`` splits into (origin, destination) at a dash or an arrow.

    ``"MMR-THA"`` has one; ``"Guinea-Bissau-Timor-Leste"`` has three, and the
    caller keeps the one whose sides both name a place. Either side may be
    ``*``. Raises MigsearchError when there is no dash at all.
    """
    text = " ".join(str(value).replace("→", "-").replace("->", "-").replace(">", "-").split())
    out = []
    for i, ch in enumerate(text):
        if ch == "-":
            origin, destination = text[:i].strip(), text[i + 1 :].strip()
            if origin and destination:
                out.append((origin, destination))
    if not out:
        raise MigsearchError(
            f"a corridor is ORIGIN-DESTINATION, e.g. MMR-THA, ASEAN-GCC or *-THA; got {value!r}"
        )
    return out


def _clause_corridors(
    places: Sequence[PlaceMention],
    text: str,
    lo: int,
    hi: int,
    home: str | None,
    frame: str | None,
    seen: Corridors,
    nearby: Nearby,
) -> list[tuple[str, str]]:
    """The corridors of one clause. ``frame``: the destination an "In <country>," opening
    of this paragraph set; ``nearby``: what the sentences next to it state;
    ``home``: the country the whole text is about."""
    c = cues()
    clause = text[lo:hi]
    if not on_the_move(text, lo, hi, places):
        return []
    returning = returning_clause(clause)
    roles = [role(m, text, lo, hi, returning) for m in places]
    for run in lists(places, text):
        stated = [roles[i] for i in run if roles[i]]
        if stated:
            for i in run:
                roles[i] = roles[i] or stated[-1]
    ethnic_groups(places, text, roles)
    conflict_left(places, roles, text, lo, hi)
    if home:
        _border_crossed(places, roles, text, lo, hi, home)
    departure_starts(places, roles, text, lo, hi)
    if returning:
        senders_named(places, roles, text, lo)
    origins = [m for m, r in zip(places, roles, strict=True) if r == "origin"]
    dests = [m for m, r in zip(places, roles, strict=True) if r == "destination"]
    homes = [m for m, r in zip(places, roles, strict=True) if r == "home"]
    authorities = [m for m, r in zip(places, roles, strict=True) if r == "authority"]
    if authorities and found(c.donations, clause):
        authorities = []  # "the Government of Norway funded programmes for Syrian refugees"
    if returning and not dests:
        dests = homes
    # a government acting on people from elsewhere acts where they are ("the Government
    # of Egypt grants Syrian refugee children access"); one that returns them sends them
    # from there, to a place the clause names ("the Government of Kenya authorized return
    # convoys to Somalia"; not "India proposes to build housing for returning people")
    if returning and not origins:
        # … and a government that sends them back sends them from there ("Lebanese
        # authorities deported Syrian refugees")
        if any(c.directional.search(text[lo : d.start]) for d in dests) or any(
            _SENDS_BACK.match(text, a.end, hi) for a in authorities
        ):
            origins = authorities
    elif not returning and not dests:
        dests = authorities
    elif (
        not returning
        and not origins
        and authorities
        and any(c.directional.search(text[max(lo, d.start - 60) : d.start]) for d in dests)
    ):
        # … and one that reports people crossing into another country sees them leave
        # its own ("Colombian authorities reported that 200,000 have crossed into Ecuador")
        origins = [a for a in authorities if a.code not in {d.code for d in dests}]
    # a town or province people come from ("from Deir-ez-Zor governorate") tells of a
    # move inside its country, not that the country is where the text's people come from
    seen.origins.update(m.code for m in origins if m.kind != "place")
    seen.destinations.update(m.code for m in dests)
    out: list[tuple[str, str]] = []
    if "wished" in roles and not dests:
        pass  # the clause says where they would go, and that they have not gone
    elif origins and not dests:
        # "Venezuelan children" in a paragraph opened by "In Costa Rica,"; "Myanmar
        # workers are recruited by brokers. Most work on farms in Thailand." across two
        # sentences; "returnees from the Dominican Republic" in a report on Haiti
        targets = [frame] if frame else (nearby.destinations() if found(c.movement, clause) else [])
        if not targets and home and (found(c.arrivals, clause) or found(c.movers, clause)):
            # … but not for people whose destination the paragraph has already stated
            # ("refugees from Venezuela in Chile … refugees from Venezuela in Santiago")
            paired = {v.partition("-")[0] for v in seen.values}
            origins = [o for o in origins if o.code not in paired]
            targets = [home]
        out = [(o.code, t) for o in origins for t in targets]
    elif (
        dests
        and not origins
        and not returning
        and found(c.movement, clause)
        and (carried := nearby.origins())
    ):
        # "… a girl from Afghanistan was hit by a train. The girl had entered Croatia
        # irregularly": the one the sentence before says where from, and places nowhere
        out = [(o, d.code) for o in carried for d in dests]
    elif dests and not origins and home and (found(c.departures, clause) or returning):
        # "evacuated to Niger and to Italy", "returned to Somalia" (in a report on
        # Yemen); not "resettlement places … for refugees stranded in Libya": a
        # departure goes *to* a place, said before the list the place is in
        # ("evacuations to Italy and Niger")
        head = list_heads(places, text)
        way = c.directional if found(c.departures, clause) else RETURN_TO
        out = [(home, d.code) for d in dests if way.search(text[lo : head[d.start]])]
    else:
        out = [
            (o.code, d.code)
            for o, d in _pairs(origins, dests)
            if abs(o.start - d.start) <= _PAIR_CHARS
            and not _MONEY.search(text, min(o.end, d.end), max(o.start, d.start))
        ]
    if returning:
        out += refuge_left(places, roles, text, lo)
    return [(o, d) for o, d in dict.fromkeys(out) if o != d and not _nested(o, d)]


#: Two places named as one border: "the Turkey-Greece land border", "the CAR-Chad border",
#: "the Thai-Burma/Myanmar border".
_BORDER_JOIN = re.compile(r"^[ \t]*[-–—/][ \t]*$")
_BORDER_AFTER = re.compile(
    r"[ \t]+(?:(?:land|sea|common|shared|international)[ \t]+)?borders?\b", re.IGNORECASE
)
#: What people do at a border that says they cross it.
_CROSSING = re.compile(
    r"\b(?:cross\w*|arriv\w+|return\w*|repatriat\w+|influx|entered|entering)", re.IGNORECASE
)


def _border_crossed(
    places: Sequence[PlaceMention], roles: list[str], text: str, lo: int, hi: int, home: str
) -> None:
    """In a clause of people crossing, arriving or returning at a border named by two
    countries, one of them the country the text is about, that country is where they
    arrive and the other where they come from (``roles`` in place): "arrivals via the
    Turkey-Greece land border" in a report on Greece is TUR-GRC, "people who crossed the
    CAR-Chad border" in one on Chad CAF-TCD. The order of the names says nothing ("the
    Greek-Turkish border"), so a border of two other countries gives no corridor."""
    if not _CROSSING.search(text, lo, hi):
        return
    run: list[int] = []
    for i, m in enumerate(places):
        if run and _BORDER_JOIN.match(text[places[run[-1]].end : m.start]):
            run.append(i)
        else:
            run = [i]
        if len(run) > 1 and _BORDER_AFTER.match(text, m.end, hi):
            codes = {places[j].code for j in run}
            if home in codes and len(codes) == 2:
                for j in run:
                    roles[j] = "destination" if places[j].code == home else "origin"
            run = []


def _pairs(
    origins: Sequence[PlaceMention], dests: Sequence[PlaceMention]
) -> list[tuple[PlaceMention, PlaceMention]]:
    """Which origins of a clause go with which destinations: every one with every one,
    but when the clause names them in turns, two or more of each ("Syrian refugees in
    Lebanon and Afghan refugees in Iran"; "Turkey hosts Syrians and Pakistan hosts
    Afghans"), each group of origins with the group of destinations it is named with:
    SYR-LBN and AFG-IRN, not SYR-IRN. (A group: places of one role named one after the
    other, "from Syria and Iraq".)"""
    groups: list[tuple[bool, list[PlaceMention]]] = []
    for m in sorted([*origins, *dests], key=lambda p: p.start):
        is_origin = any(m is o for o in origins)
        if groups and groups[-1][0] == is_origin:
            groups[-1][1].append(m)
        else:
            groups.append((is_origin, [m]))
    if len(groups) < 4 or len(groups) % 2:
        return [(o, d) for o in origins for d in dests]
    out = []
    for a, b in zip(groups[::2], groups[1::2], strict=True):
        (first_is_origin, first), (_, second) = a, b
        o_group, d_group = (first, second) if first_is_origin else (second, first)
        out += [(o, d) for o in o_group for d in d_group]
    return out


def _nested(a: str, b: str) -> bool:
    """Is one side a region the other belongs to ("Asia" and Myanmar)? No corridor then."""
    return a in region_members(b) or b in region_members(a)


def find_corridors(
    text: str,
    *,
    homes: Sequence[str] = (),
    mentions: Sequence[PlaceMention] | None = None,
) -> Corridors:
    """The corridors ``text`` states.

    ``homes``: the countries the whole text is about, best first. In each
    paragraph, the first of them that the paragraph does not itself name as
    where its people come from is the destination of arrivals whose
    destination goes unsaid (a report on Venezuelans in Peru is about both,
    and Peru is the home); in a paragraph that tells of a return, the first
    of the others it does not name as an origin, where its returnees go back
    to ("returnees from Iran" in a report on Iran and Afghanistan is IRN-AFG).
    The choice is made paragraph by paragraph: a
    paragraph on Afghan refugees in Pakistan says nothing about where
    returnees in another paragraph arrive, and deciding once for the whole
    text made more wrong corridors than right ones on the labelled paragraphs
    (``bench/corridor_losses.py``). ``mentions``: the text's
    :func:`~.country_tagger.scan_places`, when the caller has them.
    """
    places = list(scan_places(text) if mentions is None else mentions)
    places = _with_peoples(text, places)
    if not places:
        return Corridors()
    if not homes:
        return _read(text, places, None)
    out = Corridors()
    i = 0
    for lo, hi in _paragraphs(text):
        inside = []
        while i < len(places) and places[i].start < hi:
            if places[i].start >= lo:
                p = places[i]
                inside.append(p.shifted(-lo))
            i += 1
        if not inside:
            continue
        part = text[lo:hi]
        cut = located(part, inside)  # read once for both readings: neither changes it
        stated = _read(part, inside, None, cut)
        home: str | None = homes[0]
        if home in stated.origins:
            # the main country is where the paragraph's people come from: the home is
            # the next one the paragraph names as a destination, if any
            home = next((h for h in homes[1:] if h in stated.destinations), None)
            if home is None and returning_clause(part):
                # … and returnees from it go back to the next country the text is about
                # ("returnees from Iran" in a report on Iran and Afghanistan)
                home = next((h for h in homes[1:] if h not in stated.origins), None)
        _merge(out, _read(part, inside, home, cut) if home else stated)
    return out


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines."""
    out, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _merge(into: Corridors, part: Corridors) -> None:
    """Add one paragraph's corridors to the text's, keeping the order of first statement."""
    for value in part.values:
        if value not in into.values:
            into.values.append(value)
        ev = into.evidence.setdefault(value, [])
        for snippet in part.evidence.get(value, []):
            if len(ev) < MAX_EVIDENCE and snippet not in ev:
                ev.append(snippet)
    into.origins |= part.origins
    into.destinations |= part.destinations


def _with_peoples(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """``places`` and the names of peoples in ``text`` (kind ``people``), in text order.

    A people is not a country mention (a report on the Rohingya in Bangladesh is
    not about Myanmar), but it says where its people come from."""
    found = [
        PlaceMention(m.start(), m.end(), m.group(), code, "people")
        for start, pattern, code in cues().peoples
        if start in text
        for m in pattern.finditer(text)
    ]
    if not found:
        return places
    taken = {(p.start, p.end) for p in places}
    return sorted(
        [*places, *(f for f in found if (f.start, f.end) not in taken)], key=lambda p: p.start
    )


_PAIR_GAP = re.compile(r"^[ \t]*[-–—/][ \t]*$|^[ \t]+to[ \t]+$")


def _named_corridors(places: Sequence[PlaceMention], text: str) -> list[tuple[str, str]]:
    """Corridors a text names as such: "the Myanmar–Thailand corridor", "the Nepal-Qatar
    migration corridor" (origin first, as migration writing orders them)."""
    c = cues()
    out = []
    for a, b in pairwise(places):
        if _PAIR_GAP.match(text[a.end : b.start]) and c.named.match(text[b.end : b.end + 60]):
            out.append((a.code, b.code))
    return out


def _snippet(text: str, lo: int, hi: int) -> str:
    snippet = " ".join(text[lo:hi].split())
    if len(snippet) > EVIDENCE_CHARS:
        snippet = snippet[: EVIDENCE_CHARS - 1].rstrip() + "…"
    return snippet


def _read(
    text: str,
    places: Sequence[PlaceMention],
    home: str | None,
    clauses: list[Clause] | None = None,
) -> Corridors:
    """The corridors of ``text`` given its places; ``clauses``: its :func:`located`
    clauses when the caller has them."""
    found = Corridors()
    if clauses is None:
        clauses = located(text, places)
    for k, cl in enumerate(clauses):
        if not cl.places:
            continue
        nearby = Nearby(text, clauses, k)
        pairs = _clause_corridors(cl.places, text, cl.lo, cl.hi, home, cl.frame, found, nearby)
        named = [
            (o, d) for o, d in _named_corridors(cl.places, text) if o != d and not _nested(o, d)
        ]
        for o, d in dict.fromkeys([*named, *pairs]):
            value = format_corridor(o, d)
            ev = found.evidence.setdefault(value, [])
            if value not in found.values:
                found.values.append(value)
            snippet = _snippet(text, cl.lo, cl.hi)
            other = nearby.used
            if other and {o, d} & {m.code for m in other.places}:
                # one end was stated by the clause next to it: show both, in order
                pair = [snippet, _snippet(text, other.lo, other.hi)]
                snippet = " … ".join(pair if other.lo > cl.lo else pair[::-1])
            if len(ev) < MAX_EVIDENCE and snippet not in ev:
                ev.append(snippet)
    return found
