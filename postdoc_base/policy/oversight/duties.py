"""第七条 / Art. 7: the unit that sets up a base "应明确博士后管理机构，制定博士后管理制度，配备专门管理人员……
设立专家学术委员会，强化在博士后进站遴选、中期考核、出站评定中的把关作用".

What the system counts as each duty met (the measures say no more; these are the system's definitions):
- **管理机构**: a management office is recorded (its name, its head and a phone).
- **管理制度**: at least one version of the rules is recorded with its text uploaded; the one adopted last is
  current (a later version replaces it, the earlier ones stay as history).
- **专门管理人员**: at least one named administrator.
- **专家学术委员会**: a chair (主任) and at least ``COMMITTEE_MIN_MEMBERS`` members in all, the chair counted.
  Three is the smallest committee that can decide by a majority, and the smallest assessment panel
  (``policy.tenure.ASSESSMENT_PANEL_MIN_MEMBERS``) the committee's experts sit on (a system minimum, not
  fixed by the measures).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..articles import ART7
from ..findings import Finding, lazy_format

COMMITTEE_MIN_MEMBERS = 3  # 专家学术委员会: a chair and at least two more (system minimum, see above)
ADMINISTRATORS_MIN = 1  # 配备专门管理人员: at least one named person


@dataclass(frozen=True)
class DutyFacts:
    """What a base has recorded of its Art. 7 duties."""

    has_office: bool
    has_rules: bool
    administrators: int
    committee_members: int
    committee_has_chair: bool


def check_duties(facts: DutyFacts) -> list[Finding]:
    """第七条: one finding per duty (office, rules, administrators, committee), met or missing, in that order.
    Codes ``art7.office``, ``art7.rules``, ``art7.administrators``, ``art7.committee`` with ``.ok`` or the
    reason (``.missing``, ``.no_chair``, ``.too_few``)."""
    findings = [
        Finding(True, "art7.office.ok", ART7, _("已明确博士后管理机构。"))
        if facts.has_office
        else Finding(False, "art7.office.missing", ART7, _("未明确博士后管理机构。")),
        Finding(True, "art7.rules.ok", ART7, _("已制定博士后管理制度。"))
        if facts.has_rules
        else Finding(False, "art7.rules.missing", ART7, _("未上传博士后管理制度。")),
        Finding(True, "art7.administrators.ok", ART7, _("已配备专门管理人员。"))
        if facts.administrators >= ADMINISTRATORS_MIN
        else Finding(False, "art7.administrators.missing", ART7, _("未配备专门管理人员。")),
    ]
    if not facts.committee_has_chair:
        findings.append(Finding(False, "art7.committee.no_chair", ART7, _("专家学术委员会未设主任。")))
    elif facts.committee_members < COMMITTEE_MIN_MEMBERS:
        findings.append(
            Finding(
                False,
                "art7.committee.too_few",
                ART7,
                lazy_format(
                    _("专家学术委员会现有%(count)d名成员，至少应有%(min)d名（含主任）。"),
                    count=facts.committee_members,
                    min=COMMITTEE_MIN_MEMBERS,
                ),
            )
        )
    else:
        findings.append(Finding(True, "art7.committee.ok", ART7, _("已设立专家学术委员会。")))
    return findings
