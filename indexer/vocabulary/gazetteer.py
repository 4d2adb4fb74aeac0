"""The gazetteer: every way a country or region is written, loaded once.

The ISO 3166 table comes from pycountry; what people actually write (aliases,
demonyms, cities, false friends, blocking phrases such as "Indian Ocean") is
kept in ``data/countries.toml`` and the regions in ``data/regions.toml``.
:func:`gazetteer` turns both into the tables the resolvers
(:mod:`.countries`) and the text tagger (:mod:`.country_tagger`) read:

* one :class:`Form` per lookup key (:func:`~.normalize.name_key`), saying
  what the words mean and which checks they need in running text;
* one compiled regular expression over every spelling of every form, folded
  into a character trie, so a scan tries the longest form at each position
  without a loop over countries;
* labels, alpha-2 codes, filter names and regions;
* the context word lists the tagger's checks use (given names, languages…).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.normalize import APOSTROPHES, fold_accents, name_key, spaced
from migsearch.indexer.vocabulary.scripts import unspaced_run_pattern

__all__ = ["Form", "Gazetteer", "gazetteer"]


@dataclass(frozen=True)
class Form:
    """One surface form: what is written, what it means, how to check it."""

    text: str  # as in the data, with its capitalisation
    code: str | None  # alpha-3 (a region id for a region); None: a blocking phrase
    kind: str  # "name", "alias", "demonym", "place", "region" or "block"
    person: bool = False  # a given name or surname too: needs context
    state: bool = False  # also a US state: "<Town>, Georgia" is not the country
    language: bool = False  # also a language name: "in French" is not France
    common_word: bool = False  # "US", "CAR": exact case, extra care in all caps


@dataclass(frozen=True)
class Gazetteer:
    forms: dict[str, Form]  # name_key -> the one form it stands for
    pattern: re.Pattern[str]  # for running text: country words start with a capital
    query_pattern: re.Pattern[str]  # for queries: any case
    lower_block_pattern: re.Pattern[str]  # blocking phrases that start in lower case
    labels: dict[str, str]
    alpha2: dict[str, str]
    filter_names: dict[str, list[str]]  # key -> codes, for resolve_country
    suggest_names: dict[str, str]  # key -> label shown in "did you mean"
    regions: dict[str, list[str]]
    region_labels: dict[str, str]
    region_names: dict[str, str]  # key of a filter value -> the region id it names
    given_names: frozenset[str]
    allowed_after: frozenset[str]
    language_before: frozenset[str]
    language_after: frozenset[str]
    language_words: frozenset[str]  # casefolded language names, for list context
    acronym_owners: dict[str, str]  # acronym key -> casefolded name of what it may stand for
    generic_words: frozenset[str]  # "City", "Region": may be lower case inside a name
    #: casefolded last words of agreements, processes and meetings named after a city
    instrument_words: frozenset[str] = frozenset()
    #: name_key of each city that seats international bodies ("New York", "Rome")
    seats: frozenset[str] = frozenset()
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    #: name_key of a short name two countries share -> (its usual country, the other):
    #: "Congo" is the Republic, or the DR Congo in a text that names only the latter
    short_forms: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: a division of a country as written after "<Town>, " -> that country: "Melbourne,
    #: Florida" and "Paris, TX" are towns there, not the cities abroad
    divisions: dict[str, str] = field(default_factory=dict)
    #: alpha-2 codes that are English words in capitals ("IN", "IT", "NO"): a list of
    #: codes made mostly of them is no list of countries (:mod:`.code_lists`)
    code_list_words: frozenset[str] = frozenset()


# --------------------------------------------------------------- forms


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


#: the most specific kind wins a key: a name over an alias over a demonym over a place
_RANK = {"name": 0, "alias": 1, "region": 1, "demonym": 2, "place": 3}


def _candidates(
    data: dict[str, Any],
) -> tuple[dict[str, list[Form]], dict[str, str], dict[str, str]]:
    """Every form of every country, by key (several may share one), with labels and alpha-2."""
    import pycountry  # slow to import (~0.1 s): only when the gazetteer is first needed

    entries: dict[str, dict[str, Any]] = data.get("countries", {})
    common_words = {name_key(w) for w in data.get("context", {}).get("common_word_forms", [])}
    person_places = set(data.get("context", {}).get("person_places", []))
    labels: dict[str, str] = {}
    alpha2: dict[str, str] = {}
    candidates: dict[str, list[Form]] = {}

    def add(text: str, code: str | None, kind: str, **flags: bool) -> None:
        for v in _variants(text):
            k = name_key(v)
            if k:
                f = Form(v, code, kind, common_word=k in common_words, **flags)
                candidates.setdefault(k, []).append(f)

    iso = {c.alpha_3: c for c in pycountry.countries}
    for code in list(iso) + [c for c in entries if c not in iso]:
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
            add(p, code, "place", person=p in person_places)
    native = load_data("country_names.toml")
    for code, names in native.get("names", {}).items():
        for n in names:
            add(n, code, "alias")
    for rid, r in _region_tables().items():
        for n in r.get("names", []):
            add(n, rid, "region")
    for phrase in [*data.get("block", {}).get("phrases", []), *native["block"]["phrases"]]:
        add(phrase, None, "block")
    return candidates, labels, alpha2


def _region_tables() -> dict[str, dict[str, Any]]:
    """The regions of ``regions.toml`` by uppercase id, in data order."""
    return {rid.upper(): r for rid, r in load_data("regions.toml").get("regions", {}).items()}


def _settle(
    candidates: dict[str, list[Form]], overrides: dict[str, str]
) -> tuple[dict[str, Form], dict[str, list[str]]]:
    """One form per key, and the keys two countries claim without an override.

    Blocking phrases win over countries; otherwise a key claimed by two
    countries needs an entry in ``[overrides]``.
    """
    forms: dict[str, Form] = {}
    conflicts: dict[str, list[str]] = {}
    for k, fs in candidates.items():
        if k in overrides:
            target = overrides[k] or None
            chosen = next((f for f in fs if f.code == target), None)
            forms[k] = chosen or Form(fs[0].text, target, fs[0].kind)
            continue
        blocks = [f for f in fs if f.code is None]
        if blocks:
            forms[k] = blocks[0]
            continue
        found = list(dict.fromkeys(f.code for f in fs if f.code))
        if len(found) > 1:
            conflicts[k] = found
        best = min(fs, key=lambda f: _RANK.get(f.kind, 9))
        same = [f for f in fs if f.code == best.code]
        forms[k] = Form(
            best.text,
            best.code,
            best.kind,
            person=any(f.person for f in same),
            state=any(f.state for f in same),
            language=any(f.language for f in same),
            common_word=best.common_word,
        )
    return forms, conflicts


# ------------------------------------------------------------- patterns


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


def _patterns(
    candidates: dict[str, list[Form]], accent_required: set[str]
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The text pattern, the query pattern and the lower-case blocking pattern."""
    every = [f for fs in candidates.values() for f in fs]
    # the trie is built over the spellings (accented and folded) of every form
    spellings: set[str] = set()
    for f in every:
        s = spaced(f.text.translate(APOSTROPHES).casefold())
        spellings.add(s)
        if f.text not in accent_required:
            spellings.add(fold_accents(s))
    trie = _trie_regex(sorted(spellings))
    # a word's edge: no letter of a spaced script next to it (Thai, Lao, Khmer and Burmese
    # write no spaces between words, so a name there is found inside a run of letters)
    unspaced = unspaced_run_pattern().pattern[1:-2]
    before, after = rf"(?<![^\W{unspaced}])", rf"(?![^\W{unspaced}])"
    query_pattern = re.compile(before + trie + after, re.IGNORECASE)
    # In running text a country word starts with a capital (or is one of the
    # few forms written in lower case, like "oPt"): testing that one character
    # first lets the engine skip most positions, 3-5x faster than the bare trie.
    firsts = {f.text[0].upper() for f in every} | {f.text[0] for f in every if f.code}
    first_class = "".join(sorted(ch for ch in firsts if ch.isalpha()))
    pattern = re.compile(
        r"(?=(?-i:[" + re.escape(first_class) + r"]))" + before + trie + after,
        re.IGNORECASE,
    )
    # Blocking phrases that start in lower case ("roast turkey") cannot take part
    # in that scan; the tagger checks them around each accepted match instead.
    lower_blocks = sorted(
        {
            spaced(f.text.translate(APOSTROPHES).casefold())
            for f in every
            if f.code is None and f.text[:1].islower()
        }
    )
    lower_block_pattern = re.compile(
        r"(?<!\w)" + _trie_regex(lower_blocks) + r"(?!\w)", re.IGNORECASE
    )
    return pattern, query_pattern, lower_block_pattern


# ------------------------------------------------------------- the tables


@cache
def gazetteer() -> Gazetteer:
    """The tables, built on first use (a few hundred ms) and shared by the process."""
    data = load_data("countries.toml")
    ctx: dict[str, Any] = data.get("context", {})
    candidates, labels, alpha2 = _candidates(data)
    overrides = {name_key(k): v for k, v in data.get("overrides", {}).items()}
    forms, conflicts = _settle(candidates, overrides)
    pattern, query_pattern, lower_block_pattern = _patterns(
        candidates, set(ctx.get("accent_required", []))
    )

    # filter values: names, aliases and demonyms (not cities), plus regions
    filter_names: dict[str, list[str]] = {}
    suggest: dict[str, str] = {}
    for k, f in forms.items():
        if f.code and f.kind not in ("place", "region"):
            filter_names[k] = [f.code]
            suggest[k] = labels[f.code]
    regions: dict[str, list[str]] = {}
    region_labels: dict[str, str] = {}
    region_names: dict[str, str] = {}
    for rid, r in _region_tables().items():
        regions[rid] = list(r["members"])
        region_labels[rid] = r.get("label", rid)
        names = [rid, rid.replace("_", " "), r.get("label", rid), *r.get("names", [])]
        for name in [*names, *r.get("aliases", [])]:
            filter_names[name_key(name)] = regions[rid]
            suggest[name_key(name)] = region_labels[rid]
            region_names[name_key(name)] = rid

    def words(name: str) -> frozenset[str]:
        return frozenset(ctx.get(name, []))

    def folded(name: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in ctx.get(name, []))

    return Gazetteer(
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
        region_names=region_names,
        given_names=words("given_names"),
        allowed_after=words("allowed_after"),
        language_before=folded("language_before"),
        language_after=folded("language_after"),
        # only names that are never demonyms: "Vietnamese, Indonesian and Filipino
        # fishermen" is a list of nationalities, "English, French" one of languages
        language_words=folded("language_only"),
        acronym_owners={
            name_key(a): " ".join(owner.casefold().split())
            for a, owner in ctx.get("acronym_owners", {}).items()
        },
        generic_words=words("generic_words"),
        instrument_words=folded("instrument_words"),
        seats=frozenset(name_key(w) for w in ctx.get("seats", [])),
        conflicts=conflicts,
        short_forms={name_key(k): (v[0], v[1]) for k, v in data.get("short_forms", {}).items()},
        divisions={
            written: code for code, names in data.get("divisions", {}).items() for written in names
        },
        code_list_words=words("code_list_words"),
    )
