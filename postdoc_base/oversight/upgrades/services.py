"""Writes of Art. 24's second sentence: recording a workstation approval (which cancels the base and opens a
treatment checklist for each postdoc in it), and the unit's progress on each checklist item."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.services import unit_base_left_register
from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.articles import ART24
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight import TREATMENT_ITEMS, check_workstation_approval
from postdoc_base.tenure.stay.enums import STAY_STATES
from postdoc_base.tenure.stay.models import Appointment

from ..ending import end_open_items
from ..enums import BaseState
from ..models import PracticeBase
from ..workflow import base_workflow
from .enums import ChecklistState
from .models import TreatmentChecklist, TreatmentItem, WorkstationApproval
from .permissions import checklist_assignment, workstation_recorder
from .workflow import checklist_workflow


def _refused(code: str, message) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, ART24, message)])


def workstation_approval_record(
    *, actor, base: PracticeBase, approved_on: date | None, document_number: str, approver: str, uploaded=None
) -> WorkstationApproval:
    """Art. 24: the region records that the base's unit was approved to set up a postdoc workstation. In one
    transaction: the record (audited), the base cancelled through its own step (资格自动注销), the unit marked as
    having a workstation, what hung open off the base ended, and a checklist opened for each postdoc in the base."""
    assignment = workstation_recorder(actor)
    if assignment is None:
        raise _refused(
            "kernel.not_permitted", _("只有自治区人力资源和社会保障厅可以记录获批设立博士后科研工作站。")
        )
    document_number = (document_number or "").strip()
    approver = (approver or "").strip()
    errors: dict[str, list] = {}
    if not approver:
        errors["approver"] = [_("请填写批准机关。")]
    elif len(approver) > 100:
        errors["approver"] = [_("批准机关不能超过100个字。")]
    document = stored_upload("document", uploaded, errors)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    with files_removed_on_failure() as track, transaction.atomic():
        locked = PracticeBase.objects.select_for_update().select_related("unit").get(pk=base.pk)
        if locked.state != BaseState.ACTIVE:
            raise _refused("art24.base_not_active", _("该基地已不在备案状态，不能再记录获批设立工作站。"))
        if refused := check_workstation_approval(approved_on, document_number, locked.filed_on, today):
            raise TransitionRefused(refused)
        approval = WorkstationApproval.objects.create(
            base=locked,
            approved_on=approved_on,
            document_number=document_number,
            approver=approver,
            **document,
        )
        track(approval.document)
        audit.record(actor=actor, subject=approval, action="record", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(approval)))  # fmt: skip
        base_workflow.apply(locked, "cancel", actor=actor, comment=document_number, batch=True)
        unit_base_left_register(actor=actor, assignment=assignment, unit=locked.unit, has_workstation=True)
        end_open_items(locked, BaseState.CANCELLED, approved_on)
        _open_checklists(approval, locked)
    return approval


def _open_checklists(approval: WorkstationApproval, base: PracticeBase) -> list[TreatmentChecklist]:
    """One checklist per postdoc in the base on the day (through the table's creation row), with its items."""
    in_base = Appointment.objects.filter(base=base, state__in=STAY_STATES).order_by("pk")
    checklists = checklist_workflow.open_by_rule(
        [TreatmentChecklist(approval=approval, appointment=a) for a in in_base], "open"
    )
    TreatmentItem.objects.bulk_create(
        TreatmentItem(checklist=c, key=item.key, position=n)
        for c in checklists
        for n, item in enumerate(TREATMENT_ITEMS)
    )
    return checklists


def treatment_item_record(
    *, actor, item: TreatmentItem, done_on: date | None, note: str = ""
) -> TreatmentItem:
    """The unit records that an item is done (on ``done_on``, with what was done), or clears it
    (``done_on`` None), while its checklist is open. Audited as a write of the checklist."""
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": [_("落实情况不能超过500个字。")]})
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("完成日期不能晚于今天。")]})
    with transaction.atomic():
        checklist = (
            TreatmentChecklist.objects.select_for_update()
            .select_related("appointment__base")
            .get(pk=item.checklist_id)
        )
        assignment = checklist_assignment(actor, Role.UNIT_ADMIN, checklist)
        if assignment is None:
            raise _refused("kernel.not_permitted", _("只有基地所在单位的博士后管理员可以填写待遇补齐情况。"))
        if checklist.state != ChecklistState.OPEN:
            raise _refused("art24.checklist_not_open", _("清单已报自治区确认或已确认，不能再修改。"))
        locked = TreatmentItem.objects.select_for_update().get(pk=item.pk)
        before = {f"{locked.key}.done_on": locked.done_on, f"{locked.key}.note": locked.note}
        locked.done_on, locked.note = done_on, note
        locked.save(update_fields=["done_on", "note"])
        after = {f"{locked.key}.done_on": locked.done_on, f"{locked.key}.note": locked.note}
        audit.record(actor=actor, subject=checklist, action="item_recorded", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, after))  # fmt: skip
    return locked
