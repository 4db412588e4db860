"""Writes for positions (岗位, Art. 21): posting (a base's unit for itself, a bureau, the region), and a postdoc's
interest (双向选择) expressed and withdrawn. Every write in one transaction with its audit event; closing and
reopening are steps of the workflow (``workflow.position_workflow``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel import audit
from postdoc_base.kernel.notifications import notify
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.articles import ART21
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight.employment import closes_on_finding, is_open

from ..enums import BaseState
from ..models import PracticeBase
from .enums import PositionState
from .models import Position, PositionInterest
from .permissions import interested_postdoc_assignment, poster_assignment
from .selectors import postdoc_near_end
from .workflow import position_workflow

TEXT_LIMITS = {"title": 120, "employer": 120, "salary": 100, "contact": 120}


def _refuse(code: str, message) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, ART21, message)])


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def position_post(
    *, actor, as_role: str, unit=None, bureau=None, title: str, employer: str = "", description: str,
    requirements: str = "", salary: str = "", contact: str, closes_on,
) -> Position:  # fmt: skip
    """Art. 21: post a position. A base's unit administrator posts for its own unit (the employer is the unit,
    the location its bureau; the unit must have an active base); a bureau officer posts a position collected in
    its league/city (the employer named); the region posts with a league/city or none (region-wide)."""
    assignment = poster_assignment(actor, as_role, unit=unit, bureau=bureau)
    if assignment is None:
        raise _refuse(
            "kernel.not_permitted",
            _("只有自治区博士后管理部门、盟市人社局或基地所在单位的管理员可以发布岗位。"),
        )
    if as_role == Role.UNIT_ADMIN:
        if not PracticeBase.objects.filter(unit=unit, state=BaseState.ACTIVE).exists():
            raise _refuse("art21.no_base", _("本单位没有已备案的博士后创新实践基地，不能发布岗位。"))
        employer, bureau = unit.name, unit.bureau
    values = {
        "title": _text(title), "employer": _text(employer), "description": _text(description),
        "requirements": _text(requirements), "salary": _text(salary), "contact": _text(contact),
    }  # fmt: skip
    errors: dict[str, list] = {}
    required = {"title": _("请填写岗位名称。"), "employer": _("请填写用人单位。"),
                "description": _("请填写岗位职责。"), "contact": _("请填写联系方式。")}  # fmt: skip
    for name, message in required.items():
        if not values[name]:
            errors[name] = [message]
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = [_("不能超过%(limit)s个字。") % {"limit": limit}]
    if not isinstance(closes_on, date):
        errors["closes_on"] = [_("请填写截止日期。")]
    elif not (finding := closes_on_finding(closes_on, timezone.localdate())).ok:
        errors["closes_on"] = [finding.message]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        position = Position.objects.create(
            unit=unit if as_role == Role.UNIT_ADMIN else None, bureau=bureau, posted_by_role=assignment.role,
            closes_on=closes_on, **values,
        )  # fmt: skip
        position_workflow.created(position, "post", actor=actor, assignment=assignment)
    return position


def _managers(position) -> list:
    scope_id = {Role.UNIT_ADMIN: position.unit_id, Role.BUREAU_OFFICER: position.bureau_id}.get(
        position.posted_by_role
    )
    return list(users_with_role(position.posted_by_role, scope_id))


def interest_express(*, actor, position, contact: str, note: str = "") -> PositionInterest:
    """Art. 21 (双向选择): a postdoc near the end of the term expresses interest in a published position still
    open, sharing the contact they choose and a short note; one open interest per postdoc and position. Whoever
    manages the position is notified."""
    assignment = interested_postdoc_assignment(actor)
    near = postdoc_near_end(actor) if assignment is not None else None
    if near is None:
        raise _refuse("kernel.not_permitted", _("只有博士后研究人员可以表达求职意向。"))
    if not near.ok:
        raise TransitionRefused([near.finding])
    contact, note = _text(contact), _text(note)
    errors: dict[str, list] = {}
    if not contact:
        errors["contact"] = [_("请填写愿意向用人单位提供的联系方式。")]
    elif len(contact) > 120:
        errors["contact"] = [_("不能超过%(limit)s个字。") % {"limit": 120}]
    if len(note) > 500:
        errors["note"] = [_("不能超过%(limit)s个字。") % {"limit": 500}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Position.objects.select_for_update().get(pk=position.pk)
        if locked.state != PositionState.PUBLISHED or not is_open(locked.closes_on, timezone.localdate()):
            raise _refuse("art21.position_closed", _("该岗位已关闭或已过截止日期，不能再表达意向。"))
        if PositionInterest.objects.filter(
            position=locked, postdoc_id=near.postdoc_id, withdrawn_at__isnull=True
        ).exists():
            raise _refuse("art21.interest_exists", _("您已对该岗位表达过意向。"))
        try:
            with transaction.atomic():
                interest = PositionInterest.objects.create(
                    position=locked, postdoc_id=near.postdoc_id, contact=contact, note=note
                )
        except IntegrityError:  # a second request of the same postdoc won the race
            raise _refuse("art21.interest_exists", _("您已对该岗位表达过意向。")) from None
        audit.record(actor=actor, subject=interest, action="express_interest", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(interest)))  # fmt: skip
        recipients = [u for u in _managers(locked) if u.pk != actor.pk]
        title = str(_("岗位“%(title)s”收到求职意向") % {"title": locked.title})
        body = str(_("有博士后研究人员对该岗位表达了求职意向，请在岗位页面查看联系方式。"))
        url = locked.get_absolute_url()
        if recipients:
            transaction.on_commit(lambda: notify(recipients, title, body, url))
    return interest


def interest_withdraw(*, actor, interest) -> PositionInterest:
    """The postdoc withdraws their interest (kept, with the time; audited). Only their own, once."""
    assignment = interested_postdoc_assignment(actor)
    if assignment is None or interest.postdoc_id not in actor.scope_ids(Role.POSTDOC):
        raise _refuse("kernel.not_permitted", _("只有表达意向的博士后研究人员本人可以撤回意向。"))
    with transaction.atomic():
        locked = PositionInterest.objects.select_for_update().get(pk=interest.pk)
        if locked.withdrawn_at is not None:
            raise _refuse("art21.interest_withdrawn", _("该意向已撤回。"))
        before = snapshot(locked)
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit.record(actor=actor, subject=locked, action="withdraw_interest", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked
