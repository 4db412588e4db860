"""Account and parameter services: only the region administrator writes; every write is audited; passwords
never reach the audit log; role scopes are checked per role; parameters are effective-dated."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from postdoc_base.accounts import services
from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment, User
from postdoc_base.accounts.services import NotAllowed
from postdoc_base.kernel import params
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent, Parameter
from postdoc_base.kernel.services import parameter_add
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    ExpertFactory,
    StationFactory,
    UnitFactory,
    UserFactory,
    bureau,
    user_with_role,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Caoyuan-Xinmima-2026"
OTHER_ROLES = [
    Role.BUREAU_OFFICER,
    Role.DEPT_OFFICER,
    Role.UNIT_ADMIN,
    Role.STATION_CONTACT,
    Role.EXPERT,
]


def actor(role):
    scope = {
        Role.REGION_ADMIN: lambda: None,
        Role.BUREAU_OFFICER: lambda: bureau("呼和浩特市"),
        Role.DEPT_OFFICER: DepartmentFactory,
        Role.UNIT_ADMIN: UnitFactory,
        Role.STATION_CONTACT: StationFactory,
        Role.EXPERT: ExpertFactory,
    }
    return user_with_role(role, scope[role]())


@pytest.fixture
def admin():
    return actor(Role.REGION_ADMIN)


@pytest.fixture
def target():
    return UserFactory(username="wuyun", display_name="乌云")


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def state():
    """Everything a refused write must leave unchanged."""
    users = list(
        User.objects.order_by("pk").values_list(
            "pk", "username", "display_name", "email", "phone", "is_active", "password", "failed_logins",
            "locked_until",
        )
    )  # fmt: skip
    assignments = list(RoleAssignment.objects.order_by("pk").values_list("pk", "role", "active"))
    rows = list(Parameter.objects.order_by("pk").values_list("pk", "key", "effective_from", "value"))
    return users, assignments, rows, AuditEvent.objects.count()


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


# --- each service: allowed for the region administrator, refused for every other role ----------------
def calls(target):
    return {
        "user_create": lambda a: services.user_create(
            actor=a, username="bateer", display_name="巴特尔", email="bt@example.org", phone="13800000000",
            password=NEW_PASSWORD,
        ),
        "user_update": lambda a: services.user_update(
            actor=a, user=target, display_name="乌云其其格", email="wy@example.org", phone="", is_active=False
        ),
        "user_set_password": lambda a: services.user_set_password(actor=a, user=target, password=NEW_PASSWORD),
        "user_unlock": lambda a: services.user_unlock(actor=a, user=target),
        "assignment_add": lambda a: services.assignment_add(
            actor=a, user=target, role=Role.BUREAU_OFFICER, bureau=bureau("包头市")
        ),
        "assignment_deactivate": lambda a: services.assignment_deactivate(
            actor=a, assignment=RoleAssignment.objects.create(user=target, role=Role.EXPERT, expert=ExpertFactory())
        ),
        "parameter_add": lambda a: parameter_add(
            actor=a, key=params.MIN_SUPERVISORS, effective_from=date(2027, 1, 1), value=2, note="调整"
        ),
    }  # fmt: skip


SERVICES = [
    "user_create",
    "user_update",
    "user_set_password",
    "user_unlock",
    "assignment_add",
    "assignment_deactivate",
    "parameter_add",
]


@pytest.mark.parametrize("service", SERVICES)
def test_region_admin_may_call_each_service_and_it_is_audited(service, admin, target):
    before = AuditEvent.objects.count()
    calls(target)[service](admin)
    assert AuditEvent.objects.count() == before + 1
    event = last_event()
    assert (event.actor_id, event.action, event.role, event.scope) == (
        admin.pk,
        service,
        Role.REGION_ADMIN,
        "全区",
    )
    assert verify_chain() == []


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("service", SERVICES)
def test_other_roles_are_refused_and_nothing_changes(service, role, target):
    user = actor(role)
    call = calls(target)[service]
    if service == "assignment_deactivate":
        # The row to deactivate exists before the refused call.
        row = RoleAssignment.objects.create(user=target, role=Role.EXPERT, expert=ExpertFactory())

        def call(a):
            return services.assignment_deactivate(actor=a, assignment=row)

    before = state()
    with pytest.raises(NotAllowed) as exc:
        call(user)
    assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
    assert str(exc.value.findings[0].message) == "只有自治区人社厅管理员可以执行此操作。"
    assert state() == before


def test_user_without_any_role_is_refused(target):
    with pytest.raises(NotAllowed):
        services.user_unlock(actor=UserFactory(), user=target)


def test_deactivated_region_admin_is_refused(admin, target):
    User.objects.filter(pk=admin.pk).update(is_active=False)
    admin.is_active = False
    with pytest.raises(NotAllowed):
        services.user_unlock(actor=admin, user=target)


# --- users ----------------------------------------------------------------------------------------------
def test_user_create_makes_an_active_user_who_can_log_in(admin):
    user = services.user_create(
        actor=admin, username="bateer", display_name="巴特尔·朝鲁", email="bt@example.org", phone="13800000000",
        password=NEW_PASSWORD,
    )  # fmt: skip
    user = fresh(user)
    assert (user.username, user.display_name, user.email, user.phone, user.is_active) == (
        "bateer", "巴特尔·朝鲁", "bt@example.org", "13800000000", True,
    )  # fmt: skip
    assert user.check_password(NEW_PASSWORD)
    assert Client().login(username="bateer", password=NEW_PASSWORD)
    event = last_event()
    assert event.diff["username"] == [None, "bateer"]
    assert event.diff["password"] == ["***", "***"]


def test_user_create_refuses_a_taken_username_in_any_case(admin, target):
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin, username="WUYUN", display_name="乌云", email="", phone="", password=NEW_PASSWORD
        )
    assert exc.value.message_dict == {"username": ["该用户名已被使用。"]}
    assert state() == before


def test_user_create_refuses_a_weak_password_in_chinese(admin):
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin, username="bateer", display_name="巴特尔", email="", phone="", password="12345678"
        )
    assert exc.value.message_dict == {"password": ["该密码过于常见，请换一个。", "密码不能全为数字。"]}
    assert state() == before


def test_user_create_refuses_a_blank_name_and_a_bad_email(admin):
    with pytest.raises(ValidationError) as exc:
        services.user_create(
            actor=admin,
            username="bateer",
            display_name=" ",
            email="not-mail",
            phone="",
            password=NEW_PASSWORD,
        )
    assert exc.value.message_dict == {
        "display_name": ["请填写姓名。"],
        "email": ["请输入有效的电子邮箱地址。"],
    }
    assert not User.objects.filter(username="bateer").exists()


@pytest.mark.parametrize("service", ["user_create", "user_set_password", "own_password_change"])
def test_password_never_appears_in_the_audit_diff(service, admin, target):
    if service == "user_create":
        user = services.user_create(
            actor=admin, username="bateer", display_name="巴特尔", email="", phone="", password=NEW_PASSWORD
        )
    elif service == "user_set_password":
        user = services.user_set_password(actor=admin, user=target, password=NEW_PASSWORD)
    else:
        user = services.own_password_change(actor=target, old_password=PASSWORD, new_password=NEW_PASSWORD)
    user = fresh(user)
    text = json.dumps(
        list(AuditEvent.objects.values_list("diff", "comment", "subject_label")), ensure_ascii=False
    )
    assert NEW_PASSWORD not in text
    assert user.password not in text
    assert user.password.split("$")[-1] not in text
    assert last_event().diff["password"] == ["***", "***"]


def test_user_update_changes_contact_and_audits_only_what_changed(admin, target):
    services.user_update(
        actor=admin, user=target, display_name="乌云其其格", email="wy@example.org", phone="", is_active=True
    )
    assert (fresh(target).display_name, fresh(target).email) == ("乌云其其格", "wy@example.org")
    assert last_event().diff == {
        "display_name": ["乌云", "乌云其其格"],
        "email": ["wuyun@example.org", "wy@example.org"],
    }


def test_deactivated_user_cannot_log_in_and_is_kept(admin, target):
    services.user_update(actor=admin, user=target, display_name="乌云", email="", phone="", is_active=False)
    assert fresh(target).is_active is False
    assert not Client().login(username="wuyun", password=PASSWORD)
    services.user_update(actor=admin, user=target, display_name="乌云", email="", phone="", is_active=True)
    assert Client().login(username="wuyun", password=PASSWORD)


def test_region_admin_cannot_deactivate_themself(admin):
    before = state()
    with pytest.raises(NotAllowed) as exc:
        services.user_update(
            actor=admin, user=admin, display_name="管理员", email="", phone="", is_active=False
        )
    assert str(exc.value.findings[0].message) == "不能停用自己的账户。"
    assert state() == before


def test_user_set_password_replaces_the_password(admin, target):
    services.user_set_password(actor=admin, user=target, password=NEW_PASSWORD)
    assert fresh(target).check_password(NEW_PASSWORD)
    assert not fresh(target).check_password(PASSWORD)


def test_user_set_password_refuses_a_password_like_the_username(admin, target):
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.user_set_password(actor=admin, user=target, password="wuyun2026")
    assert exc.value.message_dict == {"password": ["密码与用户名过于相似。"]}
    assert state() == before


def test_unlock_lets_a_locked_user_log_in_again(admin, target, settings):
    settings.LOCKOUT_THRESHOLD = 2
    client = Client()
    for _ in range(2):
        assert not client.login(username="wuyun", password="wrong")
    assert fresh(target).locked_until is not None
    assert not client.login(username="wuyun", password=PASSWORD)

    services.user_unlock(actor=admin, user=target)

    assert (fresh(target).failed_logins, fresh(target).locked_until) == (0, None)
    assert client.login(username="wuyun", password=PASSWORD)
    assert list(last_event().diff) == ["locked_until"]


def test_unlock_resets_the_failure_counter(admin, target):
    User.objects.filter(pk=target.pk).update(failed_logins=3)
    services.user_unlock(actor=admin, user=target)
    assert fresh(target).failed_logins == 0
    assert last_event().diff == {"failed_logins": [3, 0]}


# --- own password ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [None, *OTHER_ROLES, Role.REGION_ADMIN])
def test_every_user_may_change_their_own_password(role):
    user = actor(role) if role else UserFactory()
    services.own_password_change(actor=user, old_password=PASSWORD, new_password=NEW_PASSWORD)
    assert fresh(user).check_password(NEW_PASSWORD)
    event = last_event()
    assert (event.actor_id, event.subject_id, event.action) == (user.pk, str(user.pk), "own_password_change")


def test_own_password_change_needs_the_old_password(target):
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.own_password_change(actor=target, old_password="wrong", new_password=NEW_PASSWORD)
    assert exc.value.message_dict == {"old_password": ["原密码不正确。"]}
    assert state() == before


def test_own_password_change_refuses_a_weak_or_unchanged_password(target):
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.own_password_change(actor=target, old_password=PASSWORD, new_password="abc12")
    assert exc.value.message_dict == {"new_password": ["密码太短，至少需要8个字符。"]}
    with pytest.raises(ValidationError) as exc:
        services.own_password_change(actor=target, old_password=PASSWORD, new_password=PASSWORD)
    assert exc.value.message_dict == {"new_password": ["新密码不能与原密码相同。"]}
    assert state() == before


# --- role assignments -----------------------------------------------------------------------------------
SCOPE_FACTORIES = {
    "bureau": lambda: bureau("包头市"),
    "department": DepartmentFactory,
    "unit": UnitFactory,
    "station": StationFactory,
    "expert": ExpertFactory,
}
SCOPE_NAMES = {
    "bureau": "盟市",
    "department": "主管部门",
    "unit": "单位",
    "station": "流动站",
    "expert": "专家",
}
ROLE_SCOPE = [
    (Role.REGION_ADMIN, None),
    (Role.BUREAU_OFFICER, "bureau"),
    (Role.DEPT_OFFICER, "department"),
    (Role.UNIT_ADMIN, "unit"),
    (Role.STATION_CONTACT, "station"),
    (Role.EXPERT, "expert"),
]


@pytest.mark.parametrize(("role", "field"), ROLE_SCOPE)
def test_assignment_with_the_scope_its_role_needs_is_added(role, field, admin, target):
    scope = {field: SCOPE_FACTORIES[field]()} if field else {}
    row = services.assignment_add(actor=admin, user=target, role=role, **scope)
    assert (row.role, row.active, row.scope) == (role, True, scope.get(field))
    assert fresh(target).has_role(role)
    assert last_event().diff["role"] == [None, role]


@pytest.mark.parametrize(("role", "field"), [r for r in ROLE_SCOPE if r[1]])
def test_assignment_without_its_scope_is_refused(role, field, admin, target):
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.assignment_add(actor=admin, user=target, role=role)
    assert exc.value.message_dict == {field: [f"角色“{Role(role).label}”须指定{SCOPE_NAMES[field]}。"]}
    assert state() == before


@pytest.mark.parametrize(("role", "field"), ROLE_SCOPE)
def test_assignment_with_a_scope_its_role_does_not_take_is_refused(role, field, admin, target):
    wrong = "station" if field != "station" else "bureau"
    scope = {wrong: SCOPE_FACTORIES[wrong]()}
    if field:
        scope[field] = SCOPE_FACTORIES[field]()
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.assignment_add(actor=admin, user=target, role=role, **scope)
    assert exc.value.message_dict == {wrong: [f"角色“{Role(role).label}”不能指定{SCOPE_NAMES[wrong]}。"]}
    assert state() == before


def test_unknown_role_is_refused(admin, target):
    with pytest.raises(ValidationError) as exc:
        services.assignment_add(actor=admin, user=target, role="superuser")
    assert exc.value.message_dict == {"role": ["未知的角色。"]}


def test_duplicate_active_assignment_is_refused_but_another_scope_is_fine(admin, target):
    services.assignment_add(actor=admin, user=target, role=Role.BUREAU_OFFICER, bureau=bureau("包头市"))
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.assignment_add(actor=admin, user=target, role=Role.BUREAU_OFFICER, bureau=bureau("包头市"))
    assert exc.value.message_dict == {"role": ["该用户已有相同范围的此角色授权。"]}
    assert state() == before
    services.assignment_add(actor=admin, user=target, role=Role.BUREAU_OFFICER, bureau=bureau("乌海市"))
    assert fresh(target).scope_ids(Role.BUREAU_OFFICER) == {bureau("包头市").pk, bureau("乌海市").pk}


def test_a_deactivated_assignment_can_be_given_again(admin, target):
    row = services.assignment_add(actor=admin, user=target, role=Role.REGION_ADMIN)
    services.assignment_deactivate(actor=admin, assignment=row)
    assert not fresh(target).is_region_admin
    services.assignment_add(actor=admin, user=target, role=Role.REGION_ADMIN)
    assert fresh(target).is_region_admin
    assert RoleAssignment.objects.filter(user=target).count() == 2


def test_deactivate_keeps_the_row_and_removes_the_role(admin, target):
    row = services.assignment_add(actor=admin, user=target, role=Role.BUREAU_OFFICER, bureau=bureau("包头市"))
    services.assignment_deactivate(actor=admin, assignment=row)
    row.refresh_from_db()
    assert row.active is False
    assert not fresh(target).has_role(Role.BUREAU_OFFICER)
    event = last_event()
    assert (event.diff, event.comment) == ({"active": [True, False]}, "wuyun")


def test_deactivating_twice_is_refused(admin, target):
    row = services.assignment_add(actor=admin, user=target, role=Role.EXPERT, expert=ExpertFactory())
    services.assignment_deactivate(actor=admin, assignment=row)
    before = state()
    with pytest.raises(ValidationError) as exc:
        services.assignment_deactivate(actor=admin, assignment=row)
    assert exc.value.messages == ["该授权已经撤销。"]
    assert state() == before


def test_region_admin_cannot_remove_their_own_admin_role(admin):
    [row] = admin.assignments
    before = state()
    with pytest.raises(NotAllowed):
        services.assignment_deactivate(actor=admin, assignment=row)
    assert state() == before


# --- parameters -----------------------------------------------------------------------------------------
def test_salary_floor_added_from_a_date_is_in_force_from_that_date(admin):
    d = date(2027, 1, 1)
    old = params.establishment_params(d - timedelta(days=1)).salary_floor_annual_yuan
    assert old == 120000
    parameter_add(
        actor=admin, key=params.SALARY_FLOOR, effective_from=d,
        value={"amount_yuan": 150000, "period_years": 1}, note="2027年C档",
    )  # fmt: skip
    assert params.establishment_params(d).salary_floor_annual_yuan == 150000
    assert params.establishment_params(d - timedelta(days=1)).salary_floor_annual_yuan == old
    assert params.establishment_params(d + timedelta(days=400)).salary_floor_annual_yuan == 150000
    event = last_event()
    assert (event.subject_type, event.action) == ("kernel.parameter", "parameter_add")
    assert event.diff["value"] == [None, {"amount_yuan": 150000, "period_years": 1}]


def test_integer_parameters_take_effect_from_their_date(admin):
    today = timezone.localdate()
    parameter_add(actor=admin, key=params.MIN_SUPERVISORS, effective_from=today, value=3, note="提高要求")
    parameter_add(actor=admin, key=params.REAPPLICATION_BAN_YEARS, effective_from=today, value=0, note="试行")
    now = params.establishment_params(today)
    assert (now.min_supervising_researchers, now.reapplication_ban_years) == (3, 0)
    before = params.establishment_params(today - timedelta(days=1))
    assert (before.min_supervising_researchers, before.reapplication_ban_years) == (1, 3)


def test_second_row_for_the_same_key_and_date_is_refused(admin):
    before = state()
    with pytest.raises(ValidationError) as exc:
        parameter_add(
            actor=admin, key=params.SALARY_FLOOR, effective_from=date(2026, 1, 1),
            value={"amount_yuan": 130000, "period_years": 1}, note="重复",
        )  # fmt: skip
    assert exc.value.message_dict == {
        "effective_from": ["该参数自2026-01-01起已有取值，同一生效日期只能有一条。"]
    }
    assert state() == before


@pytest.mark.parametrize(
    ("key", "value", "errors"),
    [
        (params.SALARY_FLOOR, {"amount_yuan": 0, "period_years": 1}, {"amount_yuan": ["金额须为大于0的整数（元）。"]}),
        (params.SALARY_FLOOR, {"amount_yuan": 1000, "period_years": 0}, {"period_years": ["期限须为不小于1的整数（年）。"]}),
        (params.SALARY_FLOOR, {"amount_yuan": 1.5, "period_years": 1}, {"amount_yuan": ["金额须为大于0的整数（元）。"]}),
        (params.SALARY_FLOOR, {"amount_yuan": 1000}, {"value": ["薪酬下限须包含金额（元）和期限（年）。"]}),
        (params.SALARY_FLOOR, 120000, {"value": ["薪酬下限须包含金额（元）和期限（年）。"]}),
        (params.MIN_SUPERVISORS, 0, {"value": ["取值须为不小于1的整数。"]}),
        (params.MIN_SUPERVISORS, True, {"value": ["取值须为不小于1的整数。"]}),
        (params.REAPPLICATION_BAN_YEARS, -1, {"value": ["取值须为不小于0的整数。"]}),
        (params.REAPPLICATION_BAN_YEARS, "3", {"value": ["取值须为不小于0的整数。"]}),
        ("unknown_key", 1, {"key": ["未知的参数。"]}),
    ],
)  # fmt: skip
def test_parameter_value_of_the_wrong_shape_is_refused(key, value, errors, admin):
    before = state()
    with pytest.raises(ValidationError) as exc:
        parameter_add(actor=admin, key=key, effective_from=date(2030, 1, 1), value=value, note="说明")
    assert exc.value.message_dict == errors
    assert state() == before


def test_notice_period_can_be_scheduled(admin):
    parameter_add(
        actor=admin, key="notice_working_days", effective_from=date(2030, 1, 1), value=7, note="延长公示期"
    )
    assert params.value_at("notice_working_days", date(2030, 1, 1)) == 7
    assert params.value_at("notice_working_days", date(2029, 12, 31)) == 5
    with pytest.raises(ValidationError):
        parameter_add(
            actor=admin, key="notice_working_days", effective_from=date(2031, 1, 1), value=0, note="无效"
        )


def test_parameter_needs_a_note(admin):
    with pytest.raises(ValidationError) as exc:
        parameter_add(
            actor=admin, key=params.MIN_SUPERVISORS, effective_from=date(2030, 1, 1), value=2, note=" "
        )
    assert exc.value.message_dict == {"note": ["请填写说明，例如所依据的文件。"]}
