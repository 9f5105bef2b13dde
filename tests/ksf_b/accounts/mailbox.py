"""Read the messages the app wrote to its outbox folder and follow the links in them."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from flask import Flask

LINK_RE = re.compile(r"https?://\S+")


def mails_to(app: Flask, address: str) -> list[EmailMessage]:
    """Return every outbox message addressed to `address`, oldest first."""
    outbox = app.config["MAIL_OUTBOX"]
    if not outbox.exists():
        return []
    messages = []
    for path in sorted(outbox.glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if message["To"] == address:
            messages.append(message)
    return messages


def last_link_to(app: Flask, address: str) -> str:
    """Return the path of the link in the newest message to `address`, for the test client."""
    messages = mails_to(app, address)
    assert messages, f"no mail to {address}"
    body = messages[-1].get_content()
    links = LINK_RE.findall(body)
    assert len(links) == 1, body
    base = app.config["BASE_URL"].rstrip("/")
    assert links[0].startswith(base + "/"), links[0]
    return links[0][len(base) :]
