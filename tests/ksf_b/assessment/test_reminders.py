"""Deadline reminders: sent once per reminder day, never after submitting or the deadline."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

from ksf_b.assessment import programme
from ksf_b.assessment.models import AssessmentReminder
from ksf_b.assessment.reminders import register_commands, send_due_reminders
from ksf_b.db_types import utcnow


def mails_to(app, address: str) -> list:  # type: ignore[no-untyped-def]
    outbox = app.config["MAIL_OUTBOX"]
    if not outbox.exists():
        return []
    messages = [
        message_from_bytes(p.read_bytes(), policy=policy.default) for p in outbox.glob("*.eml")
    ]
    return [m for m in messages if m["To"] == address]


def test_reminder_goes_out_once_per_reminder_day(app, db, make):
    make.scenario_set()
    now = utcnow()
    assessment = make.assessment(days_left=6)
    submitted = make.assessment(days_left=6, started_at=now, submitted_at=now)
    far = make.assessment(days_left=20)
    programme.get_settings().reminder_days = "7,2"

    sent = send_due_reminders(now)
    assert [r.assessment for r in sent] == [assessment]
    assert sent[0].days_before == 7
    assert send_due_reminders(now) == []  # not twice

    later = now + timedelta(days=5)  # one day left: the 2-day reminder
    assert [r.days_before for r in send_due_reminders(later)] == [2]
    assert send_due_reminders(later) == []
    assert send_due_reminders(now + timedelta(days=7)) == []  # past the deadline
    db.session.commit()

    mails = mails_to(app, assessment.candidate.user.email)
    assert len(mails) == 2
    body = mails[0].get_content()
    assert "0 van de 10 scenario's" in body and "/assessment/" in body
    assert "Herinnering" in mails[0]["Subject"]
    assert mails_to(app, submitted.candidate.user.email) == []
    assert mails_to(app, far.candidate.user.email) == []
    assert db.session.query(AssessmentReminder).count() == 2


def test_cli_command_sends_and_records(app, db, make):
    register_commands(app)
    make.scenario_set()
    assessment = make.assessment(days_left=1)
    email = assessment.candidate.user.email
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 herinnering(en) verstuurd." in result.output
    assert len(mails_to(app, email)) == 1
    assert db.session.query(AssessmentReminder).count() == 1


def test_worker_task_sends_due_reminders_hourly(app, db, make):
    from ksf_b.assessment.tasks import send_reminders
    from media.tasks import use_app

    use_app(app)
    make.scenario_set()
    assessment = make.assessment(days_left=1)
    db.session.commit()
    send_reminders.call_local()
    send_reminders.call_local()  # a second run in the same hour sends nothing more
    assert len(mails_to(app, assessment.candidate.user.email)) == 1
