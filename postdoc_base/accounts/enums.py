from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Who acts in the system (DOMAIN.md, "Who uses the system"); each assignment carries its scope."""

    REGION_ADMIN = "region_admin", _("自治区人社厅管理员")
    BUREAU_OFFICER = "bureau_officer", _("盟市人社局经办人")
    DEPT_OFFICER = "dept_officer", _("主管部门经办人")
    UNIT_ADMIN = "unit_admin", _("单位博士后管理员")
    STATION_CONTACT = "station_contact", _("流动站联系人")
    EXPERT = "expert", _("评审专家")
    POSTDOC = "postdoc", _("博士后研究人员")
    SUPERVISOR = "supervisor", _("合作导师")


# Which scope field each role's assignment must carry.
ROLE_SCOPE_FIELD: dict[str, str | None] = {
    Role.REGION_ADMIN: None,
    Role.BUREAU_OFFICER: "bureau",
    Role.DEPT_OFFICER: "department",
    Role.UNIT_ADMIN: "unit",
    Role.STATION_CONTACT: "station",
    Role.EXPERT: "expert",
    Role.POSTDOC: "postdoc",
    Role.SUPERVISOR: "supervisor",
}


# The kinds of scope an assignment or an obligation carries, derived from the map above: "region" for the
# roles without a scope object, else the scope field's name. Obligations are matched to assignments by it.
ScopeKind = models.TextChoices(
    "ScopeKind",
    [
        ("REGION", "region"),
        *((f.upper(), f) for f in dict.fromkeys(v for v in ROLE_SCOPE_FIELD.values() if v)),
    ],
)


def scope_kind_of(role: str) -> "ScopeKind":
    """The kind of scope ``role`` is held in; ``KeyError`` for a role the map does not know."""
    field = ROLE_SCOPE_FIELD[role]
    return ScopeKind(field) if field else ScopeKind.REGION
