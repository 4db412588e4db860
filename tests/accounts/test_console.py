"""The administration console pages (/admin-console/) and the own-password page."""

import re
from datetime import date, timedelta
from html import escape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment, User
from postdoc_base.kernel import params
from postdoc_base.kernel.models import AuditEvent, Parameter
from tests.factories import PASSWORD, UnitFactory, UserFactory, bureau, user_with_role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Caoyuan-Xinmima-2026"


@pytest.fixture
def admin():
    return user_with_role(Role.REGION_ADMIN, username="admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def target():
    return UserFactory(username="wuyun", display_name="乌云")


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def assert_same_queries(client, url, django_assert_num_queries, add_rows):
    """The page costs the same number of queries at 1 row and after ``add_rows`` added 19 more; the two
    responses are returned for the caller to check that the rows are on the page."""
    with CaptureQueriesContext(connection) as one:
        at_one_row = client.get(url)
        assert at_one_row.status_code == 200
    at_one = len(one)
    add_rows()
    with django_assert_num_queries(at_one):
        at_twenty_rows = client.get(url)
        assert at_twenty_rows.status_code == 200
    return at_one_row, at_twenty_rows


def table_rows(response) -> list[str]:
    """The rows (``data-testid="row"``) of a console list, as served."""
    return re.findall(r'<tr data-testid="row"[^>]*>(.*?)</tr>', response.content.decode(), re.S)


# --- access ---------------------------------------------------------------------------------------------
CONSOLE_GETS = [
    ("accounts:user_list", False),
    ("accounts:user_create", False),
    ("accounts:user_detail", True),
    ("accounts:user_set_password", True),
    ("accounts:parameter_list", False),
]
CONSOLE_POSTS = [
    ("accounts:user_update", True),
    ("accounts:user_set_active", True),
    ("accounts:user_unlock", True),
    ("accounts:assignment_add", True),
]


def _url(name, needs_pk, user):
    return reverse(name, args=[user.pk]) if needs_pk else reverse(name)


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.BUREAU_OFFICER, lambda: bureau("包头市")),
        (Role.UNIT_ADMIN, UnitFactory),
        (None, lambda: None),
    ],
)
def test_console_pages_are_forbidden_to_everyone_but_the_region_admin(client, target, role, scope):
    user = user_with_role(role, scope()) if role else UserFactory()
    client.force_login(user)
    for name, needs_pk in CONSOLE_GETS:
        assert client.get(_url(name, needs_pk, target)).status_code == 403, name
    before = AuditEvent.objects.count()
    for name, needs_pk in CONSOLE_POSTS:
        assert client.post(_url(name, needs_pk, target), {"active": "0"}).status_code == 403, name
    assert client.post(reverse("accounts:parameter_add", args=[params.MIN_SUPERVISORS])).status_code == 403
    assert AuditEvent.objects.count() == before
    assert fresh(target).is_active


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_console_link_in_the_navbar_only_for_the_region_admin(client, admin):
    link = f'href="{reverse("accounts:user_list")}"'
    client.force_login(admin)
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(user_with_role(Role.BUREAU_OFFICER, bureau("包头市")))
    assert link not in client.get(reverse("home")).content.decode()


def test_post_without_csrf_token_is_refused(admin, target):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    assert response.status_code == 403
    assert fresh(target).is_active


# --- user list ------------------------------------------------------------------------------------------
def test_user_list_shows_roles_and_lock_state(admin_client, target):
    RoleAssignment.objects.create(user=target, role=Role.BUREAU_OFFICER, bureau=bureau("包头市"))
    User.objects.filter(pk=target.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    body = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "盟市人社局经办人·包头市" in body
    assert body.count('data-testid="locked"') == 1
    assert "wuyun" in body and "admin" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "乌云"}, ["wuyun"]),
        ({"q": "BAT"}, ["bateer"]),
        ({"role": Role.BUREAU_OFFICER}, ["bateer", "wuhai"]),
        ({"role": Role.BUREAU_OFFICER, "q": "巴特"}, ["bateer"]),
        ({"role": Role.UNIT_ADMIN}, ["unitman"]),
        ({"bureau": "BAOTOU"}, ["bateer", "unitman"]),
        ({"role": Role.REGION_ADMIN}, ["admin"]),
    ],
)
def test_user_list_search_and_filters(admin_client, target, query, expected):
    user_with_role(Role.BUREAU_OFFICER, bureau("包头市"), username="bateer", display_name="巴特尔")
    user_with_role(Role.UNIT_ADMIN, UnitFactory(bureau=bureau("包头市")), username="unitman")
    user_with_role(Role.BUREAU_OFFICER, bureau("乌海市"), username="wuhai")
    if query.get("bureau") == "BAOTOU":
        query = {"bureau": bureau("包头市").pk}
    page = admin_client.get(reverse("accounts:user_list"), query)
    assert [u.username for u in page.context["page_obj"]] == expected


def test_user_list_is_paginated_by_25(admin_client):
    for i in range(30):
        UserFactory(username=f"u{i:02d}")
    page = admin_client.get(reverse("accounts:user_list"), {"page": 2}).context["page_obj"]
    assert (page.paginator.count, page.paginator.per_page, len(page.object_list)) == (31, 25, 6)


def test_user_list_query_count_does_not_grow(admin_client, django_assert_num_queries):
    User.objects.exclude(username="admin").delete()

    def add_rows():
        for i in range(19):
            user_with_role(Role.BUREAU_OFFICER, bureau("包头市"), username=f"officer{i}")

    one, twenty = assert_same_queries(
        admin_client, reverse("accounts:user_list"), django_assert_num_queries, add_rows
    )
    assert User.objects.count() == 20
    # Each user is a row, by username (ordered), linking to their page; the officers with their role badge.
    for response, users in ((one, ["admin"]), (twenty, ["admin"] + [f"officer{i}" for i in range(19)])):
        users = sorted(users)
        rows = table_rows(response)
        assert len(rows) == len(users)
        for row, username in zip(rows, users, strict=True):
            user = User.objects.get(username=username)
            assert f'<a href="{reverse("accounts:user_detail", args=[user.pk])}">{username}</a>' in row
            roles = RoleAssignment.objects.filter(user=user, active=True).order_by("role", "id")
            assert roles.exists(), username
            assert [escape(str(a)) for a in roles] == re.findall(
                r'<span class="badge text-bg-light border me-1">(.*?)</span>', row
            )


# --- create, edit, activate, password, unlock -----------------------------------------------------------
def test_admin_creates_a_user_through_the_form(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "bateer", "display_name": "巴特尔", "email": "", "phone": "", "password": NEW_PASSWORD},
    )
    user = User.objects.get(username="bateer")
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.check_password(NEW_PASSWORD)


def test_create_form_shows_errors_in_chinese_and_creates_nothing(admin_client, target):
    before = (User.objects.count(), AuditEvent.objects.count())
    url = reverse("accounts:user_create")
    data = {
        "username": "bateer",
        "display_name": "巴特尔",
        "email": "x",
        "phone": "",
        "password": NEW_PASSWORD,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["输入一个有效的 Email 地址。"]}
    assert NEW_PASSWORD not in response.content.decode()
    response = admin_client.post(url, data | {"username": "wuyun", "email": "", "password": "123"})
    assert response.context["form"].errors == {
        "username": ["该用户名已被使用。"],
        "password": ["密码太短，至少需要8个字符。", "该密码过于常见，请换一个。", "密码不能全为数字。"],
    }
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_create_form_reports_weak_password(admin_client):
    response = admin_client.post(
        reverse("accounts:user_create"),
        {"username": "bateer", "display_name": "巴特尔", "email": "", "phone": "", "password": "12345678"},
    )
    assert response.context["form"].errors["password"] == ["该密码过于常见，请换一个。", "密码不能全为数字。"]
    assert not User.objects.filter(username="bateer").exists()


def test_detail_shows_assignments_and_unlock_button_only_when_locked(admin_client, target):
    RoleAssignment.objects.create(user=target, role=Role.BUREAU_OFFICER, bureau=bureau("包头市"))
    url = reverse("accounts:user_detail", args=[target.pk])
    body = admin_client.get(url).content.decode()
    assert "包头市" in body and 'data-testid="unlock"' not in body
    User.objects.filter(pk=target.pk).update(locked_until=timezone.now() + timedelta(minutes=10))
    assert 'data-testid="unlock"' in admin_client.get(url).content.decode()


def test_unlock_button_unlocks_and_the_user_logs_in_again(admin_client, target, settings):
    settings.LOCKOUT_THRESHOLD = 2
    other = Client()
    other.post(reverse("login"), {"username": "wuyun", "password": "wrong"})
    other.post(reverse("login"), {"username": "wuyun", "password": "wrong"})
    response = other.post(reverse("login"), {"username": "wuyun", "password": PASSWORD})
    assert response.status_code == 200  # refused: locked

    response = admin_client.post(reverse("accounts:user_unlock", args=[target.pk]))

    assert response["Location"] == reverse("accounts:user_detail", args=[target.pk])
    assert fresh(target).locked_until is None
    detail = admin_client.get(response["Location"]).content.decode()
    assert " · 解除锁定</li>" in detail
    response = other.post(reverse("login"), {"username": "wuyun", "password": PASSWORD})
    assert response.status_code == 302


def test_deactivate_and_activate_buttons(admin_client, target):
    admin_client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    assert fresh(target).is_active is False
    admin_client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "1"})
    assert fresh(target).is_active is True


def test_deactivating_oneself_is_refused_with_a_message(admin_client, admin):
    response = admin_client.post(
        reverse("accounts:user_set_active", args=[admin.pk]), {"active": "0"}, follow=True
    )
    assert "不能停用自己的账户。" in response.content.decode()
    assert fresh(admin).is_active


def test_update_form_changes_contact_details(admin_client, target):
    response = admin_client.post(
        reverse("accounts:user_update", args=[target.pk]),
        {"display_name": "乌云其其格", "email": "wy@example.org", "phone": "13900000000"},
    )
    assert response.status_code == 302
    target = fresh(target)
    assert (target.display_name, target.email, target.phone, target.is_active) == (
        "乌云其其格", "wy@example.org", "13900000000", True,
    )  # fmt: skip


def test_set_password_page(admin_client, target):
    url = reverse("accounts:user_set_password", args=[target.pk])
    response = admin_client.post(url, {"password": NEW_PASSWORD, "password_again": "different-2026"})
    assert response.context["form"].errors == {"password_again": ["两次输入的密码不一致。"]}
    assert fresh(target).check_password(PASSWORD)
    response = admin_client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302
    assert fresh(target).check_password(NEW_PASSWORD)


def test_admin_resetting_own_password_stays_signed_in(admin_client, admin):
    url = reverse("accounts:user_set_password", args=[admin.pk])
    admin_client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert admin_client.get(reverse("accounts:user_list")).status_code == 200


# --- assignments ----------------------------------------------------------------------------------------
def test_assignment_form_adds_a_unit_admin_by_credit_code(admin_client, target):
    unit = UnitFactory()
    response = admin_client.post(
        reverse("accounts:assignment_add", args=[target.pk]),
        {"role": Role.UNIT_ADMIN, "unit_uscc": unit.uscc},
    )
    assert response.status_code == 302
    assert fresh(target).scope_ids(Role.UNIT_ADMIN) == {unit.pk}


def test_assignment_form_shows_scope_error_and_adds_nothing(admin_client, target):
    response = admin_client.post(
        reverse("accounts:assignment_add", args=[target.pk]),
        {"role": Role.BUREAU_OFFICER, "station": "", "bureau": ""},
    )
    assert response.status_code == 200
    assert response.context["assignment_form"].errors == {"bureau": ["角色“盟市人社局经办人”须指定盟市。"]}
    assert "角色“盟市人社局经办人”须指定盟市。" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=target).exists()


def test_assignment_form_unknown_credit_code(admin_client, target):
    response = admin_client.post(
        reverse("accounts:assignment_add", args=[target.pk]), {"role": Role.UNIT_ADMIN, "unit_uscc": "X" * 18}
    )
    assert response.context["assignment_form"].errors == {
        "unit_uscc": ["名录中没有该统一社会信用代码的单位。"]
    }


def test_deactivate_button_ends_an_assignment(admin_client, target):
    row = RoleAssignment.objects.create(user=target, role=Role.BUREAU_OFFICER, bureau=bureau("包头市"))
    response = admin_client.post(reverse("accounts:assignment_deactivate", args=[row.pk]))
    assert response["Location"] == reverse("accounts:user_detail", args=[target.pk])
    row.refresh_from_db()
    assert row.active is False


# --- parameters -----------------------------------------------------------------------------------------
def test_parameter_list_highlights_the_value_in_force_and_notes_open_numbers(admin_client):
    Parameter.objects.create(
        key=params.SALARY_FLOOR, effective_from=timezone.localdate() + timedelta(days=30),
        value={"amount_yuan": 150000, "period_years": 1}, note="待生效",
    )  # fmt: skip
    response = admin_client.get(reverse("accounts:parameter_list"))
    sections = {s["spec"].key: s for s in response.context["sections"]}
    salary = [
        (i["row"].effective_from, i["in_force"], i["scheduled"])
        for i in sections[params.SALARY_FLOOR]["rows"]
    ]
    today = timezone.localdate()
    assert salary == [
        (date(2024, 1, 1), False, False),
        (date(2026, 1, 1), True, False),
        (today + timedelta(days=30), False, True),
    ]
    body = response.content.decode()
    with_rows = [s for s in response.context["sections"] if s["rows"]]
    assert body.count('data-testid="in-force"') == len(with_rows) >= 3
    assert body.count('data-testid="not-fixed"') == 2  # minimum supervisors and the 公示 period
    assert "办法未规定具体数值" in body
    assert "150,000元 / 1年" in body


def test_parameter_form_adds_a_scheduled_row(admin_client):
    response = admin_client.post(
        reverse("accounts:parameter_add", args=[params.SALARY_FLOOR]),
        {
            f"{params.SALARY_FLOOR}-effective_from": "2027-01-01",
            f"{params.SALARY_FLOOR}-amount_yuan": "150000",
            f"{params.SALARY_FLOOR}-period_years": "1",
            f"{params.SALARY_FLOOR}-note": "2027年C档",
        },
    )
    assert response["Location"] == reverse("accounts:parameter_list")
    row = Parameter.objects.get(key=params.SALARY_FLOOR, effective_from=date(2027, 1, 1))
    assert row.value == {"amount_yuan": 150000, "period_years": 1}
    assert params.establishment_params(date(2027, 1, 1)).salary_floor_annual_yuan == 150000


def test_parameter_form_refuses_a_duplicate_date_and_shows_why(admin_client):
    before = (Parameter.objects.count(), AuditEvent.objects.count())
    key = params.MIN_SUPERVISORS
    response = admin_client.post(
        reverse("accounts:parameter_add", args=[key]),
        {f"{key}-effective_from": "2025-12-15", f"{key}-value": "2", f"{key}-note": "重复"},
    )
    assert response.status_code == 200
    assert "该参数自2025-12-15起已有取值，同一生效日期只能有一条。" in response.content.decode()
    assert (Parameter.objects.count(), AuditEvent.objects.count()) == before


def test_parameter_add_for_an_unknown_key_is_404(admin_client):
    assert admin_client.post(reverse("accounts:parameter_add", args=["nope"])).status_code == 404


def test_parameter_list_query_count_does_not_grow(admin_client, django_assert_num_queries):
    Parameter.objects.all().delete()
    Parameter.objects.create(key=params.MIN_SUPERVISORS, effective_from=date(2020, 1, 1), value=1, note="1")

    def add_rows():
        for i in range(19):
            Parameter.objects.create(
                key=params.MIN_SUPERVISORS, effective_from=date(2021 + i, 1, 1), value=i + 1, note=str(i)
            )

    one, twenty = assert_same_queries(
        admin_client, reverse("accounts:parameter_list"), django_assert_num_queries, add_rows
    )
    assert Parameter.objects.count() == 20
    # The values are rows of the parameter's own section: effective date, value and note, oldest first.
    section = re.compile(rf'data-testid="parameter-{params.MIN_SUPERVISORS}".*?</section>', re.S)
    expected = [("2020-01-01", "1", "1")] + [(f"{2021 + i}-01-01", str(i + 1), str(i)) for i in range(19)]
    for response, values in ((one, expected[:1]), (twenty, expected)):
        assert len(table_rows(response)) == len(values)  # no other parameter has a value
        html = section.search(response.content.decode()).group(0)
        shown = [
            tuple(
                re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[:3]
            )
            for row in re.findall(r'<tr data-testid="row"[^>]*>(.*?)</tr>', html, re.S)
        ]
        assert shown == values


# --- own password ---------------------------------------------------------------------------------------
def test_navbar_name_links_to_password_change(client, target):
    client.force_login(target)
    body = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in body


def test_any_user_changes_their_own_password_and_stays_signed_in(client, target):
    client.force_login(target)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("home")
    assert fresh(target).check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_wrong_old_password_is_shown_and_nothing_changes(client, target):
    client.force_login(target)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert response.context["form"].errors == {"old_password": ["原密码不正确。"]}
    assert fresh(target).check_password(PASSWORD)
