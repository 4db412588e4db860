"""Effective-dated parameters (kernel.Parameter) with the defaults DOMAIN.md names."""

from datetime import date

from postdoc_base.policy.establishment.facts import (
    DEFAULT_MIN_SUPERVISING_RESEARCHERS,
    EstablishmentParams,
)
from postdoc_base.policy.establishment.facts import (
    REAPPLICATION_BAN_YEARS as REAPPLICATION_BAN_DEFAULT,
)
from postdoc_base.policy.notice import DEFAULT_NOTICE_WORKING_DAYS
from postdoc_base.policy.salary import DEFAULT_SALARY_FLOOR_SCHEDULE, salary_floor_annual

from .models import Parameter

SALARY_FLOOR = "salary_floor_c_tier"
MIN_SUPERVISORS = "min_supervising_researchers"
REAPPLICATION_BAN_YEARS = "reapplication_ban_years"

NOTICE_WORKING_DAYS = "notice_working_days"

# Used until the region administrator enters a row; the numbers come from policy/.
DEFAULTS = {
    MIN_SUPERVISORS: DEFAULT_MIN_SUPERVISING_RESEARCHERS,
    REAPPLICATION_BAN_YEARS: REAPPLICATION_BAN_DEFAULT,
    NOTICE_WORKING_DAYS: DEFAULT_NOTICE_WORKING_DAYS,
}


def value_at(key: str, on: date):
    row = Parameter.objects.filter(key=key, effective_from__lte=on).order_by("-effective_from").first()
    return row.value if row else DEFAULTS.get(key)


def salary_schedule() -> list[tuple[date, int, int]]:
    rows = Parameter.objects.filter(key=SALARY_FLOOR).order_by("effective_from")
    schedule = [(r.effective_from, int(r.value["amount_yuan"]), int(r.value["period_years"])) for r in rows]
    return schedule or list(DEFAULT_SALARY_FLOOR_SCHEDULE)


def establishment_params(on: date) -> EstablishmentParams:
    return EstablishmentParams(
        min_supervising_researchers=int(value_at(MIN_SUPERVISORS, on)),
        salary_floor_annual_yuan=salary_floor_annual(on, salary_schedule()),
        reapplication_ban_years=int(value_at(REAPPLICATION_BAN_YEARS, on)),
    )
