"""Writes for outputs (在站成果, Arts. 17, 20) and yearly pay records (Arts. 9(5), 20).

Each takes an explicit ``actor``, validates into ``ValidationError({field: [message]})``, refuses with a
``TransitionRefused`` carrying its article, runs in a transaction with its audit event and leaves the
database unchanged on refusal. Output states change only through ``workflow.output_workflow``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.params import salary_schedule
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.findings import Finding, lazy_format
from postdoc_base.policy.tenure import ART17, ART20, check_pay, pay_year_floor

from ..stay.enums import STAY_STATES
from ..stay.models import Appointment
from .enums import OutputKind, OutputLevel, OutputRole, OutputState
from .models import Output, PayRecord
from .permissions import output_author, pay_recorder
from .workflow import output_workflow, supervisor_users

OUTPUT_FIELDS = (
    "kind", "title", "occurred_on", "level", "role", "reference", "amount_yuan", "postdoc_share_yuan",
    "description",
)  # fmt: skip
# Which kinds carry which facts (Art. 17 lists them; Art. 20 the transfer income; Art. 22 the programmes).
LEVEL_KINDS = frozenset({OutputKind.PROJECT, OutputKind.AWARD, OutputKind.STANDARD})
ROLE_KINDS = frozenset({OutputKind.PROJECT})
AMOUNT_REQUIRED_KINDS = frozenset({OutputKind.TECH_TRANSFER, OutputKind.ECONOMIC_BENEFIT})
SHARE_KINDS = frozenset({OutputKind.TECH_TRANSFER})
# Not yet confirmed: a draft waiting for its evidence, submitted, or returned (Art. 17).
EDITABLE_STATES = (OutputState.DRAFT, OutputState.SUBMITTED, OutputState.RETURNED)
MAX_AMOUNT_YUAN = 10**15  # a sanity bound far above any real amount; the columns hold 64-bit integers
MAX_PAY_YUAN = 10**8  # the pay columns hold 32-bit integers
PAY_FIELDS = ("annual_pay_yuan", "same_level_pay_yuan", "social_insurance", "notes")


def _refuse(code: str, message, article: str = ART17) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, article, message)])


# --- outputs (Art. 17) ---------------------------------------------------------------------------------


def _amount(value, errors: dict, key: str, limit: int = MAX_AMOUNT_YUAN):
    """A whole number of yuan, not negative and below ``limit``; None when left blank."""
    if value in (None, ""):
        return None
    try:
        amount = int(value)
    except (TypeError, ValueError):
        amount = -1
    if amount < 0 or str(amount) != str(value).strip():
        errors[key] = [_("请填写不小于0的整数金额（元）。")]
        return None
    if amount >= limit:
        errors[key] = [_("金额过大，请核对（单位：元）。")]
        return None
    return amount


def _clean_dates(data: dict, appointment, today: date, errors: dict) -> None:
    """An output of the stay: not in the future, not before the entry date."""
    occurred = data["occurred_on"]
    if not isinstance(occurred, date):
        errors["occurred_on"] = [_("请填写取得日期。")]
    elif occurred > today:
        errors["occurred_on"] = [_("取得日期不能晚于今天。")]
    elif appointment.entry_date and occurred < appointment.entry_date:
        errors["occurred_on"] = [
            lazy_format(_("取得日期不能早于进基地日期%(day)s。"), day=appointment.entry_date.isoformat())
        ]


def _clean_kind_facts(data: dict, errors: dict) -> None:
    """Level for projects, awards and standards; role for projects; income and share for transfers."""
    kind = data["kind"]
    data["level"] = data["level"] if kind in LEVEL_KINDS else ""
    data["role"] = data["role"] if kind in ROLE_KINDS else ""
    if kind in LEVEL_KINDS and data["level"] not in OutputLevel.values:
        errors["level"] = [_("请选择级别。")]
    if kind in ROLE_KINDS and data["role"] not in OutputRole.values:
        errors["role"] = [_("请选择本人角色（主持或参与）。")]
    if kind in AMOUNT_REQUIRED_KINDS and not data["amount_yuan"] and "amount_yuan" not in errors:
        errors["amount_yuan"] = [
            _("请填写成果转化收益（元）。") if kind in SHARE_KINDS else _("请填写新增经济效益（元）。")
        ]
    if kind not in SHARE_KINDS:
        data["postdoc_share_yuan"] = None
        return
    share, income = data["postdoc_share_yuan"], data["amount_yuan"]
    if share is None and "postdoc_share_yuan" not in errors:
        errors["postdoc_share_yuan"] = [_("请填写本人所得转化收益（元），按第二十条享受科技成果转化收益。")]
    elif share is not None and income and share > income:
        errors["postdoc_share_yuan"] = [_("本人所得不能超过成果转化收益（第二十条）。")]


def _clean_output(appointment, fields: dict, today: date) -> dict:
    unknown = set(fields) - set(OUTPUT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    errors: dict[str, list] = {}
    data = {key: fields.get(key) for key in OUTPUT_FIELDS}
    for key in ("title", "reference", "description", "level", "role"):
        data[key] = (data[key] or "").strip()
    if data["kind"] not in OutputKind.values:
        errors["kind"] = [_("请选择成果类型。")]
    if not data["title"]:
        errors["title"] = [_("请填写成果名称。")]
    elif len(data["title"]) > 200:
        errors["title"] = [_("成果名称不能超过200字。")]
    if len(data["reference"]) > 200:
        errors["reference"] = [_("编号或出处不能超过200字。")]
    _clean_dates(data, appointment, today, errors)
    data["amount_yuan"] = _amount(data["amount_yuan"], errors, "amount_yuan")
    data["postdoc_share_yuan"] = _amount(data["postdoc_share_yuan"], errors, "postdoc_share_yuan")
    if "kind" not in errors:
        _clean_kind_facts(data, errors)
    if errors:
        raise ValidationError(errors)
    return data


def _validated(appointment, fields: dict, uploaded, *, evidence_required: bool) -> dict:
    """The cleaned fields and evidence; every field's message at once."""
    errors: dict[str, list] = {}
    try:
        data = _clean_output(appointment, fields, timezone.localdate())
    except ValidationError as error:
        errors.update(error.message_dict)
        data = {}
    evidence = stored_upload("evidence", uploaded, errors)
    if evidence_required and uploaded is None:
        errors["evidence"] = [_("请上传证明材料。")]
    if errors:
        raise ValidationError(errors)
    return {**data, **evidence}


def _notify_supervisors(output, actor) -> None:
    """The supervisors hear of a new output to confirm (after commit, like the kernel's notices)."""
    from postdoc_base.kernel.notifications import notify

    recipients = [u for u in supervisor_users(output) if u.pk != getattr(actor, "pk", None)]
    if recipients:
        title = str(_("%(subject)s：待导师确认") % {"subject": str(output)})
        body = str(_("%(name)s登记了在站成果，请确认。") % {"name": output.appointment.postdoc.name})
        url = output.get_absolute_url()
        transaction.on_commit(lambda: notify(recipients, title, body, url))


def _enter(*, actor, appointment, data: dict, action: str, state: str) -> Output:
    """Write an output of the stay in ``state`` through the creation row ``action`` (the caller has checked
    the actor with ``output_author`` and validated ``data``); refuses outside the stay (Art. 17)."""
    assignment = output_author(actor, appointment)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state not in STAY_STATES:
            raise _refuse("art17.not_in_stay", _("只有在基地期间可以登记在站成果。"))
        output = Output.objects.create(appointment=locked, state=state, **data)
        if output.evidence:
            track(output.evidence)
        output_workflow.created(output, action, actor=actor, assignment=assignment)
    return output


def output_create(*, actor, appointment, uploaded=None, **fields) -> Output:
    """第十七条: the postdoc enters an output of the stay, with evidence; a supervisor confirms it."""
    if output_author(actor, appointment) is None:
        raise _refuse("kernel.not_permitted", _("只有博士后研究人员本人可以登记在站成果。"))
    data = _validated(appointment, fields, uploaded, evidence_required=True)
    output = _enter(
        actor=actor, appointment=appointment, data=data, action="create", state=OutputState.SUBMITTED
    )
    _notify_supervisors(output, actor)
    return output


def output_import(*, actor, appointment, **fields) -> Output:
    """第十七条: the postdoc imports an output of the stay from a workbook row, checked exactly as
    ``output_create`` checks it but without the evidence a row cannot carry. It starts as a draft
    (待补证明材料): the postdoc attaches the evidence on the output's page and submits it (the workflow's
    ``submit``, refused without evidence), and only then do the supervisors hear of it."""
    if output_author(actor, appointment) is None:
        raise _refuse("kernel.not_permitted", _("只有博士后研究人员本人可以登记在站成果。"))
    data = _validated(appointment, fields, None, evidence_required=False)
    return _enter(actor=actor, appointment=appointment, data=data, action="import", state=OutputState.DRAFT)


def output_update(*, actor, output: Output, uploaded=None, **fields) -> Output:
    """第十七条: the postdoc corrects an output not yet confirmed (a draft, submitted or returned) and attaches
    a draft's evidence; a confirmed output is read-only. Fields left out keep their values; a new evidence file
    replaces the old one."""
    appointment = output.appointment
    assignment = output_author(actor, appointment)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有博士后研究人员本人可以修改在站成果。"))
    current = {key: getattr(output, key) for key in OUTPUT_FIELDS}
    data = _validated(appointment, {**current, **fields}, uploaded, evidence_required=False)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = Output.objects.select_for_update().get(pk=output.pk)
        if locked.state not in EDITABLE_STATES:
            raise _refuse("art17.confirmed_read_only", _("导师已确认的成果不能修改。"))
        before = snapshot(locked)
        for key, value in data.items():
            setattr(locked, key, value)
        locked.save()
        if "evidence" in data:  # only the new file: the old one stays with the row if this write fails
            track(locked.evidence)
        diff = audit.field_diff(before, snapshot(locked))
        if diff:
            audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                         scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                         diff=diff)  # fmt: skip
    return locked


# --- pay (Arts. 9(5), 20) ------------------------------------------------------------------------------


def pay_years(appointment, today: date | None = None) -> range:
    """The years of the stay that can be recorded: from the entry year to this year (or the exit year)."""
    if appointment.entry_date is None:
        return range(0)
    last = (today or timezone.localdate()).year
    if appointment.exit_date:
        last = min(last, appointment.exit_date.year)
    return range(appointment.entry_date.year, last + 1)


def _clean_pay(appointment, year, fields: dict) -> tuple[int, dict]:
    errors: dict[str, list] = {}
    years = pay_years(appointment)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year not in years:
        errors["year"] = [
            lazy_format(_("年度应在%(first)s年至%(last)s年之间。"), first=years[0], last=years[-1])
            if years
            else _("请填写年度。")
        ]
    data = {key: fields.get(key) for key in PAY_FIELDS}
    pay = _amount(data["annual_pay_yuan"], errors, "annual_pay_yuan", MAX_PAY_YUAN)
    if not pay and "annual_pay_yuan" not in errors:
        errors["annual_pay_yuan"] = [_("请填写年薪（元）。")]
    data["annual_pay_yuan"] = pay
    same = _amount(data["same_level_pay_yuan"], errors, "same_level_pay_yuan", MAX_PAY_YUAN)
    if same == 0:
        errors["same_level_pay_yuan"] = [_("本单位相同层次科研人员年薪应大于0，未掌握时请留空。")]
    data["same_level_pay_yuan"] = same
    data["social_insurance"] = bool(data["social_insurance"])
    data["notes"] = (data["notes"] or "").strip()
    if errors:
        raise ValidationError(errors)
    return year, data


def pay_record_save(*, actor, appointment, year, annual_pay_yuan, same_level_pay_yuan=None,
                    social_insurance=False, notes="") -> tuple[PayRecord, bool]:  # fmt: skip
    """第九条第（五）项, 第二十条: the base unit records (or corrects) a year's pay and social insurance.

    Returns the record and whether it was created. Pay below the floor is warned about (``pay_findings``),
    never refused: the record is what was paid.
    """
    assignment = pay_recorder(actor, appointment)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有基地所在单位的博士后管理员可以记录薪酬。"), ART20)
    if appointment.entry_date is None:
        raise _refuse("art20.not_entered", _("博士后研究人员尚未进基地，不能记录薪酬。"), ART20)
    fields = {"annual_pay_yuan": annual_pay_yuan, "same_level_pay_yuan": same_level_pay_yuan,
              "social_insurance": social_insurance, "notes": notes}  # fmt: skip
    year, data = _clean_pay(appointment, year, fields)
    with transaction.atomic():
        Appointment.objects.select_for_update().get(pk=appointment.pk)  # one writer per appointment
        record = PayRecord.objects.filter(appointment_id=appointment.pk, year=year).first()
        created = record is None
        record = record or PayRecord(appointment_id=appointment.pk, year=year)
        before = {} if created else snapshot(record)
        for key, value in data.items():
            setattr(record, key, value)
        record.save()
        diff = audit.field_diff(before, snapshot(record))
        if diff:
            audit.record(actor=actor, subject=record, action="create" if created else "update",
                         role=assignment.role, scope=assignment.scope_label, diff=diff)  # fmt: skip
    return record, created


def pay_floor(year: int, schedule=None) -> int:
    """第九条第（五）项: ``policy.tenure.pay_year_floor`` on the schedule kept as parameters."""
    return pay_year_floor(year, list(schedule if schedule is not None else salary_schedule()))


def pay_findings(record: PayRecord, schedule=None) -> list[Finding]:
    """第九条第（五）项 and 第二十条: the three pay findings of the year (warnings, never blocking).

    Pass ``schedule`` (``kernel.params.salary_schedule()``) when checking many records: one query for all.
    """
    return check_pay(
        record.annual_pay_yuan,
        pay_floor(record.year, schedule),
        record.same_level_pay_yuan,
        record.social_insurance,
    )


def pay_warnings(records, schedule=None) -> list[tuple[PayRecord, list[Finding]]]:
    """Each record with its failing findings; the salary schedule read once (or passed in)."""
    records = list(records)
    if records and schedule is None:
        schedule = salary_schedule()
    return [(r, [f for f in pay_findings(r, schedule) if not f.ok]) for r in records]
