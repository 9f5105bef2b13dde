"""What follows part 2 in other packages: hooks a domain registers in the composition root.

The core cannot import the rating domain (dependencies point one way), so `assessors` registers
at start-up (`assessors/registration.py`, called from `ksf_b/blueprints.py`) what a submission
sets off (assigning assessors) and which further reminders `flask send-reminders` sends (to
assessors). Both registries are keyed by name: a second app start replaces, never doubles.
"""

from __future__ import annotations

from collections.abc import Callable, Sized
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ksf_b.journey.models import Candidate

SubmissionHook = Callable[["Candidate"], object]
_on_submission: dict[str, SubmissionHook] = {}


@dataclass(frozen=True)
class ReminderSender:
    """Sends the reminders that are due and returns them; `report` is the line for the CLI."""

    send: Callable[[], Sized]
    report: str  # "{count}" becomes the number sent


_reminder_senders: dict[str, ReminderSender] = {}


def on_submission(name: str, hook: SubmissionHook) -> None:
    """Run `hook(candidate)` after every part-2 submission (in the same transaction)."""
    _on_submission[name] = hook


def submitted(candidate: Candidate) -> None:
    """Tell every registered hook that `candidate` handed in part 2, in registration order."""
    for hook in _on_submission.values():
        hook(candidate)


def register_reminders(name: str, send: Callable[[], Sized], report: str) -> None:
    """Let `flask send-reminders` also call `send()` and print `report` with its count."""
    _reminder_senders[name] = ReminderSender(send, report)


def reminder_senders() -> list[ReminderSender]:
    """The registered reminder senders, in registration order."""
    return list(_reminder_senders.values())
