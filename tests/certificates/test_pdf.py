"""The certificate PDF is real: its text reads back and its QR code decodes to the link."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from certificates.pdf import certificate_pdf
from certificates.urls import verification_url


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _qr_codes(pdf: Path) -> list[str]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(pdf.parent.glob(prefix.name + "*.png"))
    assert pages, "pdftoppm rendered no page"
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", *map(str, pages)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_certificate_pdf_carries_name_number_date_type_and_a_qr_code(make, tmp_path) -> None:
    from ksf_b.accounts.models import Role

    holder = make.user(Role.CANDIDATE)
    holder.full_name = "Fleur van der Ploeg-Çelik"
    make.db.session.commit()
    certificate = make.certificate(holder, "B", issued_on=date(2026, 11, 30))
    data = certificate_pdf(certificate)
    assert data.startswith(b"%PDF-")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(data)
    metadata = subprocess.run(
        ["pdfinfo", "-meta", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert 'pdfaid:part="3"' in metadata  # PDF/A-3 identification in the XMP metadata

    text = " ".join(_pdftotext(pdf).split())
    assert "Fleur van der Ploeg-Çelik" in text
    assert certificate.number in text
    assert "30 november 2026" in text
    assert "KSF Branchecertificaat B" in text
    assert certificate.check_code in text

    url = verification_url(certificate)
    assert url.endswith(f"/verificatie/{certificate.number}?code={certificate.check_code}")
    assert _qr_codes(pdf) == [url]


def test_each_programme_prints_its_own_title(make, tmp_path) -> None:
    certificate = make.certificate(programme="CHAT")
    pdf = tmp_path / "chat.pdf"
    pdf.write_bytes(certificate_pdf(certificate))
    text = " ".join(_pdftotext(pdf).split())
    assert "KSF Branchecertificaat Chat" in text
    assert certificate.number.startswith("KSF-CHAT-")
    # the longest number ends clear of the signature block (they once overlapped)
    words = _word_boxes(pdf)
    number_right = words[certificate.number][2]
    signature_left = min(words["Examencommissie"][0], words["namens"][0])
    assert signature_left - number_right > 10  # points: more than 3.5 mm apart


def _word_boxes(pdf: Path) -> dict[str, tuple[float, float, float, float]]:
    """Each word of the PDF with its box (xMin, yMin, xMax, yMax) in points, from pdftotext."""
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>'
    )
    return {
        word: (float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in re.findall(pattern, html)
    }
