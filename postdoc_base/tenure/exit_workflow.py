"""The kernel workflow of term extensions (延期, Art. 14): requested for a postdoc in the base, approved by the
base, acknowledged by the region; every step re-checks the Art. 14 limits over the whole stay."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of, users_with_role
from postdoc_base.kernel import audit
from postdoc_base.kernel.workflow import ObligationSpec, Transition, Workflow, snapshot
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.findings import Finding

from .enums import AppointmentState, ExtensionState
from .models import Appointment, TermExtension
from .workflow import appointment_workflow

ART14 = tenure_policy.ART14
ES = ExtensionState
OPEN_EXTENSION_STATES = (ES.REQUESTED, ES.BASE_APPROVED)


def extension_assignment(user, role: str, extension):
    """The base's unit administrator approves; the region administrator acknowledges (Art. 14)."""
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=extension.appointment.base.unit_id)
    if role == Role.REGION_ADMIN:
        return assignment_of(user, role)
    return None


def term_findings(appointment, months: int, has_major_project: bool) -> list[Finding]:
    """第十四条: the whole stay once this extension is added, with the extension's or the appointment's major
    project; every finding (passing ones too) so a page can show the reasons."""
    return tenure_policy.check_term(
        appointment.term_months,
        has_major_project or appointment.has_major_project,
        total_months_including_extensions=appointment.term_months + appointment.extended_months + months,
    )


def extension_term_findings(extension) -> list[Finding]:
    return term_findings(extension.appointment, extension.months, extension.has_major_project)


def _within_term_limits(extension, ctx):
    """第十四条: never over 6 years in total across extensions; over 4 only with a recorded major project."""
    yield from (f for f in extension_term_findings(extension) if not f.ok)


def _appointment_in_base(extension, ctx):
    if extension.appointment.state != AppointmentState.IN_BASE:
        yield Finding(
            False, "art14.not_in_base", ART14, _("该博士后研究人员当前不在基地，不能办理延期。")
        )  # fmt: skip


def _acknowledged(extension, ctx) -> None:
    """第十四条: the region's acknowledgement adds the months to the stay and moves the term-end exit date."""
    appointment = (
        Appointment.objects.select_for_update().select_related("base").get(pk=extension.appointment_id)
    )
    before = snapshot(appointment)
    appointment.extended_months += extension.months  # the row is locked: no lost update
    appointment.save(update_fields=["extended_months"])
    audit.record(
        actor=ctx.actor, subject=appointment, action="extend", role=ctx.role, scope=ctx.assignment.scope_label,
        from_state=appointment.state, to_state=appointment.state,
        diff=audit.field_diff(before, snapshot(appointment)), comment=ctx.comment,
    )  # fmt: skip
    appointment_workflow.sync_obligations(appointment, appointment.state)  # re-dates the term-end exit
    extension.appointment = appointment
    extension.decided_on = ctx.today


def _decided(extension, ctx) -> None:
    extension.decided_on = ctx.today


def lapse_open_extensions(appointment, today) -> None:
    """An extension still open when the postdoc asks to exit or is withdrawn has nothing left to extend: it
    lapses (a system step) and leaves the base's and the region's to-do lists."""
    for extension in TermExtension.objects.filter(appointment=appointment, state__in=OPEN_EXTENSION_STATES):
        extension_workflow.apply_by_rule(extension, "lapse", ES.LAPSED, fields={"decided_on": today})


def _extension_recipients(extension, transition, to_state):
    a = extension.appointment
    people = [*users_with_role(Role.UNIT_ADMIN, a.base.unit_id), *users_with_role(Role.POSTDOC, a.postdoc_id)]
    if to_state == ES.BASE_APPROVED:
        people += list(users_with_role(Role.REGION_ADMIN))
    return people


EXTENSION_TRANSITIONS = [
    Transition(
        "approve", _("基地同意延期"), (ES.REQUESTED,), ES.BASE_APPROVED, (Role.UNIT_ADMIN,), ART14,
        guards=(_appointment_in_base, _within_term_limits),
    ),
    Transition(
        "refuse", _("基地不同意延期"), (ES.REQUESTED,), ES.REFUSED, (Role.UNIT_ADMIN,), ART14,
        comment_required=True, effect=_decided, style="outline-danger",
    ),
    Transition(
        "acknowledge", _("自治区确认延期"), (ES.BASE_APPROVED,), ES.ACKNOWLEDGED, (Role.REGION_ADMIN,), ART14,
        guards=(_appointment_in_base, _within_term_limits), effect=_acknowledged,
    ),
    Transition(
        "refuse_region", _("自治区不予确认"), (ES.BASE_APPROVED,), ES.REFUSED, (Role.REGION_ADMIN,), ART14,
        comment_required=True, effect=_decided, style="outline-danger",
    ),
]  # fmt: skip

EXTENSION_OBLIGATIONS = [
    ObligationSpec(
        "extension_review", _("审核延期申请"), frozenset({ES.REQUESTED}), Role.UNIT_ADMIN,
        lambda e: ("unit", e.appointment.base.unit_id), lambda e: None, ART14,
    ),
    ObligationSpec(
        "extension_acknowledge", _("确认延期"), frozenset({ES.BASE_APPROVED}), Role.REGION_ADMIN,
        lambda e: ("region", None), lambda e: None, ART14,
    ),
]  # fmt: skip

extension_workflow = Workflow(
    name="term_extension",
    model=TermExtension,
    transitions=EXTENSION_TRANSITIONS,
    assignment_for=extension_assignment,
    state_labels=dict(ExtensionState.choices),
    obligations=EXTENSION_OBLIGATIONS,
    recipients=_extension_recipients,
    url=lambda e: e.get_absolute_url(),
)
