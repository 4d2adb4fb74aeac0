"""Themes: the migration taxonomy, and tagging a text with it.

The taxonomy lives in ``data/themes.toml`` so that librarians can tune terms
and weights without touching code. Tagging is evidence scoring rather than
keyword spotting: every term carries a weight (strong phrases such as
"domestic worker" 3, vague words such as "household" 0.5), a theme's score
adds the weights of its terms found in the text, and the theme is kept only
when the score passes a threshold. That stops one passing word in a long
report from tagging it, while a short news item that says "migrant fishers"
once is still about fishing.

Three choices shape the score:

* Repeats count with diminishing returns (``weight * sqrt(count)``): a report
  that says "fishing" forty times is about fishing, but not forty times more
  than one that says it four times, and a single term cannot drown the rest.
* Words in the title count ``TITLE_WEIGHT`` times: a title states the subject.
* The threshold grows slowly with body length (``THRESHOLD * (words /
  REFERENCE_WORDS) ** LENGTH_EXPONENT``, never below ``THRESHOLD``), because a
  long document mentions many things in passing.

Terms are matched on stems, so "fishers", "fishing" and "fishermen" all hit;
a term written with a leading ``=`` must match the exact words (``=fishing``
does not fire on a menu's "fish"). A term of weight 0 blocks: "drug
trafficking" consumes its words so "trafficking" there says nothing about
human trafficking.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from migsearch.errors import MigsearchError, UnknownThemeError
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.normalize import spaced
from migsearch.indexer.vocabulary.suggest import closest
from migsearch.indexer.vocabulary.terms import Tokenized, by_first_key, phrase_keys, tokens

__all__ = [
    "LENGTH_EXPONENT",
    "REFERENCE_WORDS",
    "THRESHOLD",
    "TITLE_WEIGHT",
    "Theme",
    "ThemeMatch",
    "ThemeScore",
    "all_themes",
    "find_themes",
    "resolve_theme",
    "score_themes",
    "theme_label",
    "threshold_for",
]

#: Score a short document needs for a theme: one strong term (weight 3).
THRESHOLD = 3.0
#: How many times a title occurrence counts against one in the body.
TITLE_WEIGHT = 2.5
#: Body length (non-stop words) up to which the threshold stays at THRESHOLD.
REFERENCE_WORDS = 250
#: How fast the threshold grows beyond REFERENCE_WORDS (0 = never, 1 = linearly).
LENGTH_EXPONENT = 0.4
#: Evidence kept per theme: enough to explain a tag, short enough for `extract`.
MAX_EVIDENCE = 8

_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str = ""


@dataclass
class ThemeMatch:
    """Themes a text is about, strongest first, with the words that said so."""

    ids: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ThemeScore:
    """One theme's evidence in one text, kept for tuning and for explaining tags."""

    id: str
    score: float
    threshold: float
    evidence: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.score >= self.threshold


@dataclass(frozen=True)
class _Term:
    theme: int  # index into the theme list
    keys: tuple[str, ...]
    exact: tuple[str, ...] | None  # lowercased words when the term is written "=..."
    weight: float
    slot: int  # index of the (theme, term) pair, for counting


@dataclass(frozen=True)
class _Taxonomy:
    themes: tuple[Theme, ...]
    terms: tuple[_Term, ...]
    #: first key -> candidate terms, longest and heaviest first
    by_first: dict[str, tuple[_Term, ...]]
    #: normalised id / label / alias -> theme id
    names: dict[str, str]


_NAME_SEPARATORS = re.compile(r"[\s_\-/]+")


def _norm_name(value: str) -> str:
    """Case, '-', '_', '/' and spacing do not matter in a theme name; '&' is 'and'."""
    return spaced(value.lower().replace("&", " and "), _NAME_SEPARATORS)


def _fail(msg: str) -> MigsearchError:
    return MigsearchError(f"themes.toml: {msg}")


@lru_cache(maxsize=1)
def _taxonomy() -> _Taxonomy:
    raw = load_data("themes.toml")
    themes: list[Theme] = []
    terms: list[_Term] = []
    names: dict[str, str] = {}
    for n, entry in enumerate(raw.get("themes", [])):
        tid, label = entry.get("id", ""), entry.get("label", "")
        if not _ID.match(tid) or not label:
            raise _fail(f"theme #{n + 1} needs a snake_case id and a label")
        if any(t.id == tid for t in themes):
            raise _fail(f"duplicate theme id {tid!r}")
        themes.append(Theme(tid, label, " ".join(entry.get("description", "").split())))
        for name in (tid, label, *entry.get("aliases", [])):
            key = _norm_name(name)
            if names.setdefault(key, tid) != tid:
                raise _fail(f"name {name!r} given to both {names[key]!r} and {tid!r}")
        seen: set[tuple[tuple[str, ...], tuple[str, ...] | None]] = set()
        for written, weight in entry.get("terms", {}).items():
            exact = written.startswith("=")
            text = written[1:] if exact else written
            keys = phrase_keys(text)
            if not keys:
                raise _fail(f"{tid}: term {written!r} is only stop words")
            if not isinstance(weight, int | float) or weight < 0:
                raise _fail(f"{tid}: term {written!r} needs a weight >= 0")
            words = tuple(t[1] for t in tokens(text)) if exact else None
            if (keys, words) in seen:
                raise _fail(f"{tid}: term {written!r} repeats another term's stems")
            seen.add((keys, words))
            terms.append(_Term(n, keys, words, float(weight), len(terms)))
    by_first = by_first_key(terms, lambda t: t.keys, lambda t: (t.exact is None, -t.weight))
    return _Taxonomy(tuple(themes), tuple(terms), by_first, names)


def all_themes() -> list[Theme]:
    """Every theme of the taxonomy, in the data file's order."""
    return list(_taxonomy().themes)


def theme_label(theme_id: str) -> str:
    """The display label of a theme id (the id itself when unknown, for old indexes)."""
    return next((t.label for t in _taxonomy().themes if t.id == theme_id), theme_id)


def _scan(text: str, tax: _Taxonomy) -> tuple[dict[int, int], dict[int, str], int]:
    """Count term hits in ``text``: slot -> count, slot -> first surface form, word count.

    Per theme, matches do not overlap and the longest term wins, so "forced
    labour" is one hit, not "forced labour" plus "labour".
    """
    doc = Tokenized(text)
    keys = doc.keys
    n = len(keys)
    counts: dict[int, int] = {}
    surface: dict[int, str] = {}
    covered: dict[int, int] = {}  # theme -> first token index not yet covered
    by_first = tax.by_first
    for i in [i for i, k in enumerate(keys) if k in by_first]:
        for term in by_first[keys[i]]:
            if covered.get(term.theme, 0) > i:
                continue
            m = len(term.keys)
            if m > 1 and tuple(keys[i : i + m]) != term.keys:
                continue
            if term.exact is not None and tuple(doc.word(j) for j in range(i, i + m)) != term.exact:
                continue
            covered[term.theme] = i + m
            if term.weight > 0:
                counts[term.slot] = counts.get(term.slot, 0) + 1
                if term.slot not in surface:
                    surface[term.slot] = " ".join(doc.surface(i, i + m - 1).split())
    return counts, surface, n


def threshold_for(words: int) -> float:
    """The score a theme needs in a body of ``words`` non-stop words."""
    return THRESHOLD * max(1.0, words / REFERENCE_WORDS) ** LENGTH_EXPONENT


def score_themes(title: str, text: str) -> list[ThemeScore]:
    """Every theme with any evidence, strongest first, passed or not."""
    tax = _taxonomy()
    t_counts, t_surface, _ = _scan(title or "", tax)
    b_counts, b_surface, words = _scan(text or "", tax)
    limit = threshold_for(words)
    # theme -> lowercased form -> [form as first written, contribution]
    per_theme: dict[int, dict[str, list]] = {}
    for slot in t_counts.keys() | b_counts.keys():
        term = tax.terms[slot]
        part = term.weight * (
            TITLE_WEIGHT * bool(t_counts.get(slot)) + math.sqrt(b_counts.get(slot, 0))
        )
        form = t_surface.get(slot) or b_surface[slot]
        entry = per_theme.setdefault(term.theme, {}).setdefault(form.lower(), [form, 0.0])
        entry[1] += part
    out = []
    for idx, forms in per_theme.items():
        score = sum(v[1] for v in forms.values())
        ranked = sorted(forms.values(), key=lambda v: (-v[1], v[0].lower()))[:MAX_EVIDENCE]
        out.append(
            ThemeScore(
                tax.themes[idx].id, round(score, 3), round(limit, 3), tuple(v[0] for v in ranked)
            )
        )
    out.sort(key=lambda s: (-s.score / s.threshold, s.id))
    return out


def find_themes(title: str, text: str) -> ThemeMatch:
    """Themes ``title`` and ``text`` are about, strongest first, with their evidence."""
    match = ThemeMatch()
    for s in score_themes(title, text):
        if s.passed:
            match.ids.append(s.id)
            match.evidence[s.id] = list(s.evidence)
    return match


def resolve_theme(value: str) -> str:
    """A theme id from an id, label or alias in any case, '-', '_' or spaces alike."""
    tax = _taxonomy()
    key = _norm_name(value)
    if key in tax.names:
        return tax.names[key]
    words = set(key.split())
    containing = [n for n in tax.names if words and words <= set(n.split())]
    suggestions = closest(key, tax.names, also=containing)
    # nothing close: name them all, so the error says what a theme can be
    known = [] if suggestions else [t.id for t in all_themes()]
    raise UnknownThemeError(value, suggestions, known=known)
