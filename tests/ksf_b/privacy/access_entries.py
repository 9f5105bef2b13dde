"""Access classification of the privacy routes: own export for candidates, the rest admins."""

from tests.support.access import ADMIN, CANDIDATE, only

ENTRIES = {
    "privacy.my_data": ({}, CANDIDATE),
    # a candidate downloads only their own data (another's answers 404); admins any
    "privacy.export": ({"public_id": "cand"}, only("candidate", "admin", owner="candidate")),
    "privacy.overview": ({}, ADMIN),
    "privacy.settings": ({}, ADMIN),
    "privacy.erase": ({"public_id": "cand"}, ADMIN),
}
