"""Where a text names a place, and whether that place is a subject there at all.

Salience (:mod:`.salience`) weighs each mention of a country by where it
stands; this module answers the *where*, from the words around a mention:

* **asides**, which name a country without making it a subject: a list of
  donors, partners, speakers or resettlement states; a single funder ("with the
  support of the Government of Japan"); a country that gives ("Canada announced
  an additional $15 million"); who a speaker speaks for ("the representative of
  Mexico"), or a former ambassador's post ("former U.S. ambassador to the Ukraine");
  an office in a contact line;
* **datelines**, where a release was written ("Paris, 12 December 2017 –", and
  undated ones: "NAY PYI TAW, Myanmar –", and the offices of a regional release:
  "ABIDJAN/DAKAR/NEW YORK/GENEVA, 5 December 2017 –");
* **topic positions**, which devote a paragraph, a heading or a sentence to a
  country ("**Chad** hosts…", "In Kenya, 370,000 children…");
* **lists**, enumerations of three or more places, and their kind (asides,
  the text's scope, a statement spread across them, or any other list), and
  **template lines**, which repeat one text after a different country each.

It is kept apart from the weighing so that each can be read, and changed, whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from migsearch.indexer.vocabulary.country_tagger import PlaceMention, scan_places

__all__ = [
    "LEAD_CHARS",
    "classified_runs",
    "funded_by",
    "gives",
    "list_runs",
    "names_aside",
    "position",
    "template_lines",
]

#: Characters at the start of the body that count as its lead (headline, dateline, first lines).
LEAD_CHARS = 200

#: What may separate two items of one enumeration: commas, "and", "or", slashes,
#: bars, a parenthesis ("Lao PDR (Laos), Myanmar"), a figure ("Niger (2,202), Italy (415)").
_LIST_GAP = re.compile(
    r"^(?:[\s,;/|&()\[\]\-–—:.%*\d]|\band\b|\bor\b|\bthe\b|\bas well as\b)*$", re.IGNORECASE
)
#: Longest gap between two items of an enumeration.
_MAX_GAP = 30
#: Words shortly before a list that make its places donors, partners, speakers or
#: third countries rather than subjects.
_NOT_SUBJECT = re.compile(
    r"\b(?:donors?|funded by|funding from|financed by|contributions? (?:from|of)|thanks to|"
    r"support (?:from|of)|supported by|partners?(?: countries)?|in partnership with|"
    r"co-?sponsors?|sponsored by|representatives? of|delegations? of|speakers?|"
    r"also speaking were|resettlement (?:states|countries|places|pledges)|"
    r"submitted for resettlement|"
    r"departed on resettlement|outbreaks? (?:of|have been reported)|previous outbreaks|"
    r"past outbreaks|in favour|against|abstentions?|destination countries|"
    r"countries of (?:destination|origin|transit)|origin countries|transit countries)\b[^.]{0,80}$"
    # a long name may stand between the donors and their list when a verb introduces it:
    # "The major donors and partners of the Disaster Relief Emergency Fund (DREF) include
    # the Red Cross Societies and governments of Belgium, Britain, Canada, …"
    r"|\b(?:donors?|partners)\b[^.]{0,80}\binclud(?:e|es|ed|ing)\b[^.]{0,60}$",
    re.IGNORECASE,
)
#: What may come before a country that opens a paragraph or a list item: a bullet,
#: emphasis, "In" ("**Chad** hosts…", "• Honduras: …", "In Kenya, 370,000 children…").
_PARAGRAPH_START = re.compile(
    r"(?:^|\n)[ \t]*(?:[-•*#>]+[ \t]*|\d+[.)][ \t]*)?(?:\*\*|__)?(?:In[ \t]+(?:the[ \t]+)?)?$"
)
#: A sentence that opens with "In <country>," or "<Country>:" is devoted to it.
_SENTENCE_START = re.compile(
    r"(?:[.!?;:][\"'’”)\]]*|\*\*)[ \t]+(?:\*\*)?(?:In[ \t]+(?:the[ \t]+)?)?$"
)
_SENTENCE_TOPIC_AFTER = re.compile(r"^(?:\*\*)?[ \t]*[,:]")
#: Words shortly before a single place, in its sentence, that make it who pays or
#: helps rather than a subject ("with the generous support of the Government of
#: Japan", "a grant from Canada", "made possible by Germany").
_FUNDER_BEFORE = re.compile(
    r"\b(?:donors?|donated by|funded by|funding (?:from|of|by)|financed by|grants? (?:from|of)|"
    r"contributions? (?:from|of|by)|thanks to|grateful to|made possible by|"
    r"(?:generous )?support (?:from|of)|"
    r"supported by|in partnership with|co-?sponsored by|sponsored by|co-?funded by|"
    r"with (?:the )?(?:generous |financial )?(?:support|funding|contributions?) (?:from|of))"
    # an amount may come between, its decimal point no sentence end: "a contribution of
    # €4.4 million (US$5.2 million) from the Government of Germany"
    r"\b(?:[^.;\n]|\.(?=\d)){0,60}$",
    re.IGNORECASE,
)

#: Word stems one of which every phrase above holds: a cheap test that spares most
#: mentions the regular expression.
_FUNDER_STEMS = (
    "donor", "donat", "fund", "financ", "grant", "contribut", "thank", "grateful", "possible",
    "support", "partner", "sponsor",
)  # fmt: skip


def funded_by(text: str, at: int) -> bool:
    """Does a donor or partner phrase of its sentence lead to the place at ``at``?"""
    before = text[max(0, at - 120) : at]
    low = before.lower()
    return any(k in low for k in _FUNDER_STEMS) and bool(_FUNDER_BEFORE.search(before))


#: A country that gives, written as the subject of its sentence: "Canada announced an
#: additional $15 million", "The New Zealand government has committed 1 million NZD",
#: "Finland will support Northeast Nigeria with EUR 1.5 million", "New Zealand's timely
#: support", "the Japanese Government's funding".
#: A giving verb must lead to an amount or to aid in the same sentence, so "Kenya hosts
#: 500,000 refugees" and "Chad supports the resolution" stay subjects.
_GIVES_AFTER = re.compile(
    # the other members of a subject the place opens: "the United Kingdom (UK) and Ireland
    # provide MWK6.6bn", "Norway, Sweden and Denmark pledged $20 million"
    # (read by :func:`gives`, which checks that each of them is a place)
    r"^(?P<others>(?:[ \t]*\([A-Z]{2,6}\))?(?:(?:,|[ \t]+and|[ \t]+&|,[ \t]+and)[ \t]+"
    r"(?:the[ \t]+)?[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,2}(?:[ \t]*\([A-Z]{2,6}\))?){0,4})"
    r"(?:[ \t]+(?:[Gg]overnment|[Mm]inistry(?: of| for)?(?: [A-Z]\w+)*))?[ \t]+"
    r"(?:(?:has|have|had|will|would|is|was|today|also|now|already|further|additionally|"
    r"recently|generously|just)[ \t]+)*"
    # a verb that is giving by itself: "UK and Ireland funds cash-based safety net"
    r"(?:(?:co-?)?fund(?:s|ed)\b|financ(?:es|ed)\b"
    r"|(?:provid|commit|announc|allocat|grant|contribut|donat|pledg|giv|gave|direct|disburs|"
    r"fund|support|increas|deliver|sen[dt]|dispatch|ship)\w*\b(?:[^.;\n]|\.(?=\d)){0,80}?"
    r"(?:\b(?:million|billion|funding|aid|assistance|contributions?|grants?|donations?|"
    r"USD|EUR|NZD|AUD|CAD|CHF|GBP|JPY|dollars?|euros?|kroner|francs|yen)\b|[$€£¥]"
    # an amount in any currency's code or in short: "MWK6.6bn", "KES 40m"
    r"|(?-i:\b[A-Z]{3})[ \t]?\d|\d(?:bn|mn|m)\b))"
    r"|^(?:[ \t]+[Gg]overnment)?['’]s[ \t]+(?:\w+[ \t]+){0,2}"
    r"(?:funding|contributions?|donations?|grants?|pledges?|support)\b"
)


def gives(text: str, m: PlaceMention) -> bool:
    """Is the place at ``m`` the subject of a giving verb (a donor), not the text's subject?"""
    if m.kind == "demonym" and not text.startswith((" government", " Government"), m.end):
        return False  # "Canadian partners will provide…": who acts, not who gives
    # anchored at the place, the pattern fails at once on most mentions
    found = _GIVES_AFTER.match(text[m.end : m.end + 160])
    if not found:
        return False
    others = found.group("others") or ""
    # the other members of the subject must all be places: "Today at the One Planet Summit
    # in Paris, the Bill & Melinda Gates Foundation pledged $300M" is no donor list
    return not others.strip() or not _SUBJECT_LEFT.sub("", _without_places(others)).strip()


#: What may remain of a coordinated subject once its places are taken out.
_SUBJECT_LEFT = re.compile(r",|\band\b|&|\bthe\b|[()]")


def _without_places(text: str) -> str:
    """``text`` without the places :func:`scan_places` finds in it."""
    out, at = [], 0
    for p in scan_places(text):
        out.append(text[at : p.start])
        at = p.end
    out.append(text[at:])
    return "".join(out)


#: A dateline: "PANAMA CITY, 26 October 2025 –", "Addis Ababa, Ethiopia, 15 November 2025 —".
#: What may come between the place and the date is another place after a comma, never a
#: headline's words ("South Sudan Health Cluster Bulletin 8, 31 August 2017" is a title).
_DATELINE_AFTER = re.compile(
    r"^(?:,[ \t]*[A-Z][A-Za-z'’.\- ]{0,25})?,?[ \t]*\(?(?:\d{1,2}[ \t]+[A-Z][a-z]+|[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?!\d))"
    # "New York, NY –": a US dateline, state and dash
    r"|^,[ \t]*[A-Z]{2}\.?[ \t]*[–—-]"
)
#: A dateline written date first: "21 December 2017, Cairo/Rome –".
_DATE_BEFORE = re.compile(
    r"\b(?:\d{1,2}[ \t]+[A-Z][a-z]+|[A-Z][a-z]+[ \t]+\d{1,2}),?[ \t]+\d{4},[ \t]*$"
)
_DATED_PLACE_AFTER = re.compile(
    r"(?:[ \t]*/[ \t]*[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*)?)*[ \t]*[–—-]"
)
#: The other places of a dateline of several offices, joined by slashes
#: ("ABIDJAN/DAKAR/NEW YORK/GENEVA, 5 December 2017 –"): what follows a place up to the date.
_SLASHED_PLACES = re.compile(r"(?:[ \t]*/[ \t]*[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,2})*")
_SLASHED_BEFORE = re.compile(r"(?:[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,2}[ \t]*/[ \t]*)+$")
#: A dateline without a date: a city in capitals, a comma, the place, then a dash or the
#: end of the line ("NAY PYI TAW, Myanmar – The Global Fund…", "BAAR, SWITZERLAND").
_CAPS_CITY_BEFORE = re.compile(r"(?:^|\s)[A-Z][A-Z'’.\-]+(?:[ \t]+[A-Z][A-Z'’.\-]+)*,[ \t]*$")
_UNDATED_END = re.compile(r"[ \t]*(?:[–—]|-[ \t]|\n|$)")
_UNDATED_COUNTRY_AFTER = re.compile(
    r",[ \t]*[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,3}[ \t]*(?:[–—]|-[ \t]|\n)"
)
#: A contact (an e-mail address, a telephone number) on the place's line and close to
#: it: the place is an office, not a subject ("OCHA New York, geekie@un.org, Tel: +1 …").
_CONTACT = re.compile(r"[\w.\-]+@[\w\-]+\.[\w.]+|\b(?:Tel|Phone|Cell|Mobile|Fax)\b\.?:?[ \t]*\+?\d")
#: A dateline in capitals ("OSLO, Nov 30 (Reuters) -") may come after a headline and
#: a byline: this many characters from the start.
_CAPS_DATELINE_CHARS = 600
#: Words just before a list that make it the text's scope ("Caribbean countries,
#: including Jamaica, Haiti, Cuba…", "six countries in ASEAN; Cambodia, …").
_SCOPE = re.compile(
    r"\b(?:countries|nations|states|territories)\b[^.;]{0,30}?(?:[,:;—–\-(]|\bincluding\b)[ \t]*"
    r"(?:including[ \t]+|namely[ \t]+)?(?:the[ \t]+)?$",
    re.IGNORECASE,
)

#: … but countries that act or that people come from are no scope, whatever list
#: names them: "the adoption of the San Pedro Sula Declaration by six states (Belize,
#: Costa Rica …)", "Researchers from eight Asian countries – Bangladesh, Cambodia …".
_AGENTS_OR_ORIGINS = re.compile(
    r"\b(?:by|from)[ \t]+(?:the[ \t]+)?(?:\w+[ \t]+){0,2}(?:countries|nations|states|territories)\b"
    r"[^.;]{0,30}$"
    # … nor are the "other countries" a list gives examples of: "returned from Pakistan
    # (1,092), Iran (939), and other countries (116) including India, Tajikistan, …"
    r"|\bother[ \t]+(?:\w+[ \t]+){0,2}(?:countries|nations|states|territories)\b[^.;]{0,30}$",
    re.IGNORECASE,
)
#: Words just before a list that spread a statement over its places: "flooding across
#: Sudan, South Sudan and Ethiopia", "swarms remain present across parts of Kenya, …".
_ACROSS = re.compile(
    r"\b(?:across|throughout)[ \t]+(?:(?:several |most |many )?parts of[ \t]+)?(?:the[ \t]+)?$|"
    r"\b(?:parts|areas) (?:of|in)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)

#: A country that only says who someone speaks for: "MASUD BIN MOMEN (Bangladesh)",
#: "the representative of Mexico", "Cuba's representative", "Ambassador of Japan".
#: An embassy, ambassador or consulate likewise speaks for the country that sends it.
_SPEAKER_BEFORE = re.compile(
    r"(?:[A-Z][\w'’.\-]*[ \t]+[A-Z][\w'’.\-]*[ \t]*\([ \t]*(?:the[ \t]+)?|"
    r"\b(?:[Rr]epresentatives?|[Dd]elegates?|[Dd]elegations?|[Aa]mbassadors?|[Ee]mbass(?:y|ies)|"
    r"[Pp]ermanent [Oo]bserver|[Mm]inisters?(?: for [A-Z]\w+(?: [A-Z]\w+)*)?|"
    # a head of state or of government, titled: "Crown Prince of Abu Dhabi", "Ruler of
    # Dubai", "President Nazarbayev of Kazakhstan" say whose office, as a speaker's does
    r"(?:Crown[ \t]+)?Prince|King|Queen|Emir|Ruler|Sultan|Prime[ \t]+Minister|"
    r"(?:Vice[ \t-]+)?President(?:[ \t]+[A-Z][\w'’\-]+)?)[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?"
    # a former ambassador's post describes the person, not what happens there: "former
    # U.S. ambassador to the Ukraine Marie Yovanovitch" (a serving "UAE Ambassador to
    # Mexico" delivering aid there leaves Mexico a subject)
    r"|\b(?:[Ff]ormer|[Ee]x-)[ \t]+(?:[\w.]+[ \t]+){0,2}[Aa]mbassadors?[ \t]+to[ \t]+"
    r"(?:the[ \t]+)?)\Z"
)
_SPEAKER_AFTER = re.compile(
    r"^(?:\)|['’]s[ \t]+(?:[Rr]epresentative|[Dd]elegate|[Aa]mbassador|[Ee]mbassy)"
    # its envoys abroad: "the UAE Embassy in Mexico", "the Japanese Ambassador to Nepal"
    r"|[ \t]+(?:Embassy|Ambassador|Consulate|Consul)\b)"
)
#: Longest line that reads as a heading ("**Koyesh Miah, Bangladesh**", "NIGER").
_HEADING_CHARS = 60


#: Lines that repeat one text after a different country ("USA: Take action to stop the
#: attacks", "Canada: Take action to stop the attacks", …) fill in a template: a list of
#: petitions, links or contacts, not a passage on each country. Their shared ending must
#: be this long, over at least TEMPLATE_LINES lines in a row.
_TEMPLATE_TAIL = 20
TEMPLATE_LINES = 3


def _shared_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def template_lines(mentions: Sequence[PlaceMention], text: str) -> set[int]:
    """Indexes into ``mentions`` of countries that open lines of one template: at least
    TEMPLATE_LINES successive lines, each opened by a country (after a bullet or
    emphasis) and ending in the same words as the next."""
    openers: list[tuple[int, int, str]] = []  # (mention index, line number, rest of line)
    line, counted = 0, 0  # the line number at character ``counted`` (mentions come in order)
    for i, m in enumerate(mentions):
        if m.is_region:
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if text[line_start : m.start].strip(" \t*_-•#>"):
            continue
        line += text.count("\n", counted, m.start)
        counted = m.start
        line_end = text.find("\n", m.end)
        line_end = len(text) if line_end < 0 else line_end
        openers.append((i, line, text[m.end : line_end].rstrip()))
    out: set[int] = set()
    run: list[tuple[int, int, str]] = []
    for item in [*openers, (-1, -10, "")]:
        if (
            run
            and item[1] - run[-1][1] <= 2  # the next line, or the one after a blank line
            and _shared_tail(run[-1][2], item[2]) >= _TEMPLATE_TAIL
        ):
            run.append(item)
            continue
        if len(run) >= TEMPLATE_LINES:
            out.update(i for i, _, _ in run)
        run = [item]
    return out


def list_runs(mentions: Sequence[PlaceMention], text: str) -> list[list[int]]:
    """Indexes into ``mentions`` of each enumeration naming at least three places."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, m in enumerate(mentions):
        if current:
            prev = mentions[current[-1]]
            gap = text[prev.end : m.start]
            if len(gap) <= _MAX_GAP and _LIST_GAP.match(gap):
                current.append(i)
                continue
            runs.append(current)
        current = [i]
    if current:
        runs.append(current)
    return [r for r in runs if len({mentions[i].code for i in r}) >= 3]


#: A short sentence that only introduces a list ("The 11 States are: Canada, …"), after
#: the sentence that says what its places are.
_INTRODUCER = re.compile(
    r"[.!?][ \t]+((?:[\w’'()\-]+[ \t]+){1,4}(?:are|were|include)[ \t]*:?[ \t]*)$"
)


def _introduced(before: str) -> str:
    """``before`` with the end of the sentence before a list's introducer taken out, so
    that the introducer reads as that sentence's continuation: "… have committed 3,781
    resettlement places for the Libya-Niger situation. The 11 States are: " says what
    the states are, as one sentence would; "" when no introducer ends ``before``."""
    m = _INTRODUCER.search(before)
    return f"{before[: m.start()]} {m.group(1)}" if m else ""


def classified_runs(places: Sequence[PlaceMention], text: str) -> list[tuple[str, list[int]]]:
    """Each enumeration with its kind: "aside" (donors, partners, speakers, resettlement
    states), "scope" ("the five countries in the region—Burkina Faso, Chad, …"),
    "across" (a statement spread over its places: "flooding across Sudan, South Sudan
    and Ethiopia") or "listed" (any other)."""
    out = []
    for run in list_runs(places, text):
        first = places[run[0]]
        before = text[max(0, first.start - 120) : first.start]
        if _NOT_SUBJECT.search(before) or _NOT_SUBJECT.search(_introduced(before)):
            out.append(("aside", run))
        elif _SCOPE.search(before[-50:]) and not _AGENTS_OR_ORIGINS.search(before[-60:]):
            out.append(("scope", run))
        elif _ACROSS.search(before[-30:]):
            out.append(("across", run))
        else:
            out.append(("listed", run))
    return out


def names_aside(places: Sequence[PlaceMention], text: str) -> set[int]:
    """Indexes of the mentions that only name donors, partners or speakers."""
    out = {i for kind, run in classified_runs(places, text) if kind == "aside" for i in run}
    out.update(i for i, m in enumerate(places) if position(m, text) == "speaker")
    return out


def _undated_dateline(m: PlaceMention, text: str) -> bool:
    """Is ``m`` the country, or the city, of a dateline without a date? The city and the
    country must be one place ("KENYA, UGANDA" over a section names two subjects)."""
    before = _CAPS_CITY_BEFORE.search(text, max(0, m.start - 40), m.start)
    if before and _UNDATED_END.match(text, m.end, m.end + 4):
        city = [p.code for p in scan_places(before.group())]
        return not city or city == [m.code]
    after = m.written.isupper() and _UNDATED_COUNTRY_AFTER.match(text, m.end, m.end + 40)
    return bool(after) and [p.code for p in scan_places(after.group())] == [m.code]


def _slashed_dateline(m: PlaceMention, text: str) -> bool:
    """Is ``m`` one of the offices of a dateline that joins three or more by slashes
    ("ABIDJAN/DAKAR/NEW YORK/GENEVA, 5 December 2017 –", a regional release)? Two are a
    headquarters and the field ("GENEVA/KYIV, 21 December –"): the field is the subject."""
    lo = _SLASHED_BEFORE.search(text, max(0, m.start - 80), m.start)
    start = lo.start() if lo else m.start
    chain = _SLASHED_PLACES.match(text, m.end)
    if text.count("/", start, chain.end()) < 2:
        return False
    return bool(_DATELINE_AFTER.match(text[chain.end() : chain.end() + 50]))


#: how every match of ``_SPEAKER_BEFORE`` ends once trailing spaces and tabs are cut
_SPEAKER_BEFORE_ENDS = ("(", "of", "for", "the", "to")


def _speaker_before(before: str) -> bool:
    """Does ``_SPEAKER_BEFORE`` match ``before`` (which ends at a place)?

    The pattern is tried at every character of ``before`` and was a third of
    :func:`position` for a place in running text, twice over. Every match ends with
    "(", "of" or "for", then spaces or tabs, then at most "the" and more of them, so
    a text whose end is none of these is answered without the search (a test checks
    the shortcut against the pattern)."""
    if not before.rstrip(" \t").endswith(_SPEAKER_BEFORE_ENDS):
        return False
    return _SPEAKER_BEFORE.search(before) is not None


def position(m: PlaceMention, text: str) -> str:
    """ "dateline", "speaker" (who speaks for it, or a contact's office), "topic" (opens a
    paragraph, a sentence or a heading) or "" (running text)."""
    if _DATELINE_AFTER.match(text[m.end : m.end + 50]) and (
        m.start < LEAD_CHARS
        or (m.start < _CAPS_DATELINE_CHARS and (m.written.isupper() or text[m.end] == ","))
    ):
        return "dateline"
    if (
        m.start < _CAPS_DATELINE_CHARS
        and _DATE_BEFORE.search(text, max(0, m.start - 30), m.start)
        and _DATED_PLACE_AFTER.match(text, m.end, m.end + 40)
    ):
        return "dateline"  # "21 December 2017, Cairo/Rome –", after a headline
    if m.start < _CAPS_DATELINE_CHARS and _slashed_dateline(m, text):
        return "dateline"  # "ABIDJAN/DAKAR/NEW YORK/GENEVA, 5 December 2017 –"
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line_end = len(text) if line_end < 0 else line_end
    if m.start < _CAPS_DATELINE_CHARS and _undated_dateline(m, text):
        return "dateline"  # "NAY PYI TAW, Myanmar – The Global Fund…", "BAAR, SWITZERLAND"
    if (
        line_end - line_start <= _HEADING_CHARS
        and not text[line_start : m.start].strip(" \t*_")
        and _DATELINE_AFTER.match(text[m.end : m.end + 50])
    ):
        return "dateline"  # a line of its own: "New York, 24 December 2017" under a statement
    near = text[max(line_start, m.start - 60) : min(line_end, m.end + 80)]
    if (
        "@" in near
        or "Tel" in near
        or "Phone" in near
        or "Cell" in near
        or "Mobile" in near
        or "Fax" in near
    ) and _CONTACT.search(near):
        return "speaker"  # "Contact: In Atlanta, Soyia Ellison, soyia.ellison@…"
    before = text[max(0, m.start - 60) : m.start]
    after = text[m.end : m.end + 20]
    speaker_before = _speaker_before(before)
    if speaker_before and _SPEAKER_AFTER.match(after):
        return "speaker"
    if speaker_before and not before.endswith("("):
        return "speaker"
    if _SPEAKER_AFTER.match(after) and not after.startswith(")"):
        return "speaker"
    if m.kind == "demonym":
        return ""  # "Somali refugees…" opens a passage on the refugees, not on Somalia
    before = before[-16:]
    if _PARAGRAPH_START.search(before):
        return "topic"
    if _SENTENCE_START.search(before) and _SENTENCE_TOPIC_AFTER.match(text[m.end : m.end + 4]):
        return "topic"
    if line_end - line_start > _HEADING_CHARS:
        return ""
    # a heading or a short list item is devoted to the first country it names:
    # "Lebanon: An arena for Saudi vs. Iran tug of war" is on Lebanon, not on Iran
    return "" if any(not p.is_region for p in scan_places(text[line_start : m.start])) else "topic"
