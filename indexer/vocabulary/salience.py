"""Salience: which of the countries a text names it is *about*, and which it only mentions.

A UN record that lists the forty delegations that spoke, a situation report
thanking twelve donors, an outbreak notice recalling the countries of past
outbreaks: every one of those names is a country the text *mentions*, not a
country it is about. An analyst filtering by a country wants the second kind,
so every country tag carries a role, decided from where and how the text
names it:

* **title**: a country the title names is what the text is about (not a nationality
  the text names only so beside a country it develops more), and a country it does
  not name needs the text to develop it more than any country it names;
* **topic**: a paragraph, heading or list item that opens with a country
  ("**Chad** hosts…", "In Kenya, 370,000 children…", "Honduras: UNFPA…") is
  devoted to it;
* **lead**: the opening lines say the subject;
* **weight**: how often the text names it, against the country it names most
  (a report on Haiti that mentions Jamaica once is about Haiti; more so when
  that country holds most of the text's mentions), and against the length of
  the text (one name in a long article is a passing one);
* **lists**: a name inside an enumeration of three or more places counts for
  less, and one in a list of donors, partners, speakers or resettlement
  states for nothing; but a list in the lead ("the hurricane, threatening
  Jamaica, Cuba and Haiti, …") states the text's scope and counts as the lead;
* **seats**: a country named only through a city that seats international
  bodies ("the UN General Assembly in New York") is where a body sits, not a
  subject;
* **demonyms**: a country only ever named as "Thai" or "Russian" beside another
  named outright says who acts (a Red Cross society, a ministry) or where people
  come from, not where the text takes place; so does a name that opens a body's
  name ("the U.S. Army Corps of Engineers", "the UK's Department for International
  Development"), which weighs as a demonym, and so does a country's acronym used as a
  modifier ("US politicians", "the UAE Ambassador");
* **asides**: a single donor or partner ("with the support of the Government
  of Japan"), where an office, a university or an institute sits ("the country cluster office in
  Haiti", "an immunologist at the University of Pennsylvania", "Based in Houston,
  Texas, the foundation"), the city where a
  meeting is held ("a three-days Forum in Tunis" on Libya) and a dateline ("Paris, 12 December 2017 –", where a release was
  written; "ABIDJAN/DAKAR/NEW YORK/GENEVA, 5 December 2017 –", the offices of a
  regional release; a heading country the text never names again, "Turkey: Health
  Cluster Bulletin" over north-west Syria, the operation a report comes from) count for nothing, nor does a language code ("[EN/UK/RU]"),
  nor an acronym the text spells out as something else ("the Dominican Red Cross
  … the DRC");
* **origins**: a country named as where people come from ("refugees from
  Pakistan", "Myanmar nationals", "arriving from Myanmar", "expelled back from
  Croatia") weighs half, its lead bonus too;
* **spread statements**: a list a statement is spread across ("flooding across
  Sudan, South Sudan and Ethiopia", "in parts of Kenya, Uganda and Somalia") is
  on each of its places, as a scope list is; lines that fill in one template
  ("USA: Take action…", "Canada: Take action…") are a list, not topics;
* **overviews**: in a text whose opening speaks of the world, the countries it
  names without a strong position are producers, examples or ranks, and need
  more weight for their length to be about; a list in its lead gives examples,
  not the scope ("a global issue … only three: Syria, Nicaragua and the United
  States"); so do the countries of a paragraph that opens on the world ("Globally,
  … USA, the world's worst hit country, …") in a text on one country.

Where each mention stands (a list, an aside, a dateline, a topic position) is
read by :mod:`.positions`, what the words right around it say of it (an origin, a
body's name, an acronym used as a modifier) by :mod:`.salience_mentions`; this
module weighs the mentions and decides.

The constants below were tuned on the tuning half of the labelled set in
``bench/labels/`` (``bench/tagging.py --only about`` reports both halves).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from migsearch.indexer.vocabulary.country_tagger import PlaceMention
from migsearch.indexer.vocabulary.gazetteer import gazetteer
from migsearch.indexer.vocabulary.normalize import name_key
from migsearch.indexer.vocabulary.positions import (
    LEAD_CHARS,
    classified_runs,
    funded_by,
    gives,
    position,
    template_lines,
)
from migsearch.indexer.vocabulary.salience_mentions import (
    acronym_elsewhere,
    acronym_modifier,
    as_example,
    global_paragraphs,
    language_code,
    lone_heading,
    names_origin,
    names_source,
    opens_body,
    where_meeting_sits,
    where_office_sits,
)

__all__ = [
    "ABOUT",
    "ABOUT_SHARE",
    "MENTIONED",
    "Salience",
    "country_salience",
]

ABOUT = "about"
MENTIONED = "mentioned"

#: Share of the best-scored country's score another country needs to be about too.
ABOUT_SHARE = 0.15
#: The same share when the title names a country (the others then need to come close to it).
TITLED_SHARE = 1.01
#: A country the title does not name is still about when the text names it in its own
#: right (not as where people come from, nor in a list) more often than any country the
#: title names, from the lead or a paragraph opening, with this many times
#: the weight its length needs ("Taliban free US, Australian hostages" over a text that
#: names Afghanistan 13 times): the title picked its news, the text develops the country.
TITLE_DEVELOPED = 3.0
#: ... and at least this many times (a short text naming where its workers come from
#: twice, in a sentence and a table, does not develop them).
TITLE_DEVELOPED_NAMES = 5
#: A text has a dominant country when the best-scored one holds at least this share of
#: all its countries' weighted mentions (a report on Kenya that also names the South
#: Sudanese refugees it hosts); the others then need DOMINATED_SHARE of its score, not
#: ABOUT_SHARE. A regional text, whose countries share the mentions, keeps ABOUT_SHARE.
DOMINANT = 0.5
DOMINATED_SHARE = 0.3
#: Weight of a mention inside a list of three or more places (a plain mention weighs 1).
LISTED_WEIGHT = 1.0
#: Extra weight of a mention in the lead (a list item too: a list there is the text's
#: scope), and of one that opens a paragraph or heading.
LEAD_BONUS = 1.0
TOPIC_BONUS = 2.0
#: Weight of a demonym ("Eritrean", "American"): it often names where people or
#: things come from rather than where the text takes place.
DEMONYM_WEIGHT = 0.5
#: Weight of a country named as where people come from ("refugee families from
#: Pakistan", "a returnee who left Pakistan"): a report on returnees in Afghanistan
#: names the countries they left without being about them.
ORIGIN_WEIGHT = 0.5
#: A mention at the very end of a text weighs this much less than one at its start.
LATE_DISCOUNT = 0.0
#: Repeats count with diminishing returns: score = (sum of mention weights) ** this.
REPEAT_EXPONENT = 0.85
#: A country never named in the title, the lead or a topic position needs this much
#: weight per square root of a thousand characters of text: one passing name in a
#: long article is not what it is about.
DENSITY_FLOOR = 0.9

#: A text whose opening speaks of the world ("world paddy production", "explosive
#: violence around the world", "a global review") is an overview: the countries it
#: names are its producers, examples or ranks, and one it never names in a strong
#: position needs GLOBAL_DENSITY times the density floor to be about. Lower case only:
#: the World Food Programme and the Global Fund are bodies, not a scope.
_GLOBAL = re.compile(r"\b(?:world(?:wide)?|global(?:ly)?)\b")
GLOBAL_CHARS = 300
GLOBAL_DENSITY = 1.5


#: What stands between a city and the state or country that says where it is ("Munich,
#: Germany", "Houston, Texas"): the second names the same place as the first, and an
#: office's city makes both where the office sits.
_QUALIFIES = re.compile(r",[ \t]*")


@dataclass(frozen=True)
class Features:
    """What the decision reads of one country in one text; kept on each :class:`Salience`
    so that ``bench/fit_salience.py`` can weigh other decisions against this one."""

    in_title: bool  # the title names it
    other_in_title: bool  # the title names another country and not this one
    count: int  # how many times the text names it
    share: float  # its score against the best-scored country's (0–1)
    density: float  # its weighted mentions against DENSITY_FLOOR for the text's length
    opens: bool  # it opens a paragraph, a heading or a scope list
    in_lead: bool  # it is named in the lead
    listed: float  # share of its mentions inside enumerations or examples
    aside: float  # share as donor, partner, speaker or destination
    dateline: float  # share in a dateline
    demonym: float  # share as a demonym ("Eritrean")
    origin: float  # share named as where people come from
    first_at: float  # where it is first named, as a fraction of the text (1: never)
    named: int  # how many countries the text names
    seat: float = 0.0  # share named as the seat of international bodies ("New York")
    dominance: float = 0.0  # the best-scored country's share of all weighted mentions (0–1)
    overview: bool = False  # the opening speaks of the world (_GLOBAL)
    title_count: int = 0  # how many times the text names the country of the title it names most
    title_demonym: bool = False  # the title names it only by its demonym ("Australian hostages")


def _decide(f: Features) -> bool:
    """About: named in the title; else, when the title names no other country, a score
    of at least ABOUT_SHARE of the best one (DOMINATED_SHARE when one country dominates
    the text) and either a strong position (title, lead, paragraph opening) or enough
    weight for the text's length; never when most of its mentions are asides or
    datelines (the lead a donor opens with is still the donor's), nor when only its
    demonym names it and another country scores higher.

    ABOUT_SHARE and the density floor sit at the best F1 of a grid over both on the
    tuning half, DOMINANT and DOMINATED_SHARE on a flat stretch of a grid over those two;
    a logistic regression over all the features above did worse there under
    cross-validation (``bench/fit_salience.py``), so the decision stays this simple."""
    if f.in_title:
        # "Taliban free US, Australian hostages": a nationality in the title that the text
        # names only so, beside a country it develops more, says who, not where
        return not (f.title_demonym and f.demonym >= 1.0 and f.share < 1.0)
    if f.seat >= 1.0:
        return False  # named only as where a body sits
    if f.aside + f.dateline > 0.5:
        return False  # named mostly as a donor, partner or speaker, or where a release was written
    if f.demonym >= 1.0 and f.share < 1.0:
        return False  # only ever "Thai", "Russian": who acts or where people come from
    if f.other_in_title:
        # named in its own right (not as an origin, a list item, an aside or a dateline)
        plain = f.count * (1.0 - f.origin - f.listed - f.aside - f.dateline)
        if (
            plain > max(f.title_count, TITLE_DEVELOPED_NAMES - 1)
            and f.density >= TITLE_DEVELOPED
            and (f.opens or f.in_lead)
        ):
            return True  # the text develops it more than any country its title names
        share = TITLED_SHARE
    elif f.dominance >= DOMINANT:
        share = DOMINATED_SHARE
    else:
        share = ABOUT_SHARE
    floor = GLOBAL_DENSITY if f.overview else 1.0
    return f.share >= share and (f.opens or f.in_lead or f.density >= floor)


@dataclass
class Salience:
    """One country's role in a text, its score and the reasons for both."""

    role: str
    score: float
    reasons: list[str] = field(default_factory=list)
    #: what the decision was made from (None for a country only the source gives)
    features: Features | None = field(default=None, repr=False)

    def explain(self) -> str:
        return f"{self.role}: {'; '.join(self.reasons)}" if self.reasons else self.role


def country_salience(
    title_mentions: Iterable[PlaceMention],
    mentions: Sequence[PlaceMention],
    text: str,
    *,
    given: Iterable[str] = (),
) -> dict[str, Salience]:
    """The role of every country named in the title, the body (``mentions`` of ``text``)
    or given by the source, about ones first, each group by score."""
    given = list(given)
    # in title order (a dict, not a set: the order of ties must not follow the hash seed)
    title_mentions = [m for m in title_mentions if not m.is_region]
    in_title = dict.fromkeys(m.code for m in title_mentions)
    title_demonyms = {m.code for m in title_mentions if m.kind == "demonym"} - {
        m.code for m in title_mentions if m.kind != "demonym"
    }
    places = list(mentions)
    listed: set[int] = set()
    aside: set[int] = set()
    scope: set[int] = set()
    overview = bool(_GLOBAL.search(text, 0, GLOBAL_CHARS))
    # a statement spread "across" a list is on each place of it, but in an overview of
    # the world such a list only gives examples ("food shortages in East Africa
    # (across Ethiopia, Kenya, Somalia…)")
    spread = listed if overview else scope
    for kind, run in classified_runs(places, text):
        {"aside": aside, "scope": scope, "listed": listed, "across": spread}[kind].update(run)
    # lines that fill in one template ("USA: Take action…", "Canada: Take action…")
    listed.update(template_lines(places, text))
    # places named as examples ("Cambodian and Myanmar workers, for example, work on
    # Thai vessels") weigh as list items, whether or not they form a list
    worldwide = global_paragraphs(text)
    for i, m in enumerate(places):
        if as_example(text, m) or any(lo <= m.start < hi for lo, hi in worldwide):
            listed.add(i)

    raw: dict[str, float] = {}
    count: dict[str, int] = {}
    strong: dict[str, set[str]] = {}
    lists: dict[str, int] = {}
    asides: dict[str, int] = {}
    datelines: dict[str, int] = {}
    demonyms: dict[str, int] = {}
    origins: dict[str, int] = {}
    first: dict[str, int] = {}
    seats: dict[str, int] = {}
    languages: dict[str, int] = {}
    bodies: set[str] = set()  # countries named as the first word of a body's name
    offices: dict[str, int] = {}  # mentions as where an office sits or a meeting is held
    seat_keys = gazetteer().seats
    # acronyms the text spells out as something else ("the Dominican Red Cross (DRC)")
    # (three letters or more: "US" stands for too many pairs of words)
    acronyms = {
        (m.written, m.code)
        for m in places
        if not m.is_region
        and 3 <= len(m.written) <= 5
        and m.written.isalpha()
        and m.written.isupper()
    }
    other_acronyms = {a for a in acronyms if acronym_elsewhere(text, *a)}
    after_origin: int | None = None  # where the last origin named ends
    heading = lone_heading(places, text)  # "Turkey: Health Cluster Bulletin" over Syria
    office = -2  # index of the last mention named as where an office sits
    for i, m in enumerate(places):
        if m.is_region or (m.written, m.code) in other_acronyms:
            continue
        count[m.code] = count.get(m.code, 0) + 1
        if m.kind == "place" and name_key(m.written) in seat_keys:
            seats[m.code] = seats.get(m.code, 0) + 1
        raw.setdefault(m.code, 0.0)
        if language_code(text, m):
            languages[m.code] = languages.get(m.code, 0) + 1
            continue  # "[EN/UK]": the languages of the report
        first.setdefault(m.code, m.start)
        if i == heading:
            # the country office the report comes from, as a dateline says where
            datelines[m.code] = datelines.get(m.code, 0) + 1
            continue
        if i in aside:
            asides[m.code] = asides.get(m.code, 0) + 1
            continue
        where = position(m, text)
        if (
            where == "speaker"
            or funded_by(text, m.start)
            or gives(text, m)
            or names_source(text, m)
        ):
            asides[m.code] = asides.get(m.code, 0) + 1
            continue
        if (
            where_office_sits(text, m)
            or where_meeting_sits(text, m)
            or (  # "Based in Houston, Texas": the state after the office's city
                i - 1 == office
                and places[i - 1].code == m.code
                and _QUALIFIES.fullmatch(text, places[i - 1].end, m.start)
            )
        ):
            offices[m.code] = offices.get(m.code, 0) + 1
            office = i
            continue
        if where == "dateline":
            # where a press release was written, not what it is about
            datelines[m.code] = datelines.get(m.code, 0) + 1
            continue
        w = 1.0
        if m.kind == "demonym" or opens_body(text, m) or acronym_modifier(text, m):
            w = DEMONYM_WEIGHT
            demonyms[m.code] = demonyms.get(m.code, 0) + 1
            if m.kind != "demonym":
                bodies.add(m.code)
        origin = names_origin(text, m, after_origin)
        after_origin = m.end if origin else None
        if origin:
            w *= ORIGIN_WEIGHT
            origins[m.code] = origins.get(m.code, 0) + 1
        w *= 1.0 - LATE_DISCOUNT * (m.start / max(1, len(text)))
        if i in listed:
            w *= LISTED_WEIGHT
            lists[m.code] = lists.get(m.code, 0) + 1
        elif where == "topic" or i in scope:
            w += TOPIC_BONUS
            strong.setdefault(m.code, set()).add("opens a paragraph")
        # in an overview of the world a list in the lead gives examples, not the scope
        # ("not all countries are on board. Namely, only three: Syria, Nicaragua and …")
        if m.start < LEAD_CHARS and where != "dateline" and not (overview and i in listed):
            # where the people of the lead come from weighs half; it still opens the
            # text, and in a short text on migrant workers it is what the text is about
            w += LEAD_BONUS * (ORIGIN_WEIGHT if origin else 1.0)
            strong.setdefault(m.code, set()).add("in the lead")
        raw[m.code] += w
    score = {c: v**REPEAT_EXPONENT for c, v in raw.items()}
    best = max(score.values(), default=0.0)
    total = sum(raw.values())
    dominance = max(raw.values(), default=0.0) / total if total else 0.0
    floor = DENSITY_FLOOR * (len(text) / 1000) ** 0.5
    named = len(score)
    title_count = max((count.get(c, 0) for c in in_title), default=0)

    out: dict[str, Salience] = {}
    for code in dict.fromkeys([*given, *in_title, *score]):
        s = score.get(code, 0.0)
        reasons = []
        if code in given:
            reasons.append("given by the source")
        if code in in_title:
            reasons.append("in the title")
        n = count.get(code, 0)
        if n:
            reasons.append(f"named {n} time{'s' if n != 1 else ''}")
        reasons += sorted(strong.get(code, ()))
        if lists.get(code):
            reasons.append(f"{lists[code]} in lists")
        if origins.get(code):  # weighed half: say so, or the weight cannot be read
            reasons.append(f"{origins[code]} as where people come from")
        if asides.get(code):
            reasons.append(f"{asides[code]} as donor, partner, speaker or destination")
        if offices.get(code):
            reasons.append(f"{offices[code]} as where an office sits or a meeting is held")
        if datelines.get(code):
            reasons.append(f"{datelines[code]} in a dateline")
        if languages.get(code):
            reasons.append(f"{languages[code]} as a language code")
        if n and demonyms.get(code) == n:
            reasons.append(
                "only by its demonym or in a body's name"
                if code in bodies
                else "only by its demonym"
            )
        features = Features(
            in_title=code in in_title,
            other_in_title=bool(in_title) and code not in in_title,
            count=n,
            share=s / best if best else 0.0,
            density=raw.get(code, 0.0) / floor if floor else 0.0,
            opens="opens a paragraph" in strong.get(code, ()),
            in_lead="in the lead" in strong.get(code, ()),
            listed=lists.get(code, 0) / n if n else 0.0,
            aside=(asides.get(code, 0) + offices.get(code, 0)) / n if n else 0.0,
            dateline=datelines.get(code, 0) / n if n else 0.0,
            demonym=demonyms.get(code, 0) / n if n else 0.0,
            origin=origins.get(code, 0) / n if n else 0.0,
            first_at=first[code] / max(1, len(text)) if code in first else 1.0,
            named=named,
            seat=seats.get(code, 0) / n if n else 0.0,
            dominance=dominance,
            overview=overview,
            title_count=title_count,
            title_demonym=code in title_demonyms,
        )
        about = code in given or ((s > 0 or code in in_title) and _decide(features))
        out[code] = Salience(ABOUT if about else MENTIONED, round(s, 3), reasons, features)
    # about first; among them what the source states, then the title, then by score
    order = sorted(
        out, key=lambda c: (out[c].role != ABOUT, c not in given, c not in in_title, -out[c].score)
    )
    return {c: out[c] for c in order}
