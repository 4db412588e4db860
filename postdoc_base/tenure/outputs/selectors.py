"""Reads of outputs (Art. 17) and pay records (Arts. 9(5), 20), on the one appointment scope."""

from collections import defaultdict

from django.db.models import F, Q, QuerySet

from postdoc_base.kernel.listing import SEARCH, declare
from postdoc_base.kernel.params import salary_schedule

from ..scoping import _appointment_scoped, appointment_scope_lookups
from .enums import OutputKind, OutputState
from .models import Output, PayRecord
from .services import pay_floor

# The lists (kernel.listing), ordered as the models' Meta.ordering.
OUTPUT_LIST = declare(
    "outputs", Output, filters={"state": "state", "kind": "kind"}, **appointment_scope_lookups("appointment__"),
    pages=("tenure:output_list",), apis=("output_list",),
)  # fmt: skip
PAY_LIST = declare(
    "pay", PayRecord,
    filters={"appointment": "appointment_id", "year": "year", "base": "appointment__base_id"},
    **appointment_scope_lookups("appointment__", supervisors=False),
    unindexed={"base_q": SEARCH,
               "warnings": "a condition over three columns of the row and the floor of its year (pay_failing_q)"},
    pages=("tenure:pay_list",), apis=("pay_record_list",),
)  # fmt: skip


def outputs_visible_to(user) -> QuerySet[Output]:
    """Outputs, scoped like appointments: the region all; a bureau its bases'; the base's unit administrators;
    the partner station's contacts; the postdoc themself; the appointment's two supervisors (who confirm)."""
    qs = Output.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station", "confirmed_by"
    )
    return _appointment_scoped(user, qs, "appointment__")


def pay_records_visible_to(user) -> QuerySet[PayRecord]:
    """Pay records: as appointments, but not the supervisors (pay is between the unit and the postdoc);
    the postdoc sees their own."""
    qs = PayRecord.objects.select_related("appointment__postdoc", "appointment__base__unit__bureau")
    return _appointment_scoped(user, qs, "appointment__", supervisors=False)


def filter_outputs(qs, *, state: str | None = None, kind: str | None = None):
    """``state`` and ``kind`` filters; unknown values are ignored (as on the other lists)."""
    return OUTPUT_LIST.filter(
        qs,
        state=state if state in OutputState.values else None,
        kind=kind if kind in OutputKind.values else None,
    )


def pay_failing_q(years, schedule) -> Q:
    """第九条第（五）项 and 第二十条 as one SQL condition: the records ``pay_findings`` warns about.

    No social insurance, or pay below a recorded same-level pay, or pay below the C-tier floor of the
    record's year; equal pay passes ("不低于"), as in ``policy.tenure.check_pay``. The floor is computed once
    per distinct year in ``years``, and years sharing a floor share one clause.
    """
    condition = Q(social_insurance=False) | Q(
        same_level_pay_yuan__isnull=False, annual_pay_yuan__lt=F("same_level_pay_yuan")
    )
    by_floor: dict[int, list[int]] = defaultdict(list)
    for year in sorted(set(years)):
        by_floor[pay_floor(year, schedule)].append(year)
    for floor, same_floor_years in sorted(by_floor.items()):
        condition |= Q(year__in=same_floor_years, annual_pay_yuan__lt=floor)
    return condition


def filter_pay_records(qs, *, appointment_id: int | None = None, year: int | None = None,
                       base_id: int | None = None, base_q: str | None = None, warnings: bool = False,
                       schedule=None):  # fmt: skip
    """``appointment``, ``year`` and ``base`` filters; ``base_q`` keeps the records of the bases whose unit
    name contains the text (in SQL, within ``qs``, so never beyond the caller's scope); ``warnings`` keeps the
    records with at least one failing pay finding (one query for the distinct years; pass ``schedule``, the
    salary schedule, when the caller has read it already)."""
    qs = PAY_LIST.filter(qs, appointment=appointment_id, year=year, base=base_id)
    if base_q:
        qs = qs.filter(appointment__base__unit__name__icontains=base_q)
    if warnings:
        years = list(qs.order_by().values_list("year", flat=True).distinct())
        qs = qs.filter(pay_failing_q(years, salary_schedule() if schedule is None else schedule))
    return qs
