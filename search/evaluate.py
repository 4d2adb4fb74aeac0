"""Scoring whole queries with arrays instead of Whoosh's per-document matchers.

Whoosh scores a query by walking matchers one document at a time in Python,
which costs microseconds per matching document and term: seconds on a
100,000-document index for common words. Here each term's postings are read
block by block into arrays (document numbers and term frequencies), BM25F is
computed for all of them at once with numpy, and ``Or``/``And``/``AndNot`` are
array unions and intersections that add scores the way Whoosh's union and
intersection matchers do. One evaluation gives both the full set of matching
documents (for totals and facet counts) and every score (for the top k).

Only what is known to give Whoosh's own scores is evaluated here: ``Term``,
``Or`` (without ``scale``/``minmatch``), ``And``, ``AndNot``, and the weighting
:class:`whoosh.scoring.BM25F` itself. Any other query node (phrases,
prefixes, ranges…) is handed to Whoosh's matcher for that node alone and its
(document, score) pairs are collected; any other weighting model turns the
fast path off (:func:`supports` says so) and the engine uses Whoosh.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from typing import Any

import numpy as np
from whoosh import highlight
from whoosh import query as Q
from whoosh.analysis import RegexTokenizer, Token
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

__all__ = ["ArrayScorer", "highlight_text", "query_words", "supports", "top_k"]

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SC = np.zeros(0, dtype=np.float64)

#: Cached postings are dropped, oldest first, past this many entries in all.
POSTINGS_CACHE_ENTRIES = 8_000_000


def supports(weighting: Any) -> bool:
    """Whether this module reproduces ``weighting``'s scores exactly."""
    return type(weighting) is BM25F


class ArrayScorer:
    """Per-snapshot state: field lengths, live documents, a postings cache."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.weighting = searcher.weighting
        self.schema = searcher.schema
        self.n = searcher.doc_count_all()
        self.leaves = [(sub, offset) for sub, offset in searcher.leaf_searchers()]
        live = np.ones(self.n, dtype=bool)
        for sub, offset in self.leaves:
            r = sub.reader()
            if r.has_deletions():
                dead = np.fromiter(
                    (n for n in range(r.doc_count_all()) if r.is_deleted(n)), dtype=np.int64
                )
                live[dead + offset] = False
        self.live = live
        self._lengths: dict[tuple[str, int], np.ndarray] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_entries = 0
        self._nodes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        #: another reader of the same postings (document numbers with deleted ones, weights)
        #: to use instead of this object's own cache, so one copy is kept
        self.shared_postings: Any = None

    # ------------------------------------------------------------ inputs
    def lengths(self, fieldname: str, default: int = 1) -> np.ndarray:
        """Field length of every document as Whoosh's scorer sees it (byte-coded lengths)."""
        key = (fieldname, default)
        arr = self._lengths.get(key)
        if arr is None:
            arr = np.full(self.n, float(default), dtype=np.float64)
            for sub, offset in self.leaves:
                r = sub.reader()
                k = r.doc_count_all()
                bulk = _lengths_bulk(r, fieldname, default)
                if bulk is None:
                    dfl = r.doc_field_length
                    bulk = np.fromiter(
                        (dfl(i, fieldname, default) for i in range(k)), dtype=np.float64, count=k
                    )
                arr[offset : offset + k] = bulk
            self._lengths[key] = arr
        return arr

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, weights) of one term over all segments, deleted included."""
        if self.shared_postings is not None:
            return self.shared_postings(fieldname, text)
        key = (fieldname, text)
        hit = self._postings.get(key)
        if hit is not None:
            self._postings.move_to_end(key)
            return hit
        ids_parts: list[np.ndarray] = []
        w_parts: list[np.ndarray] = []
        field = self.schema[fieldname]
        btext = field.to_bytes(text)
        for sub, offset in self.leaves:
            r = sub.reader()
            if (fieldname, btext) not in r:
                continue
            m = r.postings(fieldname, btext)
            if isinstance(m, FilterMatcher):  # deletions: applied by the caller instead
                m = m.child
            ids, ws = _read_all(m)
            ids_parts.append(ids + offset)
            w_parts.append(ws)
        if ids_parts:
            out = (np.concatenate(ids_parts), np.concatenate(w_parts))
        else:
            out = (_EMPTY_IDS, _EMPTY_SC)
        self._postings[key] = out
        self._cached_entries += len(out[0])
        while self._cached_entries > POSTINGS_CACHE_ENTRIES and len(self._postings) > 1:
            _, old = self._postings.popitem(last=False)
            self._cached_entries -= len(old[0])
        return out

    # ------------------------------------------------------------ evaluation
    def evaluate(self, q: Q.Query) -> tuple[np.ndarray, np.ndarray]:
        """Sorted live document numbers matching ``q`` and their Whoosh scores."""
        ids, sc = self._eval(q)
        keep = self.live[ids]
        if not keep.all():
            ids, sc = ids[keep], sc[keep]
        return ids, sc

    def _eval(self, q: Q.Query) -> tuple[np.ndarray, np.ndarray]:
        t = type(q)
        if t is Q.Term:
            return self._term(q)
        if t in (Q.Or, Q.And) and not (t is Q.Or and (q.scale or q.minmatch)):
            subs = q.subqueries
            if not subs:
                return _EMPTY_IDS, _EMPTY_SC
            if len(subs) == 1:  # Whoosh uses the child's matcher as is: no boost
                return self._eval(subs[0])
            if t is Q.And and any(isinstance(s, Q.Not) for s in subs):
                return self._fallback(q)
            parts = [self._eval(s) for s in subs]
            ids, sc = _union(parts) if t is Q.Or else _intersect(parts)
            if q.boost != 1.0:
                sc = sc * q.boost
            return ids, sc
        if t is Q.AndNot:
            a_ids, a_sc = self._eval(q.a)
            b_ids, _ = self._eval(q.b)
            keep = ~np.isin(a_ids, b_ids, assume_unique=True)
            return a_ids[keep], a_sc[keep]
        if q is Q.NullQuery or t is type(Q.NullQuery):
            return _EMPTY_IDS, _EMPTY_SC
        if t.__name__ == "RankedQuery" and hasattr(q, "child") and hasattr(q, "scores"):
            return self._ranked_query(q)
        return self._fallback(q)

    # ------------------------------------------------------------ search/ranking.py
    def _ranked_query(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        """``RankedQuery`` (search/ranking.py): the child decides what matches, its own
        array scores (``dense_scores``) the order."""
        ids, _ = self._eval(q.child)
        dense = getattr(q, "dense_scores", None)
        if dense is not None:
            return ids, np.asarray(dense(self.searcher), dtype=np.float64)[ids]
        table = q.scores(self.searcher)
        sc = np.fromiter((table.get(d, 0.0) for d in ids.tolist()), np.float64, len(ids))
        return ids, sc

    def _term(self, q: Q.Term) -> tuple[np.ndarray, np.ndarray]:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return _EMPTY_IDS, _EMPTY_SC
        field = self.schema[fieldname]
        try:
            text = field.from_bytes(field.to_bytes(q.text))
        except ValueError:
            return _EMPTY_IDS, _EMPTY_SC
        ids, ws = self.postings(fieldname, text)
        if not len(ids):
            return _EMPTY_IDS, _EMPTY_SC
        if field.scorable:
            w = self.weighting
            b = w._field_B.get(fieldname, w.B)
            k1 = w.K1
            s = self.searcher
            idf = s.idf(fieldname, text)
            avgfl = s.avg_field_length(fieldname) or 1
            fl = self.lengths(fieldname)[ids]
            sc = idf * ((ws * (k1 + 1)) / (ws + k1 * ((1 - b) + b * fl / avgfl)))
        else:  # Whoosh's WeightScorer: the posting weight itself
            sc = ws.astype(np.float64)
        if q.boost != 1.0:
            sc = sc * q.boost
        return ids, sc

    def _fallback(self, q: Q.Query) -> tuple[np.ndarray, np.ndarray]:
        """Any other node: Whoosh's own matcher, document by document (remembered)."""
        key = repr(q)
        hit = self._nodes.get(key)
        if hit is not None:
            return hit
        out = self._fallback_run(q)
        if len(self._nodes) > 512:
            self._nodes.clear()
        self._nodes[key] = out
        return out

    def node_docs(self, q: Q.Query) -> np.ndarray:
        """Live documents matching one query node (phrases are remembered from scoring)."""
        ids, _ = self._eval(q)
        return ids[self.live[ids]]

    def _fallback_run(self, q: Q.Query) -> tuple[np.ndarray, np.ndarray]:
        ctx = self.searcher.context(weighting=self.weighting)
        ids: list[int] = []
        sc: list[float] = []
        for sub, offset in self.leaves:
            try:
                m = q.matcher(sub, ctx)
            except Exception:  # TermNotFound and friends: no matches in this segment
                continue
            while m.is_active():
                ids.append(m.id() + offset)
                sc.append(m.score())
                m.next()
        if not ids:
            return _EMPTY_IDS, _EMPTY_SC
        a = np.asarray(ids, dtype=np.int64)
        s = np.asarray(sc, dtype=np.float64)
        if len(a) > 1 and not (a[1:] > a[:-1]).all():
            order = np.argsort(a, kind="stable")
            a, s = a[order], s[order]
        return a, s


_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def _lengths_bulk(r: Any, fieldname: str, default: int) -> np.ndarray | None:
    """One segment's byte-coded field lengths in one read (None: not the whoosh3 layout)."""
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        perdoc = r._perdoc
        k = r.doc_count_all()
        if not perdoc.has_column(_lenfield(fieldname)):
            return np.full(k, float(default))
        col = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if col._fixedlen != 1:
            return None
        count = min(col._count, k)
        codes = np.zeros(k, dtype=np.uint8)
        if count:
            raw = col._dbfile.get(col._basepos, count)
            codes[:count] = np.frombuffer(bytes(raw), dtype=np.uint8)
        return np.where(codes > 0, _BYTE_TO_LENGTH[codes], float(default))
    except Exception:
        return None


def _read_all(m: Any) -> tuple[np.ndarray, np.ndarray]:
    """All (id, weight) pairs of a leaf matcher: whole blocks at a time when possible."""
    ids: list[Any] = []
    ws: list[Any] = []
    if hasattr(m, "_read_data") and hasattr(m, "_next_block") and not m._byteids:
        # whoosh3 W3LeafMatcher: each block is a pickled (id deltas, weights, values)
        # tuple; the deltas restart at 0 in every block. Decoded here with numpy
        # instead of Whoosh's per-id generator.
        lens: list[int] = []
        while m.is_active():
            if m._data is None:
                m._read_data()
            deltas, weights = m._data[0], m._data[1]
            n = m._blocklength
            ids.append(deltas)
            lens.append(n)
            if weights is None:
                ws.append(np.ones(n))
            elif isinstance(weights, float):
                ws.append(np.full(n, weights))
            else:
                ws.append(np.asarray(weights, dtype=np.float64))
            m._next_block()
        if not ids:
            return _EMPTY_IDS, _EMPTY_SC
        d = np.concatenate([np.array(block, dtype=np.int64) for block in ids])
        cs = np.cumsum(d)
        ends = np.cumsum(lens)
        base = np.concatenate(([0], cs[ends[:-1] - 1]))
        a = cs - np.repeat(base, lens)
        return a, np.concatenate(ws)
    while m.is_active():  # inlined or other matchers
        ids.append(m.id())
        ws.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(ws, dtype=np.float64)


def _union(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY_IDS, _EMPTY_SC
    if len(parts) == 1:
        return parts[0]
    ids = np.concatenate([p[0] for p in parts])
    sc = np.concatenate([p[1] for p in parts])
    uniq, inv = np.unique(ids, return_inverse=True)
    return uniq, np.bincount(inv, weights=sc, minlength=len(uniq))


def _intersect(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    parts = sorted(parts, key=lambda p: len(p[0]))
    ids, sc = parts[0]
    for o_ids, o_sc in parts[1:]:
        if not len(ids):
            break
        ids, ia, ib = np.intersect1d(ids, o_ids, assume_unique=True, return_indices=True)
        sc = sc[ia] + o_sc[ib]
    return ids, sc


def top_k(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes into ``ids`` of the ``k`` best: highest score first, then lowest docnum."""
    n = len(ids)
    if n == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < n:
        # everything scoring at least the k-th best, so ties at the edge are kept
        kth = np.partition(scores, n - k)[n - k]
        cand = np.flatnonzero(scores >= kth)
    else:
        cand = np.arange(n)
    order = np.lexsort((ids[cand], -scores[cand]))
    return cand[order[:k]]


def query_words(
    q: Q.Query,
    searcher: Any,
    fieldname: str,
    matched: np.ndarray | None = None,
    scorer: ArrayScorer | None = None,
) -> frozenset[str]:
    """The words of ``q`` in ``fieldname`` that Whoosh's highlighter would mark.

    Prefixes are expanded to the index's words; negated words are left out;
    a phrase's words count only when the phrase matches a document of
    ``matched`` (a mask of the search's results), as Whoosh's matched terms of
    a search do.
    """
    reader = searcher.reader()
    field = reader.schema[fieldname]
    out: set[str] = set()

    def leaves(node: Q.Query):  # negated words are never highlighted
        if isinstance(node, Q.Not):
            return
        if isinstance(node, Q.AndNot):
            yield from leaves(node.a)
        elif node.is_leaf():
            yield node
        else:
            for c in node.children():
                yield from leaves(c)

    for leaf in leaves(q):
        if isinstance(leaf, Q.MultiTerm):
            if leaf.field() != fieldname:
                continue
            try:
                texts = list(leaf._btexts(reader))
            except Exception:
                continue
        else:
            texts = [t for f, t in leaf.iter_all_terms(phrases=True) if f == fieldname]
            if (
                texts
                and isinstance(leaf, Q.Phrase)
                and matched is not None
                and scorer is not None
                and not matched[scorer.node_docs(leaf)].any()
            ):
                continue
        for text in texts:
            try:
                b = text if isinstance(text, bytes) else field.to_bytes(text)
            except ValueError:
                continue
            if (fieldname, b) in reader:
                out.add(field.from_bytes(b))
    return frozenset(out)


def highlight_text(
    text: str,
    words: frozenset[str],
    analyzer: Any,
    fragmenter: Any,
    formatter: Any,
    scorer: Any = None,
    top: int = 2,
) -> str:
    """What ``Hit.highlights(field, text=text, top=top)`` gives, without a Results object."""
    if not text or not words:
        return ""
    spans = (
        _word_spans(text, words, analyzer)
        if type(fragmenter) is highlight.ContextFragmenter
        else None
    )
    if spans is not None:
        fragments = _context_fragments(text, *spans, fragmenter)
    else:
        tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
        tokens = highlight.set_matched_filter(tokens, words)
        tokens = highlight.Highlighter._merge_matched_tokens(tokens)
        fragments = fragmenter.fragment_tokens(text, tokens)
    fragments = highlight.top_fragments(
        fragments, top, scorer or highlight.BasicFragmentScorer(), highlight.FIRST, minscore=1
    )
    return formatter.format(fragments)


#: filters that turn one token into exactly one token, whatever its neighbours
_ONE_TO_ONE = {"LowercaseFilter", "StopFilter", "SnowballFilter"}
_WORD_CACHE: dict[int, dict[str, str | None]] = {}


def _word_spans(
    text: str, words: frozenset[str], analyzer: Any
) -> tuple[list[int], list[int], list[str | None]] | None:
    """Start, end and matched term (None if unmatched) of each token of ``text``.

    Each distinct word is analysed once. Only for a regex tokenizer followed by
    one-to-one filters, where a token's term depends on its own characters
    alone (tokens never overlap, so nothing is merged); otherwise None.
    """
    items = getattr(analyzer, "items", None)
    if (
        not items
        or type(items[0]) is not RegexTokenizer
        or items[0].gaps
        or not all(type(f).__name__ in _ONE_TO_ONE for f in items[1:])
    ):
        return None
    cache = _WORD_CACHE.setdefault(id(analyzer), {})
    if len(cache) > 200_000:
        cache.clear()
    starts: list[int] = []
    ends: list[int] = []
    terms: list[str | None] = []
    for m in items[0].expression.finditer(text):
        surface = m.group(0)
        term = cache.get(surface, "")
        if term == "":
            toks = [t.text for t in analyzer(surface, mode="index", removestops=False)]
            if len(toks) != 1:
                return None
            term = cache[surface] = toks[0]
        if ends and ends[-1] == m.start():  # touching tokens: Whoosh would merge them
            return None
        starts.append(m.start())
        ends.append(m.end())
        terms.append(term if term in words else None)
    return starts, ends, terms


def _context_fragments(text, starts, ends, terms, fragmenter):
    """``ContextFragmenter.fragment_tokens`` over plain lists (same fragments, same order)."""
    maxchars = fragmenter.maxchars
    surround = fragmenter.surround
    charlimit = fragmenter.charlimit
    first = None
    firsts: deque[int] = deque()
    countdown = -1
    tks: list[Any] = []
    endchar = None
    currentlen = 0
    for i in range(len(starts)):
        startchar = starts[i]
        endchar = ends[i]
        term = terms[i]
        tlength = endchar - startchar
        if charlimit and endchar > charlimit:
            break
        if countdown < 0 and term is None:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif currentlen + tlength > maxchars:
            countdown = 0
        elif term is not None:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            t = Token(positions=True, chars=True, removestops=False, mode="index")
            t.text, t.pos, t.startchar, t.endchar, t.matched = term, i, startchar, endchar, True
            tks.append(t)
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                firsts = deque()
                first = None
                currentlen = 0
    if tks:
        yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)
