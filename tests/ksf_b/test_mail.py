"""Mail goes to the outbox without SMTP, and is kept (not lost, no error) when SMTP fails."""

from email import message_from_bytes

from ksf_b.mail import send_mail
from tests.support.services import free_port


def test_without_smtp_the_message_is_written_to_the_outbox(app_ctx):
    send_mail("kandidaat@example.nl", "Onderwerp", "Tekst")
    files = list(app_ctx.config["MAIL_OUTBOX"].glob("*.eml"))
    assert any(message_from_bytes(f.read_bytes())["To"] == "kandidaat@example.nl" for f in files)


def test_unreachable_smtp_keeps_the_message_as_undelivered(app_ctx, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app_ctx.config, "SMTP_PORT", free_port())  # nothing listens there
    send_mail("leidinggevende@example.nl", "Besluit", "Tekst")
    kept = list((app_ctx.config["MAIL_OUTBOX"] / "undelivered").glob("*.eml"))
    assert any(message_from_bytes(f.read_bytes())["Subject"] == "Besluit" for f in kept)
