"""Chapter 5 of the measures (管理与监督): the region's oversight of its bases. ``revocation``: Art. 24's
empty-base rule and the region's decision to revoke."""

from .revocation import (
    EMPTY_BASE_YEARS,
    Stay,
    check_revocation_decision,
    empty_base_finding,
    empty_since,
    revocation_due_on,
    two_year_spans,
)

__all__ = [
    "EMPTY_BASE_YEARS",
    "Stay",
    "check_revocation_decision",
    "empty_base_finding",
    "empty_since",
    "revocation_due_on",
    "two_year_spans",
]
