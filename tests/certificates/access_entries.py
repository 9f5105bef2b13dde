"""Access classification of the certificate registry's routes (see tests/support/access.py)."""

from __future__ import annotations

from tests.support.access import ADMIN, everyone, logged_in

ENTRIES = {
    "certificates.lookup": ({}, everyone()),
    # public, but only with the right check code (a wrong one is a 404 for everybody)
    "certificates.verify": ({"number": "certificate", "code": "certificate_code"}, everyone()),
    "certificates.mine": ({}, logged_in()),
    # the holder (cand) and admins; anyone else must not learn that it exists
    "certificates.download": (
        {"number": "certificate"},
        logged_in(cand2="N", mgr="N", mgr2="N", assessor="N"),
    ),
    "certificates_admin.index": ({}, ADMIN),
    "certificates_admin.detail": ({"number": "certificate"}, ADMIN),
    "certificates_admin.revoke": ({"number": "certificate"}, ADMIN),
}


def extend_world(make, world) -> None:  # type: ignore[no-untyped-def]
    certificate = make.certificate(world.users["cand"], "B", source_ref="access-matrix")
    world.ids["certificate"] = certificate.number
    world.ids["certificate_code"] = certificate.check_code
