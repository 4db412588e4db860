"""Writes for the registry. Every write validates, runs in a transaction and records its audit event.

Units: the unified social credit code must pass its check character (GB 32100-2015); central-in-region
and region-level units need a competent department and local and central-in-region units a bureau, since
that is how their applications are routed (第十一条第（一）项 / Art. 11(1)).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.kernel import audit
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.establishment import check_route_prerequisites
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.identifiers import check_uscc, normalize_uscc

from .models import CompetentDepartment, Expert, MobileStation, Unit
from .permissions import UNIT_SELF_SERVICE_FIELDS, bureau_assignment, unit_write_assignment

ART11_1 = "第十一条第（一）项"

# Art. 11(1) route prerequisites (policy ``check_route_prerequisites``) as errors on the registry form's fields.
_ROUTE_FIELD_ERRORS = {
    "art11.1.department_missing": (
        "department",
        _("中央驻区单位和自治区本级单位须填写主管部门（第十一条第（一）项）。"),
    ),
    "art11.1.bureau_missing": ("bureau", _("地方单位和中央驻区单位须填写注册地盟市（第十一条第（一）项）。")),
}

UNIT_FIELDS = (
    "name", "uscc", "bureau", "nature", "industry", "affiliation", "department", "independent_legal_person",
    "has_mobile_station", "has_workstation", "address", "contact_name", "contact_phone",
)  # fmt: skip
DEPARTMENT_FIELDS = ("name", "code")
STATION_FIELDS = ("university", "discipline", "discipline_code", "in_region")
EXPERT_FIELDS = ("name", "field", "title", "employer", "declared_conflicts", "active")


class NotAllowed(TransitionRefused):
    """A registry write the actor may not make; carries findings like a refused transition."""


def _refuse(message) -> NotAllowed:
    return NotAllowed([Finding(False, "kernel.not_permitted", "", message)])


def _normalise_keys(fields: dict, allowed: tuple[str, ...]) -> dict:
    """Accept both ``bureau`` and ``bureau_id`` style keys; refuse unknown ones (a programming error)."""
    out = {}
    for key, value in fields.items():
        name = key[:-3] if key.endswith("_id") and key[:-3] in allowed else key
        if name not in allowed:
            raise TypeError(f"unknown field {key!r}")
        out[key] = value
    return out


def _changed_names(fields: dict) -> set[str]:
    return {k[:-3] if k.endswith("_id") else k for k in fields}


def _assign(obj: models.Model, fields: dict) -> None:
    for key, value in fields.items():
        setattr(obj, key, value)


def _clean(obj: models.Model) -> None:
    """Model validation (lengths, choices, uniqueness) with the models' Chinese messages."""
    obj.full_clean()


def _save(obj: models.Model) -> None:
    """Save; a uniqueness race lost after ``full_clean`` is still a validation error, not a 500."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationError(_("已存在相同的记录。")) from None


def _validate_unit(unit: Unit) -> None:
    errors: dict[str, list] = {}
    unit.uscc = normalize_uscc(unit.uscc or "")
    finding = check_uscc(unit.uscc)
    if not finding.ok:
        errors["uscc"] = [str(finding.message)]
    for found in check_route_prerequisites(
        unit.affiliation, has_bureau=bool(unit.bureau_id), has_department=bool(unit.department_id)
    ):
        field, message = _ROUTE_FIELD_ERRORS[found.code]
        errors[field] = [str(message)]
    try:
        _clean(unit)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    if errors:
        raise ValidationError(errors)


# --- units ---------------------------------------------------------------------------------------------
def unit_create(*, actor, **fields) -> Unit:
    """Register a unit. Region: any; bureau officer: only in their own bureau (Art. 6)."""
    fields = _normalise_keys(fields, UNIT_FIELDS)
    unit = Unit()
    _assign(unit, fields)
    assignment = region_admin_assignment(actor) or bureau_assignment(actor, unit.bureau_id)
    if assignment is None:
        raise _refuse(_("只有自治区人社厅或单位注册地盟市人社局可以登记单位。"))
    _validate_unit(unit)
    with transaction.atomic():
        _save(unit)
        audit.record(actor=actor, subject=unit, action="create", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(unit)))  # fmt: skip
    return unit


def unit_update(*, actor, unit: Unit, **fields) -> Unit:
    """Change a unit. A bureau officer may neither edit other bureaus' units nor move a unit out of their
    bureau; a unit administrator may change only the contact details and address of their own unit."""
    fields = _normalise_keys(fields, UNIT_FIELDS)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(locked)
        changed = {n for n in _changed_names(fields) if _current(locked, n) != _value_id(fields, n)}
        assignment = unit_write_assignment(actor, locked, changed)
        if assignment is None:
            if unit_write_assignment(actor, locked, UNIT_SELF_SERVICE_FIELDS) is not None:
                raise _refuse(_("单位管理员只能修改本单位的联系人、联系电话和地址。"))
            raise _refuse(_("您没有修改该单位信息的权限。"))
        _assign(locked, fields)
        if assignment.role == Role.BUREAU_OFFICER and bureau_assignment(actor, locked.bureau_id) is None:
            raise _refuse(_("盟市人社局不能把单位移出本盟市。"))
        _validate_unit(locked)
        _save(locked)
        audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked


def unit_base_left_register(
    *, actor, assignment, unit: Unit, base_revoked_on=None, has_workstation=None
) -> Unit:
    """Art. 24: what the unit's record keeps when its base leaves the register, written by the oversight step
    that took it (in that step's transaction, under its assignment): the day the filing was revoked (the
    establishment rules bar reapplying for 3 years from it), or that the unit now has a postdoc workstation
    (Art. 2: such a unit no longer applies for a base). One audited write of the unit."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(locked)
    if base_revoked_on is not None:
        locked.base_revoked_on = base_revoked_on
    if has_workstation is not None:
        locked.has_workstation = has_workstation
    locked.save(update_fields=["base_revoked_on", "has_workstation"])
    audit.record(actor=actor, subject=locked, action="base_left_register", role=assignment.role,
                 scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked


def _current(unit: Unit, name: str):
    return getattr(unit, f"{name}_id") if name in ("bureau", "department") else getattr(unit, name)


def _value_id(fields: dict, name: str):
    """The new value of ``name`` in comparable form (foreign keys as ids)."""
    if name in ("bureau", "department"):
        if f"{name}_id" in fields:
            return fields[f"{name}_id"]
        value = fields.get(name)
        return value.pk if value is not None else None
    return fields.get(name)


# --- departments, stations, experts (the region's registry, Art. 5) ----------------------------------
def _region_create(actor, model, allowed, fields, message):
    fields = _normalise_keys(fields, allowed)
    assignment = region_admin_assignment(actor)
    if assignment is None:
        raise _refuse(message)
    obj = model()
    _assign(obj, fields)
    _clean(obj)
    with transaction.atomic():
        _save(obj)
        audit.record(actor=actor, subject=obj, action="create", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(obj)))  # fmt: skip
    return obj


def _region_update(actor, obj, allowed, fields, message):
    fields = _normalise_keys(fields, allowed)
    assignment = region_admin_assignment(actor)
    if assignment is None:
        raise _refuse(message)
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        before = snapshot(locked)
        _assign(locked, fields)
        _clean(locked)
        _save(locked)
        audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked


_DEPT_REFUSED = _("只有自治区人社厅可以维护主管部门。")
_STATION_REFUSED = _("只有自治区人社厅可以维护博士后科研流动站。")
_EXPERT_REFUSED = _("只有自治区人社厅可以维护评审专家库。")


def department_create(*, actor, **fields) -> CompetentDepartment:
    return _region_create(actor, CompetentDepartment, DEPARTMENT_FIELDS, fields, _DEPT_REFUSED)


def department_update(*, actor, department: CompetentDepartment, **fields) -> CompetentDepartment:
    return _region_update(actor, department, DEPARTMENT_FIELDS, fields, _DEPT_REFUSED)


def station_create(*, actor, **fields) -> MobileStation:
    return _region_create(actor, MobileStation, STATION_FIELDS, fields, _STATION_REFUSED)


def station_update(*, actor, station: MobileStation, **fields) -> MobileStation:
    return _region_update(actor, station, STATION_FIELDS, fields, _STATION_REFUSED)


def expert_create(*, actor, **fields) -> Expert:
    return _region_create(actor, Expert, EXPERT_FIELDS, fields, _EXPERT_REFUSED)


def expert_update(*, actor, expert: Expert, **fields) -> Expert:
    return _region_update(actor, expert, EXPERT_FIELDS, fields, _EXPERT_REFUSED)
