"""Arts. 2, 9, 10 and 24 together: the eligibility report an application page and the public self-check
show."""

from __future__ import annotations

from datetime import date

from ..findings import all_ok
from .applicants import check_no_station, check_reapplication_ban
from .conditions import check_art9
from .facts import ApplicationFacts, EligibilityReport, EstablishmentParams
from .priority import check_art10


def eligibility(
    app: ApplicationFacts, on: date, params: EstablishmentParams | None = None
) -> EligibilityReport:
    """第二条、第九条、第十条、第二十四条 / Arts. 2, 9, 10, 24: may the unit apply on ``on``, with priority?

    ``eligible`` needs every Art. 2, Art. 24 and Art. 9 finding to pass; Art. 10 only adds priority.
    """
    params = params or EstablishmentParams()
    findings = (
        *check_no_station(app.unit),
        check_reapplication_ban(app.unit, on, params),
        *check_art9(app, params),
    )
    priority_findings = tuple(check_art10(app.claims, on))
    return EligibilityReport(
        findings=findings,
        eligible=all_ok(findings),
        priority=any(f.ok for f in priority_findings),
        priority_findings=priority_findings,
    )
