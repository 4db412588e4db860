"""Set-up for postdoc and supervisor records and their accounts (issue 4, people)."""

from __future__ import annotations

from datetime import date

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.tenure.people.models import Postdoc, Supervisor

from . import UserFactory

# Valid resident ID numbers (GB 11643-1999 check digits), with their embedded birth dates.
ID_1990 = "150102199003071237"
ID_1988 = "150204198805120014"
ID_1985 = "150102198501010029"
ID_X = "15010219910615107X"  # check character X (10)
ID_X2 = "15010219930808002X"


def birth_of(number: str) -> date:
    number = number.strip()
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def postdoc_fields(number: str = ID_1990, **kwargs) -> dict:
    return {
        "name": "张晓明", "gender": "male", "birth_date": birth_of(number), "id_type": "resident_id",
        "id_number": number, "nationality": "中国", "phd_institution": "内蒙古大学", "phd_discipline": "生物学",
        "degree_date": date(2025, 6, 30), "degree_certificate_number": "1012632025000123",
        "study_mode": "full_time", **kwargs,
    }  # fmt: skip


def make_postdoc(base, number: str = ID_1990, **kwargs) -> Postdoc:
    return Postdoc.objects.create(base=base, **postdoc_fields(number, **kwargs))


def make_supervisor(base, **kwargs) -> Supervisor:
    fields = {"name": "王建国", "title": "正高级工程师", "employer": base.unit.name, "side": "base", **kwargs}
    return Supervisor.objects.create(base=base, **fields)


def postdoc_user(postdoc: Postdoc, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=Role.POSTDOC, postdoc=postdoc)
    return user


def supervisor_user(supervisor: Supervisor, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=Role.SUPERVISOR, supervisor=supervisor)
    return user
