"""Country and region tagging: the places a text names, and the words that say so.

A scan runs the gazetteer's one compiled pattern (:mod:`.gazetteer`) over the
text; matches are then checked in Python, which is cheap because there are
few: capitalisation ("china" is porcelain), people's names ("Michael
Jordan"), US states ("Atlanta, Georgia"), languages ("in French"), donors
("funded by the Government of Japan"), surnames ("Oralia Ruano Lima,
Guatemala"), sports teams ("Melbourne d. Cocoa 8-0") and shouting ("CONTACT US").
Lists of alpha-2 codes ("PH, MY, BN, ID") are read by :mod:`.code_lists`.
:func:`scan_places` returns every accepted mention, countries and regions
("ASEAN", "the Gulf countries") alike, with its offsets; :func:`find_countries`
orders the countries by how much of the text names them. Which of them the
text is *about* is :mod:`.salience`'s question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from migsearch.indexer.vocabulary.borrowed_names import in_facility_name, is_instrument, is_team
from migsearch.indexer.vocabulary.code_lists import code_lists
from migsearch.indexer.vocabulary.gazetteer import Form, Gazetteer, gazetteer
from migsearch.indexer.vocabulary.normalize import APOSTROPHES, DASHES, fold_accents, name_key

__all__ = ["CountryMatch", "PlaceMention", "find_countries", "scan_places"]


@dataclass
class CountryMatch:
    """Countries found in a text: ``codes`` most salient first, ``primary`` the main one.

    ``evidence`` maps each code to the words, as written, that triggered it.
    """

    codes: list[str] = field(default_factory=list)
    primary: str | None = None
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class PlaceMention:
    """One accepted mention of a country (alpha-3) or a region (region id) in a text."""

    start: int
    end: int
    written: str  # as in the text
    code: str
    kind: str  # the form's kind: "name", "alias", "demonym", "place", "region" or "code"

    @property
    def is_region(self) -> bool:
        return self.kind == "region"

    def shifted(self, by: int) -> PlaceMention:
        """The same mention ``by`` characters further on (the title and text joined, a
        paragraph read on its own): ``dataclasses.replace`` made the same copy at three
        times the cost, once per mention and paragraph of every record."""
        return type(self)(self.start + by, self.end + by, self.written, self.code, self.kind)


_WORD_SPLIT = re.compile(DASHES)


def _is_acronym(word: str) -> bool:
    """UK, DPRK, oPt, BiH, KwaZulu: a capital after the first letter (of each part
    around an apostrophe: "d'Ivoire" and "N'Djamena" are ordinary words)."""
    return any(ch.isupper() for part in word.split("'") for ch in part[1:])


# ------------------------------------------------------------- checking


@lru_cache(maxsize=8192)
def _case_ok(form: Form, written: str) -> bool:
    """Country words are proper nouns: "china" and "turkey" in lower case are
    not countries, "US" must not be "us"; all-caps text passes."""
    fw = [w for w in _WORD_SPLIT.split(form.text) if w]
    ww = [w for w in _WORD_SPLIT.split(written) if w]
    if len(fw) != len(ww):
        return written[:1].isupper()
    generic = gazetteer().generic_words
    for i, (f, w) in enumerate(zip(fw, ww, strict=True)):
        f = f.translate(APOSTROPHES)
        if _is_acronym(f):
            w = fold_accents(w.translate(APOSTROPHES))
            if w == fold_accents(f):
                continue
            # all caps is fine for "KwaZulu", never for "oPt" or "US"
            if not (w.isupper() and not f.isupper() and not form.common_word):
                return False
        elif f[:1].isupper() and (i == 0 or f not in generic) and not w[:1].isupper():
            return False
    return True


_PREV_WORD = re.compile(r"(\S+)\s+$")
_NEXT_WORD = re.compile(r"^[ \t]+([\w][\w'’.\-]*)")
_PREV_COMMA_WORD = re.compile(r"([A-Z][\w'’.\-]*)\s*,\s*$")
_LIST_SEP = re.compile(r"^(?:\s*(?:,|/|&|\band\b|\bor\b)\s*)+", re.IGNORECASE)
_LIST_SEP_BACK = re.compile(r"(?:\s*(?:,|/|&|\band\b|\bor\b)\s*)+$", re.IGNORECASE)
_WORD_AT_END = re.compile(r"(\w+)$")
_WORD_AT_START = re.compile(r"^(\w+)")


def _is_person(g: Gazetteer, text: str, s: int, e: int, match_starts: set[int]) -> int:
    """ "Michael Jordan", "Jordan Peterson", "Chad Smith": a name, not a country.

    2 when a given name or title comes first (sure: the text is about that
    person), 1 when a surname-like word follows (likely), 0 otherwise."""
    before = text[max(0, s - 40) : s]
    m = _PREV_WORD.search(before)
    if m and "\n" not in before[m.start() :]:
        prev = m.group(1)
        if prev in g.given_names or re.fullmatch(r"[A-Z]\.", prev):
            return 2
    after = text[e : e + 120]
    m = _NEXT_WORD.match(after)
    if not m:
        return 0
    nxt = m.group(1)
    if not nxt[:1].isupper() or nxt in g.allowed_after or (e + m.start(1)) in match_starts:
        return 0
    if _title_case_follows(after[m.end() :]):
        return 0
    letters = re.sub(r"\W", "", nxt)
    return 0 if len(letters) >= 2 and letters.isupper() else 1  # "Jordan UNHCR": no surname


_CLAUSE_END = re.compile(r"\n|[.!?;:](?=\s|$)")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "via",
        "vs",
        "with",
    ]
)


def _title_case_follows(after: str) -> bool:
    """ "Georgia Launches New Labour Migration Strategy": in a headline every word of
    weight is capitalised, so the word after the place is no surname. Read only to the
    end of the line or sentence: "Jordan Munoz 8 saves. / Palm Bay Magnet d. Astronaut"
    and "Jordan Spira and Megan Cook 4 total." are names, whatever the next line says.
    One word is enough only when the line ends with it ("Jordan Signs Deal")."""
    end = _CLAUSE_END.search(after)
    clause = after[: end.start()] if end else after
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", clause) if w.lower() not in _SMALL_WORDS][
        :4
    ]
    if not words or not all(w[:1].isupper() for w in words):
        return False
    line_ends = end is None or end.group() == "\n"
    return len(words) >= 2 or (line_ends and not re.search(r"\d", clause))


def _surname_recurs(text: str, e: int) -> bool:
    """ "Aden O'Hara … O'Hara will file suit": the capitalised word after a place that
    is also a given name comes back alone, as a surname does after a full name; "the
    Aden Hub … the Sana'a Hub" never does. Only for places (``person_places``), whose
    names are mostly places: a country's person name is judged on the next word alone."""
    m = _NEXT_WORD.match(text[e : e + 60])
    if not m:
        return False
    word = m.group(1).rstrip(".")
    for again in re.finditer(rf"(?<![\w'’\-]){re.escape(word)}(?![\w'’\-])", text):
        if again.start() == e + m.start(1):
            continue
        prev = _PREV_WORD.search(text, max(0, again.start() - 40), again.start())
        if not prev or not prev.group(1)[:1].isupper() or prev.group(1)[-1] in ".:;!?":
            return True
    return False


def _is_other_state(text: str, s: int, match_ends: set[int]) -> bool:
    """ "Atlanta, Georgia": a town before a comma that the gazetteer does not know
    makes "Georgia" the US state; "Tbilisi, Georgia" and lists of countries stay."""
    before = text[max(0, s - 40) : s]
    m = _PREV_COMMA_WORD.search(before)
    if not m:
        return False
    word_end = max(0, s - 40) + m.end(1)
    return word_end not in match_ends


def _is_language(g: Gazetteer, text: str, s: int, e: int, lang_ends: set[int]) -> bool:
    """ "available in French", "Thai version", "English, French and Spanish".

    ``lang_ends`` are the end offsets of earlier words already judged languages,
    so that a list keeps being one ("in French and Spanish")."""
    before, after = text[max(0, s - 40) : s], text[e : e + 40]
    if after.startswith(("-speaking", "-language", "-speaker")):
        return True
    nm = _NEXT_WORD.match(after)
    nxt = nm.group(1).casefold() if nm else ""
    if nxt in g.language_after:
        return True
    pm = _PREV_WORD.search(before)
    prev = pm.group(1).casefold() if pm else ""
    if prev in g.language_before:
        # "in Thai." / "in Thai and English" is the language; "in Thai vessels" is not
        stripped = after.lstrip()
        if not stripped or stripped[0] in ".,;:()!?/–—-" or nxt in ("and", "or"):
            return True
    back = _LIST_SEP_BACK.search(before)
    if back:
        if max(0, s - 40) + back.start() in lang_ends:
            return True
        if _names_language(g, _WORD_AT_END.search(before[: back.start()])):
            return True
    fwd = _LIST_SEP.match(after)
    return bool(fwd) and _names_language(g, _WORD_AT_START.match(after[fwd.end() :]))


def _names_language(g: Gazetteer, word: re.Match[str] | None) -> bool:
    """Is the matched word a capitalised language name (a neighbour in a list)?"""
    if word is None:
        return False
    w = word.group(1)
    return w.casefold() in g.language_words and w[:1].isupper()


_DONOR_AFTER = re.compile(
    r"(?:['’]s)?(?:\s+(?:Government|government|people|People)[\s\-]+|-)"
    r"(?:funded|financed|sponsored)\b"
)
_DONOR_BEFORE = re.compile(
    r"\b(?:(?i:funded|financed|sponsored)\s+by|(?i:funding|grants?|contributions?|donations?)"
    r"\s+(?:from|of))\s+(?:the\s+)?(?:(?:Government|government|people)\s+of\s+(?:the\s+)?)?$"
)


def _is_donor(text: str, s: int, e: int) -> bool:
    """ "a Canadian Government-funded project", "funded by the Government of
    Japan": who pays for a resource is not what it is about."""
    return bool(
        _DONOR_AFTER.match(text, e, e + 40) or _DONOR_BEFORE.search(text[max(0, s - 60) : s])
    )


_COMMA_THEN = re.compile(r",[ \t]*")
_NAME_BEFORE = re.compile(r"\w[ \t]+([A-Z][a-z'’\-]+)[ \t]+$")


def _is_surname(
    text: str, s: int, e: int, code: str, country_at: dict[int, str], ends: set[int]
) -> bool:
    """ "Oralia Ruano Lima, Guatemala": a city right after a personal name and before
    ", <another country>" is a surname, not the city ("Lima" is no Peru here).

    The name is a capitalised word that is no place and follows another word on
    its line, so "In Lima, Guatemala…" at a sentence's start and lists stay places."""
    comma = _COMMA_THEN.match(text, e, e + 4)
    if not comma or country_at.get(comma.end(), code) == code:
        return False
    m = _NAME_BEFORE.search(text, max(0, s - 40), s)
    return bool(m) and m.end(1) not in ends


_DIVISION_AFTER = re.compile(r",[ \t]+([A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)?)(?![\w'’])")


def _is_town_abroad(g: Gazetteer, text: str, e: int, code: str, written: str) -> bool:
    """ "Melbourne, Florida", "Paris, TX", "London, Ontario": a city followed by a
    division of another country (``[divisions]``) is a town of that name there.

    A two-letter postal code counts only after a town not written in capitals, so
    that a headline in capitals ("FLOODS IN DHAKA, IN …") keeps its city."""
    m = _DIVISION_AFTER.match(text, e, e + 40)
    if not m:
        return False
    words = m.group(1).split()
    for n in (2, 1):
        phrase = " ".join(words[:n])
        # "Fla." is written with its point; "Florida." ends a sentence
        for form in dict.fromkeys((phrase, phrase.rstrip("."))):
            where = g.divisions.get(form)
            if where is None or where == code or (form.isupper() and written.isupper()):
                continue
            return True
    return False


def _shouting(text: str, s: int, e: int) -> bool:
    """ "CONTACT US", "CAR PARK": a common-word acronym between all-caps words."""
    pm = _PREV_WORD.search(text[max(0, s - 30) : s])
    nm = _NEXT_WORD.match(text[e : e + 30])
    for m in (pm, nm):
        if m:
            w = re.sub(r"\W", "", m.group(1))
            if len(w) >= 2 and w.isalpha() and w.isupper():
                return True
    return False


#: (start, end, written, code, form) of one accepted country word
_Found = tuple[int, int, str, str, Form]


def _scan(text: str) -> list[_Found]:
    """(start, end, written, code, form) for every accepted country word."""
    g = gazetteer()
    raw = []
    for m in g.pattern.finditer(text):
        f = g.forms.get(name_key(m.group()))
        if f is None or f.code is None:
            continue
        raw.append((m.start(), m.end(), m.group(), f))
    codes = code_lists(g, text)
    if not raw:
        return codes
    starts = {r[0] for r in raw}
    ends = {r[1] for r in raw}
    # where a country's own name or alias starts (", Guatemala" after a surname)
    country_at = {r[0]: r[3].code for r in raw if r[3].kind in ("name", "alias") and r[3].code}
    out = []
    person_names: set[str] = set()
    lang_ends: set[int] = set()
    folded: str | None = None
    pending = []
    for s, e, w, f in raw:
        if not _case_ok(f, w):
            continue
        if text.startswith("$", e):
            continue  # "US$2 billion" is money
        owner = g.acronym_owners.get(name_key(w))
        if owner:
            if folded is None:
                folded = " ".join(text.casefold().split())
            if owner in folded:
                continue  # "DRC" in a text that names the Danish Refugee Council
        if f.common_word and _shouting(text, s, e):
            continue
        if _is_donor(text, s, e):
            continue
        if f.kind == "place" and is_instrument(g, text, e):
            continue
        if f.kind == "place" and is_team(text, s, e):
            continue
        if f.kind == "place" and f.person and in_facility_name(g, text, e):
            continue
        if f.kind == "place" and _is_surname(text, s, e, f.code, country_at, ends):
            continue
        if f.kind == "place" and g.divisions and _is_town_abroad(g, text, e, f.code, w):
            continue
        lo = max(0, s - 30)
        if any(
            b.start() + lo <= s and b.end() + lo >= e
            for b in g.lower_block_pattern.finditer(text[lo : e + 30])
        ):
            continue
        if f.state and _is_other_state(text, s, ends):
            continue
        if f.language and _is_language(g, text, s, e, lang_ends):
            lang_ends.add(e)
            continue
        if f.person:
            sure = _is_person(g, text, s, e, starts)
            if sure == 1 and f.kind == "place" and not _surname_recurs(text, e):
                sure = 0
            if sure:
                if sure == 2:
                    person_names.add(name_key(w))
                continue
            pending.append((s, e, w, f))
            continue
        out.append((s, e, w, f.code, f))
    # Once "Michael Jordan" was named in this text, a bare "Jordan" is that person too
    # (not after a mere "Jordan Smith" guess: one wrong guess must not hide a country).
    out.extend((s, e, w, f.code, f) for s, e, w, f in pending if name_key(w) not in person_names)
    # a code the gazetteer knows as a word ("US") was judged above
    out.extend(c for c in codes if c[0] not in starts)
    out.sort(key=lambda r: r[0])
    if g.short_forms:
        out = _resolve_short_forms(g, out)
    return _shared_heads(g, text, out)


_HEAD_BEFORE = re.compile(r"(?<![\w\-])([A-Z][\w\-]*)(?:[ \t]*,|[ \t]+and|[ \t]+or|[ \t]*&)[ \t]+$")


def _shared_heads(g: Gazetteer, text: str, found: list[_Found]) -> list[_Found]:
    """ "East and West Africa", "North and South Korea": a word before "and" that, put
    in place of the first word of the next place's name, gives another place's name
    names that place too (East Africa, North Korea); "East, West and Southern Africa"
    names all three."""
    out = list(found)
    ends = {r[1] for r in found}
    # (where a name starts, its words after the first, where the name ends)
    todo = [(r[0], r[2].partition(" ")[2], r[1]) for r in found if " " in r[2]]
    while todo:
        s, rest, e = todo.pop()
        m = _HEAD_BEFORE.search(text, max(0, s - 30), s)
        if not m or m.end(1) in ends:
            continue
        f = g.forms.get(name_key(f"{m.group(1)} {rest}"))
        if f is not None and f.code and f.kind != "demonym":
            # the words as written: "East and West Africa"
            out.append((m.start(1), m.end(1), text[m.start(1) : e], f.code, f))
            todo.append((m.start(1), rest, e))
    out.sort(key=lambda r: r[0])
    return out


def _resolve_short_forms(g: Gazetteer, found: list[_Found]) -> list[_Found]:
    """A short name two countries share ("Congo") is the other country when the text
    names that one by a longer form ("Democratic Republic of Congo") and never names
    the usual one otherwise."""
    out = found
    for short, (usual, other) in g.short_forms.items():
        shorts = [i for i, r in enumerate(out) if r[3] == usual and name_key(r[2]) == short]
        if not shorts:
            continue
        codes_otherwise = {r[3] for i, r in enumerate(out) if i not in shorts}
        if other in codes_otherwise and usual not in codes_otherwise:
            out = [(*r[:3], other, r[4]) if i in shorts else r for i, r in enumerate(out)]
    return out


# ------------------------------------------------------------ tagging


def scan_places(text: str) -> list[PlaceMention]:
    """Every accepted mention of a country or a region in ``text``, in text order."""
    return [PlaceMention(s, e, w, code, f.kind) for s, e, w, code, f in _scan(text)]


def find_countries(text: str, title: str = "") -> CountryMatch:
    """Countries named in ``title`` and ``text`` (title counts more towards primary).

    Region words ("ASEAN", "Gulf countries") tag nothing; a country needs its
    own name, alias, demonym or an unambiguous city. Codes are ordered by
    salience: title mentions first (a title says what a resource is about,
    however often its body names a neighbour), then body mentions, then the
    earliest mention. ``primary`` is the first code.
    """
    found = [(0, r) for r in _scan(title) if r[4].kind != "region"] if title else []
    found += [(len(title) + 1, r) for r in _scan(text) if r[4].kind != "region"] if text else []
    # one title mention outweighs every body mention together
    title_weight = 1 + sum(1 for base, _ in found if base)
    score: dict[str, int] = {}
    first: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    for base, (s, _e, written, code, _f) in found:
        score[code] = score.get(code, 0) + (1 if base else title_weight)
        first.setdefault(code, base + s)
        words = evidence.setdefault(code, [])
        w = " ".join(written.split())
        if w not in words:
            words.append(w)
    codes = sorted(score, key=lambda c: (-score[c], first[c]))
    return CountryMatch(codes, codes[0] if codes else None, {c: evidence[c] for c in codes})
