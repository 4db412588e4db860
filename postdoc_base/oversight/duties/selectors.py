"""Reads of a base's Art. 7 records, in a fixed number of queries (four), and the facts Art. 7's check reads.

The caller has checked that the user may read the base file (``permissions.base_file_assignment``); who sees
the administrators' personal data in full is ``permissions.sees_administrators_in_full``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from postdoc_base.establishment.notices import mask_contact, mask_name
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight.duties import DutyFacts, check_duties

from .enums import COMMITTEE_ROLE_ORDER, CommitteeRole
from .models import CommitteeMember, DutyAdministrator, ManagementOffice, ManagementRules
from .permissions import sees_administrators_in_full


@dataclass(frozen=True)
class AdministratorView:
    """A named administrator as one reader may see them (masked unless ``full``)."""

    id: int
    name: str
    position: str
    phone: str
    masked: bool


@dataclass
class Duties:
    office: ManagementOffice | None
    rules: list[ManagementRules]  # every version, the current first
    administrators: list[DutyAdministrator]
    committee: list[CommitteeMember]  # the chair, the vice-chairs, then the members
    findings: list[Finding] = field(default_factory=list)

    @property
    def current_rules(self) -> ManagementRules | None:
        return self.rules[0] if self.rules else None

    def facts(self) -> DutyFacts:
        return DutyFacts(
            has_office=self.office is not None,
            has_rules=bool(self.rules),
            administrators=len(self.administrators),
            committee_members=len(self.committee),
            committee_has_chair=any(m.role == CommitteeRole.CHAIR for m in self.committee),
        )


def duties_of(base) -> Duties:
    """Every Art. 7 record of ``base`` in four queries, with Art. 7's findings over them."""
    office = ManagementOffice.objects.filter(base=base).first()
    rules = list(ManagementRules.objects.filter(base=base).order_by("-adopted_on", "-id"))
    administrators = list(DutyAdministrator.objects.filter(base=base).order_by("id"))
    committee = sorted(
        CommitteeMember.objects.filter(base=base).order_by("id"), key=lambda m: COMMITTEE_ROLE_ORDER[m.role]
    )
    duties = Duties(office, rules, administrators, committee)
    duties.findings = check_duties(duties.facts())
    return duties


def duty_facts(base) -> DutyFacts:
    """Art. 7's facts for ``base`` without reading its rows: one query of counts."""
    from ..models import PracticeBase

    row = (
        PracticeBase.objects.filter(pk=base.pk)
        .annotate(
            offices=Count("duty_office", distinct=True),
            rules=Count("duty_rules", distinct=True),
            administrators=Count("duty_administrators", distinct=True),
            members=Count("committee_members", distinct=True),
            chairs=Count(
                "committee_members", filter=Q(committee_members__role=CommitteeRole.CHAIR), distinct=True
            ),
        )
        .values("offices", "rules", "administrators", "members", "chairs")
        .first()
    ) or {"offices": 0, "rules": 0, "administrators": 0, "members": 0, "chairs": 0}
    return DutyFacts(
        has_office=row["offices"] > 0,
        has_rules=row["rules"] > 0,
        administrators=row["administrators"],
        committee_members=row["members"],
        committee_has_chair=row["chairs"] > 0,
    )


def duty_completeness(base) -> list[Finding]:
    """Art. 7's four duties for ``base``, met or missing (the base file's completeness box)."""
    return check_duties(duty_facts(base))


def administrators_for(user, base, administrators) -> list[AdministratorView]:
    """The administrators as ``user`` may see them: in full for the unit and the region, else name and phone
    masked (``establishment.notices.mask_name`` / ``mask_contact``, the project's masks)."""
    full = sees_administrators_in_full(user, base)
    return [
        AdministratorView(a.pk, a.name, a.position, a.phone, False)
        if full
        else AdministratorView(a.pk, mask_name(a.name), a.position, mask_contact(a.phone), True)
        for a in administrators
    ]
