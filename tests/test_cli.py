"""The CLI contract (docs/cli.md) through click's CliRunner and through a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import CORPUS, run_cli

from migsearch.cli import cli
from migsearch.search.request import MAX_FACET_LIMIT, MAX_LIMIT, MAX_PAGE, SORTS

COMMANDS = sorted(cli.all_commands())


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_with_an_example(runner: CliRunner, command: str) -> None:
    res = runner.invoke(cli, [command, "--help"])
    assert res.exit_code == 0
    assert "Example" in res.output
    assert f"migsearch {command}" in res.output


def test_top_level_help_lists_every_command(runner: CliRunner) -> None:
    res = runner.invoke(cli, ["--help"])
    assert res.exit_code == 0
    for command in COMMANDS:
        assert command in res.output


def test_every_command_is_there() -> None:
    assert {"index", "extract", "search", "batch", "similar", "show", "stats", "serve"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize(
    ("option", "most"),
    [("--limit", MAX_LIMIT), ("--page", MAX_PAGE), ("--facet-limit", MAX_FACET_LIMIT)],
)
def test_search_options_take_the_request_bounds(
    runner: CliRunner, corpus_index: Path, option: str, most: int
) -> None:
    """The bounds are SearchRequest's: the highest value is accepted, one more is a usage error."""
    args = ["search", "migrant", "--index", str(corpus_index), "--json"]
    assert runner.invoke(cli, [*args, option, str(most)]).exit_code == 0
    res = runner.invoke(cli, [*args, option, str(most + 1)])
    assert res.exit_code == 2 and f"{option}" in res.output
    assert runner.invoke(cli, [*args, option, "0"]).exit_code == 2


def test_sort_choices_are_the_request_sorts(runner: CliRunner, corpus_index: Path) -> None:
    for sort in SORTS:
        res = runner.invoke(cli, ["search", "--sort", sort, "--index", str(corpus_index)])
        assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["search", "--sort", "random", "--index", str(corpus_index)])
    assert res.exit_code == 2 and all(s in res.output for s in SORTS)


def test_python_dash_m_migsearch_is_the_cli(corpus_index: Path) -> None:
    import subprocess
    import sys

    res = subprocess.run(
        [sys.executable, "-m", "migsearch", "search", "fishers", "--index", str(corpus_index)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert re.match(r"\d+ documents? for 'fishers'; showing", res.stdout.splitlines()[0])
    res = subprocess.run(
        [sys.executable, "-m", "migsearch", "search", "--limit", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2
    assert res.stderr == "Error: Invalid value for '--limit': 0 is not in the range 1<=x<=100.\n"


def test_index_json_counts_then_unchanged(
    runner: CliRunner, tmp_path: Path, corpus_copy: Path
) -> None:
    ix = str(tmp_path / "ix")
    first = _json(runner.invoke(cli, ["index", str(corpus_copy), "--index", ix, "--json"]))
    assert first == {
        "added": 30,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "failed": 0,
        "documents": 30,
        "skipped": [],
        "notes": [],
        "errors": [],
        "warnings": [],
    }
    again = runner.invoke(cli, ["index", str(corpus_copy), "--index", ix])
    assert again.exit_code == 0
    assert again.output.startswith("Index unchanged: 30 documents")


def test_search_json_is_the_documented_contract(runner: CliRunner, corpus_index: Path) -> None:
    d = _json(runner.invoke(cli, ["search", "fishers", "--index", str(corpus_index), "--json"]))
    assert d["query"] == "fishers"
    assert (d["page"], d["limit"]) == (1, 10)
    top = d["hits"][0]
    assert top["date"] == "2015-04-27"
    assert "THA" in top["mentioned_countries"] and "fishing" in top["themes"]
    assert "MMR-THA" in top["corridors"] and "fishers_seafarers" in top["groups"]
    assert "ASEAN" in top["regions"]
    assert "<b>fishers</b>" in top["highlights"]
    assert isinstance(top["score"], float)
    # the fishers' page names Myanmar as where they come from: a country it mentions, so
    # the countries facet counts it only with --mentions (tests/seed_pages.py: about none)
    assert all(f["value"] != "MMR" for f in d["facets"]["countries"])
    wide = ["search", "fishers", "--index", str(corpus_index), "--json", "--mentions"]
    assert any(f["value"] == "MMR" for f in _json(runner.invoke(cli, wide))["facets"]["countries"])
    assert {"value": "MMR-THA", "label": "Myanmar → Thailand", "count": 1} in d["facets"][
        "corridors"
    ]
    assert d["suggestion"] is None


def test_search_human_output_lists_hits_and_facets(runner: CliRunner, corpus_index: Path) -> None:
    res = runner.invoke(
        cli, ["search", "migrant fishers", "--index", str(corpus_index), "--limit", "3"]
    )
    assert res.exit_code == 0
    lines = res.output.splitlines()
    # the total, and how many of those have both words (the JSON's total_all_words)
    both = _json(
        runner.invoke(cli, ["search", "migrant fishers", "--index", str(corpus_index), "--json"])
    )["total_all_words"]
    assert 0 < both < 30
    assert re.match(rf"\d+ documents for 'migrant fishers' \({both} with all words\);", lines[0])
    assert "1. Providing better working and living conditions for migrant fishers" in res.output
    assert "2015-04-27" in res.output
    assert "Countries:" in res.output and "Themes:" in res.output and "Years:" in res.output


def test_search_filters_on_the_command_line(runner: CliRunner, corpus_index: Path) -> None:
    args = ["search", "--index", str(corpus_index), "--json", "--limit", "100"]
    d = _json(
        runner.invoke(
            cli, [*args, "--country", "ph", "--country", "VNM", "--from", "2014-11", "--to", "2015"]
        )
    )
    assert d["total"] > 0
    for h in d["hits"]:
        assert {"PHL", "VNM"} & set(h["countries"])
        assert "2014-11" <= h["date"] <= "2015-12-31"
    browse = _json(runner.invoke(cli, args))
    assert browse["total"] == 30


def test_export_all_hits_as_csv_and_jsonl(runner: CliRunner, corpus_index: Path) -> None:
    total = _json(
        runner.invoke(cli, ["search", "migrant", "--index", str(corpus_index), "--json"])
    )["total"]
    res = runner.invoke(
        cli, ["search", "migrant", "--index", str(corpus_index), "--format", "csv", "--all"]
    )
    assert res.exit_code == 0
    rows = list(csv.reader(io.StringIO(res.output)))
    assert rows[0][:3] == ["id", "title", "date"]
    assert len(rows) - 1 == total > 10
    res = runner.invoke(
        cli, ["search", "migrant", "--index", str(corpus_index), "--format", "jsonl", "--all"]
    )
    assert len([json.loads(line) for line in res.output.splitlines()]) == total


def test_extract_prints_every_record_field(runner: CliRunner) -> None:
    res = runner.invoke(cli, ["extract", str(CORPUS / "000_c4eb84cda103fd2c.txt")])
    assert res.exit_code == 0
    records = [json.loads(line) for line in res.output.splitlines()]
    assert len(records) == 10
    fields = {
        "id",
        "title",
        "date",
        "countries",
        "primary_country",
        "regions",
        "themes",
        "mentioned_countries",
        "mentioned_regions",
        "corridors",
        "groups",
        "summary",
        "body",
        "source",
        "url",
        "type",
        "language",
        "publishers",
        "pages",
    }
    assert all(set(r) == fields for r in records)
    assert records[1]["date"] == "2015-04-27"
    assert records[1]["source"] == str((CORPUS / "000_c4eb84cda103fd2c.txt").absolute())


def test_extract_evidence_says_why_a_tag_is_there(runner: CliRunner) -> None:
    res = runner.invoke(cli, ["extract", "--evidence", str(CORPUS / "000_c4eb84cda103fd2c.txt")])
    fishers = [json.loads(line) for line in res.output.splitlines()][1]
    assert any("Filipino" in words for words in fishers["evidence"]["countries"].values())
    evidence = fishers["evidence"]
    assert set(evidence) == {"countries", "roles", "regions", "corridors", "groups", "themes"}
    assert evidence["roles"]["PHL"].startswith("mentioned:")
    assert evidence["corridors"]["MMR-THA"][0].startswith("Cambodian and Myanmar migrant workers")
    assert evidence["regions"]["ASEAN"] == ["ASEAN", "Southeast Asia"]
    assert "fishing" in fishers["evidence"]["themes"]


def test_show_and_stats(runner: CliRunner, corpus_index: Path) -> None:
    hit = _json(runner.invoke(cli, ["search", "fishers", "--index", str(corpus_index), "--json"]))[
        "hits"
    ][0]
    doc = _json(runner.invoke(cli, ["show", hit["id"], "--index", str(corpus_index), "--json"]))
    assert doc["id"] == hit["id"] and doc["body"].startswith("The issue of work in fishing")
    human = runner.invoke(cli, ["show", hit["id"], "--index", str(corpus_index)])
    assert human.exit_code == 0 and "Date:      2015-04-27" in human.output
    st = _json(runner.invoke(cli, ["stats", "--index", str(corpus_index), "--json"]))
    assert st["documents"] == 30


def test_batch_trec_and_jsonl(runner: CliRunner, corpus_index: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.tsv"
    q.write_text("id\tquery\nq1\tmigrant fishers\nq2\tcovid-19 pandemic\n")
    res = runner.invoke(cli, ["batch", str(q), "--index", str(corpus_index), "--top", "5"])
    assert res.exit_code == 0
    lines = [ln.split() for ln in res.output.splitlines()]
    assert {ln[0] for ln in lines} == {"q1", "q2"}
    assert all(ln[1] == "Q0" and ln[5] == "migsearch" for ln in lines)
    assert [int(ln[3]) for ln in lines if ln[0] == "q1"] == list(range(1, 6))
    qj = tmp_path / "q.jsonl"
    qj.write_text('{"_id": "q1", "text": "migrant fishers"}\n')
    out = runner.invoke(
        cli, ["batch", str(qj), "--index", str(corpus_index), "--format", "jsonl", "--top", "3"]
    )
    row = json.loads(out.output)
    assert row["id"] == "q1" and len(row["hits"]) == 3


def test_batch_reports_every_failed_query_and_goes_on(
    runner: CliRunner, corpus_index: Path, tmp_path: Path
) -> None:
    """A query that cannot be run still has its line (JSONL), is named on stderr, and
    makes the exit status 1; pasted prose with syntax in it is no failure."""
    prose = "Note: migrant fishers (2015 say wages are low AND " * 40
    qj = tmp_path / "q.jsonl"
    qj.write_text(
        "".join(
            json.dumps({"_id": i, "text": t}) + "\n"
            for i, t in (
                ("ok", "migrant fishers"),
                ("bad", '"unclosed'),
                ("prose", prose),
                ("stop", "the of and"),
                ("last", "covid"),
            )
        )
    )
    args = ["batch", str(qj), "--index", str(corpus_index), "--format", "jsonl", "--top", "3"]
    res = runner.invoke(cli, args)
    assert res.exit_code == 1
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["ok", "bad", "prose", "stop", "last"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["bad"]["hits"] == [] and "unclosed quote at position 1" in by_id["bad"]["error"]
    assert by_id["stop"]["hits"] == [] and "no searchable words" in by_id["stop"]["error"]
    assert all(by_id[i]["hits"] and "error" not in by_id[i] for i in ("ok", "prose", "last"))
    err = res.stderr.splitlines()
    assert err[0].startswith("query bad: unclosed quote") and err[1].startswith("query stop:")
    assert err[-1] == "Error: 2 of 5 queries failed (listed above)"
    # TREC: the failed queries have no line there, but stderr and the status say so
    trec = runner.invoke(cli, args[:-4])
    assert trec.exit_code == 1
    assert {ln.split()[0] for ln in trec.stdout.splitlines()} == {"ok", "prose", "last"}
    # --strict stops at the first failure
    strict = runner.invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1 and "query bad: unclosed quote" in strict.stderr
    assert [json.loads(line)["id"] for line in strict.stdout.splitlines()] == ["ok"]


def test_search_reads_prose_as_plain_words_with_a_note_on_stderr(
    runner: CliRunner, corpus_index: Path
) -> None:
    q = "Note: migrant fishers (in Thailand) work long hours at sea for low wages AND"
    res = runner.invoke(cli, ["search", q, "--index", str(corpus_index), "--limit", "2"])
    assert res.exit_code == 0
    assert res.stderr.startswith("note: read as plain words: 'Note:' at position 1")
    assert re.match(r"\d+ documents for ", res.stdout)
    js = _json(runner.invoke(cli, ["search", q, "--index", str(corpus_index), "--json"]))
    assert js["notices"][0]["type"] == "plain-words" and js["notices"][0]["position"] == 0


def test_similar_by_text(runner: CliRunner, corpus_index: Path) -> None:
    hit = _json(
        runner.invoke(cli, ["search", '"migrant fishers"', "--index", str(corpus_index), "--json"])
    )["hits"][0]
    doc = _json(runner.invoke(cli, ["show", hit["id"], "--index", str(corpus_index), "--json"]))
    text = doc["body"][:700]
    args = ["similar", "--index", str(corpus_index), "--limit", "3"]
    res = _json(runner.invoke(cli, [*args, "--text", text, "--json"]))
    assert res["hits"][0]["id"] == hit["id"]
    piped = _json(runner.invoke(cli, [*args, "--text", "-", "--json"], input=text))
    assert piped["hits"] == res["hits"]
    human = runner.invoke(cli, [*args, "--text", text])
    assert human.exit_code == 0 and "for this text" in human.stdout
    both = runner.invoke(cli, [*args, hit["id"], "--text", text])
    assert both.exit_code == 2 and "either an ID or --text" in both.stderr
    stop = runner.invoke(cli, [*args, "--text", "the of and"])
    assert stop.exit_code == 1 and "no searchable words" in stop.stderr


# ------------------------------------------------------------------ errors: one line, no traceback
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "x", "--index", "{missing}"], "no index at"),
        (["search", "x", "--country", "Thialand"], "did you mean"),
        (
            [
                "search",
                '"unclosed',
            ],
            "unclosed quote at position 1",
        ),
        (["search", "a AND"], "has nothing after it"),
        (["search", "x", "--from", "2015-13"], "bad date"),
        (["show", "no-such-id"], "no document with id"),
        (["index", "{missing}"], "no such file"),
        (["extract", "{missing}"], "no such file"),
        (["batch", "{latin1}"], "latin1.tsv:1: not UTF-8 text (byte 0xe9 at column 11)"),
    ],
)
def test_errors_are_one_line_without_traceback(
    runner: CliRunner, corpus_index: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    latin1 = tmp_path / "latin1.tsv"  # a query file saved in Latin-1, not UTF-8
    latin1.write_bytes("q1\tmigrant\u00e9s\n".encode("latin-1"))
    args = [a.replace("{missing}", str(tmp_path / "missing")) for a in args]
    args = [a.replace("{latin1}", str(latin1)) for a in args]
    if "--index" not in args and args[0] in ("search", "show", "batch"):
        args += ["--index", str(corpus_index)]
    res = runner.invoke(cli, args)
    assert res.exit_code != 0
    assert res.exception is None or isinstance(res.exception, SystemExit)
    err = res.output.strip()
    assert err.count("\n") == 0, err
    assert message in err
    assert "Traceback" not in err


def test_subprocess_end_to_end(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    (docs / "bad.html").write_bytes(b"\x00\x01binary\x00" * 50)
    ix = tmp_path / "ix"
    res = run_cli("index", str(docs), "--index", str(ix), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["documents"] == 30
    assert json.loads(res.stdout)["failed"] == 1
    assert res.stderr.strip().startswith("skipped:") and "binary" in res.stderr
    assert "Traceback" not in res.stderr
    res = run_cli("search", "Burma", "--index", str(ix), "--json")
    assert res.returncode == 0
    assert all("MMR" in h["countries"] for h in json.loads(res.stdout)["hits"])
    res = run_cli("search", "x", "--index", str(tmp_path / "none"))
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    res = run_cli("index", str(docs), "--index", str(ix))
    assert res.returncode == 0 and res.stdout.startswith("Index unchanged")


def test_console_script_is_installed() -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("migsearch")
    assert exe.exists(), "install the project (pip install -e .) to get the console script"
    res = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "migsearch" in res.stdout


def test_some_bad_records_do_not_fail_the_run(runner: CliRunner, tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_text(
        '{"id": "1", "title": "Fishers", "text": "Thai boats"}\n{"id": "2"}\n{"id": "3", "title": "", "text": ""}\n'
    )
    res = runner.invoke(cli, ["index", str(p), "--index", str(tmp_path / "ix"), "--json"])
    assert res.exit_code == 0, res.output
    counts = json.loads(res.output.splitlines()[-1])
    assert (counts["added"], counts["failed"], counts["documents"]) == (1, 2, 1)
    # each failed record is named in the JSON too, with its line, as on standard error
    assert [e.split(": ")[0] for e in counts["errors"]] == [f"{p}:2", f"{p}:3"]
    assert all(f"skipped: {e}" in res.stderr for e in counts["errors"])


def test_dropped_values_are_warnings_in_the_json(runner: CliRunner, tmp_path: Path) -> None:
    p = tmp_path / "one.jsonl"
    p.write_text(
        '{"id": "1", "title": "Fishers", "text": "Thai boats", "url": "not a web address"}\n'
    )
    res = runner.invoke(cli, ["index", str(p), "--index", str(tmp_path / "ix"), "--json"])
    assert res.exit_code == 0, res.output
    counts = json.loads(res.stdout)
    assert (counts["added"], counts["failed"], counts["errors"]) == (1, 0, [])
    assert len(counts["warnings"]) == 1 and "not a web address" in counts["warnings"][0]
    assert f"warning: {counts['warnings'][0]}" in res.stderr


def test_nothing_indexable_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    res = runner.invoke(
        cli, ["index", str(tmp_path / "empty.txt"), "--index", str(tmp_path / "ix")]
    )
    assert res.exit_code == 1
    assert "nothing could be indexed" in res.output


def test_index_names_what_it_skips(runner: CliRunner, tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("Kafala reform\n\nQatar changed the kafala system in 2020.\n")
    (d / "b.xlsx").write_bytes(b"PK")
    (d / "c.xlsx").write_bytes(b"PK")
    (d / "d.txt").write_bytes(b"")
    ix = str(tmp_path / "ix")
    res = runner.invoke(cli, ["index", str(d), "--index", ix])
    assert res.exit_code == 0, res.output
    assert res.output.rstrip().endswith(
        "1 document. 3 skipped: 2 .xlsx (unsupported), 1 empty (--json lists them)."
    )
    again = _json(runner.invoke(cli, ["index", str(d), "--index", ix, "--json"]))
    assert again["skipped"] == [
        {"path": str(d / "b.xlsx"), "reason": "unsupported file type .xlsx", "kind": "unsupported"},
        {"path": str(d / "c.xlsx"), "reason": "unsupported file type .xlsx", "kind": "unsupported"},
        {"path": str(d / "d.txt"), "reason": "empty file", "kind": "empty"},
    ]


def test_a_folder_with_nothing_indexable_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "b.xlsx").write_bytes(b"PK")
    res = runner.invoke(cli, ["index", str(d), "--index", str(tmp_path / "ix")])
    assert res.exit_code != 0
    assert res.output.strip().endswith("1 skipped: 1 .xlsx (unsupported)")
    assert "Traceback" not in res.output and "unchanged" not in res.output


def test_index_a_folder_of_everything_analysts_have(tmp_path: Path) -> None:
    """PDFs, Word files, gzipped pages, CSV and the ReliefWeb sample, in one run."""
    import gzip

    from documents import print_page_seven_report, write_docx
    from support import need_shared

    rw = need_shared("reliefweb-api-sample")
    d = tmp_path / "library"
    d.mkdir()
    print_page_seven_report(d / "fishers.pdf")
    write_docx(d / "brief.docx", [("Title", "Kafala reform in Qatar"), "Qatar changed the law."])
    page = b"<html><head><title>Remittances to Nepal</title></head><body><p>"
    page += b"Remittances to Nepal rose in 2020 as migrant workers returned home.</p></body></html>"
    (d / "news.html.gz").write_bytes(gzip.compress(page))
    (d / "list.csv").write_text("title,text,publisher\nWages in Malaysia,Minimum wage rose.,ILO\n")
    for f in rw.glob("Hurricane_Melissa_hti_*.json"):
        (d / f.name).write_bytes(f.read_bytes())
    ix = str(tmp_path / "ix")
    res = run_cli("index", str(d), "--index", ix, "--json")
    assert res.returncode == 0, res.stderr
    counts = json.loads(res.stdout)
    assert (counts["added"], counts["failed"]) == (1 + 1 + 1 + 1 + 31, 0)
    assert [(Path(s["path"]).name, s["kind"]) for s in counts["skipped"]] == [
        ("Hurricane_Melissa_hti_reports_full_text.json", "attached")
    ]
    hits = json.loads(run_cli("search", "quokkanomics", "--index", ix, "--json").stdout)
    assert [(h["title"], h["page"]) for h in hits["hits"]] == [("Fishers report", 7)]
    human = run_cli("search", "quokkanomics", "--index", ix).stdout
    (line,) = [ln for ln in human.splitlines() if "quokkanomics appears" in ln]
    assert line.startswith("   p. 7: ")


def test_search_by_corridor_group_and_mentions(runner: CliRunner, corpus_index: Path) -> None:
    args = ["search", "--index", str(corpus_index), "--json"]
    d = _json(runner.invoke(cli, [*args, "--corridor", "MMR-THA"]))
    assert [h["title"][:24] for h in d["hits"]] == ["Providing better working"]
    d = _json(runner.invoke(cli, [*args, "--corridor", "*-GCC", "--group", "domestic workers"]))
    assert d["total"] == 1 and "NPL-SAU" in d["hits"][0]["corridors"]
    about = _json(runner.invoke(cli, [*args, "--country", "SAU"]))["total"]
    broad = _json(runner.invoke(cli, [*args, "--country", "SAU", "--mentions"]))["total"]
    assert about == 0 and broad == 1
    asean = _json(
        runner.invoke(
            cli,
            ["search", "statistics", "--country", "ASEAN", "--index", str(corpus_index), "--json"],
        )
    )
    assert asean["total"] == 2
    res = runner.invoke(cli, ["search", "--index", str(corpus_index), "--corridor", "THA"])
    assert res.exit_code == 1 and "ORIGIN-DESTINATION" in res.output
    text = runner.invoke(cli, ["search", "fishers", "--index", str(corpus_index)]).output
    assert "corridors KHM-THA, MMR-THA" in text and "Corridors: " in text and "Groups: " in text


def test_themes_lists_the_taxonomy_with_counts(runner: CliRunner, corpus_index: Path) -> None:
    res = runner.invoke(cli, ["themes", "--index", str(corpus_index)])
    assert res.exit_code == 0
    assert re.search(r"^\s+1\s+fishing\s+Fishing$", res.output, re.M)
    assert re.search(r"^\s+1\s+domestic_workers\s+Domestic workers$", res.output, re.M)
    d = _json(runner.invoke(cli, ["themes", "--index", str(corpus_index), "--json"]))
    assert {r["value"]: r["count"] for r in d["regions"]}["GCC"] == 1
    assert d["documents"] == 30


def test_themes_without_an_index_lists_without_counts(tmp_path: Path) -> None:
    p = run_cli("themes", "--json", "--index", str(tmp_path / "none"))
    assert p.returncode == 0 and "counts left out" in p.stderr
    d = json.loads(p.stdout)
    assert d["documents"] is None and all(t["count"] is None for t in d["themes"])


def test_a_single_empty_file_says_so_once_and_leaves_no_index(tmp_path: Path) -> None:
    """stdout does not claim "Index unchanged" while stderr says nothing could be indexed,
    and the folder the run created is not left holding an empty index."""
    (tmp_path / "empty.txt").write_text("")
    ix = tmp_path / "ix"
    res = run_cli("index", str(tmp_path / "empty.txt"), "--index", str(ix))
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr.splitlines()[-1] == "Error: nothing could be indexed: 1 skipped: 1 empty"
    assert res.stderr.count("Error:") == 1
    assert not ix.exists()
    # an index that was there before is left as it was
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "1", "title": "Fishers", "text": "Thai boats and fishers."}\n')
    assert run_cli("index", str(one), "--index", str(ix)).returncode == 0
    res = run_cli("index", str(tmp_path / "empty.txt"), "--index", str(ix))
    assert res.returncode == 1 and res.stdout == ""
    found = run_cli("search", "boats", "--index", str(ix), "--json")
    assert json.loads(found.stdout)["total"] == 1


def test_garbage_files_with_a_byte_order_mark_are_refused(tmp_path: Path) -> None:
    """Bytes behind a BOM once became a document titled '\\x00慧扲条�'."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bytes.txt").write_bytes(b"\xff\xfe" + bytes(range(256)) * 3)
    (folder / "ascii.txt").write_bytes(b"\xff\xfe\x00\x00garbage in plain ASCII\n" * 20)
    res = run_cli("index", str(folder), "--index", str(tmp_path / "ix"))
    assert res.returncode == 1 and res.stdout == ""
    *skipped, error = res.stderr.splitlines()
    assert sorted(line.split(": ")[1] for line in skipped) == [
        str(folder / "ascii.txt"),
        str(folder / "bytes.txt"),
    ]
    assert all("not text" in line for line in skipped)
    assert error == "Error: nothing could be indexed (2 failures)"


# ------------------------------------------------------------------ rough edges a new user hit
@pytest.mark.parametrize(
    ("args", "status", "line"),
    [
        (["--page", "500"], 1, "Error: there is no page 500: 21 documents make 3 pages of 10"),
        (
            ["--page", "0"],
            2,
            "Error: Invalid value for '--page': 0 is not in the range 1<=x<=10000.",
        ),
        (
            ["--limit", "0"],
            2,
            "Error: Invalid value for '--limit': 0 is not in the range 1<=x<=100.",
        ),
        (["--zzz", "red"], 2, "Error: No such option '--zzz'."),
        (["--all"], 2, "Error: --all goes with --format"),
        (
            ["--format", "csv", "--year-histogram"],
            2,
            "Error: --year-histogram goes with --json or the listing, not --format",
        ),
        (
            ["--format", "ris", "--facet-limit", "3"],
            2,
            "Error: --facet-limit goes with --json or the listing, not --format",
        ),
    ],
)
def test_usage_and_paging_errors_are_one_line(
    corpus_index: Path, args: list[str], status: int, line: str
) -> None:
    res = run_cli("search", "migrant", "--index", str(corpus_index), *args)
    assert (res.returncode, res.stderr, res.stdout) == (status, line + "\n", "")


def test_the_last_page_is_fine_and_json_past_it_keeps_its_contract(corpus_index: Path) -> None:
    res = run_cli("search", "migrant", "--index", str(corpus_index), "--page", "3")
    assert res.returncode == 0 and "showing 21–21, page 3 of 3" in res.stdout
    past = run_cli("search", "migrant", "--index", str(corpus_index), "--page", "9", "--json")
    assert past.returncode == 0 and json.loads(past.stdout)["hits"] == []


def test_year_histogram_without_json_is_a_bar_chart(runner: CliRunner, corpus_index: Path) -> None:
    args = ["search", "migrant", "--index", str(corpus_index)]
    hist = _json(runner.invoke(cli, [*args, "--json", "--year-histogram"]))["year_histogram"]
    out = runner.invoke(cli, [*args, "--year-histogram"])
    assert out.exit_code == 0
    chart = out.output.split("Hits per year:\n", 1)[1].splitlines()
    most = max(v["count"] for v in hist)
    assert len(chart) == len(hist) >= 2
    for line, v in zip(chart, hist, strict=True):
        year, bar, count = line.split()
        assert (year, int(count)) == (v["value"], v["count"])
        assert len(bar) == round(40 * v["count"] / most)


def test_the_themes_are_listed_where_the_help_says(runner: CliRunner, corpus_index: Path) -> None:
    """`--theme nonsense` lists every theme; `--help` names where the index's are counted,
    and each theme listed there filters to exactly that many documents."""
    assert "`migsearch stats` lists the index's." in runner.invoke(cli, ["search", "--help"]).output
    themes = _json(runner.invoke(cli, ["stats", "--index", str(corpus_index), "--json"]))["themes"]
    assert len(themes) >= 5
    for theme, count in themes.items():
        args = ["search", "--theme", theme, "--index", str(corpus_index), "--json"]
        assert _json(runner.invoke(cli, args))["total"] == count, theme


def test_counts_are_singular_when_there_is_one(runner: CliRunner, tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "1", "title": "Fishers", "text": "Thai boats and fishers."}\n')
    ix = str(tmp_path / "ix")
    res = runner.invoke(cli, ["index", str(one), "--index", ix])
    assert res.output.startswith("Indexed 1 source into ") and res.output.endswith(
        "; 1 document.\n"
    )
    res = runner.invoke(cli, ["index", str(one), "--index", ix])
    assert res.output.startswith("Index unchanged: 1 document from 1 source already up to date")
    assert runner.invoke(cli, ["search", "boats", "--index", ix]).output.startswith(
        "1 document for 'boats'"
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "2"}\n')
    res = run_cli("index", str(empty), "--index", str(tmp_path / "ix2"))
    assert res.stderr.splitlines()[-1] == "Error: nothing could be indexed (1 failure)"


def test_help_examples_of_show_and_similar_work_on_the_sample_corpus(corpus_index: Path) -> None:
    """The examples take the id from a search (ids depend on where files were indexed)."""
    for name in ("show", "similar"):
        help_text = run_cli(name, "--help").stdout
        assert (
            """id=$(migsearch search "migrant fishers" --limit 1 --json | jq -r '.hits[0].id')"""
            in help_text
        )
        assert f'migsearch {name} "$id"' in help_text
        assert not re.search(r"\b[0-9a-f]{16}\b", help_text), "a literal id"
    found = run_cli(
        "search", "migrant fishers", "--limit", "1", "--json", "--index", str(corpus_index)
    )
    doc_id = json.loads(found.stdout)["hits"][0]["id"]
    for name in ("show", "similar"):
        res = run_cli(name, doc_id, "--index", str(corpus_index))
        assert res.returncode == 0 and res.stdout.strip(), res.stderr


@pytest.mark.parametrize("query", ["-x", "-migrant", '-"domestic workers"'])
def test_a_query_starting_with_a_dash_is_the_query(
    runner: CliRunner, corpus_index: Path, query: str
) -> None:
    res = runner.invoke(cli, ["search", query, "--index", str(corpus_index), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["query"] == query


def test_two_dashes_naming_no_option_is_an_error_not_a_query(corpus_index: Path) -> None:
    """A mistyped option (--contry) is not searched for; `--` makes it the query."""
    res = run_cli("search", "migrant", "--contry=THA", "--index", str(corpus_index))
    assert (res.returncode, res.stderr, res.stdout) == (
        2,
        "Error: No such option '--contry'.\n",
        "",
    )
    quoted = run_cli("search", "--index", str(corpus_index), "--json", "--", "--contry")
    assert quoted.returncode == 0 and json.loads(quoted.stdout)["query"] == "--contry"


def test_dash_dash_puts_an_option_name_in_the_query(runner: CliRunner, corpus_index: Path) -> None:
    res = runner.invoke(cli, ["search", "--index", str(corpus_index), "--json", "--", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["query"] == "--json"


def test_search_past_its_timeout_is_one_line_and_status_1(corpus_index: Path) -> None:
    proc = run_cli("search", "migrant", "--index", str(corpus_index), "--timeout", "0.000001")
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("Error: the search ran past its time limit")
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    ok = run_cli("search", "migrant", "--index", str(corpus_index), "--timeout", "0")
    assert ok.returncode == 0 and ok.stdout.strip()
    assert run_cli("search", "x", "--timeout", "-1").returncode == 2


def test_search_answers_the_same_with_shards_in_threads_or_processes(tmp_path: Path) -> None:
    from migsearch.indexer.store.shards import build_shards

    index = tmp_path / "two"
    build_shards([CORPUS], index, shards=2, workers=1)
    got = {}
    for where in ("threads", "processes"):
        res = run_cli(
            "search", "migrant workers", "--index", str(index), "--json", "--shards-in", where
        )
        assert res.returncode == 0, res.stderr
        out = json.loads(res.stdout)
        got[where] = (out["total"], out["facets"], [(h["id"], h["score"]) for h in out["hits"]])
    assert got["threads"] == got["processes"] and got["threads"][0] > 0
    res = run_cli("search", "x", "--index", str(index), "--shards-in", "cores")
    assert res.returncode == 2 and "'cores' is not one of" in res.stderr
