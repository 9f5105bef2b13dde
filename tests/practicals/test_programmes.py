"""Certificates A and chat through the registry: requirements as settings, theory as input."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from certificates.models import Certificate
from practicals import programmes
from practicals.models import PracticalKind, ProgrammeAward, TheoryPass
from tests.practicals import support
from theory import bank
from theory.models import ARequirement, Enrolment


def test_phone_practical_issues_certificate_a_when_the_programme_requires_it(make):
    bank.settings().a_requirement = ARequirement.THEORY_AND_PHONE
    candidate = make.candidate().user
    make._save(Enrolment(user_id=candidate.id, passed_on=date(2026, 11, 2)))
    assert programmes.theory_result_for(candidate) == date(2026, 11, 2)
    observation = support.signed_off(make, PracticalKind.PHONE, candidate=candidate)
    award = make.db.session.scalar(select(ProgrammeAward))
    certificate = make.db.session.scalar(select(Certificate))
    assert (award.programme, certificate.programme.value) == ("A", "A")
    assert award.certificate_number == certificate.number
    assert certificate.number.startswith("KSF-A-2026-")
    assert certificate.source_ref == f"practical:{observation.public_id}"
    assert certificate.issued_on == date(2026, 12, 8)  # the practical's date
    assert award.warnings == []  # 2 November → 8 December: within three months


def test_theory_only_programme_leaves_certificate_a_to_the_theory_test(make):
    bank.settings().a_requirement = ARequirement.THEORY_ONLY
    candidate = make.candidate().user
    make._save(Enrolment(user_id=candidate.id, passed_on=date(2026, 11, 2)))
    support.signed_off(make, PracticalKind.PHONE, candidate=candidate)
    assert make.db.session.scalar(select(Certificate)) is None


def test_chat_certificate_needs_theory_and_warns_after_three_months(make):
    candidate = make.candidate().user
    make._save(TheoryPass(user_id=candidate.id, passed_on=date(2026, 9, 7)))
    support.signed_off(make, PracticalKind.CHAT, candidate=candidate)
    certificate = make.db.session.scalar(select(Certificate))
    assert certificate.number.startswith("KSF-CHAT-2026-")
    award = make.db.session.scalar(select(ProgrammeAward))
    assert award.warnings == [
        "Tussen theorie- en praktijktoets liggen meer dan 3 maanden; de KSF adviseert maximaal 3."
    ]


def test_a_failed_practical_issues_nothing(make):
    candidate = make.candidate().user
    make._save(TheoryPass(user_id=candidate.id, passed_on=date(2026, 11, 7)))
    observation = support.observation(make, PracticalKind.CHAT, candidate=candidate)
    support.fill_chat(observation, "not_good")
    from practicals import operations as ops

    assert ops.sign_off(observation, observation.examiner).status == "failed"
    assert make.db.session.scalar(select(Certificate)) is None
