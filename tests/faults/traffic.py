"""The rest of an exam day's traffic during a fault: candidates sitting the A test and
assessors saving rating scores, over the real HTTP APIs, the way their pages do it.

Both pages autosave through static/js/autosave.js (docs/autosave.md): POST the changed fields
with the revision the page was rendered with; a 409 "stale" answer carries the current revision,
which the page adopts before sending its fields again. That is also what happens when a save
was stored but its answer was lost (connection dropped, server killed): the retry meets the
newer revision and sends again. Transport (retries of connection errors and 502/503/504 with
back-off) is the candidates' recorder client's (bench/recorder.py).

Every save the server acknowledged (2xx) is remembered with the value sent; `check_side_traffic`
then asks the database that each is there with that value, and that nothing is doubled.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from bench.recorder import TOKEN_RE, RecorderClient

SITTING_RE = re.compile(r"/zitting/([0-9a-f]+)/vraag/")
REVISION_RE = re.compile(r'data-revision="(\d+)"')
ANSWER_RE = re.compile(r'type="(radio|checkbox)" name="answer" value="(\d+)"')
CATEGORY_RE = re.compile(r'type="radio" name="cat-(\d+)" value="([^"]+)"')
SCORE_RE = re.compile(r'type="radio" name="score-([^"]+)" value="1"')


class AutosaveRefused(AssertionError):
    pass


def _autosave(client: RecorderClient, url: str, fields: dict, revision: int) -> dict:
    """POST fields like autosave.js: adopt the revision of a 409 stale and send again."""
    for _attempt in range(4):
        answer = client.call("POST", url, ok=(200,), json={"fields": fields, "revision": revision})
        try:
            body = answer.json()
        except ValueError:  # an error page, not the API's JSON
            body = {}
        if answer.status_code == 200:
            return body
        if answer.status_code == 409 and body.get("code") == "stale":
            revision = body["revision"]
            continue
        raise AutosaveRefused(f"POST {url}: {answer.status_code} {answer.text[:300]}")
    raise AutosaveRefused(f"POST {url}: still stale after 4 tries")


@dataclass
class TheorySitter:
    """A candidate sitting the A test: start with the session code, answer item after item."""

    client: RecorderClient
    code: str
    sitting: str = ""
    acknowledged: dict[int, dict] = field(default_factory=dict)  # position -> fields

    def start(self) -> None:
        page = self.client.call("GET", "/toets-a/")
        token = TOKEN_RE.search(page.text)
        assert token, "no CSRF token on the A-test start page"
        started = self.client.call(
            "POST",
            "/toets-a/start",
            ok=(302,),
            data={"code": self.code, "csrf_token": token.group(1)},
            allow_redirects=False,
        )  # a start whose answer was lost is resumed by the retry: one sitting
        found = SITTING_RE.search(started.headers.get("Location", ""))
        assert started.status_code == 302 and found, (started.status_code, started.text[:300])
        self.sitting = found.group(1)

    def answer(self, position: int, turn: int = 0) -> None:
        """Open the item page and answer it (a choice depending on position and turn)."""
        base = f"/toets-a/zitting/{self.sitting}/vraag/{position}"
        page = self.client.call("GET", base)
        assert page.status_code == 200, (page.status_code, page.text[:300])
        html = page.text
        revision = int(REVISION_RE.search(html).group(1))  # type: ignore[union-attr]
        choices = ANSWER_RE.findall(html)
        if choices:
            places = [value for _kind, value in choices]
            pick = places[(position + turn) % len(places)]
            if choices[0][0] == "checkbox":
                fields: dict = {
                    "answer": sorted({pick, places[(position + turn + 1) % len(places)]})
                }
            else:
                fields = {"answer": pick}
        else:
            categories: dict[str, list[str]] = {}
            for place, category in CATEGORY_RE.findall(html):
                categories.setdefault(place, []).append(category)
            assert categories, f"item {position}: no answer fields on the page"
            fields = {
                f"cat-{place}": options[(position + turn + int(place)) % len(options)]
                for place, options in categories.items()
            }
        _autosave(self.client, f"/toets-a/api{base[len('/toets-a') :]}", fields, revision)
        self.acknowledged[position] = fields

    def run(self, items: int, every: float) -> None:
        self.start()
        for position in range(1, items + 1):
            self.answer(position)
            time.sleep(every)
        self.answer(1, turn=1)  # a changed answer: the last acknowledged one must be stored


@dataclass
class Rater:
    """An assessor on the rating screen: open each response, choose a score per competency."""

    client: RecorderClient
    assignment: str
    responses: int = 10
    acknowledged: dict[tuple[int, str], str] = field(default_factory=dict)

    def rate(self, number: int, turn: int = 0) -> None:
        page = self.client.call("GET", f"/beoordelen/{self.assignment}/opname/{number}")
        assert page.status_code == 200, (page.status_code, page.text[:300])
        revision = int(REVISION_RE.search(page.text).group(1))  # type: ignore[union-attr]
        codes = SCORE_RE.findall(page.text)
        assert codes, f"response {number}: no score fields on the rating screen"
        fields = {f"score-{c}": str((number + turn + i) % 5 + 1) for i, c in enumerate(codes)}
        url = f"/beoordelen/{self.assignment}/opname/{number}/concept"
        _autosave(self.client, url, fields, revision)
        for code in codes:
            self.acknowledged[(number, code)] = fields[f"score-{code}"]

    def run(self, every: float) -> None:
        for number in range(1, self.responses + 1):
            self.rate(number)
            time.sleep(every)
        self.rate(1, turn=2)  # a changed score: the last acknowledged one must be stored


@dataclass
class SideTraffic:
    """Sitters and raters, each in its own thread, while a fault test does its damage."""

    sitters: list[TheorySitter]
    raters: list[Rater]
    items: int = 12
    every: float = 0.3
    errors: list[str] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)

    def _guarded(self, name: str, work) -> None:  # type: ignore[no-untyped-def]
        try:
            work()
        except Exception as error:  # reported by join(), with who met it
            self.errors.append(f"{name}: {error!r}")

    def start(self) -> SideTraffic:
        jobs = [(f"sitter {n}", lambda s=s: s.run(self.items, self.every)) for n, s in
                enumerate(self.sitters)]  # fmt: skip
        jobs += [(f"rater {n}", lambda r=r: r.run(self.every)) for n, r in enumerate(self.raters)]
        for name, work in jobs:
            thread = threading.Thread(target=self._guarded, args=(name, work))
            thread.start()
            self.threads.append(thread)
        return self

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=300)
        assert not any(t.is_alive() for t in self.threads), "side traffic did not finish"
        assert not self.errors, self.errors

    @property
    def retries(self) -> int:
        return sum(p.client.retries for p in [*self.sitters, *self.raters])

    @property
    def statuses(self) -> list[int]:
        return [s for p in [*self.sitters, *self.raters] for s in p.client.statuses]


def _stored_answer(item, fields: dict):  # type: ignore[no-untyped-def]
    """What the database must hold for the fields a page sent (places -> option ids)."""
    order = item.display_order
    if "answer" in fields:
        value = fields["answer"]
        if isinstance(value, list):
            return sorted({order[int(v) - 1] for v in value})
        return order[int(value) - 1]
    return {order[int(name[4:]) - 1]: category for name, category in fields.items()}


def check_side_traffic(app, traffic: SideTraffic) -> None:  # type: ignore[no-untyped-def]
    """Every acknowledged answer and score is stored with the value sent; nothing doubled."""
    from sqlalchemy import func, select

    from assessors import operations as rating_ops
    from assessors.models import RatingAssignment, Score
    from ksf_b.extensions import db
    from theory.models import Sitting, SittingItem

    with app.app_context():
        db.session.expire_all()
        for sitter in traffic.sitters:
            sitting = db.session.scalar(select(Sitting).where(Sitting.public_id == sitter.sitting))
            assert sitting is not None, sitter.sitting
            same_enrolment = db.session.scalar(
                select(func.count())
                .select_from(Sitting)
                .where(Sitting.enrolment_id == sitting.enrolment_id)
            )
            assert same_enrolment == 1, "a retried start made a second sitting"
            assert len(sitter.acknowledged) == traffic.items
            by_position = {i.position: i for i in sitting.items}
            for position, fields in sitter.acknowledged.items():
                item = by_position[position]
                assert item.answer == _stored_answer(item, fields), (position, fields, item.answer)
        doubled = db.session.execute(
            select(SittingItem.sitting_id, SittingItem.position)
            .group_by(SittingItem.sitting_id, SittingItem.position)
            .having(func.count() > 1)
        ).all()
        assert not doubled
        for rater in traffic.raters:
            assignment = db.session.scalar(
                select(RatingAssignment).where(RatingAssignment.public_id == rater.assignment)
            )
            responses = rating_ops.responses_of(assignment.candidate)
            rows = db.session.scalars(
                select(Score).where(Score.assignment_id == assignment.id)
            ).all()
            stored: dict[tuple[int, str], list[int | None]] = {}
            for row in rows:
                number = next(n for n, r in enumerate(responses, 1) if r.id == row.response_id)
                stored.setdefault((number, row.competency_code), []).append(row.value)
            assert rater.acknowledged and set(stored) == set(rater.acknowledged), (
                sorted(stored),
                sorted(rater.acknowledged),
            )
            for key, value in rater.acknowledged.items():
                assert stored[key] == [int(value)], (key, value, stored[key])  # one row, as sent
