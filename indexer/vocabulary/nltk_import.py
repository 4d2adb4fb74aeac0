"""NLTK imported without the statistics library its package pulls in for nothing.

Two parts of migsearch use NLTK: the analyzer stems with its Snowball stemmer
(every search and every indexed word) and ingestion splits sentences with its
Punkt tokenizer. Importing any part of NLTK runs its package ``__init__``,
which imports ``nltk.collocations`` → ``nltk.metrics.association`` →
``scipy.stats`` whenever scipy is installed (the bench extras install it).
That costs a one-shot ``migsearch search`` about half its time and 60 MB, and
every ``migsearch index`` run about half a second, for a Fisher test migsearch
never runs. NLTK guards that import and falls back when scipy is missing, so
:func:`import_nltk` hides scipy for the length of NLTK's import only: scipy
stays importable for everything else, and only NLTK's association measures
lose their Fisher test. Every NLTK import of the package goes through it.
"""

from __future__ import annotations

import sys
import threading

__all__ = ["import_nltk"]

_lock = threading.Lock()


def import_nltk() -> None:
    """Import NLTK now (without scipy) unless it or scipy is imported already."""
    if "nltk" in sys.modules:
        return
    with _lock:
        if "nltk" in sys.modules or "scipy" in sys.modules:
            return
        sys.modules["scipy"] = None  # type: ignore[assignment]  # "import scipy" fails
        try:
            import nltk  # noqa: F401
        finally:
            if "scipy" in sys.modules and sys.modules["scipy"] is None:
                del sys.modules["scipy"]
