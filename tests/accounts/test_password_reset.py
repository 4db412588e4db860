"""Password reset (issue 9, item 4): by e-mail link from the login page, with one answer whether or not the
account exists, a one-time expiring link, the password validators, the lockout lifted and everything audited;
and by the region administrator in the console, which lifts the lockout too."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from postdoc_base.accounts import services
from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import ApiToken, User
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent
from tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Caoyuan-Xinmima-2026"
ADDRESS = "198.51.100.7"
SENT = "如果该用户名或电子邮箱对应有效的账户，重设密码的链接已发送到该账户登记的电子邮箱。"
LINK_INVALID = "重设密码的链接无效或已过期（每个链接只能使用一次），请重新申请。"
INVALID_LOGIN = "用户名或密码不正确，或账户已被暂时锁定，请稍后再试。"
SUBJECT = "内蒙古自治区博士后创新实践基地管理系统：重设密码"
LINK = re.compile(r"http://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver/"
    settings.PASSWORD_RESET_TIMEOUT = 3600


@pytest.fixture
def user():
    return UserFactory(username="wuyun", display_name="乌云", email="wuyun@example.org")


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def request_reset(django_capture_on_commit_callbacks):
    """POST the request form with the after-commit mail sent, as in production."""

    def run(identifier, client=None, address=ADDRESS):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or Client()).post(
                reverse("password_reset"), {"identifier": identifier}, REMOTE_ADDR=address
            )

    return run


def link_path(mail) -> str:
    return LINK.search(mail.body).group(1)


def expected_body(path: str) -> str:
    return (
        "乌云：\n\n"
        "有人（希望是您本人）申请重设账户“wuyun”的密码。请在1小时内打开下面的链接设置新密码，链接只能使用一次："
        f"\n\nhttp://testserver{path}\n\n"
        "如果不是您本人申请，请忽略本邮件，您的密码不会改变。\n\n内蒙古自治区博士后创新实践基地管理系统"
    )


def set_password(client, path, password, again=None):
    """Open the mailed link (its token moves into the session) and post the new password."""
    opened = client.get(path)
    assert opened.status_code == 302
    return client.post(opened["Location"], {"password": password, "password_again": again or password})


def lock(user, *addresses):
    User.objects.filter(pk=user.pk).update(
        failed_logins=len(addresses),
        failed_addresses=list(addresses),
        locked_until=timezone.now() + timedelta(minutes=15),
    )


# --- the mail link, end to end -------------------------------------------------------------------------
def test_login_page_links_to_the_reset_page():
    body = Client().get(reverse("login")).content.decode()
    assert f'<a href="{reverse("password_reset")}" data-testid="forgot-password">忘记密码？</a>' in body
    assert Client().get(reverse("password_reset")).status_code == 200


def test_reset_by_mail_link_sets_the_password_once_lifts_the_lock_and_is_audited(
    user, request_reset, mailoutbox, settings
):
    settings.LOCKOUT_THRESHOLD = 2
    for _ in range(3):  # the name is now refused from ADDRESS, and the account locked
        Client().post(reverse("login"), {"username": "wuyun", "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    lock(user, "10.0.0.1", "10.0.0.2")
    _token, raw = ApiToken.issue(user)
    client = Client()

    response = request_reset("wuyun", client=client)

    assert response["Location"] == reverse("password_reset_done")
    done = client.get(response["Location"])
    assert SENT in done.content.decode()
    assert "链接在1小时内有效，只能使用一次。" in done.content.decode()
    [mail] = mailoutbox
    path = link_path(mail)
    assert (mail.to, mail.subject, mail.body) == (["wuyun@example.org"], SUBJECT, expected_body(path))

    response = set_password(client, path, NEW_PASSWORD, again="Caoyuan-Other-2026")
    assert response.context["form"].errors == {"password_again": ["两次输入的密码不一致。"]}
    response = client.post(
        response.request["PATH_INFO"], {"password": "12345678", "password_again": "12345678"}
    )
    assert response.context["form"].errors == {
        "password": ["该密码过于常见，请换一个。", "密码不能全为数字。"]
    }
    response = client.post(
        response.request["PATH_INFO"], {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert response["Location"] == reverse("login")
    assert "密码已重设，请使用新密码登录。" in client.get(reverse("login")).content.decode()
    stored = fresh(user)
    assert stored.check_password(NEW_PASSWORD)
    assert (stored.failed_logins, stored.locked_until, stored.failed_addresses) == (0, None, [])
    assert ApiToken.user_for(raw) is None
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "actor_id", "comment", "diff"))
    assert events[0] == ("password_reset_request", None, ADDRESS, {})
    assert events[-1][:3] == ("password_reset", user.pk, "")
    assert events[-1][3] == {
        "password": ["***", "***"],
        "failed_logins": [2, 0],
        "failed_addresses": [["10.0.0.1", "10.0.0.2"], []],
        "locked_until": [events[-1][3]["locked_until"][0], None],
    }
    assert [e[0] for e in events] == ["password_reset_request", "api_tokens_revoke_all", "password_reset"]
    assert verify_chain() == []
    console = Client()
    console.force_login(user_with_role(Role.REGION_ADMIN))
    history = console.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert " · 乌云 · 通过电子邮件链接重设密码</li>" in history
    assert " · — · 申请通过电子邮件重设密码</li>" in history
    # Signed in with the new password from the address the name had been refused from.
    signed_in = Client()
    response = signed_in.post(
        reverse("login"), {"username": "wuyun", "password": NEW_PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302
    # The link works once.
    again = Client().get(path)
    assert again.status_code == 200
    assert LINK_INVALID in again.content.decode()


def test_reset_by_e_mail_address_ignores_case(user, request_reset, mailoutbox):
    request_reset("WuYun@Example.org")
    assert [m.to for m in mailoutbox] == [["wuyun@example.org"]]


@pytest.mark.parametrize("identifier", ["nobody", "nobody@example.org", "inactive", "nomail", ""])
def test_no_such_account_gets_the_same_answer_and_no_mail(identifier, request_reset, mailoutbox):
    UserFactory(username="inactive", is_active=False)
    UserFactory(username="nomail", email="")
    response = request_reset(identifier)
    if identifier:
        assert response["Location"] == reverse("password_reset_done")
    else:
        assert response.context["form"].errors == {"identifier": ["这个字段是必填项。"]}
    assert mailoutbox == []
    assert not AuditEvent.objects.exists()


def test_link_expires(user, request_reset, mailoutbox, monkeypatch):
    request_reset("wuyun")
    path = link_path(mailoutbox[0])
    later = datetime.now() + timedelta(seconds=3601)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    response = Client().get(path)

    assert response.status_code == 200
    assert LINK_INVALID in response.content.decode()
    assert fresh(user).check_password(PASSWORD)


def test_link_of_one_user_does_not_open_another_users_account(user, request_reset, mailoutbox):
    other = UserFactory(username="bateer")
    request_reset("wuyun")
    token = link_path(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    other_uid = urlsafe_base64_encode(force_bytes(other.pk))
    path = reverse("password_reset_confirm", kwargs={"uidb64": other_uid, "token": token})

    response = Client().get(path)

    assert LINK_INVALID in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.password_reset_complete(user=other, token=token, password=NEW_PASSWORD)
    assert exc.value.messages == [LINK_INVALID]
    assert fresh(other).check_password(PASSWORD)


def test_the_service_checks_the_token_again(user):
    token = default_token_generator.make_token(user)
    services.password_reset_complete(user=user, token=token, password=NEW_PASSWORD)
    for bad in (token, "", "1-2", default_token_generator.make_token(UserFactory())):
        with pytest.raises(ValidationError) as exc:
            services.password_reset_complete(user=fresh(user), token=bad, password="Another-Password-2026")
        assert exc.value.messages == [LINK_INVALID]
    assert fresh(user).check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="password_reset").count() == 1


def test_a_deactivated_user_cannot_use_an_earlier_link(user):
    token = default_token_generator.make_token(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.password_reset_complete(user=fresh(user), token=token, password=NEW_PASSWORD)
    assert exc.value.messages == [LINK_INVALID]


def test_the_link_page_refuses_a_weak_password_through_the_service(user):
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    client = Client()
    response = set_password(client, reverse("password_reset_confirm", args=[uid, token]), "wuyun2026")
    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["密码与用户名过于相似。"]}
    assert fresh(user).check_password(PASSWORD)


# --- throttles on reset requests -----------------------------------------------------------------------
def test_reset_requests_are_throttled_per_address(user, request_reset, mailoutbox, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/3600"
    assert request_reset("nobody").status_code == 302
    assert request_reset("wuyun").status_code == 302

    response = request_reset("wuyun")

    message = "本网络地址申请重设密码过于频繁（每60分钟最多2次），请稍后再试。"
    assert response.status_code == 429
    assert response.context["form"].errors == {"__all__": [message]}
    assert message in response.content.decode()
    assert len(mailoutbox) == 1
    assert request_reset("wuyun", address="10.0.0.1").status_code == 302
    assert len(mailoutbox) == 2


def test_mails_to_one_account_are_limited_without_saying_so(user, request_reset, mailoutbox, settings):
    settings.PASSWORD_RESET_MAIL_RATE_LIMIT = "2/3600"
    responses = [request_reset("wuyun", address=f"10.0.0.{n}") for n in range(1, 5)]
    assert [r["Location"] for r in responses] == [reverse("password_reset_done")] * 4
    assert len(mailoutbox) == 2
    assert AuditEvent.objects.filter(action="password_reset_request").count() == 2


# --- by the region administrator -----------------------------------------------------------------------
def test_region_admin_setting_a_password_lifts_the_lockout_and_is_audited(user, settings):
    settings.LOCKOUT_THRESHOLD = 2
    admin = user_with_role(Role.REGION_ADMIN)
    for _ in range(3):  # the name is refused from ADDRESS
        Client().post(reverse("login"), {"username": "wuyun", "password": "wrong"}, REMOTE_ADDR=ADDRESS)
    lock(user, "10.0.0.1", "10.0.0.2")
    until = fresh(user).locked_until

    services.user_set_password(actor=admin, user=user, password=NEW_PASSWORD)

    stored = fresh(user)
    assert (stored.failed_logins, stored.locked_until, stored.failed_addresses) == (0, None, [])
    event = AuditEvent.objects.get(action="user_set_password")
    assert (event.actor_id, event.role) == (admin.pk, Role.REGION_ADMIN)
    assert event.diff == {
        "password": ["***", "***"],
        "failed_logins": [2, 0],
        "failed_addresses": [["10.0.0.1", "10.0.0.2"], []],
        "locked_until": [until.isoformat(), None],
    }
    response = Client().post(
        reverse("login"), {"username": "wuyun", "password": NEW_PASSWORD}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302


def test_console_password_page_unlocks_a_locked_user(user):
    admin = user_with_role(Role.REGION_ADMIN)
    lock(user, "10.0.0.1")
    client = Client()
    client.force_login(admin)
    url = reverse("accounts:user_set_password", args=[user.pk])

    response = client.post(url, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})

    assert response.status_code == 302
    assert fresh(user).locked_until is None
    body = client.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert 'data-testid="unlock"' not in body
    login = Client().post(reverse("login"), {"username": "wuyun", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert INVALID_LOGIN not in login.content.decode()
