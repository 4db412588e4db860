"""Chapter 5 of the measures (管理与监督): the region's oversight of its bases. ``revocation``: Art. 24's
empty-base rule and the region's decision to revoke; ``upgrade``: Art. 24's workstation approval and the
treatments the unit brings its postdocs up to."""

from .revocation import (
    EMPTY_BASE_YEARS,
    Stay,
    check_revocation_decision,
    empty_base_finding,
    empty_since,
    revocation_due_on,
    two_year_spans,
)
from .upgrade import TREATMENT_ITEMS, check_treatments_complete, check_workstation_approval

__all__ = [
    "EMPTY_BASE_YEARS",
    "TREATMENT_ITEMS",
    "Stay",
    "check_revocation_decision",
    "check_treatments_complete",
    "check_workstation_approval",
    "empty_base_finding",
    "empty_since",
    "revocation_due_on",
    "two_year_spans",
]
