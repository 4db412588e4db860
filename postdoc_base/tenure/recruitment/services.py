"""Writes for cooperation agreements (Art. 8), research topics (Arts. 3, 12) and interests.

Each takes an explicit ``actor`` (none for the public interest form), runs in a transaction with its audit
event and leaves the database unchanged on refusal. States change only through the kernel workflows."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.establishment.notices import clean_contact
from postdoc_base.kernel import audit, ratelimit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.params import establishment_params
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.findings import Finding, lazy_format
from postdoc_base.policy.tenure import check_person_name, normalize_person_name

from ..permissions import _base_admin, _refuse
from .enums import ART9_5, ART12, TopicState
from .models import CooperationAgreement, ResearchTopic, TopicInterest
from .workflow import agreement_workflow, interest_workflow, station_finding, topic_workflow

INTEREST_RATE_SETTING = "TOPIC_INTEREST_RATE_LIMIT"
INTEREST_RATE_DEFAULT = "5/3600"
INTEREST_RATE_SCOPE = "topic_interest"
INTEREST_SENSITIVE = frozenset({"name", "contact", "cv_name"})
TOPIC_FIELDS = ("kind", "title", "fields", "description", "annual_pay_yuan", "term_months", "station_id")


class InterestRateLimited(TransitionRefused):
    pass


# --- agreements ----------------------------------------------------------------------------------------
def agreement_create(
    *, actor, base, station, starts_on: date, ends_on: date, supervisors_offered: int, notes: str = "",
    uploaded=None,
) -> CooperationAgreement:  # fmt: skip
    """Art. 8: the base drafts its cooperation agreement with a mobile station; both then confirm it."""
    assignment = _base_admin(actor, base)
    errors: dict[str, list] = {}
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = [_("结束日期应晚于开始日期。")]
    if not supervisors_offered or supervisors_offered < 1:
        errors["supervisors_offered"] = [_("提供合作导师人数应至少为1人。")]
    document = stored_upload("document", uploaded, errors)
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        agreement = CooperationAgreement.objects.create(
            base=base, station=station, starts_on=starts_on, ends_on=ends_on,
            supervisors_offered=supervisors_offered, notes=(notes or "").strip(), **document,
        )  # fmt: skip
        track(agreement.document)
        agreement_workflow.created(agreement, "create", actor=actor, assignment=assignment)
    return agreement


# --- topics --------------------------------------------------------------------------------------------
def pay_warning(topic: ResearchTopic, today: date | None = None) -> Finding | None:
    """Pay below the C-tier floor in force (Art. 9(5)): a warning shown on the page, not a refusal."""
    if not topic.annual_pay_yuan:
        return None
    floor = establishment_params(today or timezone.localdate()).salary_floor_annual_yuan
    if topic.annual_pay_yuan >= floor:
        return None
    return Finding(
        False, "art9.5.pay_below_floor", ART9_5,
        lazy_format(_("年薪%(pay)s元低于现行C档标准%(floor)s元。"), pay=f"{topic.annual_pay_yuan:,}",
                    floor=f"{floor:,}"),
    )  # fmt: skip


def _clean_topic(base, data: dict) -> dict:
    errors: dict[str, list] = {}
    data = {k: v for k, v in data.items() if k in TOPIC_FIELDS}
    for key in ("title", "fields", "description"):
        if key in data:
            data[key] = (data[key] or "").strip()
    if "title" in data and not data["title"]:
        errors["title"] = [_("请填写课题名称。")]
    term = data.get("term_months")
    if term is not None and not 1 <= int(term) <= 72:
        errors["term_months"] = [_("在站期限应在1至72个月之间。")]
    if data.get("station_id"):
        finding = station_finding(base.pk, data["station_id"])
        if finding:
            errors["station"] = [finding.message]
    if errors:
        raise ValidationError(errors)
    return data


def topic_create(*, actor, base, **fields) -> ResearchTopic:
    assignment = _base_admin(actor, base)
    data = _clean_topic(base, {"term_months": 24, **fields})
    with transaction.atomic():
        topic = ResearchTopic.objects.create(base=base, **data)
        topic_workflow.created(topic, "create", actor=actor, assignment=assignment)
    return topic


def topic_update(*, actor, topic: ResearchTopic, **fields) -> ResearchTopic:
    assignment = _base_admin(actor, topic.base)
    if topic.state != TopicState.DRAFT:
        raise _refuse("topic.not_draft", _("只有草稿状态的课题可以修改。"), ART12)
    data = _clean_topic(topic.base, fields)
    with transaction.atomic():
        locked = ResearchTopic.objects.select_for_update().get(pk=topic.pk)
        if locked.state != TopicState.DRAFT:
            raise _refuse("topic.not_draft", _("只有草稿状态的课题可以修改。"), ART12)
        before = snapshot(locked)
        for key, value in data.items():
            setattr(locked, key, value)
        locked.save()
        audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked


# --- interests -----------------------------------------------------------------------------------------
def interest_rate() -> ratelimit.Rate:
    return ratelimit.rate_setting(INTEREST_RATE_SETTING, INTEREST_RATE_DEFAULT)


def interest_create(
    *, topic: ResearchTopic, name: str, contact: str, message: str = "", uploaded=None,
    client_ip: str | None = None,
) -> TopicInterest:  # fmt: skip
    """Art. 12: a PhD holder expresses interest in a published topic without an account."""
    if client_ip is None:
        return _interest_create(topic, name, contact, message, uploaded)
    rate = interest_rate()
    if not ratelimit.hit(INTEREST_RATE_SCOPE, client_ip, rate):
        text = lazy_format(
            _("提交过于频繁：同一网络地址每%(minutes)s分钟最多提交%(limit)s次，请稍后再试。"),
            minutes=max(1, rate.window // 60),
            limit=rate.limit,
        )
        raise InterestRateLimited([Finding(False, "interest.rate_limited", "", text)])
    try:
        return _interest_create(topic, name, contact, message, uploaded)
    except Exception:
        ratelimit.release(INTEREST_RATE_SCOPE, client_ip)
        raise


def _interest_create(topic, name, contact, message, uploaded) -> TopicInterest:
    if topic.state != TopicState.PUBLISHED:
        raise _refuse("interest.topic_not_published", _("该课题未在发布中，不能提交意向。"), ART12)
    errors: dict[str, list] = {}
    name_check = check_person_name(name or "")
    if not name_check.ok:
        errors["name"] = [name_check.message]
    try:
        contact = clean_contact(contact)
    except ValidationError as e:
        errors.update(e.message_dict)
    cv = stored_upload("cv", uploaded, errors)
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        interest = TopicInterest.objects.create(
            topic=topic, name=normalize_person_name(name), contact=contact,
            message=(message or "").strip(), **cv,
        )  # fmt: skip
        track(interest.cv)
        audit.record(actor=None, subject=interest, action="create", to_state=interest.state,
                     diff=audit.field_diff({}, snapshot(interest), sensitive=INTEREST_SENSITIVE))  # fmt: skip
        interest_workflow.sync_obligations(interest, interest.state)
        from postdoc_base.kernel.notifications import notify

        admins = list(users_with_role(Role.UNIT_ADMIN, topic.base.unit_id))
        title = gettext("收到课题意向：%(topic)s") % {"topic": topic.title}
        body = gettext("有博士提交了对课题“%(topic)s”的意向，请及时联系。") % {"topic": topic.title}
        url = interest.get_absolute_url()
        transaction.on_commit(lambda: notify(admins, title, body, url))
    return interest
