"""Every demo account of the README logs in and follows every link it is shown: no 500, no 4xx.

The crawl starts at each account's dashboard and follows the internal links (`<a href>`) of
every page it reaches, as a newcomer clicking through the seeded demo would; downloads (PDF,
CSV, ZIP, media) are fetched too. A link a page shows must lead somewhere for that account.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from ksf_b.demo import demo_password, seed_demo
from ksf_b.extensions import limiter
from tests.conftest import login

README = Path(__file__).resolve().parents[1] / "README.md"
PAGES_PER_SHAPE = 2  # /beheer/toets-a/vragen/<id>: two of them, not all sixty
MAX_REQUESTS_PER_ACCOUNT = 400


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def demo_emails() -> list[str]:
    """The demo accounts the README's demo section names (table rows and the text below it)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Demo accounts", 1)[1].split("\n## ", 1)[0]
    emails = re.findall(r"`([a-z0-9.-]+@[a-z0-9.-]+\.example)`", section)
    domain = "klantbedrijf.example"
    emails += [f"{local}@{domain}" for local in re.findall(r"`([a-z]+)@`", section)]
    return list(dict.fromkeys(emails))


def shape(url: str) -> str:
    """The link with its ids and query values blanked: sixty questions are visited twice."""
    parts = urlsplit(url)
    path = re.sub(r"/[0-9a-f]{32}", "/{id}", parts.path)
    path = re.sub(r"/KSF-[A-Z]+-\d{4}-\d+", "/{number}", path)
    path = re.sub(r"/\d+(?=/|$|\.)", "/{n}", path)
    names = sorted(pair.split("=", 1)[0] for pair in parts.query.split("&") if pair)
    return path + ("?" + "&".join(names) if names else "")


def crawl(client, start: str = "/") -> tuple[dict[str, int], list[str]]:  # type: ignore[no-untyped-def]
    """Follow internal links from `start`; return the status per link and the problems."""
    seen: dict[str, int] = {}
    shapes: dict[str, int] = {}
    problems: list[str] = []
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    queued = {start}
    while queue:
        url, source = queue.popleft()
        assert len(seen) < MAX_REQUESTS_PER_ACCOUNT, f"the crawl does not end: {sorted(seen)}"
        response = client.get(url, follow_redirects=True)
        body = response.get_data(as_text=response.content_type.startswith("text/"))
        response.close()  # a streamed download (CSV) ends here, before the next request
        seen[url] = response.status_code
        if response.status_code >= 400:
            problems.append(f"{url} -> {response.status_code} (link on {source})")
            continue
        if not response.content_type.startswith("text/html"):
            continue
        page = response.request.path + (
            "?" + response.request.query_string.decode() if response.request.query_string else ""
        )
        parser = _Links()
        parser.feed(body)
        for href in parser.hrefs:
            target = urldefrag(urljoin(page, href))[0]
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "tel") or parts.hostname not in (None, "localhost"):
                continue  # an absolute link to this site (BASE_URL) is followed too
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            key = shape(local)
            if local in queued or shapes.get(key, 0) >= PAGES_PER_SHAPE:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            queued.add(local)
            queue.append((local, page))
    return seen, problems


@pytest.mark.slow  # seeds the whole demo world (MP4s by ffmpeg) and visits some 600 pages
def test_every_demo_account_follows_every_link_it_is_shown(app, db) -> None:
    seed_demo()
    db.session.commit()
    emails = demo_emails()
    assert len(emails) >= 20, emails  # the README's table and the states named below it
    report: dict[str, list[str]] = {}
    for email in emails:
        client = app.test_client()
        limiter.reset()  # 25 logins from one address in a minute are the test, not an attack
        response = login(client, email, demo_password())
        assert response.status_code == 302, f"{email} cannot log in with the demo password"
        seen, problems = crawl(client)
        assert len(seen) >= 4, f"{email} reaches only {sorted(seen)}"
        assert all(status < 500 for status in seen.values())
        if problems:
            report[email] = problems
    assert not report, "\n".join(f"{who}: {p}" for who, lines in report.items() for p in lines)
