"""A finished sitting's result: mark it, and on a pass record certificate A (and what follows).

Called when a sitting is handed in or closed (`theory.operations.submit`, `close_overdue`);
flushes, never commits.
"""

from __future__ import annotations

from ksf_b.accounts.models import User
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import ACertificateSource, CandidateState
from theory import bank, scoring
from theory.models import ARequirement, Enrolment, Sitting
from theory.operations import aware, log
from theory.terms import eindterm_of


def score_sitting(sitting: Sitting, actor: User | None) -> scoring.Outcome:
    """Mark every item, store the total and pass/fail; a pass records certificate A."""
    scored = []
    for item in sitting.items:
        version = item.version
        mark = scoring.score_item(
            version.type.value,
            version.content,
            float(version.points),
            item.answer,
            version.partial_credit,
        )
        item.mark = mark.awarded
        scored.append(scoring.ScoredItem(eindterm_of(version.item.toetsterm), mark))
    result = scoring.outcome(scored, sitting.cut_score)
    sitting.score = result.score
    sitting.max_score = result.maximum
    sitting.passed = result.passed
    sitting.eindterm_scores = {k: list(v) for k, v in result.per_eindterm.items()}
    log(sitting, "scored", score=result.score, maximum=result.maximum, passed=result.passed)
    db.session.flush()
    if result.passed:
        record_pass(sitting, actor)
    return result


def record_pass(sitting: Sitting, actor: User | None) -> None:
    """Record certificate A as held and open part 2 of B for a candidate who waited for it."""
    enrolment = sitting.enrolment
    today = aware(sitting.finished_at).date()
    enrolment.passed_on = today
    number = issue_a_certificate(enrolment, sitting, actor)
    enrolment.certificate_number = number
    candidate = enrolment.candidate
    if candidate is not None and not candidate.holds_certificate_a:
        candidate.a_certificate_source = ACertificateSource.PLATFORM
        candidate.a_certificate_number = number
        candidate.a_certificate_date = today
    db.session.flush()
    _complete_practical_programmes(enrolment.user)
    if candidate is not None and candidate.state is CandidateState.THEORY_A_REQUIRED:
        states.unlock_assessment(
            candidate, actor, f"online toets A gehaald ({sitting.score:g} punten)"
        )
        from ksf_b.admin.operations import open_assessment_if_invited

        open_assessment_if_invited(candidate, actor)


def _complete_practical_programmes(user: User) -> None:
    """A practical passed before the theory (A with the phone practical, chat) completes now."""
    try:
        from practicals.models import PracticalKind
        from practicals.programmes import award_after, practical_passed_on
    except ImportError:  # without the practicals package there is nothing to complete
        return
    for kind in PracticalKind:
        observation = practical_passed_on(user, kind.value)[1]
        if observation is not None:
            award_after(observation)


def issue_a_certificate(enrolment: Enrolment, sitting: Sitting, actor: User | None) -> str:
    """Issue certificate A in the registry when the programme asks nothing more than theory.

    HOOK for the certificate registry (`certificates.operations.issue_certificate`, verdict
    branch): used when that package is installed; without it the number is the platform's own
    `A-<year>-<sitting id>`. With the phone practical required as well, the number records the
    passed theory test and the practicals package issues the certificate.
    """
    fallback = f"A-{aware(sitting.finished_at).year}-{sitting.id:06d}"
    if bank.settings().a_requirement is not ARequirement.THEORY_ONLY:
        return f"T{fallback}"
    try:
        from certificates.operations import issue_certificate
    except ImportError:
        return fallback
    certificate = issue_certificate(
        enrolment.user,
        "A",
        actor=actor,
        issued_on=aware(sitting.finished_at).date(),
        source_ref=f"theory-sitting:{sitting.public_id}",
    )
    return certificate.number
