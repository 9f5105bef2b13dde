"""Certificates in the registry."""

from __future__ import annotations

from datetime import date

from tests.factories.base import BaseFactory


class CertificatesFactory(BaseFactory):
    def certificate(
        self,
        holder=None,  # type: ignore[no-untyped-def]
        programme: str = "B",
        issued_on: date | None = None,
        source_ref: str | None = None,
    ):
        """Issue a real certificate through the registry's operation."""
        from certificates.operations import issue_certificate
        from ksf_b.accounts.models import Role

        holder = holder or self.user(Role.CANDIDATE)
        certificate = issue_certificate(
            holder, programme, issued_on=issued_on or date(2026, 11, 30), source_ref=source_ref
        )
        self.db.session.commit()
        return certificate
