"""A weighted-term taxonomy, and tagging a text with it: themes and population groups.

A taxonomy lives in a data file (``themes.toml``, ``groups.toml``) so that
librarians can tune terms and weights without touching code. Tagging is
evidence scoring rather than keyword spotting: every term carries a weight
(strong phrases such as "domestic worker" 3, vague words such as "household"
0.5), an entry's score adds the weights of its terms found in the text, and
the entry is kept only when the score passes a threshold. That stops one
passing word in a long report from tagging it, while a short news item that
says "migrant fishers" once is still about fishing.

Three choices shape the score (each taxonomy sets the numbers, :class:`Scoring`):

* Repeats count with diminishing returns (``weight * sqrt(count)``): a report
  that says "fishing" forty times is about fishing, but not forty times more
  than one that says it four times, and a single term cannot drown the rest.
* Words in the title count ``title_weight`` times: a title states the subject.
* The threshold grows slowly with body length (``threshold * (words /
  reference_words) ** length_exponent``, never below ``threshold``), because a
  long document mentions many things in passing.

Terms are matched on stems, so "fishers", "fishing" and "fishermen" all hit;
a term written with a leading ``=`` must match the exact words (``=fishing``
does not fire on a menu's "fish"). A term of weight 0 blocks: "drug
trafficking" consumes its words so "trafficking" there says nothing about
human trafficking.

Terms in other languages sit beside the English ones, one table per language
(``[themes.terms_in.th]``), with the same weights and the same scoring: a
Thai notice on การค้ามนุษย์ is about trafficking as an English one is. They
are matched on any text (like the analyzer, the tagger does not guess a
language; terms of different languages rarely share words). They go through
the analysis every text gets: case and (Latin) accents folded, so Vietnamese
terms match with or without diacritics; for Thai, Lao, Khmer and Burmese, the
words of ICU's dictionary word break, which the data writes out with spaces
("การ ค้า มนุษย์") so that what matches is visible: a term whose joined form
ICU cuts otherwise is an error, since it could never match running text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from migsearch.errors import MigsearchError, UnknownValueError
from migsearch.indexer.vocabulary.analysis import has_unspaced, segment_words
from migsearch.indexer.vocabulary.normalize import spaced
from migsearch.indexer.vocabulary.suggest import closest
from migsearch.indexer.vocabulary.terms import by_first_key, phrase_keys, tokenized, tokens

__all__ = ["Entry", "Match", "Scoring", "Taxonomy", "TermScore", "parse_taxonomy"]

#: what separates the words of a written term (spaces and hyphens)
_WORDS_OF_TERM = re.compile(r"[\s\-]+")

#: Evidence kept per entry: enough to explain a tag, short enough for `extract`.
MAX_EVIDENCE = 8

_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_NAME_SEPARATORS = re.compile(r"[\s_\-/]+")


@dataclass(frozen=True)
class Entry:
    """One theme or group: its id (stored in indexes), label and description."""

    id: str
    label: str
    description: str = ""


@dataclass
class Match:
    """Entries a text is about, strongest first, with the words that said so."""

    ids: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class TermScore:
    """One entry's evidence in one text, kept for tuning and for explaining tags."""

    id: str
    score: float
    threshold: float
    evidence: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.score >= self.threshold


@dataclass(frozen=True)
class Scoring:
    """The numbers of a taxonomy's score (see the module docstring)."""

    threshold: float = 3.0
    title_weight: float = 2.5
    reference_words: int = 250
    length_exponent: float = 0.4

    def threshold_for(self, words: int) -> float:
        """The score an entry needs in a body of ``words`` non-stop words."""
        return self.threshold * max(1.0, words / self.reference_words) ** self.length_exponent


@dataclass(frozen=True)
class _Term:
    entry: int  # index into the entry list
    keys: tuple[str, ...]
    exact: tuple[str, ...] | None  # lowercased words when the term is written "=..."
    weight: float
    slot: int  # index of the (entry, term) pair, for counting


#: the first keys of every taxonomy made: a text's positions are found once for all
#: (:meth:`~.terms.Tokenized.positions`); a new taxonomy makes a new set, so positions
#: kept for the old one are found again
_every_first: frozenset[str] = frozenset()


def _norm_name(value: str) -> str:
    """Case, '-', '_', '/' and spacing do not matter in a name; '&' is 'and'."""
    return spaced(value.lower().replace("&", " and "), _NAME_SEPARATORS)


class Taxonomy:
    """Entries with weighted terms, read from one data file."""

    def __init__(
        self,
        entries: tuple[Entry, ...],
        terms: tuple[_Term, ...],
        names: dict[str, str],
        scoring: Scoring,
        unknown: Callable[[str, list[str]], UnknownValueError],
    ) -> None:
        self.entries = entries
        self.scoring = scoring
        self._terms = terms
        self._names = names
        self._unknown = unknown
        self._by_first = by_first_key(
            terms, lambda t: t.keys, lambda t: (t.exact is None, -t.weight)
        )
        self._at_first = _by_length_and_keys(self._by_first)
        global _every_first
        _every_first = _every_first.union(self._at_first)
        self._labels = {e.id: e.label for e in entries}

    def label(self, entry_id: str) -> str:
        """The display label of an id (the id itself when unknown, for old indexes)."""
        return self._labels.get(entry_id, entry_id)

    def resolve(self, value: str) -> str:
        """An entry id from an id, label or alias in any case, '-', '_' or spaces alike."""
        key = _norm_name(value)
        if key in self._names:
            return self._names[key]
        words = set(key.split())
        containing = [n for n in self._names if words and words <= set(n.split())]
        suggestions = closest(key, self._names, also=containing)
        # nothing close: name them all, so the error says what a value can be
        known = [] if suggestions else [e.id for e in self.entries]
        raise self._unknown(value, suggestions, known=known)

    def _scan(self, text: str) -> tuple[dict[int, int], dict[int, str], int]:
        """Count term hits: slot -> count, slot -> first surface form, word count.

        Per entry, matches do not overlap and the longest term wins, so "forced
        labour" is one hit, not "forced labour" plus "labour".
        """
        doc = tokenized(text)
        keys = doc.keys
        counts: dict[int, int] = {}
        surface: dict[int, str] = {}
        covered: dict[int, int] = {}  # entry -> first token index not yet covered
        at_first = self._at_first
        for i in doc.positions(_every_first):
            if keys[i] not in at_first:
                continue  # another taxonomy's
            for m, by_keys in at_first[keys[i]]:
                terms = by_keys.get(tuple(keys[i : i + m]))
                if terms is None:
                    continue
                for term in terms:
                    if covered.get(term.entry, 0) > i:
                        continue
                    if (
                        term.exact is not None
                        and tuple(doc.word(j) for j in range(i, i + m)) != term.exact
                    ):
                        continue
                    covered[term.entry] = i + m
                    if term.weight > 0:
                        counts[term.slot] = counts.get(term.slot, 0) + 1
                        if term.slot not in surface:
                            surface[term.slot] = " ".join(doc.surface(i, i + m - 1).split())
        return counts, surface, len(keys)

    def score(self, title: str, text: str) -> list[TermScore]:
        """Every entry with any evidence, strongest first, passed or not."""
        t_counts, t_surface, _ = self._scan(title or "")
        b_counts, b_surface, words = self._scan(text or "")
        limit = self.scoring.threshold_for(words)
        # entry -> lowercased form -> [form as first written, contribution]
        per_entry: dict[int, dict[str, list[Any]]] = {}
        for slot in t_counts.keys() | b_counts.keys():
            term = self._terms[slot]
            part = term.weight * (
                self.scoring.title_weight * bool(t_counts.get(slot))
                + math.sqrt(b_counts.get(slot, 0))
            )
            form = t_surface.get(slot) or b_surface[slot]
            entry = per_entry.setdefault(term.entry, {}).setdefault(form.lower(), [form, 0.0])
            entry[1] += part
        out = []
        for idx, forms in per_entry.items():
            total = sum(v[1] for v in forms.values())
            ranked = sorted(forms.values(), key=lambda v: (-v[1], v[0].lower()))[:MAX_EVIDENCE]
            out.append(
                TermScore(
                    self.entries[idx].id,
                    round(total, 3),
                    round(limit, 3),
                    tuple(v[0] for v in ranked),
                )
            )
        out.sort(key=lambda s: (-s.score / s.threshold, s.id))
        return out

    def find(self, title: str, text: str) -> Match:
        """Entries ``title`` and ``text`` are about, strongest first, with their evidence."""
        match = Match()
        for s in self.score(title, text):
            if s.passed:
                match.ids.append(s.id)
                match.evidence[s.id] = list(s.evidence)
        return match


#: first key -> (length, key sequence -> its terms), longest first
_AtFirst = dict[str, tuple[tuple[int, dict[tuple[str, ...], tuple[_Term, ...]]], ...]]


def _by_length_and_keys(by_first: dict[str, tuple[_Term, ...]]) -> _AtFirst:
    """The terms of each first key grouped by length, then by their whole key sequence.

    At a token, the scan once tried every term starting with its key, each with a
    slice of the keys to compare: "labour" starts twenty terms. Only the terms whose
    keys are the next ``m`` keys of the text can match, and one dict probe per length
    finds them. Their order is kept (``by_first`` sorts longest first, then exact terms
    first, then by weight), and a term that cannot match changed nothing in the old
    loop, so the scan counts the same hits.
    """
    out: _AtFirst = {}
    for first, terms in by_first.items():
        lengths: dict[int, dict[tuple[str, ...], list[_Term]]] = {}
        for t in terms:  # longest first: the lengths come out in that order
            lengths.setdefault(len(t.keys), {}).setdefault(t.keys, []).append(t)
        out[first] = tuple(
            (m, {k: tuple(v) for k, v in seqs.items()}) for m, seqs in lengths.items()
        )
    return out


def _unspaced_mismatch(text: str) -> str | None:
    """How ICU cuts ``text`` joined up, when that differs from its spaced words; else None."""
    written = text.split()
    joined = "".join(written)
    cut = [joined[a:b] for a, b in segment_words(joined)]
    return None if cut == written else " ".join(cut)


def _written_terms(item: dict[str, Any], fail: Callable[[str], MigsearchError]):
    """(language or None for English, written term, weight) of an entry, English first."""
    for written, weight in item.get("terms", {}).items():
        yield None, written, weight
    for lang, table in item.get("terms_in", {}).items():
        if not isinstance(table, dict):
            raise fail(f"{item.get('id')}: terms_in.{lang} needs a table of terms")
        for written, weight in table.items():
            yield lang, written, weight


def parse_taxonomy(
    raw: dict[str, Any],
    key: str,
    source: str,
    scoring: Scoring,
    unknown: Callable[[str, list[str]], UnknownValueError],
) -> Taxonomy:
    """The taxonomy of a parsed data file whose entries are its ``[[key]]`` tables.

    Raises :class:`~migsearch.errors.MigsearchError` naming ``source`` for a
    malformed entry: a bad id, a term of stop words only, a negative weight, a
    term repeating another's stems (a term repeated in a second language with
    the same weight is kept once: Indonesian and Malay share many), an
    unspaced-script term that ICU would cut otherwise, a name given to two
    entries.
    """

    def fail(msg: str) -> MigsearchError:
        return MigsearchError(f"{source}: {msg}")

    entries: list[Entry] = []
    terms: list[_Term] = []
    names: dict[str, str] = {}
    for n, item in enumerate(raw.get(key, [])):
        eid, label = item.get("id", ""), item.get("label", "")
        if not _ID.match(eid) or not label:
            raise fail(f"{key} #{n + 1} needs a snake_case id and a label")
        if any(e.id == eid for e in entries):
            raise fail(f"duplicate id {eid!r}")
        entries.append(Entry(eid, label, " ".join(item.get("description", "").split())))
        for name in (eid, label, *item.get("aliases", [])):
            nk = _norm_name(name)
            if names.setdefault(nk, eid) != eid:
                raise fail(f"name {name!r} given to both {names[nk]!r} and {eid!r}")
        seen: dict[tuple[tuple[str, ...], tuple[str, ...] | None], tuple[str | None, float]] = {}
        for lang, written, weight in _written_terms(item, fail):
            exact = written.startswith("=")
            text = written[1:] if exact else written
            keys = phrase_keys(text)
            if not keys:
                raise fail(f"{eid}: term {written!r} is only stop words")
            if not isinstance(weight, int | float) or weight < 0:
                raise fail(f"{eid}: term {written!r} needs a weight >= 0")
            if weight > 0 and len(keys) == 1 and len(_WORDS_OF_TERM.split(text.strip())) > 1:
                # "under 18" would weigh every "18": the stop word that made it specific is gone
                raise fail(
                    f"{eid}: term {written!r} keeps one word ({keys[0]!r}) once stop words go"
                )
            if has_unspaced(text) and (cut := _unspaced_mismatch(text)) is not None:
                raise fail(f"{eid}: term {written!r} is cut by the word break as {cut!r}")
            words = tuple(t[1] for t in tokens(text)) if exact else None
            if (keys, words) in seen:
                first_lang, first_weight = seen[(keys, words)]
                if first_lang is not None and lang != first_lang and first_weight == weight:
                    continue  # the same word in two languages (Indonesian and Malay)
                raise fail(f"{eid}: term {written!r} repeats another term's stems")
            seen[(keys, words)] = (lang, float(weight))
            terms.append(_Term(n, keys, words, float(weight), len(terms)))
    return Taxonomy(tuple(entries), tuple(terms), names, scoring, unknown)
