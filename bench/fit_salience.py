"""Would a fitted model decide "about" better than salience's two-constant rule?

Run: ``.venv/bin/python bench/fit_salience.py`` (tuning half only).

Every country a labelled document names (title or text) is one example: the
:class:`~migsearch.indexer.vocabulary.salience.Features` salience read of it,
and whether the labels say the document is about it. Only documents of the
*tuning* half are read (:mod:`halves`); the held-out half is left to
``bench/tagging.py --only about``.

Two things are reported:

* the rule of :func:`~migsearch.indexer.vocabulary.salience._decide` over a
  grid of two of its constants (``ABOUT_SHARE``, the density floor; beside a
  dominant country the share is at least ``DOMINATED_SHARE``), precision and
  recall of each, to show where the chosen pair sits;
* an L2-regularised logistic regression (numpy, Newton steps) on standardised
  features, with the penalty and threshold chosen by five-fold
  cross-validation over documents (a document's countries stay in one fold),
  maximising F1 of the out-of-fold decisions; alone, and with the rule's two
  conditions as extra inputs.

When the cross-validated model does no better than the rule on the tuning
half, the rule stays: it has two constants to over-fit, the model seventeen.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
from labelled import about_labels

from migsearch.indexer.vocabulary.country_tagger import scan_places
from migsearch.indexer.vocabulary.salience import (
    ABOUT_SHARE,
    DOMINANT,
    DOMINATED_SHARE,
    Features,
    country_salience,
)

#: The model's inputs, each a proportion, a flag or a logarithm.
FEATURES = (
    "in_title",
    "other_in_title",
    "log_count",
    "share",
    "log_density",
    "opens",
    "in_lead",
    "listed",
    "aside",
    "dateline",
    "demonym",
    "origin",
    "first_at",
    "log_named",
    "is_best",
    "dominance",
    "seat",
)


def vector(f: Features) -> list[float]:
    """``f`` as the model's inputs, in the order of :data:`FEATURES`."""
    return [
        float(f.in_title),
        float(f.other_in_title),
        math.log1p(f.count),
        f.share,
        math.log1p(f.density),
        float(f.opens),
        float(f.in_lead),
        f.listed,
        f.aside,
        f.dateline,
        f.demonym,
        f.origin,
        f.first_at,
        math.log1p(f.named),
        float(f.share >= 1.0),
        f.dominance,
        f.seat,
    ]


def rule(x: np.ndarray, share: float, floor: float) -> np.ndarray:
    """The rule's decisions with ``share`` for ABOUT_SHARE and ``floor`` times the
    density floor (1.0: the one in use)."""
    col = {n: i for i, n in enumerate(FEATURES)}
    density = np.expm1(x[:, col["log_density"]])
    strong = (x[:, col["opens"]] == 1) | (x[:, col["in_lead"]] == 1)
    free = x[:, col["other_in_title"]] == 0
    # beside a dominant country the others need DOMINATED_SHARE (at least ``share``)
    dominated = x[:, col["dominance"]] >= DOMINANT
    share_ok = x[:, col["share"]] >= np.where(dominated, max(share, DOMINATED_SHARE), share)
    # named only as a seat of bodies, mostly as a donor, speaker or dateline, or only by
    # its demonym beside a country that scores higher
    aside = (
        (x[:, col["seat"]] >= 1.0)
        | (x[:, col["aside"]] + x[:, col["dateline"]] > 0.5)
        | ((x[:, col["demonym"]] >= 1.0) & (x[:, col["share"]] < 1.0))
    )
    return (
        (x[:, col["in_title"]] == 1) | (free & ~aside & share_ok & (strong | (density >= floor)))
    ).astype(float)


PENALTIES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5


def examples(half: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(features, labels, document index) of every named country of ``half``'s documents,
    and the labelled countries no document names (misses no threshold can avoid)."""
    rows, ys, docs = [], [], []
    unnamed = 0
    for k, a in enumerate(x for x in about_labels() if x.half == half):
        sal = country_salience(scan_places(a.doc.title), scan_places(a.doc.text), a.doc.text)
        for code, s in sal.items():
            if s.features is None:
                continue
            rows.append(vector(s.features))
            ys.append(code in a.countries)
            docs.append(k)
        unnamed += len(a.countries - set(sal))
    return np.array(rows, float), np.array(ys, float), np.array(docs), unnamed


def fit(x: np.ndarray, y: np.ndarray, penalty: float) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-penalised logistic regression on standardised ``x``,
    returned for the raw features."""
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(z.shape[1])
    reg = penalty * np.eye(z.shape[1])
    reg[0, 0] = 0.0  # the bias is not penalised
    for _ in range(50):
        p = 1 / (1 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + reg @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[1:] / sd
    return weights, float(w[0] - (weights * mu).sum())


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + bias)))


def figures(p: np.ndarray, y: np.ndarray, threshold: float, unnamed: int) -> tuple[float, float]:
    got = p >= threshold
    tp = float((got & (y == 1)).sum())
    fp = float((got & (y == 0)).sum())
    fn = float((~got & (y == 1)).sum()) + unnamed
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def out_of_fold(x: np.ndarray, y: np.ndarray, docs: np.ndarray, penalty: float) -> np.ndarray:
    """Each example's probability from a model fitted without its document's fold
    (folds by a hash of the document's position, fixed from run to run)."""
    fold = np.array([hashlib.sha1(str(d).encode()).digest()[0] % FOLDS for d in docs])
    p = np.zeros(len(y))
    for f in range(FOLDS):
        w, b = fit(x[fold != f], y[fold != f], penalty)
        p[fold == f] = predict(x[fold == f], w, b)
    return p


def choose(x, y, docs, unnamed) -> tuple[float, float, float, float]:
    """(penalty, threshold, precision, recall) of the best cross-validated F1."""
    best = (-1.0, 0.0, 0.5, 0.0, 0.0)  # (F1, penalty, threshold, precision, recall)
    for penalty in PENALTIES:
        p = out_of_fold(x, y, docs, penalty)
        for t in np.arange(0.2, 0.81, 0.025):
            prec, rec = figures(p, y, t, unnamed)
            f1 = 2 * prec * rec / max(prec + rec, 1e-9)
            if f1 > best[0] + 1e-9:
                best = (f1, penalty, float(t), prec, rec)
    return best[1:]


def main() -> None:
    x, y, docs, unnamed = examples("tuning")
    n_docs = len(set(docs.tolist()))
    print(
        f"tuning half: {len(y)} named countries in {n_docs} documents, {int(y.sum())} about; "
        f"{unnamed} labelled countries never named"
    )
    floors = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
    print("the rule, precision/recall by ABOUT_SHARE (rows) and density floor (columns, x current)")
    print(f"{'':6}" + "".join(f"{f:>13}" for f in floors))
    for share in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4):
        cells = [figures(rule(x, share, f), y, 0.5, unnamed) for f in floors]
        mark = " <- in use" if share == ABOUT_SHARE else ""
        print(f"{share:<6}" + "".join(f"{p:>7.3f}/{r:.3f}" for p, r in cells) + mark)
    # the rule's own decision as one more input: can the model only add to it?
    conditions = rule(x, ABOUT_SHARE, 1.0)[:, None]
    for name, inputs in (("its features", x), ("them and the rule", np.hstack([x, conditions]))):
        penalty, threshold, prec, rec = choose(inputs, y, docs, unnamed)
        print(
            f"logistic regression on {name}, cross-validated ({FOLDS} folds by document): "
            f"penalty {penalty}, threshold {threshold:.3f}: precision {prec:.3f}, recall {rec:.3f}"
        )
    weights, bias = fit(x, y, choose(x, y, docs, unnamed)[0])
    print("  weights of the first, refitted on the whole half (raw features):")
    for n, w in zip(FEATURES, weights, strict=True):
        print(f"    {n:15} {w:+.3f}")
    print(f"    {'bias':15} {bias:+.3f}")


if __name__ == "__main__":
    main()
