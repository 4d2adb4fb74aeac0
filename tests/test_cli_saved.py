"""``migsearch saved`` and ``migsearch watch`` as a user runs them: real processes, a real index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import CORPUS, run_cli

ARRIVALS = [
    {
        "id": "arrival-1",
        "title": "Thai fishing fleets hire more migrant fishers",
        "text": "Migrant fishers from Myanmar work on Thai fishing boats for low wages.",
        "date": "2024-05-01",
    },
    {
        "id": "arrival-2",
        "title": "Remittances to Nepal rise",
        "text": "Remittances sent home by Nepali migrant workers in Qatar rose again.",
        "date": "2024-06-01",
    },
]


def _indexed(folder: Path) -> Path:
    """``folder`` with a copy of the sample corpus, indexed into ./migsearch-index."""
    shutil.copytree(CORPUS, folder / "docs", ignore=shutil.ignore_patterns("README*"))
    res = run_cli("index", "docs", cwd=folder)
    assert res.returncode == 0, res.stderr
    return folder


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    """An indexed folder of this test's own."""
    return _indexed(tmp_path)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An indexed folder the error tests share (they save nothing that others read)."""
    return _indexed(tmp_path_factory.mktemp("saved"))


def _cli(ws: Path, *args: str):
    res = run_cli(*args, cwd=ws)
    assert "Traceback" not in res.stderr
    return res


def test_watch_twice_with_an_index_between_prints_exactly_the_new_matches(workspace: Path) -> None:
    ws = workspace
    added = _cli(ws, "saved", "add", "fishers-thailand", "migrant fishers", "--country", "THA")
    assert added.returncode == 0, added.stderr
    before = json.loads(_cli(ws, "search", "migrant fishers", "--country", "THA", "--json").stdout)
    assert added.stdout.startswith("Saved 'fishers-thailand': 'migrant fishers' --country THA (")
    assert f"({before['total']} matches now, generation 1)" in added.stdout

    # nothing was indexed since: nothing is new, however often it is asked
    for _ in range(2):
        res = _cli(ws, "watch")
        assert res.returncode == 0
        assert res.stdout == (
            f"fishers-thailand: no commit since the last check ({before['total']} matches).\n"
        )
    assert _cli(ws, "watch", "--quiet").stdout == ""

    (ws / "docs" / "arrivals.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in ARRIVALS), "utf-8"
    )
    assert _cli(ws, "index", "docs").returncode == 0
    res = _cli(ws, "watch", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)["searches"]
    assert [(r["name"], [h["id"] for h in r["new"]]) for r in report] == [
        ("fishers-thailand", ["arrival-1"])
    ]
    assert report[0]["total"] == before["total"] + 1
    assert (report[0]["since_generation"], report[0]["generation"]) == (1, 2)
    # the second watch, with no index run between, has nothing more to say
    again = json.loads(_cli(ws, "watch", "--json").stdout)["searches"]
    assert again[0]["new"] == [] and again[0]["changed"] is False


def test_watch_prints_new_matches_for_people_and_stays_quiet_for_cron(workspace: Path) -> None:
    ws = workspace
    assert _cli(ws, "saved", "add", "nepal", "--country", "Nepal").returncode == 0
    assert _cli(ws, "saved", "add", "everything").returncode == 0
    (ws / "docs" / "arrivals.jsonl").write_text(json.dumps(ARRIVALS[1]) + "\n", "utf-8")
    assert _cli(ws, "index", "docs").returncode == 0
    res = _cli(ws, "watch", "nepal", "--quiet")
    lines = res.stdout.splitlines()
    assert lines[0] == "nepal: 1 new match since generation 1 (" + lines[0].split("(")[1]
    assert lines[1].split() == ["2024-06-01", "Remittances", "to", "Nepal", "rise"]
    assert "id arrival-2" in lines[2] and len(lines) == 3
    # `everything` was not checked: its turn shows the same document
    assert "everything: 1 new match" in _cli(ws, "watch").stdout


def test_saved_list_and_rm(workspace: Path) -> None:
    ws = workspace
    assert _cli(ws, "saved", "list").stdout.startswith("No saved searches.")
    args = ["trafficking", "--country", "ASEAN", "--year", "2014", "--year", "2015"]
    assert _cli(ws, "saved", "add", "asean", *args, "--sort", "newest").returncode == 0
    listed = _cli(ws, "saved", "list").stdout.splitlines()
    assert listed[0] == "asean  trafficking --country ASEAN --year 2014 --year 2015 --sort newest"
    js = json.loads(_cli(ws, "saved", "list", "--json").stdout)
    assert js[0]["criteria"] == {
        "query": "trafficking",
        "countries": ["ASEAN"],
        "years": ["2014", "2015"],
        "sort": "newest",
    }
    total = json.loads(_cli(ws, "search", *args, "--json").stdout)["total"]
    assert js[0]["matches"] == total and js[0]["generation"] == 1
    assert _cli(ws, "saved", "rm", "asean").stdout == "Removed 'asean'.\n"
    assert json.loads(_cli(ws, "saved", "list", "--json").stdout) == []
    assert (ws / "migsearch-index.saved.json").exists()


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["saved", "add", "two words", "x"], 1, "Error: a saved search's name is up to 64"),
        (["saved", "add", "x", "--country", "Atlantis"], 1, "Error: unknown country 'Atlantis'"),
        (["saved", "add", "x", "--limit", "5"], 2, "Error: No such option '--limit'."),
        (["saved", "rm", "nope"], 1, "Error: no saved search named 'nope'"),
        (["watch", "nope"], 1, "Error: no saved search named 'nope'"),
        (["watch", "--index", "{missing}"], 1, "Error: no index at"),
    ],
)
def test_errors_are_one_line(shared: Path, args: list[str], status: int, message: str) -> None:
    args = [a.replace("{missing}", str(shared / "missing")) for a in args]
    res = _cli(shared, *args)
    assert res.returncode == status
    assert res.stderr.count("\n") == 1 and res.stderr.startswith(message), res.stderr


def test_a_name_is_saved_once(shared: Path) -> None:
    assert _cli(shared, "saved", "add", "once").returncode == 0
    assert _cli(shared, "saved", "add", "once", "fishers").stderr == (
        "Error: a saved search named 'once' exists; remove it first\n"
    )
    assert _cli(shared, "saved", "add", "once", "fishers", "--replace").returncode == 0
