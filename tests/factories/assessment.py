"""Assessment factories: scenarios, a candidate's assessment, responses and takes."""

from __future__ import annotations

from datetime import timedelta

from ksf_b.accounts.models import User
from ksf_b.assessment.models import (
    SCENARIO_COUNT,
    Assessment,
    Response,
    Scenario,
    ScenarioCompetency,
    Take,
)
from ksf_b.competencies import COMPETENCY_CODES, ORAL_LANGUAGE
from ksf_b.db_types import utcnow
from ksf_b.journey.models import Candidate, CandidateState
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from tests.factories.base import BaseFactory, seq


class AssessmentFactory(BaseFactory):
    """Rows of the assessment domain."""

    def scenario(self, position: int | None = None, codes: list[str] | None = None, **fields):  # type: ignore[no-untyped-def]
        n = next(seq)
        codes = codes or [COMPETENCY_CODES[n % 7], ORAL_LANGUAGE]
        values = {
            "position": position or 1,
            "title": f"Scenario {n}",
            "situation": "Een collega belt je na een lastig gesprek.",
            "instructions": "Reageer zoals je dat in het echt zou doen.",
            "thinking_seconds": 60,
            "max_answer_seconds": 120,
            "allowed_retakes": 1,
            "max_prompt_plays": 2,
            "active": True,
        }
        values.update(fields)
        scenario = Scenario(**values)
        scenario.competencies = [ScenarioCompetency(competency_code=c) for c in codes]
        return self._save(scenario)

    def scenario_set(self, **fields) -> list[Scenario]:  # type: ignore[no-untyped-def]
        """Ten active scenarios covering every competency at least twice."""
        result = []
        for position in range(1, SCENARIO_COUNT + 1):
            codes = [COMPETENCY_CODES[(position - 1) % 7], COMPETENCY_CODES[position % 7]]
            result.append(self.scenario(position, [*codes, ORAL_LANGUAGE], **fields))
        return result

    def assessment(
        self,
        candidate: Candidate | None = None,
        prepared: bool = True,
        days_left: int = 14,
        **fields,  # type: ignore[no-untyped-def]
    ) -> Assessment:
        """An open assessment; `prepared` means consent and device check are done."""
        candidate = candidate or self.candidate(state=CandidateState.ASSESSMENT_INVITED)  # type: ignore[attr-defined]
        now = utcnow()
        values = {
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=days_left),
        }
        if prepared:
            values.update(consent_at=now, device_check_at=now)
        values.update(fields)
        return self._save(Assessment(candidate=candidate, **values))

    def asset(
        self,
        owner: User,
        kind: AssetKind = AssetKind.RECORDING,
        status: AssetStatus = AssetStatus.QUEUED,
        **fields,
    ) -> MediaAsset:  # type: ignore[no-untyped-def]
        """A media asset row in the given state (no file behind it)."""
        return self._save(MediaAsset(kind=kind, status=status, owner_id=owner.id, **fields))

    def take(
        self, response: Response, status: AssetStatus = AssetStatus.READY, number: int | None = None
    ) -> Take:
        owner = response.assessment.candidate.user
        asset = self.asset(owner, status=status)
        number = number or len(response.takes) + 1
        return self._save(Take(response=response, number=number, asset=asset))
