"""Who may record, correct and delete funding records (Art. 19): the party that pays each source, as the table
``policy.oversight.funding.FUNDING_SOURCES`` says: the base's unit administrator its unit's investment, the
officer of the base's league/city bureau the league/city subsidies, the region the region subsidies. Reading
follows the base file (``oversight.permissions.base_file_assignment``)."""

from postdoc_base.accounts.permissions import (
    is_bureau_officer,
    is_region_admin,
    is_unit_admin,
    region_admin_assignment,
)
from postdoc_base.policy.oversight.funding import (
    FundingParty,
    recorder_finding,
    recorder_of,
    sources_recorded_by,
)

from ..permissions import base_keeper_assignment, bureau_of_base_assignment


def party_assignments(user, base) -> dict[str, object]:
    """The parties of Art. 19 ``user`` acts for on ``base``, each with the assignment it acts under."""
    found = {
        FundingParty.UNIT: base_keeper_assignment(user, base),
        FundingParty.LEAGUE_CITY: bureau_of_base_assignment(user, base),
        FundingParty.REGION: region_admin_assignment(user),
    }
    return {party: assignment for party, assignment in found.items() if assignment is not None}


def funding_recorder(user, base, source: str):
    """The assignment under which ``user`` records ``source`` for ``base``, or None (the table decides)."""
    if not getattr(user, "is_authenticated", False):
        return None
    party = recorder_of(source)
    return party_assignments(user, base).get(party) if party else None


def funding_refusal(user, base, source: str):
    """The failing finding when ``user`` may not record ``source`` for ``base`` (the reason says who may)."""
    finding = recorder_finding(source, party_assignments(user, base))
    return None if finding.ok else finding


def sources_for(user, base=None) -> list[str]:
    """The sources ``user`` may record: for ``base``, or (no base yet, the form's choices) on any base they
    act for under one of the three parties."""
    if not getattr(user, "is_authenticated", False):
        return []
    if base is not None:
        return sources_recorded_by(party_assignments(user, base))
    held = {
        FundingParty.UNIT: is_unit_admin(user),
        FundingParty.LEAGUE_CITY: is_bureau_officer(user),
        FundingParty.REGION: is_region_admin(user),
    }
    return sources_recorded_by(party for party, holds in held.items() if holds)


def may_record_funding(user, base, source: str) -> bool:
    return funding_recorder(user, base, source) is not None
