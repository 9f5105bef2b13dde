"""Access classification of the audit log's routes (admins only)."""

from tests.support.access import ADMIN

ENTRIES = {
    "audit.index": ({}, ADMIN),
    "audit.export_csv": ({}, ADMIN),
}
