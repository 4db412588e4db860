"""Writes for postdocs (Art. 13), co-supervisors (Art. 15) and their accounts; a postdoc's ID number is
encrypted, unique per person and each showing of it audited.

Each takes an explicit ``actor``, runs in a transaction with its audit event and leaves the database unchanged
on refusal."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import ROLE_SCOPE_FIELD, Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.directory.models import Expert
from postdoc_base.kernel import audit, crypto
from postdoc_base.kernel.workflow import snapshot
from postdoc_base.policy.findings import lazy_format
from postdoc_base.policy.identifiers import resident_id_birth_date, resident_id_is_valid
from postdoc_base.policy.tenure import (
    SupervisorFacts,
    SupervisorSide,
    check_dual_supervisors,
    check_person_name,
    normalize_person_name,
)

from ..permissions import _base_admin, _refuse
from ..recruitment.selectors import stations_of_base
from .enums import Gender, IdType, StudyMode
from .models import DEFAULT_NATIONALITY, Postdoc, Supervisor

# Masked in audit diffs: the number, its hash, and the birth date (eight of its digits; issue 9, item 2).
POSTDOC_SENSITIVE = frozenset({"id_number", "id_lookup", "birth_date"})
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


def person_lookup_hash(data: dict) -> str:
    """The keyed hash by which a person is found without decrypting ID numbers (also the postdocs import's key)."""
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
    if Postdoc.objects.filter(id_lookup=person_lookup_hash(data)).exists():
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
        if Postdoc.objects.filter(id_lookup=person_lookup_hash(data)).exclude(pk=locked.pk).exists():
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
    assignment = region_admin_assignment(actor) or _base_admin(actor, postdoc.base)
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
