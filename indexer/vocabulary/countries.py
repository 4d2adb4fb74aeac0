"""Countries: gazetteer lookup in text, filter-value resolution, regions.

The ISO 3166 table comes from pycountry; what people actually write (aliases,
demonyms, cities, false friends) lives in ``data/countries.toml`` and the
regions in ``data/regions.toml``. Everything is loaded once.

Text is scanned with one compiled regular expression: every surface form of
every country (and every blocking phrase such as "Indian Ocean") folded into a
character trie, so the engine tries the longest form at each position without
a loop over countries. Matches are then checked in Python, which is cheap
because there are few: capitalisation ("china" is porcelain), people's names
("Michael Jordan"), US states ("Atlanta, Georgia") and languages ("in French").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from migsearch.errors import UnknownCountryError
from migsearch.indexer.vocabulary.loader import load_data

__all__ = [
    "CountryMatch",
    "all_regions",
    "countries_in_query",
    "country_label",
    "find_countries",
    "region_label",
    "regions_for",
    "resolve_country",
]


#: Generic words inside multi-word place names that writers often leave in
#: lower case ("Chui region", "Quezon city"); other capitalised words of a
#: form must be capitalised in the text.
_GENERIC_WORDS = frozenset(
    [
        "Region",
        "Regional",
        "Province",
        "State",
        "City",
        "District",
        "Oblast",
        "Islands",
        "Island",
        "Republic",
        "Territory",
        "Territories",
        "Special",
        "Administrative",
        "Strip",
        "Bay",
        "Parish",
        "Gap",
    ]
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_HYPHENS = re.compile(r"[\s\-‐‑‒–]+")
_WORD_SPLIT = re.compile(r"[\s\-‐‑‒–]+")


def _fold(s: str) -> str:
    """Strip accents: "Côte" and "Cote" are one key."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _key(s: str) -> str:
    """The lookup key of a surface form: case, accents, apostrophes, spacing and
    hyphens do not matter ("Guinea Bissau" = "Guinea-Bissau")."""
    s = _fold(s.translate(_APOSTROPHES)).casefold()
    return _HYPHENS.sub(" ", s).strip()


def _is_acronym(word: str) -> bool:
    """UK, DPRK, oPt, BiH, KwaZulu: a capital after the first letter (of each part
    around an apostrophe: "d'Ivoire" and "N'Djamena" are ordinary words)."""
    return any(ch.isupper() for part in word.split("'") for ch in part[1:])


@dataclass(frozen=True)
class _Form:
    """One surface form: what is written, what it means, how to check it."""

    text: str  # as in the data, with its capitalisation
    code: str | None  # None: a blocking phrase, no country
    kind: str  # "name", "alias", "demonym", "place" or "block"
    person: bool = False  # a given name or surname too: needs context
    state: bool = False  # also a US state: "<Town>, Georgia" is not the country
    language: bool = False  # also a language name: "in French" is not France
    common_word: bool = False  # "US", "CAR": exact case, extra care in all caps


@dataclass(frozen=True)
class _Gazetteer:
    forms: dict[str, _Form]
    pattern: re.Pattern[str]  # for running text: country words start with a capital
    query_pattern: re.Pattern[str]  # for queries: any case
    lower_block_pattern: re.Pattern[str]  # blocking phrases that start in lower case
    labels: dict[str, str]
    alpha2: dict[str, str]
    filter_names: dict[str, list[str]]  # key -> codes, for resolve_country
    suggest_names: dict[str, str]  # key -> label shown in "did you mean"
    regions: dict[str, list[str]]
    region_labels: dict[str, str]
    given_names: frozenset[str]
    allowed_after: frozenset[str]
    language_before: frozenset[str]
    language_after: frozenset[str]
    language_words: frozenset[str]  # casefolded language names, for list context
    acronym_owners: dict[str, str]  # acronym key -> casefolded name of what it may stand for
    conflicts: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class CountryMatch:
    """Countries found in a text: ``codes`` most salient first, ``primary`` the main one.

    ``evidence`` maps each code to the words, as written, that triggered it.
    """

    codes: list[str] = field(default_factory=list)
    primary: str | None = None
    evidence: dict[str, list[str]] = field(default_factory=dict)


# --------------------------------------------------------------- loading


def _load_toml(name: str) -> dict[str, Any]:
    return load_data(name)


def _iso_names(c: Any) -> list[str]:
    """Names pycountry knows for one country, turned into forms people write:
    "Korea, Republic of" also gives "Republic of Korea" and "Korea"."""
    out: list[str] = []
    for attr in ("name", "official_name", "common_name"):
        v = getattr(c, attr, None)
        if not v:
            continue
        out.append(v)
        base = re.sub(r"\s*\([^)]*\)", "", v).strip()
        if base != v:
            out.append(base)
            inner = re.search(r"\(([^)]*)\)", v)
            if inner and not inner.group(1).endswith("part"):
                out.append(inner.group(1))
        if ", " in base:
            head, tail = base.split(", ", 1)
            out.append(head)
            if tail.endswith((" of", " of the")) or " " not in tail:
                inverted = f"{tail} {head}"
                out.append(re.sub(r"^[Tt]he ", "", inverted))
    return [re.sub(r"^the ", "", n) for n in out]


def _variants(form: str) -> list[str]:
    """Spellings of one form that the trie must accept besides the form itself."""
    out = [form]
    if form.startswith("Saint "):
        out += ["St. " + form[6:], "St " + form[6:]]
    if " and " in form:
        out.append(form.replace(" and ", " & "))
    return out


def _plural(demonym: str) -> str | None:
    """ "Filipinos", "Thais", "Sri Lankans"; none for "Vietnamese", "Irish", "Kyrgyz"."""
    if demonym.endswith(("ese", "ish", "ch", "sh", "ss", "z", "s", "x")):
        return None
    return demonym + "s"


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import pycountry  # slow to import (~0.1 s): only when the gazetteer is first needed

    data = _load_toml("countries.toml")
    rdata = _load_toml("regions.toml")
    entries: dict[str, dict[str, Any]] = data.get("countries", {})
    ctx: dict[str, Any] = data.get("context", {})
    overrides: dict[str, str] = {_key(k): v for k, v in data.get("overrides", {}).items()}
    common_words = {_key(w) for w in ctx.get("common_word_forms", [])}
    accent_required = set(ctx.get("accent_required", []))

    labels: dict[str, str] = {}
    alpha2: dict[str, str] = {}
    candidates: dict[str, list[_Form]] = {}

    def add(text: str, code: str | None, kind: str, **flags: bool) -> None:
        for v in _variants(text):
            k = _key(v)
            if not k:
                continue
            f = _Form(v, code, kind, common_word=k in common_words, **flags)
            candidates.setdefault(k, []).append(f)

    iso = {c.alpha_3: c for c in pycountry.countries}
    codes = list(iso) + [c for c in entries if c not in iso]
    for code in codes:
        e = entries.get(code, {})
        c = iso.get(code)
        if c is not None:
            alpha2[c.alpha_2] = code
            names = _iso_names(c)
            labels[code] = e.get("label") or getattr(c, "common_name", None) or c.name
        else:
            alpha2[e["alpha_2"]] = code
            names = [e["name"]]
            labels[code] = e.get("label") or e["name"]
        person, state = bool(e.get("person")), bool(e.get("state"))
        no_text = set(e.get("no_text", []))
        for n in dict.fromkeys(names):
            if n not in no_text:
                single = " " not in n
                add(n, code, "name", person=person and single, state=state and single)
        for a in e.get("aliases", []):
            add(a, code, "alias")
        langs = set(e.get("languages", []))
        for d in e.get("demonyms", []):
            add(d, code, "demonym", language=d in langs)
            p = _plural(d)
            if p:
                add(p, code, "demonym")
        for p in e.get("places", []):
            add(p, code, "place")
    for phrase in data.get("block", {}).get("phrases", []):
        add(phrase, None, "block")

    # One form per key. Blocking phrases win over countries; otherwise a key
    # claimed by two countries needs an entry in [overrides].
    forms: dict[str, _Form] = {}
    conflicts: dict[str, list[str]] = {}
    for k, fs in candidates.items():
        if k in overrides:
            target = overrides[k] or None
            chosen = next((f for f in fs if f.code == target), None) or _Form(
                fs[0].text, target, fs[0].kind
            )
            forms[k] = chosen
            continue
        blocks = [f for f in fs if f.code is None]
        if blocks:
            forms[k] = blocks[0]
            continue
        found = list(dict.fromkeys(f.code for f in fs if f.code))
        if len(found) > 1:
            conflicts[k] = found  # type: ignore[assignment]
        # the most specific kind wins: a name over an alias over a demonym over a place
        rank = {"name": 0, "alias": 1, "demonym": 2, "place": 3}
        best = min(fs, key=lambda f: rank.get(f.kind, 9))
        merged = _Form(
            best.text,
            best.code,
            best.kind,
            person=any(f.person for f in fs if f.code == best.code),
            state=any(f.state for f in fs if f.code == best.code),
            language=any(f.language for f in fs if f.code == best.code),
            common_word=best.common_word,
        )
        forms[k] = merged

    # The trie is built over the spellings (accented and folded) of every form.
    spellings: set[str] = set()
    for fs in candidates.values():
        for f in fs:
            s = f.text.translate(_APOSTROPHES).casefold()
            s = _HYPHENS.sub(" ", s).strip()
            spellings.add(s)
            if f.text not in accent_required:
                spellings.add(_fold(s))
    trie = _trie_regex(sorted(spellings))
    query_pattern = re.compile(r"(?<!\w)" + trie + r"(?!\w)", re.IGNORECASE)
    # In running text a country word starts with a capital (or is one of the
    # few forms written in lower case, like "oPt"): testing that one character
    # first lets the engine skip most positions, 3-5x faster than the bare trie.
    firsts = {f.text[0].upper() for fs in candidates.values() for f in fs}
    firsts |= {f.text[0] for fs in candidates.values() for f in fs if f.code}
    first_class = "".join(sorted(ch for ch in firsts if ch.isalpha()))
    # Blocking phrases that start in lower case ("roast turkey") cannot take part
    # in that scan; they are checked around each accepted match instead.
    lower_blocks = sorted(
        {
            _HYPHENS.sub(" ", f.text.translate(_APOSTROPHES).casefold())
            for fs in candidates.values()
            for f in fs
            if f.code is None and f.text[:1].islower()
        }
    )
    lower_block_pattern = re.compile(
        r"(?<!\w)" + _trie_regex(lower_blocks) + r"(?!\w)", re.IGNORECASE
    )
    pattern = re.compile(
        r"(?=(?-i:[" + re.escape(first_class) + r"]))(?<!\w)" + trie + r"(?!\w)",
        re.IGNORECASE,
    )

    # Filter values: names, aliases and demonyms (not cities), plus regions.
    filter_names: dict[str, list[str]] = {}
    suggest: dict[str, str] = {}
    for k, f in forms.items():
        if f.code and f.kind != "place":
            filter_names[k] = [f.code]
            suggest[k] = labels[f.code]
    regions: dict[str, list[str]] = {}
    region_labels: dict[str, str] = {}
    for rid, r in rdata.get("regions", {}).items():
        rid = rid.upper()
        regions[rid] = list(r["members"])
        region_labels[rid] = r.get("label", rid)
        for name in [rid, rid.replace("_", " "), r.get("label", rid), *r.get("aliases", [])]:
            filter_names[_key(name)] = regions[rid]
            suggest[_key(name)] = region_labels[rid]

    def keyset(name: str) -> frozenset[str]:
        return frozenset(ctx.get(name, []))

    # Only names that are never demonyms: "Vietnamese, Indonesian and Filipino
    # fishermen" is a list of nationalities, "English, French" one of languages.
    language_words = {w.casefold() for w in ctx.get("language_only", [])}
    return _Gazetteer(
        forms=forms,
        pattern=pattern,
        query_pattern=query_pattern,
        lower_block_pattern=lower_block_pattern,
        labels=labels,
        alpha2=alpha2,
        filter_names=filter_names,
        suggest_names=suggest,
        regions=regions,
        region_labels=region_labels,
        given_names=keyset("given_names"),
        allowed_after=keyset("allowed_after"),
        language_before=frozenset(w.casefold() for w in ctx.get("language_before", [])),
        language_after=frozenset(w.casefold() for w in ctx.get("language_after", [])),
        language_words=frozenset(language_words),
        acronym_owners={
            _key(a): " ".join(owner.casefold().split())
            for a, owner in ctx.get("acronym_owners", {}).items()
        },
        conflicts=conflicts,
    )


def _char_re(ch: str) -> str:
    if ch == " ":
        # a few spaces or a line break, not a paragraph of blanks
        return r"[\s\-‐‑‒–]{1,12}"
    if ch == "'":
        return "['’‘`´ʼ]"
    return re.escape(ch)


def _trie_regex(words: Iterable[str]) -> str:
    """One alternation with shared prefixes factored out: the regex engine then
    tries each position once per trie branch, not once per word, and a longer
    form is always tried before its prefix ("Nigeria" before "Niger")."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [_char_re(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return "(?:" + build(trie) + ")"


# ------------------------------------------------------------- checking


@lru_cache(maxsize=8192)
def _case_ok(form: _Form, written: str) -> bool:
    """Country words are proper nouns: "china" and "turkey" in lower case are
    not countries, "US" must not be "us"; all-caps text passes."""
    fw = [w for w in _WORD_SPLIT.split(form.text) if w]
    ww = [w for w in _WORD_SPLIT.split(written) if w]
    if len(fw) != len(ww):
        return written[:1].isupper()
    for i, (f, w) in enumerate(zip(fw, ww, strict=True)):
        f = f.translate(_APOSTROPHES)
        if _is_acronym(f):
            w = _fold(w.translate(_APOSTROPHES))
            if w == _fold(f):
                continue
            # all caps is fine for "KwaZulu", never for "oPt" or "US"
            if not (w.isupper() and not f.isupper() and not form.common_word):
                return False
        elif f[:1].isupper() and (i == 0 or f not in _GENERIC_WORDS) and not w[:1].isupper():
            return False
    return True


_PREV_WORD = re.compile(r"(\S+)\s+$")
_NEXT_WORD = re.compile(r"^[ \t]+([\w][\w'’.\-]*)")
_PREV_COMMA_WORD = re.compile(r"([A-Z][\w'’.\-]*)\s*,\s*$")
_LIST_SEP = re.compile(r"^(?:\s*(?:,|/|&|\band\b|\bor\b)\s*)+", re.IGNORECASE)
_LIST_SEP_BACK = re.compile(r"(?:\s*(?:,|/|&|\band\b|\bor\b)\s*)+$", re.IGNORECASE)
_WORD_AT_END = re.compile(r"(\w+)$")
_WORD_AT_START = re.compile(r"^(\w+)")


def _is_person(g: _Gazetteer, text: str, s: int, e: int, match_starts: set[int]) -> int:
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
    # In title case every word is capitalised: "Georgia Launches New Strategy".
    rest = re.findall(r"[^\W\d_][\w'’\-]*", after[m.end() :])[:4]
    if len(rest) >= 2 and sum(w[:1].isupper() for w in rest) >= 2:
        return 0
    letters = re.sub(r"\W", "", nxt)
    return 0 if len(letters) >= 2 and letters.isupper() else 1  # "Jordan UNHCR": no surname


def _is_other_state(text: str, s: int, match_ends: set[int]) -> bool:
    """ "Atlanta, Georgia": a town before a comma that the gazetteer does not know
    makes "Georgia" the US state; "Tbilisi, Georgia" and lists of countries stay."""
    before = text[max(0, s - 40) : s]
    m = _PREV_COMMA_WORD.search(before)
    if not m:
        return False
    word_end = max(0, s - 40) + m.end(1)
    return word_end not in match_ends


def _is_language(g: _Gazetteer, text: str, s: int, e: int, lang_ends: set[int]) -> bool:
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
        w = _WORD_AT_END.search(before[: back.start()])
        if w and w.group(1).casefold() in g.language_words and w.group(1)[:1].isupper():
            return True
    fwd = _LIST_SEP.match(after)
    if fwd:
        w = _WORD_AT_START.match(after[fwd.end() :])
        if w and w.group(1).casefold() in g.language_words and w.group(1)[:1].isupper():
            return True
    return False


_DONOR_AFTER = re.compile(
    r"(?:['’]s)?(?:\s+(?:Government|government|people|People)[\s\-]+|-)"
    r"(?:funded|financed|sponsored)\b"
)
_DONOR_BEFORE = re.compile(
    r"\b(?:(?:funded|financed|sponsored)\s+by|(?:funding|grants?|contributions?|donations?)"
    r"\s+(?:from|of))\s+(?:the\s+)?(?:(?:Government|government|people)\s+of\s+(?:the\s+)?)?$"
)


def _is_donor(text: str, s: int, e: int) -> bool:
    """ "a Canadian Government-funded project", "funded by the Government of
    Japan": who pays for a resource is not what it is about."""
    return bool(
        _DONOR_AFTER.match(text, e, e + 40) or _DONOR_BEFORE.search(text[max(0, s - 60) : s])
    )


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


def _scan(text: str) -> list[tuple[int, int, str, str, _Form]]:
    """(start, end, written, code, form) for every accepted country word."""
    g = _gazetteer()
    raw = []
    for m in g.pattern.finditer(text):
        f = g.forms.get(_key(m.group()))
        if f is None or f.code is None:
            continue
        raw.append((m.start(), m.end(), m.group(), f))
    if not raw:
        return []
    starts = {r[0] for r in raw}
    ends = {r[1] for r in raw}
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
        owner = g.acronym_owners.get(_key(w))
        if owner:
            if folded is None:
                folded = " ".join(text.casefold().split())
            if owner in folded:
                continue  # "DRC" in a text that names the Danish Refugee Council
        if f.common_word and _shouting(text, s, e):
            continue
        if _is_donor(text, s, e):
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
            if sure:
                if sure == 2:
                    person_names.add(_key(w))
                continue
            pending.append((s, e, w, f))
            continue
        out.append((s, e, w, f.code, f))
    # Once "Michael Jordan" was named in this text, a bare "Jordan" is that person too
    # (not after a mere "Jordan Smith" guess: one wrong guess must not hide a country).
    out.extend((s, e, w, f.code, f) for s, e, w, f in pending if _key(w) not in person_names)
    out.sort(key=lambda r: r[0])
    return out  # type: ignore[return-value]


# ------------------------------------------------------------ public API


def find_countries(text: str, title: str = "") -> CountryMatch:
    """Countries named in ``title`` and ``text`` (title counts more towards primary).

    Region words ("ASEAN", "Gulf countries") tag nothing; a country needs its
    own name, alias, demonym or an unambiguous city. Codes are ordered by
    salience: title mentions first (a title says what a resource is about,
    however often its body names a neighbour), then body mentions, then the
    earliest mention. ``primary`` is the first code.
    """
    found = [(0, r) for r in _scan(title)] if title else []
    found += [(len(title) + 1, r) for r in _scan(text)] if text else []
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


def regions_for(codes: Iterable[str]) -> list[str]:
    """Region ids with at least one of ``codes`` among their members."""
    have = {c.upper() for c in codes}
    return [rid for rid, members in _gazetteer().regions.items() if have.intersection(members)]


def region_label(region: str) -> str:
    """Display name of a region id ("SOUTH_ASIA" -> "South Asia"); unknown ids as given."""
    return _gazetteer().region_labels.get(region.upper(), region)


def all_regions() -> dict[str, list[str]]:
    """Region id -> member alpha-3 codes, in data order (a copy: safe to change)."""
    return {rid: list(members) for rid, members in _gazetteer().regions.items()}


def country_label(code: str) -> str:
    """Short English name of an alpha-3 code ("THA" -> "Thailand"); unknown codes as given."""
    return _gazetteer().labels.get(code.upper(), code)


def resolve_country(value: str) -> list[str]:
    """A --country value (alpha-2/3, name, alias, demonym, region; any case) to alpha-3 codes.

    Raises :class:`UnknownCountryError` with up to three close names otherwise.
    """
    g = _gazetteer()
    raw = " ".join(str(value).split())
    up = raw.upper()
    if up in g.labels and len(up) == 3:
        return [up]
    if len(up) == 2 and up in g.alpha2:
        return [g.alpha2[up]]
    k = _key(raw)
    for cand in (k, re.sub(r"^the ", "", k)):
        if cand in g.filter_names:
            return list(g.filter_names[cand])
    close = difflib.get_close_matches(k, list(g.suggest_names), n=10, cutoff=0.6) if k else []
    suggestions = list(dict.fromkeys(g.suggest_names[c] for c in close))[:3]
    raise UnknownCountryError(value, suggestions)


@lru_cache(maxsize=4096)
def _query_matches(text: str) -> tuple[tuple[str, str], ...]:
    g = _gazetteer()
    out: list[tuple[str, str]] = []
    for m in g.query_pattern.finditer(text):
        f = g.forms.get(_key(m.group()))
        if f is None or f.code is None or f.kind == "place":
            continue  # a city in a query is searched as a word, not as its whole country
        if f.common_word and m.group() != f.text:
            continue  # "us" in a query is the pronoun
        pair = (m.group(), f.code)
        if pair not in out:
            out.append(pair)
    return tuple(out)


def countries_in_query(text: str) -> list[tuple[str, str]]:
    """(phrase as written, alpha-3) for each country word in a query ("Burma" -> MMR).

    Queries are often typed in lower case, so case is not checked here except
    for forms that are common words ("us"). Blocking phrases still apply
    ("indian ocean" names no country), and cities are left out: who searches
    "Bangkok" wants Bangkok, not every document about Thailand.
    """
    return list(_query_matches(text))
