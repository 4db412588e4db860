import pytest
from django.test import Client
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db

WRONG_PASSWORD_TEXT = "用户名或密码不正确"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_shows_product_name(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "内蒙古自治区博士后创新实践基地管理系统" in response.content.decode()


def test_login_with_right_password_goes_to_workbench_with_browser_session(client, region_admin):
    response = login(client, region_admin.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session.get_expire_at_browser_close() is True
    assert client.get(reverse("home")).status_code == 200


def test_login_with_wrong_password_says_so_in_chinese(client, region_admin):
    response = login(client, region_admin.username, "wrong-password")
    assert response.status_code == 200
    assert WRONG_PASSWORD_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_refuses_right_password_after_threshold_failures_from_one_address_with_the_same_answer(
    client, settings, region_admin
):
    # Issue 9 item 4: refused like a locked account, and a locked account is answered like a wrong password.
    settings.LOCKOUT_THRESHOLD = 3
    settings.LOCKOUT_MINUTES = 15
    for _ in range(3):
        assert WRONG_PASSWORD_TEXT in login(client, region_admin.username, "nope").content.decode()

    response = login(client, region_admin.username, PASSWORD)

    assert response.status_code == 200
    assert WRONG_PASSWORD_TEXT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only_and_ends_the_session(client, region_admin):
    client.force_login(region_admin)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_workbench_needs_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_post_without_csrf_token_is_refused():
    user = user_with_role(Role.REGION_ADMIN)
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    client.force_login(user)
    assert client.post(reverse("inbox"), {"all": "1"}).status_code == 403
