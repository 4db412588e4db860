"""Writes for exit materials and exits (Art. 18, destination for Art. 21); the Art. 22 title route.

Each write takes an explicit ``actor``, runs in one transaction with its audit event and leaves the database
unchanged on refusal. States change only through the kernel workflows.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.findings import Finding

from ..stay.enums import AppointmentState
from ..stay.models import Appointment
from ..stay.permissions import postdoc_or_base
from ..stay.workflow import appointment_workflow
from .enums import ExitDestination
from .selectors import ACHIEVEMENTS, IN_REGION_DESTINATIONS, with_title_route_facts

ART18 = tenure_policy.ART18
# The two written materials of Art. 18, by the name used in URLs and the API.
EXIT_MATERIALS = {"research-report": "research_report", "work-summary": "work_summary"}


def _refuse(code: str, message, article: str) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, article, message)])


# --- exit materials (Art. 18) ----------------------------------------------------------------------------
def exit_materials_upload(*, actor, appointment, research_report=None, work_summary=None) -> Appointment:
    """第十八条: the research report and the work summary, uploaded by the postdoc (or the base) while in the
    base; either may be replaced until the exit is requested."""
    assignment = postdoc_or_base(actor, appointment)
    if assignment is None:
        raise _refuse(
            "kernel.not_permitted", _("只有博士后研究人员本人或基地所在单位可以上传出基地材料。"), ART18
        )
    uploads = {"research_report": research_report, "work_summary": work_summary}
    if all(f is None for f in uploads.values()):
        raise ValidationError({"research_report": [_("请至少上传研究报告或工作总结中的一项。")]})
    attached, errors = {}, {}
    for field, uploaded in uploads.items():
        attached.update(stored_upload(field, uploaded, errors))
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.IN_BASE:
            raise _refuse(
                "art18.materials_closed", _("只有在基地且尚未申请出基地时可以上传或更换出基地材料。"), ART18
            )
        names = [f"{field}_name" for field in uploads]
        before = {name: getattr(locked, name) for name in names}
        for name, value in attached.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(attached))
        for field in uploads:  # the new files only: the old ones stay with the row if this write fails
            if field in attached:
                track(getattr(locked, field))
        # The audit keeps the original file names only, not the stored paths.
        audit.record(actor=actor, subject=locked, action="exit_materials_upload", role=assignment.role,
                     scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                     diff=audit.field_diff(before, {name: getattr(locked, name) for name in names}))  # fmt: skip
    return locked


# --- exit (出基地, Art. 18; destination for Art. 21) --------------------------------------------------------
def _clean_exit(appointment, exit_date, destination, employer) -> dict:
    errors: dict[str, list] = {}
    if not isinstance(exit_date, date):
        errors["exit_date"] = [_("请填写出基地日期。")]
    elif appointment.entry_date and exit_date < appointment.entry_date:
        errors["exit_date"] = [_("出基地日期不能早于进基地日期。")]
    elif exit_date > timezone.localdate():
        errors["exit_date"] = [_("出基地日期不能晚于今天。")]
    if destination not in ExitDestination.values:
        errors["destination"] = [_("请选择出基地去向。")]
    employer = (employer or "").strip()
    if not employer and destination == ExitDestination.BASE_UNIT:
        employer = appointment.base.unit.name  # staying at the base unit: the employer is the unit itself
    if not employer:
        errors["employer"] = [_("请填写去向单位。")]
    if errors:
        raise ValidationError(errors)
    return {"exit_date": exit_date, "destination": destination, "destination_employer": employer[:120]}


def exit_complete(
    *, actor, appointment, exit_date: date, destination: str, employer: str = ""
) -> Appointment:
    """第十八条: after the exit assessment is passed the partner station completes the exit on ``exit_date``
    and records where the postdoc goes (第二十一条)."""
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().select_related("base__unit").get(pk=appointment.pk)
        appointment_workflow.require(locked, "complete_exit", actor)  # who may, before the data is checked
        data = _clean_exit(locked, exit_date, destination, employer)
        return appointment_workflow.apply(locked, "complete_exit", actor=actor, payload=data, batch=True)


# --- the Art. 22 title route ----------------------------------------------------------------------------
def title_route_of(appointment, facts: dict) -> list[Finding]:
    """第二十二条 from an appointment and its three achievement flags (``selectors.ACHIEVEMENTS``)."""
    return tenure_policy.check_title_route(
        exited_normally=appointment.state == AppointmentState.EXITED,
        withdrawn=appointment.state == AppointmentState.WITHDRAWN or not appointment.exit_policies_entitled,
        stays_in_region=appointment.destination in IN_REGION_DESTINATIONS,
        national_funded=bool(facts.get("tr_national_funded")),
        cpsf_grant=bool(facts.get("tr_cpsf_grant")),
        led_provincial_project=bool(facts.get("tr_led_project")),
    )


def title_route(appointment) -> list[Finding]:
    """第二十二条: may this postdoc apply directly for a deputy-senior title, and why (one query).

    Counts only outputs confirmed by a supervisor and dated within the stay (entry to exit).
    """
    if all(hasattr(appointment, name) for name in ACHIEVEMENTS):  # already annotated by a list
        facts = {name: getattr(appointment, name) for name in ACHIEVEMENTS}
    else:
        facts = (
            with_title_route_facts(Appointment.objects.filter(pk=appointment.pk))
            .values(*ACHIEVEMENTS)
            .first()
            or {}
        )
    return title_route_of(appointment, facts)


def is_eligible(findings) -> bool:
    return all(f.ok for f in findings)
