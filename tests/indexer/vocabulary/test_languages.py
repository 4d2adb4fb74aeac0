"""Language identification: by script, by model, Indonesian or Malay, names and codes."""

from __future__ import annotations

import csv
import gzip
import json
import tomllib
from itertools import islice

import pytest
from support import ROOT, need_shared

from migsearch.errors import UsageError
from migsearch.indexer.vocabulary.languages import (
    NGRAM_BYTES,
    SAMPLE_CHARS,
    detect_language,
    indonesian_or_malay,
    language_codes,
    language_label,
    ngram_depth,
    resolve_language,
    statistical_language,
)
from migsearch.indexer.vocabulary.scripts import (
    has_letters,
    has_listed_script,
    script_counts,
    script_of,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("กระทรวงแรงงานประกาศมาตรการใหม่สำหรับแรงงานข้ามชาติในภาคประมง", "th"),
        ("ແຮງງານລາວຈໍານວນຫຼາຍໄປເຮັດວຽກຢູ່ປະເທດໄທ.", "lo"),
        ("ពលករខ្មែរជាច្រើនធ្វើការនៅប្រទេសថៃក្នុងវិស័យនេសាទ។", "km"),
        ("လူကုန်ကူးမှုသည် ပြင်းထန်သော ရာဇဝတ်မှု ဖြစ်သည်။", "my"),
        ("Người lao động Việt Nam đi làm việc ở Nhật Bản ngày càng tăng.", "vi"),
        ("Ang mga manggagawang Pilipino sa ibang bansa ay dapat may wastong kontrata.", "tl"),
        ("Migrant fishers on Thai vessels reported unpaid wages and confiscated passports.", "en"),
        (
            "Les travailleurs migrants ont droit à la protection sociale dans le pays d'accueil.",
            "fr",
        ),
    ],
)
def test_languages_are_identified(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_a_thai_page_with_english_words_is_thai() -> None:
    # the script decides when most letters are Thai, whatever the Latin words around them
    text = "ILO TRIANGLE in ASEAN: กระทรวงแรงงานประกาศมาตรการใหม่สำหรับแรงงานข้ามชาติ"
    assert detect_language(text) == "th"


def test_too_little_text_has_no_language() -> None:
    assert detect_language("2023 – 15%") is None
    assert detect_language("") is None


def test_indonesian_and_malay_are_told_apart_by_their_own_words() -> None:
    assert indonesian_or_malay("Pemerintah menerbitkan izin kerja dan paspor baru") == "id"
    assert indonesian_or_malay("Kerajaan mengeluarkan permit dan pasport baharu") == "ms"
    assert indonesian_or_malay("Pekerja migran bekerja di kapal") is None
    assert detect_language("Kerajaan akan melaksanakan program pengambilan semula pekerja.") == "ms"
    assert detect_language("Pemerintah menandatangani nota kesepahaman dengan Korea.") == "id"


def test_scripts_count_vowel_signs_as_letters() -> None:
    letters, counts = script_counts("แรงงาน ok")  # แ ร ง ง า น: 6 Thai, 2 Latin
    assert letters == 8 and counts == {"Thai": 6}
    assert script_of("ก") == "Thai" and script_of("a") is None and script_of("ເ") == "Lao"


def test_script_counts_take_the_same_count_with_and_without_listed_scripts() -> None:
    """Text with no character of a listed script is counted in one pass at C speed;
    it must count what the character-by-character walk counts: letters only (not
    digits, "½" or "²"), accented and non-Latin letters, curly quotes not at all."""
    latin = "Migrant workers’ wages — 2½ times, 10² cases; Việt Nam, Ελλάδα, Україна"
    letters, counts = script_counts(latin)
    assert counts == {} and letters == 49
    mixed = latin + " แรงงาน"
    assert script_counts(mixed) == (letters + 6, {"Thai": 6})


def test_enough_letters_is_decided_as_a_full_count_would() -> None:
    """Language identification asks only whether a sample has 12 letters; the answer
    must be that of counting them all, around the twelfth letter and past it."""
    texts = ["", "2023 – 15%", "abc 123 déf", "x" * 11, "x" * 12, "½²" * 40 + "Ελλάδα" * 2]
    texts += ["Việt Nam " * k for k in range(4)]
    for text in texts:
        for n in (1, 11, 12, 13):
            assert has_letters(text, n) == (script_counts(text)[0] >= n), (text, n)
    assert has_listed_script("migrants แรงงาน") and not has_listed_script("Việt Nam, Ελλάδα")


def test_languages_resolve_by_code_and_name_and_have_labels() -> None:
    assert {"th", "my", "km", "lo", "vi", "id", "ms", "tl", "en"} <= set(language_codes())
    assert resolve_language("th") == resolve_language("Thai") == resolve_language("ไทย") == "th"
    assert resolve_language(" bahasa  indonesia ") == "id"
    assert language_label("th") == "Thai (ไทย)" and language_label("en") == "English"
    with pytest.raises(UsageError, match="unknown language 'klingon'"):
        resolve_language("klingon")


def test_the_model_loads_without_writing_a_file(tmp_path) -> None:
    # a full temp folder must not fail every record: the model is inflated in memory
    import resource
    import signal
    import subprocess
    import sys

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))

    code = (
        "from migsearch.indexer.vocabulary.languages import detect_language;"
        "print(detect_language('Pekerja migran berhak atas jaminan sosial dan upah layak.'))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "id"


def test_the_tokenizer_window_covers_the_longest_ngram() -> None:
    # statistical_language walks only the last NGRAM_BYTES bytes before each position
    assert ngram_depth() <= NGRAM_BYTES


def _texts_in_many_languages() -> list[str]:
    texts: list[str] = []
    with (ROOT / "bench" / "data" / "langid_sentences.toml").open("rb") as f:
        for sentences in tomllib.load(f).values():
            texts += sentences
            texts.append(" ".join(sentences))
    reports = need_shared("reliefweb-tagged-reports", "report_language-1k.csv.gz")
    with gzip.open(reports, "rt", encoding="utf-8") as f:
        texts += [row["post"][:SAMPLE_CHARS] for row in islice(csv.DictReader(f), 300)]
    with gzip.open(need_shared("beir-scifact", "corpus.jsonl.gz"), "rt") as f:
        for line in islice(f, 300):
            doc = json.loads(line)
            texts.append(f"{doc['title']}\n{doc['text']}"[:SAMPLE_CHARS])
    # the edges of the walk: shorter than the window, no feature at all, capitals, bad text
    texts += [t[:n] for t in texts[:50] for n in (1, 2, 5, 6, 7)]
    texts += ["", " ", "12345", "MIGRANT WORKERS IN THAILAND", "caf\u0065\u0301", "a\udc80b"]
    return texts


def test_the_model_answers_as_py3langid_does() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    reference = LanguageIdentifier.from_model_file(MODEL_FILE)
    reference.set_languages(list(language_codes()))
    texts = _texts_in_many_languages()
    assert len(texts) > 900
    expected = [reference.classify(t)[0] for t in texts]
    assert len(set(expected)) >= 8  # many languages, not one answer throughout
    assert [statistical_language(t) for t in texts] == expected


def test_features_are_counted_in_the_order_first_met() -> None:
    # the scores sum one term per feature in this order: any other order could change
    # a score's last bit, so the fast grouping must give exactly what a dict counts
    import random

    import numpy as np

    from migsearch.indexer.vocabulary.languages import _counts_in_first_order

    rng = random.Random(16)
    arrays = [[7], [3, 3, 3], [5, 4, 3, 2, 1], [100_052, 0, 100_052, 1, 0]]
    for _ in range(200):
        width = rng.choice([2, 30, 100_053])
        arrays.append([rng.randrange(width) for _ in range(rng.randint(1, 3000))])
    for values in arrays:
        expected: dict[int, int] = {}
        for v in values:
            expected[v] = expected.get(v, 0) + 1
        features, counts = _counts_in_first_order(np.array(values, dtype=np.intp))
        assert features.tolist() == list(expected)
        assert counts.tolist() == list(expected.values())
