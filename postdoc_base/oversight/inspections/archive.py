"""The archive check of a base (台账与归档, Art. 25): the facts of every appointment of the base, read set-based
(five queries however many appointments), handed to ``policy.oversight.archive.required_records``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.oversight.archive import (
    AppointmentFacts,
    ArchiveRecord,
    missing_records,
    required_records,
)
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.assessments.models import Assessment, AssessmentScheme
from postdoc_base.tenure.outputs.models import PayRecord
from postdoc_base.tenure.stay.enums import AppointmentState as AS
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase


@dataclass(frozen=True)
class AppointmentArchive:
    """One appointment of the base with its required records (present and missing)."""

    appointment_id: int
    postdoc_name: str
    state_label: str
    records: list[ArchiveRecord]

    @property
    def missing(self) -> list[ArchiveRecord]:
        return missing_records(self.records)


def _facts(
    a: dict, assessments: dict, pay_years: dict, decided: dict, midterm_months: int
) -> AppointmentFacts:
    pk, state, entered = a["pk"], a["state"], a["entry_date"]
    midterm = assessments.get((pk, tenure_policy.AssessmentKind.MIDTERM))
    exit_assessment = assessments.get((pk, tenure_policy.AssessmentKind.EXIT))
    midterm_due_on = midterm[0] if midterm else (
        tenure_policy.midterm_due(entered, midterm_months) if entered else None
    )  # fmt: skip
    withdrawn = state == AS.WITHDRAWN
    return AppointmentFacts(
        agreement_signed=state != AS.DRAFTED,
        agreement_document=bool(a["document"]),
        entered_on=entered,
        entry_filing_reported=bool(a["entry_filing_submitted_on"] or a["entry_filed_on"]),
        midterm_due_on=midterm_due_on,
        midterm_graded=bool(midterm and midterm[1] == AssessmentState.GRADED),
        exited=state == AS.EXITED,
        exit_assessment_graded=bool(exit_assessment and exit_assessment[1] == AssessmentState.GRADED),
        research_report=bool(a["research_report"]),
        work_summary=bool(a["work_summary"]),
        left_on=decided.get(pk) if withdrawn else a["exit_date"],
        withdrawn=withdrawn,
        withdrawal_decided=pk in decided,
        pay_years=frozenset(pay_years.get(pk, ())),
    )


def base_archive(base, today: date | None = None) -> list[AppointmentArchive]:
    """Art. 25: every appointment of ``base`` (newest first) with the records it requires by ``today``. Five
    queries: the appointments, their assessments, their pay years, their withdrawal decisions, the base's
    mid-term timing."""
    today = today or timezone.localdate()
    rows = list(
        Appointment.objects.filter(base_id=base.pk)
        .order_by("-created_at", "-id")
        .values(
            "pk", "state", "document", "entry_date", "entry_filing_submitted_on", "entry_filed_on",
            "exit_date", "research_report", "work_summary", "postdoc__name",
        )
    )  # fmt: skip
    assessments = {
        (r["appointment_id"], r["kind"]): (r["due_on"], r["state"])
        for r in Assessment.objects.filter(appointment__base_id=base.pk).values(
            "appointment_id", "kind", "due_on", "state"
        )
    }
    pay_years: dict[int, set[int]] = {}
    for appointment_id, year in PayRecord.objects.filter(appointment__base_id=base.pk).values_list(
        "appointment_id", "year"
    ):
        pay_years.setdefault(appointment_id, set()).add(year)
    decided = dict(
        WithdrawalCase.objects.filter(
            appointment__base_id=base.pk, state=WithdrawalState.DECIDED_WITHDRAWN
        ).values_list("appointment_id", "decided_on")
    )
    months = AssessmentScheme.objects.filter(base_id=base.pk).values_list("midterm_months", flat=True).first()
    months = months or tenure_policy.MIDTERM_DEFAULT_MONTHS
    labels = dict(AS.choices)
    return [
        AppointmentArchive(
            appointment_id=a["pk"],
            postdoc_name=a["postdoc__name"],
            state_label=str(labels.get(a["state"], a["state"])),
            records=required_records(_facts(a, assessments, pay_years, decided, months), today),
        )
        for a in rows
    ]
