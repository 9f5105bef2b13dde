"""Access classification of the reports (admins only)."""

from tests.support.access import ADMIN

ENTRIES = {
    "reports.index": ({}, ADMIN),
    "reports.chart": ({"name": "statussen"}, ADMIN),
    "reports.export": ({"fmt": "xlsx"}, ADMIN),
}
