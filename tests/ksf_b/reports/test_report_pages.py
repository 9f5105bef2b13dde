"""The report page, its SVG charts and the CSV/XLSX exports read back."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

from openpyxl import load_workbook

from ksf_b.accounts.models import Role
from ksf_b.journey import states
from ksf_b.journey.models import CandidateState
from tests.ksf_b.journey.support import body, sign_in

S = CandidateState


def _world(make, db):  # type: ignore[no-untyped-def]
    admin = make.user(Role.ADMIN)
    first = make.manager(make.company("Belwerk BV"))
    second = make.manager(make.company("Chatcentrum NV"))
    approved = make.candidate(manager=first, state=S.PART1_SUBMITTED, holds_a=True)
    rejected = make.candidate(manager=first, state=S.PART1_SUBMITTED)
    make.candidate(manager=second)
    states.approve_part1(approved, admin, "Goed")
    states.reject_part1(rejected, admin, "Onvoldoende")
    db.session.commit()
    return admin


def test_page_shows_charts_and_numbers(client, make, db) -> None:
    sign_in(client, _world(make, db))
    page = body(client.get("/admin/rapportage/"))
    assert "3 kandidaten in deze selectie." in page
    assert page.count('class="chart"') == 3
    assert "Belwerk BV" in page and "Chatcentrum NV" in page
    assert "Alle bedrijven" in page


def test_charts_are_svg_without_scripts(client, make, db) -> None:
    sign_in(client, _world(make, db))
    for name in ("statussen", "dagen", "slagingspercentage"):
        response = client.get(f"/admin/rapportage/grafiek/{name}.svg")
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        root = ElementTree.fromstring(response.get_data())
        assert root.tag.endswith("svg")
        assert not [el for el in root.iter() if el.tag.endswith("script")]
    assert "Belwerk BV" in client.get("/admin/rapportage/grafiek/slagingspercentage.svg").get_data(
        as_text=True
    )
    assert client.get("/admin/rapportage/grafiek/onbekend.svg").status_code == 404


def test_csv_and_xlsx_read_back(client, make, db) -> None:
    sign_in(client, _world(make, db))
    response = client.get("/admin/rapportage/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["Belwerk BV"]["Kandidaten"] == "2"
    assert by_name["Belwerk BV"]["Geslaagd onderdeel 1 (%)"] == "50.0"
    assert by_name["Alle bedrijven"]["Kandidaten"] == "3"

    response = client.get("/admin/rapportage/export.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == header
    xlsx = {row[0]: dict(zip(header, row, strict=True)) for row in values[1:]}
    assert xlsx["Belwerk BV"]["Kandidaten"] == 2
    assert xlsx["Belwerk BV"]["Geslaagd onderdeel 1 (%)"] == 50.0
    assert xlsx["Chatcentrum NV"]["Aangemeld, dossier niet begonnen"] == 1
    assert xlsx["Chatcentrum NV"]["Geslaagd onderdeel 1 (%)"] is None


def test_company_and_period_filters(client, make, db) -> None:
    sign_in(client, _world(make, db))
    page = body(client.get("/admin/rapportage/?van=2000-01-01&tot=2000-12-31"))
    assert "0 kandidaten in deze selectie." in page
    bad = client.get("/admin/rapportage/?van=gisteren")
    assert bad.status_code == 400 and "Vul een geldige datum in" in body(bad)


def test_final_pass_rate_counts_released_verdicts(client, make, db) -> None:
    from assessors import verdict_ops

    admin = make.user(Role.ADMIN)
    passed = make.rated_candidate(default=4)
    failed = make.rated_candidate(default=2, manager=passed.manager)
    for candidate in (passed, failed):
        verdict_ops.confirm_proposal(candidate, admin)
        verdict_ops.release(candidate, admin)
    db.session.commit()
    sign_in(client, admin)
    response = client.get(f"/admin/rapportage/export.csv?bedrijf={passed.company_id}")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    company = next(row for row in rows if row["Bedrijf"] == passed.company.name)
    assert company["Geslaagd eindoordeel (%)"] == "50.0"
    assert company["Uitslag vrijgegeven"] == "2"
