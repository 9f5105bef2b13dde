"""The statistics page and the CSV export: admins only, real numbers from submitted ratings."""

from __future__ import annotations

import csv
import io

import pytest

from assessors import calibration_operations  # noqa: F401  (models registered)
from assessors.models import RaterQualitySettings
from ksf_b.accounts.models import Role
from ksf_b.journey.models import CandidateState
from tests.assessors.stats_support import rated_candidate
from tests.ksf_b.journey.support import body, post_form, sign_in

STATS = "/beheer/beoordelaars/statistiek"
CSV_URL = "/beheer/beoordelaars/statistiek/scores.csv"
SETTINGS = "/beheer/beoordelaars/kwaliteit-instellingen"


def _agreeing(index: int, position: int, code: str) -> int:
    """Both assessors vary with the scenario; the second is one point milder but once."""
    base = 2 + (position + len(code)) % 3
    return min(5, base + (1 if index == 1 and position != 5 else 0))


@pytest.fixture
def rated(make, db):  # type: ignore[no-untyped-def]
    make.assessor()
    make.assessor()
    return rated_candidate(make, db, _agreeing)


@pytest.mark.parametrize("url", [STATS, CSV_URL, SETTINGS])
@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.CANDIDATE, Role.MANAGER])
def test_only_admins_see_statistics_and_csv(app, make, url, role) -> None:
    client = sign_in(app.test_client(), make.user(role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [STATS, CSV_URL])
def test_anonymous_goes_to_login(app, url) -> None:
    response = app.test_client().get(url)
    assert response.status_code == 302
    assert "/accounts/login" in response.headers["Location"]


def test_statistics_page_shows_counts_leniency_and_agreement(app, make, db, rated) -> None:
    _candidate, (first, second) = rated
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    page = client.get(STATS)
    assert page.status_code == 200
    html = body(page)
    for assignment in (first, second):
        assert assignment.assessor.full_name in html
        assert f'data-assessor="{assignment.assessor.public_id}"' in html
    assert html.count('<dd data-stat="rated">1</dd>') == 2
    # the second assessor is milder, the first stricter than the integrated score
    assert "milder" in html and "strenger" in html
    assert 'role="img"' in html and "<script" not in html.split("<main")[1].split("</main>")[0]
    assert "Overeenstemming per competentie" in html
    # oral language is in all ten scenarios: N = 10 pairs
    assert '<tr data-competency="oral_language">' in html
    assert "Krippendorffs alfa" in html
    from assessors.stats_data import build_report, get_quality_settings

    _people, agreement = build_report(get_quality_settings())
    [oral] = [a for a in agreement if a.competency == "oral_language"]
    assert oral.alpha is not None and oral.alpha.n == oral.kappa.n == 10
    assert oral.alpha.value is not None


def test_small_n_is_not_computable_with_a_reason(app, make, db) -> None:
    make.assessor()
    make.assessor()
    rated_candidate(make, db, lambda i, pos, code: 3)  # constant: kappa undefined
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    html = body(client.get(STATS))
    assert "niet te berekenen" in html
    assert "geen spreiding in de scores" in html


def _csv(response) -> list[dict]:  # type: ignore[no-untyped-def]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_csv_has_one_row_per_assessor_candidate_scenario_competency(app, make, db, rated) -> None:
    candidate, _assignments = rated
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.is_streamed
    rows = _csv(response)
    from assessors.operations import responses_of

    cells = sum(len(r.scenario.competency_codes) for r in responses_of(candidate))
    assert len(rows) == 2 * cells
    keys = {
        (r["assessor_id"], r["candidate_code"], r["scenario_position"], r["competency_code"])
        for r in rows
    }
    assert len(keys) == len(rows)  # no duplicates
    first = rows[0]
    assert first["candidate_code"].startswith("B-")
    assert first["candidate_name"] == ""  # not released: code only
    assert candidate.user.full_name not in response.get_data(as_text=True)
    assert first["rubric_version"] == "1"
    assert first["value"] in {"1", "2", "3", "4", "5"}
    assert first["submitted_at"]


def test_csv_names_the_candidate_once_the_result_is_released(app, make, db, rated) -> None:
    candidate, _assignments = rated
    candidate.state = CandidateState.RESULT_RELEASED
    db.session.commit()
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    rows = _csv(client.get(CSV_URL))
    assert {r["candidate_name"] for r in rows} == {candidate.user.full_name}


def test_csv_writes_not_ratable_reasons_and_defuses_formulas(app, make, db) -> None:
    make.assessor()
    make.assessor()
    _candidate, (first, _second) = rated_candidate(
        make, db, lambda i, pos, code: None if (i, pos) == (0, 1) else 3
    )
    from assessors.models import Score

    score = next(s for s in first.scores if s.value is None)
    score.not_ratable_reason = '=HYPERLINK("x")'
    db.session.commit()
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    rows = _csv(client.get(CSV_URL))
    reasons = [r["not_ratable_reason"] for r in rows if r["value"] == ""]
    assert '\'=HYPERLINK("x")' in reasons
    assert all(r for r in reasons)
    assert Score  # imported for the row type


def test_an_unsubmitted_rating_is_not_exported(app, make, db) -> None:
    make.assessor()
    make.assessor()
    make.submitted_part2()
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    assert _csv(client.get(CSV_URL)) == []
    assert "Er zijn nog geen ingediende beoordelingen." in body(client.get(STATS))


def test_settings_are_admin_editable_and_validated(app, make, db) -> None:
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    response = post_form(
        client,
        SETTINGS,
        {
            "agreement_warning_below": "0.7",
            "leniency_band": "0.3",
            "calibration_max_deviation": "0.5",
        },
    )
    assert response.status_code == 302
    row = db.session.get(RaterQualitySettings, 1)
    db.session.refresh(row)
    assert (row.agreement_warning_below, row.leniency_band, row.calibration_max_deviation) == (
        0.7,
        0.3,
        0.5,
    )
    bad = post_form(
        client,
        SETTINGS,
        {"agreement_warning_below": "2", "leniency_band": "x", "calibration_max_deviation": "0.5"},
    )
    assert bad.status_code == 422
    assert "Kies een getal van" in body(bad)
