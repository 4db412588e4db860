"""Writes for cooperation agreements (Art. 8), research topics (Arts. 3, 12) and interests.

Each takes an explicit ``actor`` (none for the public interest form), runs in a transaction with its audit
event and leaves the database unchanged on refusal. States change only through the kernel workflows.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import ROLE_SCOPE_FIELD, Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.accounts.selectors import assignment_of, users_with_role
from postdoc_base.directory.models import Expert
from postdoc_base.establishment.notices import clean_contact
from postdoc_base.establishment.uploads import check_upload
from postdoc_base.kernel import audit, crypto, ratelimit
from postdoc_base.kernel.params import establishment_params
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.findings import Finding, lazy_format
from postdoc_base.policy.identifiers import resident_id_birth_date, resident_id_is_valid
from postdoc_base.policy.tenure import (
    SupervisorFacts,
    SupervisorSide,
    check_dual_supervisors,
    check_person_name,
    normalize_person_name,
)

from .enums import Gender, IdType, StudyMode, TopicState
from .models import (
    DEFAULT_NATIONALITY,
    CooperationAgreement,
    Postdoc,
    ResearchTopic,
    Supervisor,
    TopicInterest,
)
from .selectors import stations_of_base
from .workflow import ART8, ART9_5, ART12, interest_workflow, station_finding

INTEREST_RATE_SETTING = "TOPIC_INTEREST_RATE_LIMIT"
INTEREST_RATE_DEFAULT = "5/3600"
INTEREST_RATE_SCOPE = "topic_interest"
INTEREST_SENSITIVE = frozenset({"name", "contact", "cv_name"})
TOPIC_FIELDS = ("kind", "title", "fields", "description", "annual_pay_yuan", "term_months", "station_id")


class InterestRateLimited(TransitionRefused):
    pass


def _refuse(code: str, message, article: str = ART8) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, article, message)])


def _base_admin(actor, base, article: str = ART8):
    assignment = assignment_of(actor, Role.UNIT_ADMIN, unit_id=base.unit_id)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有基地所在单位的博士后管理员可以办理。"), article)
    return assignment


def _attach(uploaded) -> tuple[str, str, object]:
    ext, content_type, digest = check_upload(uploaded)
    original = PurePath(uploaded.name or f"upload.{ext}").name[:200]
    uploaded.name = f"{digest[:16]}.{ext}"
    return original, content_type, uploaded


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
    document = {}
    if uploaded is not None:
        try:
            name, content_type, file = _attach(uploaded)
            document = {"document": file, "document_name": name, "document_type": content_type}
        except ValidationError as e:
            errors["document"] = e.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = CooperationAgreement.objects.create(
            base=base, station=station, starts_on=starts_on, ends_on=ends_on,
            supervisors_offered=supervisors_offered, notes=(notes or "").strip(), **document,
        )  # fmt: skip
        audit.record(actor=actor, subject=agreement, action="create", role=assignment.role,
                     scope=assignment.scope_label, to_state=agreement.state,
                     diff=audit.field_diff({}, snapshot(agreement)))  # fmt: skip
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
        audit.record(actor=actor, subject=topic, action="create", role=assignment.role,
                     scope=assignment.scope_label, to_state=topic.state,
                     diff=audit.field_diff({}, snapshot(topic)))  # fmt: skip
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
    cv = {}
    if uploaded is not None:
        try:
            original, content_type, file = _attach(uploaded)
            cv = {"cv": file, "cv_name": original, "cv_type": content_type}
        except ValidationError as e:
            errors["cv"] = e.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        interest = TopicInterest.objects.create(
            topic=topic, name=normalize_person_name(name), contact=contact,
            message=(message or "").strip(), **cv,
        )  # fmt: skip
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


# --- people: postdocs, supervisors and their accounts ----------------------------------------------------
POSTDOC_SENSITIVE = frozenset({"id_number", "id_lookup"})
POSTDOC_FIELDS = (
    "name", "gender", "birth_date", "id_type", "id_number", "nationality", "phd_institution", "phd_discipline",
    "degree_date", "degree_certificate_number", "foreign_degree_verification", "study_mode",
)  # fmt: skip
SUPERVISOR_FIELDS = ("name", "title", "employer", "side", "station_id", "expert_id", "active")
PASSPORT_PATTERN = re.compile(r"[A-Z0-9]{5,20}")


def _duplicate_person() -> ValidationError:
    return ValidationError({"id_number": [_("该证件号码的博士后研究人员已有记录，不能重复录入。")]})


def _clean_postdoc(data: dict, instance: Postdoc | None = None) -> dict:
    """Checks a postdoc's fields (merged over ``instance``'s); returns the cleaned values to store."""
    current = {k: getattr(instance, k) for k in POSTDOC_FIELDS} if instance else {}
    data = {**current, **{k: v for k, v in data.items() if k in POSTDOC_FIELDS}}
    errors: dict[str, list] = {}
    for key in ("name", "nationality", "phd_institution", "phd_discipline", "degree_certificate_number",
                "foreign_degree_verification"):  # fmt: skip
        data[key] = (data.get(key) or "").strip()
    name = check_person_name(data["name"])
    if not name.ok:
        errors["name"] = [name.message]
    data["name"] = normalize_person_name(data["name"])
    if data.get("gender") not in Gender.values:
        errors["gender"] = [_("请选择性别。")]
    if data.get("study_mode") not in StudyMode.values:
        errors["study_mode"] = [_("请选择在站方式。")]
    for key, message in (
        ("phd_institution", _("请填写博士毕业院校。")),
        ("phd_discipline", _("请填写博士学科。")),
    ):
        if not data[key]:
            errors[key] = [message]
    number = crypto.normalise(data.get("id_number") or "")
    data["id_number"] = number
    birth = data.get("birth_date")
    if not birth:
        errors["birth_date"] = [_("请填写出生日期。")]
    if data.get("id_type") == IdType.RESIDENT_ID:
        data["nationality"] = data["nationality"] or DEFAULT_NATIONALITY
        if not resident_id_is_valid(number):
            errors["id_number"] = [
                _(
                    "居民身份证号码无效（GB 11643-1999）：应为18位，前17位为数字，末位校验码须正确（X 表示10）。"
                )
            ]
        elif birth and resident_id_birth_date(number) != birth:
            errors["birth_date"] = [
                lazy_format(
                    _("出生日期与居民身份证号码中的出生日期（%(date)s）不一致。"),
                    date=resident_id_birth_date(number).isoformat(),
                )
            ]
    elif data.get("id_type") == IdType.PASSPORT:
        if not PASSPORT_PATTERN.fullmatch(number):
            errors["id_number"] = [_("护照号码应为5至20位字母或数字。")]
        if not data["nationality"]:
            errors["nationality"] = [_("持护照的须填写国籍。")]
    else:
        errors["id_type"] = [_("请选择证件类型。")]
    if data.get("degree_date") and birth and data["degree_date"] <= birth:
        errors["degree_date"] = [_("学位授予日期应晚于出生日期。")]
    if errors:
        raise ValidationError(errors)
    return data


def _person_hash(data: dict) -> str:
    field = Postdoc._meta.get_field("id_lookup")
    return field.person_hash(data["id_type"], data["nationality"], data["id_number"])


def _save_person(postdoc: Postdoc) -> None:
    try:
        with transaction.atomic():
            postdoc.save()
    except IntegrityError:  # the same person recorded meanwhile (uniq_postdoc_person)
        raise _duplicate_person() from None


def postdoc_create(*, actor, base, **fields) -> Postdoc:
    """A base's unit administrator records a postdoc; the same person (same ID) is never recorded twice."""
    assignment = _base_admin(actor, base)
    data = _clean_postdoc(fields)
    if Postdoc.objects.filter(id_lookup=_person_hash(data)).exists():
        raise _duplicate_person()
    with transaction.atomic():
        postdoc = Postdoc(base=base, **data)
        _save_person(postdoc)
        audit.record(actor=actor, subject=postdoc, action="create", role=assignment.role,
                     scope=assignment.scope_label,
                     diff=audit.field_diff({}, snapshot(postdoc), sensitive=POSTDOC_SENSITIVE))  # fmt: skip
    return postdoc


def postdoc_update(*, actor, postdoc: Postdoc, **fields) -> Postdoc:
    assignment = _base_admin(actor, postdoc.base)
    with transaction.atomic():
        locked = Postdoc.objects.select_for_update().get(pk=postdoc.pk)
        data = _clean_postdoc(fields, locked)
        if Postdoc.objects.filter(id_lookup=_person_hash(data)).exclude(pk=locked.pk).exists():
            raise _duplicate_person()
        before = snapshot(locked)
        for key, value in data.items():
            setattr(locked, key, value)
        _save_person(locked)
        audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                     scope=assignment.scope_label,
                     diff=audit.field_diff(before, snapshot(locked), sensitive=POSTDOC_SENSITIVE))  # fmt: skip
    return locked


def postdoc_reveal_id(*, actor, postdoc: Postdoc) -> str:
    """The full ID number, for the base's unit administrators and the region administrator; audited."""
    if actor.has_role(Role.REGION_ADMIN):
        assignment = assignment_of(actor, Role.REGION_ADMIN)
    else:
        assignment = _base_admin(actor, postdoc.base)
    with transaction.atomic():
        audit.record(actor=actor, subject=postdoc, action="id_number_viewed", role=assignment.role,
                     scope=assignment.scope_label)  # fmt: skip
    return postdoc.id_number


def _clean_supervisor(base, data: dict, instance: Supervisor | None = None) -> dict:
    current = {k: getattr(instance, k) for k in SUPERVISOR_FIELDS} if instance else {"active": True}
    data = {**current, **{k: v for k, v in data.items() if k in SUPERVISOR_FIELDS}}
    errors: dict[str, list] = {}
    for key in ("name", "title", "employer"):
        data[key] = " ".join((data.get(key) or "").split())
    name = check_person_name(data["name"])
    if not name.ok:
        errors["name"] = [name.message]
    data["name"] = normalize_person_name(data["name"])
    if not data["title"]:
        errors["title"] = [_("请填写职称。")]
    side = data.get("side")
    station = None
    if side == SupervisorSide.STATION:
        if not data.get("station_id"):
            errors["station"] = [_("流动站合作导师须选择合作招收的博士后科研流动站。")]
        else:
            station = stations_of_base(base).filter(pk=data["station_id"]).first()
            if station is None:
                errors["station"] = [_("该流动站与本基地没有生效的合作协议。")]
    elif side == SupervisorSide.BASE:
        data["station_id"] = None
    else:
        errors["side"] = [_("请选择导师类别。")]
    # The supervisor's own record in the expert pool, so an assessment panel knows them (may sit, not chair).
    if data.get("expert_id") and not Expert.objects.filter(pk=data["expert_id"], active=True).exists():
        errors["expert"] = [_("请选择在库的评审专家。")]
    data["expert_id"] = data.get("expert_id") or None
    if side in SupervisorSide.values and "station" not in errors:
        facts = SupervisorFacts(
            side=side, employer=data["employer"], station_university=station.university if station else "",
            base_unit=base.unit.name,
        )  # fmt: skip
        prefix = "art15.station_supervisor" if side == SupervisorSide.STATION else "art15.base_supervisor"
        finding = next(f for f in check_dual_supervisors([facts]) if f.code.startswith(prefix))
        if not finding.ok:
            errors["employer"] = [finding.message]
    if errors:
        raise ValidationError(errors)
    return data


def supervisor_create(*, actor, base, **fields) -> Supervisor:
    """Art. 15: a base-side supervisor works for the base unit, a station-side one for the station's university."""
    assignment = _base_admin(actor, base)
    data = _clean_supervisor(base, fields)
    with transaction.atomic():
        supervisor = Supervisor.objects.create(base=base, **data)
        audit.record(actor=actor, subject=supervisor, action="create", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(supervisor)))  # fmt: skip
    return supervisor


def supervisor_update(*, actor, supervisor: Supervisor, **fields) -> Supervisor:
    assignment = _base_admin(actor, supervisor.base)
    with transaction.atomic():
        locked = Supervisor.objects.select_for_update().get(pk=supervisor.pk)
        data = _clean_supervisor(locked.base, fields, locked)
        before = snapshot(locked)
        for key, value in data.items():
            setattr(locked, key, value)
        locked.save()
        audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked


def _person_account_create(*, actor, person, role: str, username: str, email: str, password: str):
    """An account for a postdoc or supervisor, with a temporary password chosen by the base administrator
    (checked by the password validators); the person changes it after signing in."""
    assignment = _base_admin(actor, person.base)
    User = get_user_model()
    field = ROLE_SCOPE_FIELD[role]
    username = (username or "").strip()
    email = (email or "").strip()
    errors: dict[str, list] = {}
    if RoleAssignment.objects.filter(role=role, active=True, **{field: person}).exists():
        raise _refuse("account.exists", _("该人员已有账号。"), "")
    try:
        User.username_validator(username)
    except ValidationError as exc:
        errors["username"] = exc.messages
    if not username:
        errors["username"] = [_("请填写用户名。")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("该用户名已被使用。")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("请输入有效的电子邮箱。")]
    user = User(username=username, email=email, display_name=person.name)
    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    with transaction.atomic():
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise ValidationError({"username": [_("该用户名已被使用。")]}) from None
        RoleAssignment.objects.create(user=user, role=role, **{field: person})
        audit.record(actor=actor, subject=person, action="account_create", role=assignment.role,
                     scope=assignment.scope_label,
                     diff={"username": [None, username], "role": [None, role]})  # fmt: skip
    return user


def postdoc_account_create(*, actor, postdoc: Postdoc, username: str, email: str, password: str):
    return _person_account_create(
        actor=actor, person=postdoc, role=Role.POSTDOC, username=username, email=email, password=password
    )


def supervisor_account_create(*, actor, supervisor: Supervisor, username: str, email: str, password: str):
    return _person_account_create(
        actor=actor,
        person=supervisor,
        role=Role.SUPERVISOR,
        username=username,
        email=email,
        password=password,
    )


# --- appointments (进基地, Arts. 13-15) -----------------------------------------------------------------
APPOINTMENT_AGREEMENT_FIELDS = (
    "clauses_confirmed", "signed_by", "term_months", "has_major_project", "major_project_note",
    "station_supervisor", "base_supervisor",
)  # fmt: skip


def appointment_create(*, actor, base, postdoc, station, topic=None, term_months: int | None = None):
    """Art. 13(1): the base drafts the tripartite agreement with a postdoc it recorded and a partner station
    that has an active cooperation agreement with it (Art. 8); the contract type follows the unit (Art. 14)."""
    from postdoc_base.policy.tenure import DEFAULT_TERM_MONTHS, contract_type

    from .models import Appointment
    from .workflow import appointment_workflow

    assignment = _base_admin(actor, base)
    if postdoc.base_id != base.pk:
        raise _refuse(
            "appointment.postdoc_not_recorded", _("该博士后研究人员不是由本基地录入的。"), "第十三条"
        )
    finding = station_finding(base.pk, station.pk)
    if finding:
        raise TransitionRefused([finding])
    if topic is not None and topic.base_id != base.pk:
        raise _refuse("appointment.topic_other_base", _("该课题不属于本基地。"), ART12)
    with transaction.atomic():
        appointment = Appointment.objects.create(
            postdoc=postdoc, base=base, station=station, topic=topic,
            contract_type=contract_type(base.unit.nature), term_months=term_months or DEFAULT_TERM_MONTHS,
        )  # fmt: skip
        audit.record(actor=actor, subject=appointment, action="create", role=assignment.role,
                     scope=assignment.scope_label, to_state=appointment.state,
                     diff=audit.field_diff({}, snapshot(appointment)))  # fmt: skip
        appointment_workflow.sync_obligations(appointment, appointment.state)
    return appointment


def appointment_update_agreement(*, actor, appointment, uploaded=None, **fields):
    """Art. 13(1), 14, 15: record the agreement's clauses, signatures, document, term, major project and the
    two supervisors; only while the agreement is being drafted."""
    from postdoc_base.policy.tenure import AgreementClause, Party

    from .enums import AppointmentState
    from .models import Appointment

    assignment = _base_admin(actor, appointment.base)
    if appointment.state != AppointmentState.DRAFTED:
        raise _refuse("appointment.not_drafted", _("三方协议已签署，不能再修改。"), "第十三条第（一）项")
    unknown = set(fields) - set(APPOINTMENT_AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    errors: dict[str, list] = {}
    if "clauses_confirmed" in fields:
        values = list(fields["clauses_confirmed"] or [])
        if set(values) - set(AgreementClause.values):
            errors["clauses_confirmed"] = [_("协议条款选项无效。")]
        fields["clauses_confirmed"] = [c for c in AgreementClause.values if c in values]
    if "signed_by" in fields:
        values = list(fields["signed_by"] or [])
        if set(values) - set(Party.values):
            errors["signed_by"] = [_("签署方选项无效。")]
        fields["signed_by"] = [p for p in Party.values if p in values]
    if "term_months" in fields:
        term = fields["term_months"]
        if term is None or not 1 <= int(term) <= 120:
            errors["term_months"] = [_("在基地期限应在1至120个月之间。")]
    if "major_project_note" in fields:
        fields["major_project_note"] = (fields["major_project_note"] or "").strip()
    for key, side in (
        ("station_supervisor", SupervisorSide.STATION),
        ("base_supervisor", SupervisorSide.BASE),
    ):
        supervisor = fields.get(key)
        if supervisor is not None and (supervisor.base_id != appointment.base_id or supervisor.side != side):
            errors[key] = [_("请选择本基地录入的相应类别的合作导师。")]
    if uploaded is not None:
        try:
            name, content_type, file = _attach(uploaded)
            fields.update(document=file, document_name=name, document_type=content_type)
        except ValidationError as e:
            errors["document"] = e.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.DRAFTED:
            raise _refuse("appointment.not_drafted", _("三方协议已签署，不能再修改。"), "第十三条第（一）项")
        before = snapshot(locked)
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.save()
        audit.record(actor=actor, subject=locked, action="update_agreement", role=assignment.role,
                     scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                     diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked


def entry_complete(*, actor, appointment, entry_date: date):
    """Art. 13(2): the partner station completes the entry on ``entry_date``; the entry filing is then due
    three months later."""
    from .enums import AppointmentState
    from .models import Appointment
    from .workflow import appointment_workflow

    if entry_date is None:
        raise _refuse("art13.2.no_entry_date", _("请填写进基地日期。"), "第十三条第（二）项")
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        assignment = appointment_workflow.require(locked, "complete_entry", actor)
        if locked.state == AppointmentState.SIGNED:
            before = snapshot(locked)
            locked.entry_date = entry_date
            locked.save(update_fields=["entry_date"])
            audit.record(actor=actor, subject=locked, action="set_entry_date", role=assignment.role,
                         scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                         diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
        return appointment_workflow.apply(locked, "complete_entry", actor=actor, batch=True)


# --- withdrawal cases (退出基地, Art. 23) ----------------------------------------------------------------
SYSTEM_ROLE = "system"  # proposed_by_role of a case opened by the rules, not by a person


def withdrawal_proposer(actor, appointment):
    """The assignment under which ``actor`` may propose a withdrawal for ``appointment``: the base's unit
    administrator, the partner station's contact or the region administrator; else None."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return (
        assignment_of(actor, Role.UNIT_ADMIN, unit_id=appointment.base.unit_id)
        or assignment_of(actor, Role.STATION_CONTACT, station_id=appointment.station_id)
        or assignment_of(actor, Role.REGION_ADMIN)
    )


def withdrawal_propose(*, actor, appointment, reason, facts: str, uploaded=None):
    """Art. 23: the base, the station or the region proposes that a postdoc withdraw for one of the ten
    reasons; the region decides. Only for an active appointment, one open case at a time."""
    from postdoc_base.policy.tenure import ART23, WithdrawalReason

    from .enums import ACTIVE_APPOINTMENT_STATES, WithdrawalState
    from .models import Appointment, WithdrawalCase
    from .workflow import withdrawal_workflow

    system = actor is None  # opened by the rules (e.g. the Art. 23(8) dispatch sweep), not by a person
    assignment = None if system else withdrawal_proposer(actor, appointment)
    if assignment is None and not system:
        raise _refuse(
            "kernel.not_permitted",
            _("只有基地所在单位、合作流动站或自治区博士后管理部门可以提出退出基地。"),
            ART23,
        )
    errors: dict[str, list] = {}
    try:
        reason = int(reason)
    except (TypeError, ValueError):
        reason = None
    if reason not in WithdrawalReason.values:
        errors["reason"] = [_("请选择第二十三条规定的退出事由。")]
    facts = (facts or "").strip()
    if not facts:
        errors["facts"] = [_("请填写事实与理由。")]
    evidence = {}
    if uploaded is not None:
        try:
            name, content_type, file = _attach(uploaded)
            evidence = {"evidence": file, "evidence_name": name, "evidence_type": content_type}
        except ValidationError as e:
            errors["evidence"] = e.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state not in ACTIVE_APPOINTMENT_STATES:
            raise _refuse(
                "art23.appointment_not_active",
                _("只有三方协议已签署且尚未退出或出站的博士后研究人员可以提出退出基地。"),
                ART23,
            )
        if WithdrawalCase.objects.filter(appointment=locked, state=WithdrawalState.PROPOSED).exists():
            raise _refuse("art23.case_open", _("该博士后研究人员已有待处理的退出基地案件。"), ART23)
        role = SYSTEM_ROLE if system else assignment.role
        case = WithdrawalCase.objects.create(
            appointment=locked, reason=reason, facts=facts, proposed_by_role=role, **evidence
        )
        audit.record(actor=actor, subject=case, action="propose", role=role,
                     scope="" if system else assignment.scope_label, to_state=case.state,
                     diff=audit.field_diff({}, snapshot(case)))  # fmt: skip
        withdrawal_workflow.sync_obligations(case, case.state)
    return case


# --- dispatches (派出, Art. 16; Art. 23(8)) ---------------------------------------------------------------
ART16 = "第十六条"
DISPATCH_FIELDS = ("destination", "purpose", "place", "planned_start", "planned_return", "notes")


def postdoc_or_base(actor, appointment):
    """The assignment under which ``actor`` acts for the postdoc: the postdoc themself or the base's unit
    administrator; else None (dispatches, Art. 16; extensions, Art. 14; exit materials, Art. 18)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return assignment_of(actor, Role.POSTDOC, postdoc_id=appointment.postdoc_id) or assignment_of(
        actor, Role.UNIT_ADMIN, unit_id=appointment.base.unit_id
    )


def _clean_dispatch(fields: dict) -> dict:
    from postdoc_base.policy.tenure import DispatchDestination, DispatchPurpose

    errors: dict[str, list] = {}
    data = {key: fields.get(key) for key in DISPATCH_FIELDS}
    if data["destination"] not in DispatchDestination.values:
        errors["destination"] = [_("请选择派出地域。")]
    if data["purpose"] not in DispatchPurpose.values:
        errors["purpose"] = [_("请选择派出事由。")]
    data["place"] = (data["place"] or "").strip()
    if not data["place"]:
        errors["place"] = [_("请填写派往单位或地点。")]
    data["notes"] = (data["notes"] or "").strip()
    for key in ("planned_start", "planned_return"):
        if not isinstance(data[key], date):
            errors[key] = [_("请填写日期。")]
    if not errors and data["planned_return"] < data["planned_start"]:
        errors["planned_return"] = [_("计划返回日期不能早于计划派出日期。")]
    if errors:
        raise ValidationError(errors)
    return data


def dispatch_request(*, actor, appointment, **fields):
    """Art. 16: the postdoc or the base's unit administrator requests a dispatch for a postdoc in the base;
    the base approves it."""
    from .enums import AppointmentState
    from .models import Appointment, Dispatch
    from .workflow import dispatch_workflow

    assignment = postdoc_or_base(actor, appointment)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有博士后研究人员本人或基地所在单位可以申请派出。"), ART16)
    data = _clean_dispatch(fields)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.IN_BASE:
            raise _refuse("art16.not_in_base", _("只有在基地的博士后研究人员可以派出。"), ART16)
        dispatch = Dispatch.objects.create(appointment=locked, **data)
        audit.record(actor=actor, subject=dispatch, action="request", role=assignment.role,
                     scope=assignment.scope_label, to_state=dispatch.state,
                     diff=audit.field_diff({}, snapshot(dispatch)))  # fmt: skip
        dispatch_workflow.sync_obligations(dispatch, dispatch.state)
    return dispatch


def dispatch_return_confirm(*, actor, dispatch, returned_on: date):
    """Art. 16: the base confirms that a dispatched postdoc came back on ``returned_on``."""
    from .models import Dispatch
    from .workflow import dispatch_workflow

    if not isinstance(returned_on, date):
        raise _refuse("art16.no_return_date", _("请填写实际返回日期。"), ART16)
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        dispatch_workflow.require(locked, "confirm_return", actor)
        if returned_on < locked.planned_start:
            raise ValidationError({"returned_on": [_("实际返回日期不能早于计划派出日期。")]})
        locked.returned_on = returned_on
        locked.save(update_fields=["returned_on"])
        return dispatch_workflow.apply(locked, "confirm_return", actor=actor, batch=True)


def dispatch_overdue_sweep(today: date | None = None) -> list:
    """Art. 23(8): every approved abroad dispatch not returned and more than 30 days past its planned return
    opens a withdrawal case (reason 8) proposed by the system, unless the appointment already has an open
    case. Idempotent; returns the cases opened."""
    from postdoc_base.policy.tenure import DispatchDestination, WithdrawalReason, check_dispatch_overdue

    from .enums import ACTIVE_APPOINTMENT_STATES, DispatchState, WithdrawalState
    from .models import Dispatch

    today = today or timezone.localdate()
    candidates = (
        Dispatch.objects.select_related("appointment__postdoc", "appointment__base__unit")
        .filter(
            state=DispatchState.APPROVED, destination=DispatchDestination.ABROAD, returned_on__isnull=True,
            appointment__state__in=ACTIVE_APPOINTMENT_STATES,
        )
        .exclude(appointment__withdrawal_cases__state=WithdrawalState.PROPOSED)
        .order_by("planned_return", "id")
    )  # fmt: skip
    opened, seen = [], set()
    for dispatch in candidates:
        finding = check_dispatch_overdue(True, dispatch.planned_return, dispatch.returned_on, today)
        if finding.ok or dispatch.appointment_id in seen:
            continue
        seen.add(dispatch.appointment_id)
        facts = gettext("派出至%(place)s，%(message)s") % {
            "place": dispatch.place,
            "message": finding.message,
        }
        try:
            opened.append(
                withdrawal_propose(
                    actor=None,
                    appointment=dispatch.appointment,
                    reason=WithdrawalReason.ABROAD_OVERDUE,
                    facts=facts,
                )  # fmt: skip
            )
        except TransitionRefused:  # a case was opened meanwhile, or the appointment ended
            continue
    return opened
