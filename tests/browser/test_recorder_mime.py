"""Which format static/js/recorder.js asks MediaRecorder for, in a real Chromium.

H.264 with AAC comes first: Chrome and Edge 123+ on Windows and macOS record it, and the
server then copies both streams (tests/media/test_processing.py: "audio is AAC"). This
Chromium (Linux) offers no AAC encoder, so it falls back to MP4 with its default Opus audio.
"""

from __future__ import annotations

from ksf_b.accounts.models import Role
from tests.browser.conftest import login_page

IMPORT = "const m = await import('/static/js/recorder.js');"


def test_this_chromium_records_mp4_and_says_it_cannot_record_aac(page, make):
    login_page(page, make.user(role=Role.CANDIDATE))
    picked, aac = page.evaluate(
        f"""async () => {{ {IMPORT}
        return [m.pickMimeType(),
                MediaRecorder.isTypeSupported("video/mp4;codecs=avc1,mp4a.40.2")]; }}"""
    )
    assert aac is False  # if Debian's Chromium gains AAC, the first candidate is picked here
    assert picked == "video/mp4;codecs=avc1"


def test_a_browser_that_records_aac_is_asked_for_it(page, make):
    """As Chrome on Windows answers isTypeSupported (stubbed: this machine has no such Chrome)."""
    login_page(page, make.user(role=Role.CANDIDATE))
    picked = page.evaluate(
        f"""async () => {{ {IMPORT}
        const real = MediaRecorder.isTypeSupported.bind(MediaRecorder);
        MediaRecorder.isTypeSupported = (type) =>
          type === "video/mp4;codecs=avc1,mp4a.40.2" || real(type);
        try {{ return m.pickMimeType(); }}
        finally {{ MediaRecorder.isTypeSupported = real; }} }}"""
    )
    assert picked == "video/mp4;codecs=avc1,mp4a.40.2"
