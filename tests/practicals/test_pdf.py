"""The signed-off checklist as PDF: its extracted text has every criterion and the scores."""

from __future__ import annotations

import re
import subprocess

from practicals.models import PracticalKind
from practicals.rules import NA, NOT_GOOD
from tests.ksf_b.journey.support import sign_in
from tests.practicals import support


def pdf_text(data: bytes, tmp_path, layout: bool = False) -> str:  # type: ignore[no-untyped-def]
    """pdftotext's reading order (cells whole), or with layout=True its table rows."""
    path = tmp_path / "checklist.pdf"
    path.write_bytes(data)
    flags = ["-layout"] if layout else []
    return subprocess.run(
        ["pdftotext", *flags, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def compact(text: str) -> str:
    """Without any whitespace: cells wrap lines anywhere (also after a slash)."""
    return re.sub(r"\s+", "", text)


def test_chat_pdf_has_every_criterion_and_the_per_chat_scores(client, make, tmp_path):
    obs = support.observation(make)
    support.fill_chat(obs)
    from practicals import operations as ops

    marks = {f"mark-{p}-2.4b": NOT_GOOD for p in (3, 4, 5)} | {f"mark-{p}-2.5d": NA for p in (4, 5)}
    ops.save_marks(obs, obs.examiner, marks, None)
    ops.sign_off(obs, obs.examiner)
    make.db.session.commit()
    sign_in(client, obs.examiner)
    response = client.get(f"/praktijk/{obs.public_id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    raw = pdf_text(response.data, tmp_path, layout=True)
    text = squash(pdf_text(response.data, tmp_path))
    checklist = obs.definition.checklist()
    for item in checklist.items:
        assert item.code in text
        assert compact(item.text) in compact(text), item.text
    row = next(line for line in raw.splitlines() if line.strip().startswith("2.4b"))
    assert squash(row).split()[-7:] == ["+", "+", "−", "−", "−", "2/5", "0"]
    row = next(line for line in raw.splitlines() if line.strip().startswith("2.5d"))
    assert squash(row).split()[-7:] == ["+", "+", "+", "n.v.t.", "n.v.t.", "3/3", "1"]
    assert "Uitkomst: Geslaagd" in text and "19 van 20 punten" in text
    assert obs.candidate_name in text and "08-12-2026" in text
    assert f"Examinator: {obs.examiner.full_name}" in text


def test_phone_pdf_has_every_process_criterion_tick_and_remark(client, make, tmp_path):
    obs = support.observation(make, PracticalKind.PHONE)
    support.fill_phone(obs)
    from practicals import operations as ops

    ops.save_marks(
        obs,
        obs.examiner,
        {"mark-1-2.3.1": [], "remark-1-2.3.1": "Spelde de achternaam zonder spellingsalfabet."},
        None,
    )
    ops.sign_off(obs, obs.examiner)
    make.db.session.commit()
    sign_in(client, obs.candidate)
    text = squash(pdf_text(client.get(f"/praktijk/{obs.public_id}/pdf").data, tmp_path))
    for header in (
        "Bedrijf:",
        "Naam kandidaat:",
        "Datum:",
        "Geboortedatum kandidaat:",
        "17-05-1990",
    ):
        assert header in text
    for _eindterm, _section, item in obs.definition.checklist().walk():
        assert compact(item.text) in compact(text)
        for detail in item.details:
            assert compact(detail) in compact(text), detail
    assert text.count("☑") == 8 and text.count("☐") == 1
    assert "Spelde de achternaam zonder spellingsalfabet." in text
    assert "Uitkomst: Geslaagd" in text and "8 van 9 processen gecheckt" in text
