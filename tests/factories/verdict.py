"""Rated candidates (two submitted ratings with scores and notes) and their verdicts."""

from __future__ import annotations

from collections.abc import Mapping

from ksf_b.db_types import utcnow
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent
from tests.factories.base import BaseFactory

PART1_REASON = "Overtuigend dossier met twee sterke STAR-verhalen en een heldere aanbeveling."


class VerdictFactory(BaseFactory):
    def rate(
        self, candidate: Candidate, values: Mapping[str, int] | None = None, default: int = 4
    ) -> Candidate:
        """Submit every open rating of the candidate with `values` per competency."""
        from assessors import operations, rubrics
        from assessors.models import AssignmentStatus, ObservationNote, Score

        version = rubrics.current()
        values = values or {}
        for assignment in operations.active_assignments(candidate):
            if not assignment.is_open:
                continue
            for position, response in enumerate(operations.responses_of(candidate)):
                for code in response.scenario.competency_codes:
                    assignment.scores.append(
                        Score(
                            response=response,
                            competency_code=code,
                            value=values.get(code, default),
                            rubric_version=version,
                        )
                    )
                assignment.notes.append(
                    ObservationNote(
                        response=response,
                        position=position,
                        at_seconds=12.0,
                        text=f"Vat de vraag van de klant samen in scenario {position + 1}.",
                    )
                )
            assignment.status = AssignmentStatus.SUBMITTED
            assignment.submitted_at = utcnow()
            self.db.session.flush()
        self.db.session.refresh(candidate)
        operations.evaluate(candidate, None)
        self.db.session.commit()
        return candidate

    def rated_candidate(
        self,
        values: Mapping[str, int] | None = None,
        default: int = 4,
        holds_a: bool = True,
        manager=None,  # type: ignore[no-untyped-def]
    ) -> Candidate:
        """A candidate with part 1 approved, part 2 rated by two assessors who agree."""
        for _ in range(2):
            self.assessor()  # type: ignore[attr-defined]
        candidate = self.candidate(  # type: ignore[attr-defined]
            manager=manager, state=CandidateState.ASSESSMENT_INVITED, holds_a=holds_a
        )
        self._save(
            JourneyEvent(
                candidate=candidate,
                transition="approve_part1",
                from_state="part1_submitted",
                to_state="assessment_invited",
                reason=PART1_REASON,
            )
        )
        self.submitted_part2(candidate)  # type: ignore[attr-defined]
        self.rate(candidate, values, default)
        assert candidate.state is CandidateState.RATED, candidate.state
        return candidate
