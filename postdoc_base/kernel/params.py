"""Effective-dated parameters (kernel.Parameter) with the defaults DOMAIN.md names."""

from datetime import date

from postdoc_base.policy.establishment import (
    DEFAULT_SALARY_FLOOR_SCHEDULE,
    EstablishmentParams,
    salary_floor_annual,
)

from .models import Parameter

SALARY_FLOOR = "salary_floor_c_tier"
MIN_SUPERVISORS = "min_supervising_researchers"
REAPPLICATION_BAN_YEARS = "reapplication_ban_years"

DEFAULTS = {MIN_SUPERVISORS: 1, REAPPLICATION_BAN_YEARS: 3, "notice_working_days": 5}


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
