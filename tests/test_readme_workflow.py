"""The README's analyst workflow and the cron job of docs/cli.md, run as written.

Each ``$ command`` of the README's workflow block runs in a shell, in a folder
holding a copy of the sample corpus, with the installed console script first on
PATH; the lines the README shows under it must appear in its output, in order
(``…`` stands for text left out). The cron line runs as cron would run it: from
the home folder, with cron's short PATH, its paths swapped for this test's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import rispy
from support import CORPUS, ROOT, run_cli

BIN = Path(sys.executable).parent


def _console_block(text: str, after: str) -> str:
    """The first ```console block after the line ``after``."""
    rest = text.split(after, 1)[1]
    return rest.split("```console\n", 1)[1].split("```", 1)[0]


def _steps(block: str) -> list[tuple[str, list[str]]]:
    """(command, the output lines shown under it) for each ``$ `` line of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif line.strip():
            steps[-1][1].append(line)
    return steps


def _pattern(shown: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in shown.split("…")))


def _appear_in_order(shown: list[str], output: str) -> bool:
    lines = iter(output.splitlines())
    return all(any(_pattern(s).fullmatch(line) for line in lines) for s in shown)


def _shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_readme_workflow_runs_as_shown(tmp_path: Path) -> None:
    steps = _steps(_console_block((ROOT / "README.md").read_text(), "## The analyst's workflow"))
    verbs = [command.split()[1] for command, _ in steps]
    for verb in ("index", "search", "saved", "watch"):
        assert verb in verbs, f"the workflow has no `migsearch {verb}`"
    shutil.copytree(CORPUS, tmp_path / "corpus")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("MIGSEARCH_INDEX", None)
    for command, shown in steps:
        res = _shell(command, tmp_path, env)
        assert res.returncode == 0, (command, res.stderr)
        assert _appear_in_order(shown, res.stdout), (command, shown, res.stdout)
    # the files the workflow hands on are read by real parsers
    ris = rispy.loads((tmp_path / "trafficking.ris").read_text())
    assert len(ris) == 5 and all(entry["title"] for entry in ris)
    bib = _shell("migsearch search trafficking --format bibtex --all", tmp_path, env).stdout
    assert len(bibtexparser.parse_string(bib).entries) == 5
    csv_lines = (tmp_path / "trafficking.csv").read_text().splitlines()
    assert len(csv_lines) == 1 + 5


def test_the_readme_matcher_is_not_lenient() -> None:
    """The check above fails when a shown line is missing, out of order or different."""
    output = "3 documents for 'x'\n1. First\n2. Second\n"
    assert _appear_in_order(["3 documents for …", "2. Second"], output)
    assert not _appear_in_order(["2. Second", "1. First"], output)
    assert not _appear_in_order(["4 documents for …"], output)
    assert not _appear_in_order(["1. Fir"], output)


def test_the_cron_job_of_the_docs_mails_only_what_is_new(tmp_path: Path) -> None:
    """docs/cli.md's crontab line, run twice the way cron runs it: the first run prints
    the new matches, the second (nothing new) prints nothing at all."""
    block = (ROOT / "docs" / "cli.md").read_text().split("**From cron.**", 1)[1]
    line = next(ln for ln in block.split("```", 2)[1].splitlines() if ln.startswith("0 6 "))
    command = line.split(None, 5)[5]  # after the five time fields
    library, index = tmp_path / "library", tmp_path / "migsearch-index"
    library.mkdir()
    shutil.copy(CORPUS / "000_c4eb84cda103fd2c.txt", library)
    assert run_cli("index", str(library), "--index", str(index)).returncode == 0
    saved = run_cli("saved", "add", "trafficking", "trafficking", "--index", str(index))
    assert saved.returncode == 0, saved.stderr
    shutil.copy(CORPUS / "001_66e0b69593462829.txt", library)
    command = (
        command.replace("/opt/migsearch/.venv/bin/migsearch", str(BIN / "migsearch"))
        .replace("/srv/library", str(library))
        .replace("/srv/migsearch-index", str(index))
    )
    assert "/srv/" not in command and "/opt/" not in command
    home = tmp_path / "home"
    home.mkdir()
    cron_env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", "LANG": "C.UTF-8"}
    first = subprocess.run(
        ["/bin/sh", "-c", command], cwd=home, env=cron_env, capture_output=True, text=True
    )
    assert first.returncode == 0 and first.stderr == "", first.stderr
    assert first.stdout.startswith("trafficking: 2 new matches since generation 1 (5 in all)\n")
    assert first.stdout.count(" id ") == 2
    second = subprocess.run(
        ["/bin/sh", "-c", command], cwd=home, env=cron_env, capture_output=True, text=True
    )
    assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
