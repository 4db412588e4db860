"""Chapter 5 of the measures (管理与监督): the region's oversight of its bases. ``revocation``: Art. 24's
empty-base rule."""

from .revocation import EMPTY_BASE_YEARS, Stay, empty_base_finding, empty_since, revocation_due_on

__all__ = ["EMPTY_BASE_YEARS", "Stay", "empty_base_finding", "empty_since", "revocation_due_on"]
