"""The README's `curl` examples, asked of a live server: each answers 200 with what it says."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import rispy
from support import ROOT, run_cli

README_HOST = "http://127.0.0.1:8000"


def _curl_urls() -> list[str]:
    serving = (ROOT / "README.md").read_text().split("## Serving", 1)[1]
    return re.findall(r"^curl (?:-OJ )?'([^']+)'", serving, re.M)


def test_every_curl_example_of_the_readme_answers(http, web_index: Path) -> None:
    urls = _curl_urls()
    assert len(urls) >= 6 and all(u.startswith(README_HOST + "/api/") for u in urls)
    saved = run_cli(
        "saved", "add", "trafficking", "trafficking", "--index", str(web_index), "--replace"
    )
    assert saved.returncode == 0, saved.stderr
    doc_id = http.get("/api/search", params={"q": "trafficking"}).json()["hits"][0]["id"]
    for url in urls:
        r = http.get(url.removeprefix(README_HOST).replace("/ID", "/" + doc_id))
        assert r.status_code == 200, (url, r.text[:200])
        kind = r.headers["content-type"]
        if "/feed" in url:
            feed = feedparser.parse(r.content)
            assert not feed.bozo and feed.entries, url
        elif "format=ris" in url:
            assert rispy.loads(r.text), url
        else:
            assert kind.startswith("application/json"), (url, kind)
