"""Lists of ISO 3166 alpha-2 codes read as the countries they name.

Regional bulletins give their scope in codes: an AHA Centre flash update on a typhoon
opens "Countries under monitoring: PH, MY, BN, ID, VN, KH, TH", and the five countries
it names only once more, in a list late in the text, are its scope as much as the
Philippines and Viet Nam, on which it has a paragraph each. A lone
two-letter word is no such code ("IN", "IT", "NO", "TO" and "US" are English words,
"ID" an identity card), so a code counts only inside a list of them: at least three
different codes, each a valid alpha-2 code of the gazetteer, joined by commas,
slashes or "and" on one line. Even then a list is refused when

* it stands among other words in capitals ("STORM HITS PH, MY, TH AND VN" is a heading,
  "[EN/AR/TR]" and "[FR/ES/IT]" are the languages of a report, in square brackets),
* every code is also a language code and the words around it speak of languages
  ("available in FR, ES, AR and RU", "FR/ES/AR versions"),
* half its codes or more are common English words ("IT, IS, NO"), or
* every code is also a state's or province's postal code ("AL, GA, MS"; "CA, IN, IL"),
  which a list of US or Canadian states would be, or
* the text spells one of its codes out as something else: a trial that compares
  "amitriptylinoxide (AO) … amitriptyline (AM) and placebo (PL)" then writes "between
  AO, AM and PL" of its three arms, not of Angola, Armenia and Poland.

:func:`code_lists` returns the codes it reads, and :mod:`.country_tagger` adds them to
the mentions a scan finds, as kind "code"; salience then reads them as the list they
are (:func:`~.positions.list_runs`).
"""

from __future__ import annotations

import re
from functools import cache

from migsearch.indexer.vocabulary.gazetteer import Form, Gazetteer
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.normalize import name_key

__all__ = ["code_lists"]

#: Two capitals that are a word of their own (not "PHMY", "PH-MY", "xPH"). The capitals
#: come before the look-behind, which makes the search through a text without them
#: three times faster than the look-behind first (every scan pays it).
_TOKEN = r"[A-Z][A-Z](?<![\w'’\-][A-Z][A-Z])(?![\w'’\-])"
_SEP = r"(?:[ \t]*[,/][ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)"
#: Three two-capital words or more, joined as a list is (not yet checked as codes).
_RUN = re.compile(rf"{_TOKEN}(?:{_SEP}{_TOKEN}){{2,}}")
_CODE = re.compile(r"[A-Z]{2}")
#: The word right before or after a list, across spaces or one list separator.
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \t]*[,/&]?[ \t]*\Z")
_WORD_AFTER = re.compile(r"[ \t]*[,/&]?[ \t]*([A-Za-z]+)")
#: Words that make a list of codes languages, just before or just after it.
_LANGUAGES_BEFORE = re.compile(
    r"\b(?:languages?|translat\w*|versions?|subtitle\w*|available)\b[^.\n]{0,20}\Z",
    re.IGNORECASE,
)
_LANGUAGES_AFTER = re.compile(
    r"[ \t]*(?:languages?|versions?|translations?|subtitles)\b", re.IGNORECASE
)
_OPEN_BRACKET = re.compile(r"\[[ \t]*\Z")
_CLOSE_BRACKET = re.compile(r"[ \t]*\]")

#: (start, end, written, alpha-3, form) of one code read, as :mod:`.country_tagger` has them
Found = tuple[int, int, str, str, Form]


@cache
def _language_codes() -> frozenset[str]:
    """The ISO 639-1 codes of the languages a record can be identified as."""
    return frozenset(load_data("languages.toml").get("languages", {}))


@cache
def _form(written: str, code: str) -> Form:
    return Form(written, code, "code")


def _shouted(word: re.Match[str] | None) -> bool:
    """Is the neighbouring word capitals only ("THE", "AND"), so the list is part of a
    text in capitals?"""
    return word is not None and len(word.group(1)) >= 2 and word.group(1).isupper()


def _refused(g: Gazetteer, text: str, s: int, e: int, codes: list[str]) -> bool:
    """Is the run of two-capital words at ``s``–``e`` no list of countries?"""
    if any(c not in g.alpha2 for c in codes) or len(set(codes)) < 3:
        return True
    before = text[max(0, s - 30) : s]
    if _shouted(_WORD_BEFORE.search(before)) or _shouted(_WORD_AFTER.match(text, e, e + 30)):
        return True
    if _OPEN_BRACKET.search(before) or _CLOSE_BRACKET.match(text, e, e + 4):
        return True
    if all(c.casefold() in _language_codes() for c in codes) and (
        _LANGUAGES_BEFORE.search(before) or _LANGUAGES_AFTER.match(text, e, e + 20)
    ):
        return True
    if 2 * sum(c in g.code_list_words for c in codes) >= len(codes):
        return True
    if all(c in g.divisions for c in codes):
        return True
    return any(_spelt_out(g, text, c) for c in dict.fromkeys(codes))


def _spelt_out(g: Gazetteer, text: str, written: str) -> bool:
    """Does the text define ``written`` in parentheses after words that do not name its
    country ("placebo (PL)"; "the Philippines (PH)" names it)?"""
    code = g.alpha2[written]
    for m in re.finditer(rf"\([ \t]*{written}[ \t]*\)", text):
        before = text[max(0, m.start() - 60) : m.start()]
        named = (g.forms.get(name_key(f.group())) for f in g.pattern.finditer(before))
        if not any(f is not None and f.code == code for f in named):
            return True
    return False


def code_lists(g: Gazetteer, text: str) -> list[Found]:
    """Every code of every list of alpha-2 codes in ``text`` that names countries."""
    out: list[Found] = []
    for run in _RUN.finditer(text):
        s, e = run.span()
        tokens = list(_CODE.finditer(text, s, e))
        if _refused(g, text, s, e, [t.group() for t in tokens]):
            continue
        for t in tokens:
            code = g.alpha2[t.group()]
            out.append((t.start(), t.end(), t.group(), code, _form(t.group(), code)))
    return out
