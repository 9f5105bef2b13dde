"""Rating factories: assessors with profiles, submitted part 2s, assignments and scores."""

from __future__ import annotations

from ksf_b.accounts.models import Company, Role, User
from ksf_b.journey.models import Candidate, CandidateState
from tests.factories.base import BaseFactory


class RatingFactory(BaseFactory):
    """Rows of the rating domain (assessors/)."""

    def assessor(
        self,
        calibrated: bool = True,
        lead: bool = False,
        company: Company | None = None,
        affiliation: Company | None = None,
        max_open: int = 5,
    ) -> User:
        """An assessor account with a profile (calibrated by default)."""
        from assessors.models import AssessorProfile

        user = self.user(Role.ASSESSOR, company=company)  # type: ignore[attr-defined]
        self._save(
            AssessorProfile(
                user=user,
                company=affiliation,
                is_calibrated=calibrated,
                is_lead=lead,
                max_open_candidates=max_open,
            )
        )
        return user

    def submitted_part2(
        self, candidate: Candidate | None = None, ready: bool = False, clip: bytes | None = None
    ) -> Candidate:
        """A candidate whose ten responses are confirmed and handed in (assessors assigned).

        With `ready`, every take's asset is READY with a small stored file behind it (`clip`,
        e.g. a real MP4, or a few bytes).
        """
        from ksf_b.assessment import operations as ops
        from media.models.asset import AssetStatus

        if not ops.active_scenarios():
            self.scenario_set()  # type: ignore[attr-defined]
        candidate = candidate or self.candidate(  # type: ignore[attr-defined]
            state=CandidateState.ASSESSMENT_INVITED, holds_a=True
        )
        assessment = self.assessment(candidate)  # type: ignore[attr-defined]
        user = candidate.user
        ops.register_prompt_play(ops.current_response(assessment), user)
        while (response := ops.current_response(assessment)) is not None:
            if ready or clip:
                video = clip or b"\x00\x00\x00\x18ftypmp42"
                poster = None if clip else b"poster"
                asset = self.ready_asset(video, poster, owner=user)  # type: ignore[attr-defined]
                from ksf_b.assessment.models import Take

                take = self._save(Take(response=response, number=1, asset=asset))
            else:
                take = self.take(response, status=AssetStatus.READY)  # type: ignore[attr-defined]
            ops.confirm_take(take, user)
        ops.submit_assessment(assessment, user)
        self.db.session.commit()
        return candidate
