"""Debian's Chromium driven by Playwright, with a fake camera and microphone.

`--use-fake-device-for-media-stream` gives getUserMedia a test pattern and a beep, and
`--use-fake-ui-for-media-stream` accepts the permission prompts; nothing is downloaded
(`playwright install` is never run).
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def launch(playwright, args: list[str] | None = None):  # type: ignore[no-untyped-def]
    """Start headless Chromium (CHROMIUM_ARGS unless `args` says otherwise)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS if args is None else args, headless=True
    )


def log_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Log in through the real login form, as a person would."""
    page.goto("/accounts/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
