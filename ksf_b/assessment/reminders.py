"""Deadline reminders by e-mail: each reminder day of the programme goes out once per candidate.

`send_due_reminders(now)` is what the `flask send-reminders` command (and a daily cron/systemd
timer in production) runs; `register_commands(app)` adds that command to the app's CLI.
"""

from __future__ import annotations

import logging
from datetime import datetime

import click
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ksf_b.assessment import hooks, programme, rules
from ksf_b.assessment import operations as ops
from ksf_b.assessment.models import Assessment, AssessmentReminder
from ksf_b.db_types import utcnow
from ksf_b.display import contact_text, when
from ksf_b.extensions import db
from ksf_b.mail import send_mail

log = logging.getLogger(__name__)


def send_due_reminders(now: datetime | None = None) -> list[AssessmentReminder]:
    """Mail every candidate whose deadline is near and who has not handed in; flush only."""
    now = now or utcnow()
    reminder_days = programme.get_settings().reminder_day_list
    if not reminder_days:
        return []
    open_assessments = db.session.scalars(
        select(Assessment).where(Assessment.submitted_at.is_(None), Assessment.closes_at > now)
    ).all()
    sent = []
    for assessment in open_assessments:
        days = rules.due_reminder(
            ops.aware(assessment.closes_at),
            now,
            reminder_days,
            [r.days_before for r in assessment.reminders],
        )
        if days is None:
            continue
        reminder = AssessmentReminder(assessment=assessment, days_before=days, sent_at=now)
        db.session.add(reminder)
        db.session.flush()
        _mail(assessment, now)
        sent.append(reminder)
    return sent


def _mail(assessment: Assessment, now: datetime) -> None:
    user = assessment.candidate.user
    deadline = when(assessment.closes_at)
    progress = ops.progress(assessment)
    link = current_app.config["BASE_URL"].rstrip("/") + "/assessment/"
    body = _(
        "Beste %(name)s,\n\n"
        "Je online assessment voor KSF Branchecertificaat B moet uiterlijk %(deadline)s "
        "zijn ingediend. Je hebt nu %(done)d van de %(total)d scenario's afgerond.\n\n"
        "Ga verder waar je gebleven was:\n%(link)s\n\n"
        "Lukt het niet vóór de deadline, neem dan contact op met de KSF: %(contact)s.\n\n"
        "Met vriendelijke groet,\nKlantenservice Federatie",
        name=user.full_name,
        contact=contact_text(),
        deadline=deadline,
        done=progress.confirmed,
        total=progress.total,
        link=link,
    )
    send_mail(user.email, _("Herinnering: deadline online assessment KSF certificaat B"), body)


def register_commands(app: Flask) -> None:
    """Add `flask send-reminders` to the app's command line."""

    @app.cli.command("send-reminders")
    def send_reminders_command() -> None:
        """E-mail candidates whose assessment deadline is near (run daily)."""
        sent = send_due_reminders()
        db.session.commit()
        click.echo(f"{len(sent)} herinnering(en) verstuurd.")
        for sender in hooks.reminder_senders():  # registered by the domains (assessors)
            more = sender.send()
            db.session.commit()
            click.echo(sender.report.format(count=len(more)))
