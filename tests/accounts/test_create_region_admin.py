"""The first region administrator of a new installation (issue 9 item 1, docs/deploy.md): created once from
the server's console, audited, refused when one exists, with the same password rules as the console."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.kernel.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Nei-Menggu-2026-Admin"


def _create(monkeypatch, username="region_admin", password=PASSWORD):
    monkeypatch.setenv("POSTDOC_ADMIN_PASSWORD", password)
    out = StringIO()
    call_command(
        "create_region_admin", "--username", username, "--display-name", "自治区管理员", "--email",
        "admin@nmg.example.cn", stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_the_first_region_admin_is_created_audited_and_can_sign_in(monkeypatch, client):
    assert _create(monkeypatch).strip() == "region administrator created: region_admin"
    user = get_user_model().objects.get(username="region_admin")
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "active")) == [
        (Role.REGION_ADMIN, True)
    ]
    events = AuditEvent.objects.filter(actor=None, action__in=["user_create", "assignment_add"])
    assert sorted(events.values_list("action", flat=True)) == ["assignment_add", "user_create"]
    assert "服务器命令创建首位自治区管理员" in events.get(action="user_create").comment
    assert PASSWORD not in str(events.get(action="user_create").diff)
    assert client.login(username="region_admin", password=PASSWORD)
    assert client.get("/admin-console/").status_code == 200


def test_a_second_run_is_refused_and_creates_nothing(monkeypatch):
    _create(monkeypatch)
    with pytest.raises(CommandError) as exc:
        _create(monkeypatch, username="another_admin")
    assert str(exc.value) == "username: 已有自治区管理员：其他账户请由自治区管理员在“系统管理”中创建。"
    assert not get_user_model().objects.filter(username="another_admin").exists()


def test_a_weak_password_is_refused_with_the_console_rules(monkeypatch):
    with pytest.raises(CommandError) as exc:
        _create(monkeypatch, password="12345678")
    assert str(exc.value).startswith("password: ")
    assert get_user_model().objects.count() == 0
    assert AuditEvent.objects.count() == 0
