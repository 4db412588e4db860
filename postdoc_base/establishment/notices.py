"""Public notice (公示), objections (异议) and filing (备案) of a round's passed applications
(第十一条第（三）项 / Art. 11(3): 评议通过、公示无异议后予以备案).

Writes run in a transaction with their audit event; application states change only through
``application_workflow.apply`` (batch actions ``publish``, ``objection_upheld``, ``file``) and objection states
through ``objection_workflow``. Reads for notices and objections start from the ``*_visible_to`` selectors in
``selectors`` (re-exported here); the notice rules themselves are ``policy.notice``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel import audit, ratelimit
from postdoc_base.kernel.calendar import count_from
from postdoc_base.kernel.files import files_removed_on_failure, original_name
from postdoc_base.kernel.params import NOTICE_WORKING_DAYS, value_at
from postdoc_base.kernel.uploads import check_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.establishment import ART11_3, check_still_no_station, filing_number
from postdoc_base.policy.findings import Finding, failures, lazy_format
from postdoc_base.policy.notice import check_filing_allowed, check_notice_publication, notice_open

from .models import BaseApplication, NoticeItem, Objection, PublicNotice, Round
from .notice_workflow import objection_workflow
from .selectors import (
    filing_candidates,
    notices_visible_to,
    objections_visible_to,
    objector_visible_to,
    passed_applications,
    round_bases,
)
from .workflow import application_workflow

BASE_NAME_SUFFIX = "博士后创新实践基地"
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
# Anonymous objections per client address: each may store an attachment, opens an obligation and e-mails
# every region administrator. ``settings.OBJECTION_RATE_LIMIT`` overrides ("limit/seconds").
OBJECTION_RATE_SETTING = "OBJECTION_RATE_LIMIT"
OBJECTION_RATE_DEFAULT = "5/3600"
OBJECTION_RATE_SCOPE = "objection"
# Every submission counts here, refused or not, so that nobody can send unlimited (refused) uploads from one
# address: a visitor who mistypes a few times is far below it. ``settings.OBJECTION_ATTEMPT_LIMIT`` overrides.
OBJECTION_ATTEMPT_SETTING = "OBJECTION_ATTEMPT_LIMIT"
OBJECTION_ATTEMPT_DEFAULT = "20/3600"
OBJECTION_ATTEMPT_SCOPE = "objection-attempt"
# The objector's personal data: masked in the audit trail (the region reads it on the objection itself).
OBJECTOR_SENSITIVE = frozenset({"name", "contact", "attachment_name"})


def _refuse(code: str, message, article: str = ART11_3) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, article, message)])


def _region_assignment(actor):
    assignment = region_admin_assignment(actor)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有自治区人力资源和社会保障厅可以办理公示和备案。"))
    return assignment


# --- personal data -------------------------------------------------------------------------------------
def mask_contact(contact: str) -> str:
    """``13812345678`` -> ``138****5678``; ``zhang@example.org`` -> ``z***@example.org``."""
    contact = (contact or "").strip()
    if "@" in contact:
        local, _sep, domain = contact.partition("@")
        return f"{local[:1]}***@{domain}"
    digits = contact.replace("-", "")
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****"


def mask_name(name: str) -> str:
    """``张三`` -> ``张*``; ``巴特尔·朝鲁`` -> ``巴*``."""
    name = (name or "").strip()
    return f"{name[:1]}*" if name else ""


def may_see_objector(user) -> bool:
    """Kept for callers; the rule is ``selectors.objector_visible_to``."""
    return objector_visible_to(user)


def objector_display(objection: Objection, full: bool) -> tuple[str, str]:
    """The objector's (name, contact) as a reader may see them: in full for the region, masked otherwise."""
    if full:
        return objection.name, objection.contact
    return mask_name(objection.name), mask_contact(objection.contact)


def clean_contact(contact: str) -> str:
    """A mobile number, a landline (0471-1234567) or an e-mail address."""
    value = (contact or "").strip().replace(" ", "")
    if MOBILE_RE.match(value) or LANDLINE_RE.match(value):
        return value
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            {"contact": [_("请填写有效的手机号码、固定电话（如0471-1234567）或电子邮箱。")]}
        ) from None
    return value


# --- reads ---------------------------------------------------------------------------------------------
def notice_items(notice: PublicNotice) -> QuerySet[NoticeItem]:
    return notice.items.select_related("application__unit__bureau").order_by("order", "id")


def default_working_days(on: date) -> int:
    return int(value_at(NOTICE_WORKING_DAYS, on))


# --- public notice -------------------------------------------------------------------------------------
def unscheduled_warning(years) -> str:
    return gettext("%(years)s年节假日安排尚未录入，按周一至周五计算") % {
        "years": "、".join(str(y) for y in years)
    }


def notice_publish(
    *,
    actor,
    round_: Round,
    title: str,
    body: str,
    contact: str,
    working_days: int | None = None,
    published_on: date | None = None,
) -> PublicNotice:
    """Art. 11(3): publish the round's passed applications for ``working_days`` working days.

    The measures fix no length: the default is the effective-dated parameter ``notice_working_days`` (5).
    The publication day counts when it is a working day; the notice ends at the close of ``ends_on``. A
    year with no holiday schedule is counted Monday to Friday and the region administrator is warned.
    Refused (as field errors, so the form and the API say the same) for a publication date before today or a
    length outside the bounds (``policy.notice.check_notice_publication``).
    """
    assignment = _region_assignment(actor)
    today = timezone.localdate()
    published_on = published_on or today
    if working_days is None:
        working_days = default_working_days(published_on)
    errors: dict[str, list] = {}
    for finding in check_notice_publication(published_on, working_days, today):
        field = "published_on" if finding.code == "art11.3.published_in_past" else "working_days"
        errors.setdefault(field, []).append(finding.message)
    if not (title or "").strip():
        errors["title"] = [_("请填写公示标题。")]
    if errors:
        raise ValidationError(errors)
    count = count_from(published_on, working_days)
    with transaction.atomic():
        apps = list(passed_applications(round_).select_for_update(of=("self",)))
        if not apps:
            raise _refuse("art11.3.nothing_passed", _("本批次没有论证评议通过、待公示的申请。"))
        notice = PublicNotice.objects.create(
            round=round_,
            title=title.strip(),
            body=body,
            contact=contact,
            working_days=working_days,
            published_on=published_on,
            ends_on=count.last,
            unscheduled_years=list(count.unscheduled_years),
            published_by=actor,
        )
        NoticeItem.objects.bulk_create(
            NoticeItem(notice=notice, application=app, order=i) for i, app in enumerate(apps, start=1)
        )
        audit.record(actor=actor, subject=notice, action="create", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(notice)))  # fmt: skip
        for app in apps:
            application_workflow.apply(app, "publish", actor=actor, comment=notice.title, batch=True)
        if notice.unscheduled_years:
            from postdoc_base.kernel.notifications import notify

            admins = list(users_with_role(Role.REGION_ADMIN))
            title_text = unscheduled_warning(notice.unscheduled_years)
            body_text = gettext(
                "公示“%(title)s”截止日期%(date)s按周一至周五推算，请录入节假日安排后核对。"
            ) % {
                "title": notice.title,
                "date": notice.ends_on.isoformat(),
            }
            url = notice_admin_url(notice)
            transaction.on_commit(lambda: notify(admins, title_text, body_text, url))
    return notice


def notice_admin_url(notice: PublicNotice) -> str:
    from django.urls import reverse

    return reverse("establishment:notice_admin_detail", args=[notice.pk])


# --- objections ----------------------------------------------------------------------------------------
class ObjectionRateLimited(TransitionRefused):
    """Too many objections from one client address within the window (HTTP 429 in the API)."""


def objection_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting(OBJECTION_RATE_SETTING, OBJECTION_RATE_DEFAULT)


def objection_create(
    *,
    notice: PublicNotice,
    item_id: int,
    name: str,
    contact: str,
    text: str,
    uploaded=None,
    today: date | None = None,
    client_ip: str | None = None,
) -> Objection:
    """Anyone may object under real name while the notice is open (``policy.notice.notice_open``).

    ``client_ip`` (pages and API pass it) is limited to ``objection_rate()`` objections per window; a refused
    or invalid objection does not count against it, but every submission counts against the higher attempt
    limit (``OBJECTION_ATTEMPT_DEFAULT``), so refused uploads cannot be sent without end. A refused
    objection leaves no row and no file (``kernel.files.files_removed_on_failure``).
    """
    if client_ip is None:
        return _objection_create(notice, item_id, name, contact, text, uploaded, today)
    attempts = ratelimit.rate_setting(OBJECTION_ATTEMPT_SETTING, OBJECTION_ATTEMPT_DEFAULT)
    if not ratelimit.hit(OBJECTION_ATTEMPT_SCOPE, client_ip, attempts):
        message = lazy_format(
            _(
                "提交次数过多：同一网络地址每%(minutes)s分钟最多提交%(limit)s次（含未受理的提交），请稍后再试。"
            ),
            minutes=max(1, attempts.window // 60),
            limit=attempts.limit,
        )
        raise ObjectionRateLimited([Finding(False, "objection.rate_limited", "", message)])
    rate = objection_rate()
    if not ratelimit.hit(OBJECTION_RATE_SCOPE, client_ip, rate):
        message = lazy_format(
            _("提交异议过于频繁：同一网络地址每%(minutes)s分钟最多提交%(limit)s件异议，请稍后再试。"),
            minutes=max(1, rate.window // 60),
            limit=rate.limit,
        )
        raise ObjectionRateLimited([Finding(False, "objection.rate_limited", "", message)])
    try:
        return _objection_create(notice, item_id, name, contact, text, uploaded, today)
    except Exception:
        ratelimit.release(OBJECTION_RATE_SCOPE, client_ip)
        raise


def _objection_create(notice, item_id, name, contact, text, uploaded, today) -> Objection:
    today = today or timezone.localdate()
    if not notice_open(notice.published_on, notice.ends_on, today):
        if today < notice.published_on:
            raise _refuse("art11.3.notice_not_started", _("公示尚未开始，暂不受理异议。"))
        raise _refuse(
            "art11.3.notice_ended",
            _("公示已于%(date)s结束，不再受理异议。") % {"date": notice.ends_on.isoformat()},
        )
    errors: dict[str, list] = {}
    name = (name or "").strip()
    text = (text or "").strip()
    if not name:
        errors["name"] = [_("请填写真实姓名。")]
    try:
        contact = clean_contact(contact)
    except ValidationError as e:
        errors.update(e.message_dict)
    if not text:
        errors["text"] = [_("请填写异议内容。")]
    item = NoticeItem.objects.filter(notice=notice, pk=item_id).select_related("application__unit").first()
    if item is None:
        errors["item"] = [_("请选择公示名单中的申请单位。")]
    if errors:
        raise ValidationError(errors)
    attachment = {}
    if uploaded is not None:
        ext, content_type, digest = check_upload(uploaded)
        attachment = {
            "attachment_name": original_name(uploaded.name, ext),
            "attachment_type": content_type,
        }
        uploaded.name = f"{digest[:16]}.{ext}"
        attachment["attachment"] = uploaded
    with files_removed_on_failure() as track, transaction.atomic():
        objection = Objection.objects.create(item=item, name=name, contact=contact, text=text, **attachment)
        track(objection.attachment)
        audit.record(actor=None, subject=objection, action="create", to_state=objection.state,
                     diff=audit.field_diff({}, snapshot(objection), sensitive=OBJECTOR_SENSITIVE))  # fmt: skip
        objection_workflow.sync_obligations(objection, objection.state)
        from postdoc_base.kernel.notifications import notify

        admins = list(users_with_role(Role.REGION_ADMIN))
        title = gettext("收到公示异议：%(unit)s") % {"unit": item.application.unit.name}
        body = gettext("公示“%(notice)s”收到一件异议，处理完毕前该申请不能备案。") % {"notice": notice.title}
        url = objection.get_absolute_url()
        transaction.on_commit(lambda: notify(admins, title, body, url))
    return objection


# --- filing --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FilingItem:
    application: BaseApplication
    ok: bool
    findings: tuple[Finding, ...] = ()
    filing_number: str = ""
    base_id: int | None = None


def filing_preview(*, actor, round_: Round, today: date | None = None) -> list[FilingItem]:
    """Per application in notice: would it be filed now, or why not.

    Set-based: one query reads every candidate with its notice, pending-objection count and unit, then the
    same rules as the ``file`` guards decide each one, in the same order (``policy.notice.check_filing_allowed``,
    then Arts. 2 and 24: ``check_still_no_station``).
    """
    _region_assignment(actor)
    today = today or timezone.localdate()
    items = []
    for app in filing_candidates(round_):
        item = getattr(app, "notice_item", None)
        ends_on = item.notice.ends_on if item is not None else None
        findings = tuple(
            failures(
                [
                    *check_filing_allowed(ends_on, today, app.pending_objections),
                    *check_still_no_station(app.unit_facts(), app.unit.name),
                ]
            )
        )
        items.append(FilingItem(application=app, ok=not findings, findings=findings))
    return items


def filing_execute(*, actor, round_: Round, application_ids) -> list[FilingItem]:
    """Art. 11(3) 予以备案: file each chosen application in its own transaction (one refusal undoes no other).

    Each filed application gets the next serial of the year (the sequence row is locked, so concurrent
    filings never share a number), a filing number and a PracticeBase.
    """
    from postdoc_base.oversight.models import FilingSequence, PracticeBase

    _region_assignment(actor)
    wanted = [int(pk) for pk in dict.fromkeys(application_ids)]
    apps = {
        a.pk: a for a in BaseApplication.objects.filter(round=round_, pk__in=wanted).select_related("unit")
    }
    results = []
    for pk in wanted:
        app = apps.get(pk)
        if app is None:
            results.append(
                FilingItem(
                    application=BaseApplication(pk=pk),
                    ok=False,
                    findings=(Finding(False, "art11.3.not_in_round", ART11_3, _("该申请不属于本批次。")),),
                )
            )
            continue
        try:
            with transaction.atomic():
                filed = application_workflow.apply(app, "file", actor=actor, batch=True)
                filed_on = timezone.localdate()
                serial = FilingSequence.next_serial(filed_on.year)
                number = filing_number(filed_on.year, serial)
                base = PracticeBase.objects.create(
                    unit=app.unit,
                    application=filed,
                    name=f"{app.unit.name}{BASE_NAME_SUFFIX}",
                    filing_number=number,
                    filing_year=filed_on.year,
                    filing_serial=serial,
                    filed_on=filed_on,
                )
                assignment = region_admin_assignment(actor)
                audit.record(actor=actor, subject=base, action="create", role=assignment.role,
                             scope=assignment.scope_label, to_state=base.state,
                             diff=audit.field_diff({}, snapshot(base)))  # fmt: skip
        except TransitionRefused as refused:
            app.refresh_from_db(fields=["state"])
            results.append(FilingItem(application=app, ok=False, findings=refused.findings))
        else:
            results.append(FilingItem(application=filed, ok=True, filing_number=number, base_id=base.pk))
    return results


__all__ = [
    "notice_publish",
    "objection_create",
    "filing_preview",
    "filing_execute",
    "notices_visible_to",
    "objections_visible_to",
    "objector_visible_to",
    "passed_applications",
    "filing_candidates",
    "round_bases",
    "mask_contact",
    "mask_name",
    "objector_display",
    "ObjectionRateLimited",
]
