"""Sign-in security per client address (issue 9, item 4; policy in accounts/signin.py): failures from one address
are throttled across accounts on the page and the API alike; one address can neither lock out the region
administrator nor learn which names exist or which accounts are locked."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts import services
from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import ApiToken, User
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent
from tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

INVALID = "用户名或密码不正确，或账户已被暂时锁定，请稍后再试。"
ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.7"


def api(username, password, address=ATTACKER, **extra):
    return Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
        **extra,
    )


def page(username, password, address=ATTACKER, client=None, **extra):
    client = client or Client()
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def api_refusal(message: str) -> dict:
    return {"code": "rate_limited", "message": message, "findings": []}


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def admin():
    return user_with_role(Role.REGION_ADMIN, username="quxi_admin")


# --- layer 1: failures per address, across accounts ----------------------------------------------------
def test_failures_across_accounts_from_one_address_are_refused_with_429_on_the_api(settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = "4/600"
    victims = [UserFactory() for _ in range(3)]
    names = [v.username for v in victims] + ["nobody"]
    assert [api(name, "Guess-2026!").status_code for name in names] == [401, 401, 401, 401]

    fifth = UserFactory()
    response = api(fifth.username, PASSWORD)

    assert response.status_code == 429
    assert response.json() == api_refusal("本网络地址登录失败次数过多（每10分钟最多4次），请稍后再试。")
    assert ApiToken.objects.count() == 0
    # The refused attempt never reached the account, and another address is not affected.
    assert (fresh(fifth).failed_logins, fresh(fifth).failed_addresses) == (0, [])
    assert api(fifth.username, PASSWORD, address=OFFICE).status_code == 200


def test_failures_across_accounts_from_one_address_are_refused_on_the_login_page(settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = "3/900"
    for name in ("nobody", "nobody2", "nobody3"):
        assert page(name, "Guess-2026!").context["form"].errors == {"__all__": [INVALID]}
    user = UserFactory()
    client = Client()

    response = page(user.username, PASSWORD, client=client)

    assert response.status_code == 429
    assert response.context["form"].errors == {
        "__all__": ["本网络地址登录失败次数过多（每15分钟最多3次），请稍后再试。"]
    }
    assert "本网络地址登录失败次数过多（每15分钟最多3次），请稍后再试。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert page(user.username, PASSWORD, address=OFFICE).status_code == 302


def test_the_page_and_the_api_share_one_count_per_address(settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = "4/600"
    page("nobody", "x")
    api("nobody", "x")
    page("nobody2", "x")
    api("nobody2", "x")
    assert page("nobody3", "x").status_code == 429
    assert api("nobody3", "x").status_code == 429


def test_refused_attempts_leave_the_account_and_the_audit_untouched(settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = "1/600"
    user = UserFactory()
    api("nobody", "x")
    events = AuditEvent.objects.count()
    for _ in range(10):
        assert api(user.username, "wrong").status_code == 429
    assert (fresh(user).failed_logins, fresh(user).locked_until, fresh(user).failed_addresses) == (
        0,
        None,
        [],
    )
    assert AuditEvent.objects.count() == events


def test_a_success_gives_back_its_own_attempt_but_does_not_forgive_the_failures(settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = "3/600"
    own = UserFactory()
    api("nobody", "x")
    api("nobody2", "x")
    assert api(own.username, PASSWORD).status_code == 200  # the third attempt, given back
    assert api("nobody3", "x").status_code == 401  # the third failure
    assert api(own.username, PASSWORD).status_code == 429


def test_ipv6_addresses_are_counted_per_64_network(settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = "2/600"
    api("nobody", "x", address="2001:db8:1:2::1")
    api("nobody", "x", address="2001:db8:1:2:ffff::9")
    assert api("nobody", "x", address="2001:db8:1:2::abcd").status_code == 429
    assert api("nobody", "x", address="2001:db8:1:3::1").status_code == 401


def test_behind_a_proxy_the_configured_header_names_the_address(settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = "1/600"
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = "10.0.0.2"
    assert api("nobody", "x", address=proxy, HTTP_X_REAL_IP=ATTACKER).status_code == 401
    assert api("nobody", "x", address=proxy, HTTP_X_REAL_IP=ATTACKER).status_code == 429
    assert api("nobody", "x", address=proxy, HTTP_X_REAL_IP=OFFICE).status_code == 401


# --- layers 2 and 3: an account cannot be locked out from one address ----------------------------------
def test_region_admin_is_not_locked_out_by_failures_from_one_address(admin, settings):
    assert (settings.LOCKOUT_THRESHOLD, settings.LOCKOUT_MINUTES) == (5, 15)
    codes = [api(admin.username, f"Guess-{n}-2026!").status_code for n in range(25)]
    # Five guesses, then the name is refused from there alike (still 401); after 20 failures the address is.
    assert codes == [401] * 20 + [429] * 5
    assert page(admin.username, PASSWORD).status_code == 429

    stored = fresh(admin)
    assert (stored.failed_logins, stored.locked_until, stored.failed_addresses) == (1, None, [ATTACKER])
    assert not AuditEvent.objects.filter(action="locked").exists()
    client = Client()
    assert page(admin.username, PASSWORD, address=OFFICE, client=client).status_code == 302
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert api(admin.username, PASSWORD, address=OFFICE).status_code == 200
    assert fresh(admin).failed_addresses == []


def test_name_refused_from_one_address_after_the_threshold_even_with_the_right_password(admin, settings):
    settings.LOCKOUT_THRESHOLD = 3
    for _ in range(3):
        assert api(admin.username, "wrong").json()["message"] == INVALID
    response = api(admin.username, PASSWORD)
    assert (response.status_code, response.json()["code"], response.json()["message"]) == (
        401,
        "invalid_credentials",
        INVALID,
    )
    assert page(admin.username, PASSWORD).context["form"].errors == {"__all__": [INVALID]}
    assert api(admin.username, PASSWORD, address=OFFICE).status_code == 200


def test_failures_from_threshold_different_addresses_lock_the_account_for_every_address(admin, settings):
    settings.LOCKOUT_THRESHOLD = 3
    settings.LOCKOUT_MINUTES = 15
    before = timezone.now()
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.3"):
        assert api(admin.username, "wrong", address=address).status_code == 401

    stored = fresh(admin)
    assert before + timedelta(minutes=15) <= stored.locked_until <= timezone.now() + timedelta(minutes=15)
    assert (stored.failed_logins, stored.failed_addresses) == (0, [])
    event = AuditEvent.objects.get(action="locked")
    assert (event.actor_id, event.comment) == (None, "10.0.0.1、10.0.0.2、10.0.0.3")
    assert event.diff == {"failed_logins": [3, 0], "locked_until": [None, stored.locked_until.isoformat()]}
    assert verify_chain() == []
    assert api(admin.username, PASSWORD, address=OFFICE).json()["message"] == INVALID
    console = Client()
    console.force_login(user_with_role(Role.REGION_ADMIN))
    history = console.get(reverse("accounts:user_detail", args=[admin.pk])).content.decode()
    assert " · — · 多次登录失败，账户锁定</li>" in history


def test_repeated_failures_from_one_address_count_once_toward_the_lock(admin, settings):
    settings.LOCKOUT_THRESHOLD = 2
    for _ in range(3):
        services.login_failure_record(user=admin, address="10.0.0.1")
    assert (fresh(admin).failed_logins, fresh(admin).locked_until) == (1, None)
    services.login_failure_record(user=admin, address="10.0.0.2")
    assert fresh(admin).locked_until is not None


def test_unknown_names_are_refused_from_an_address_like_known_ones(settings):
    settings.LOCKOUT_THRESHOLD = 2
    settings.LOGIN_ADDRESS_RATE_LIMIT = "100/600"
    user = UserFactory()
    known = [api(user.username, "wrong").json() for _ in range(3)]
    unknown = [api("nobody", "wrong").json() for _ in range(3)]
    assert known == unknown == [{"code": "invalid_credentials", "message": INVALID, "findings": []}] * 3


def test_unlock_lifts_the_refusal_of_the_name_from_every_address(admin, settings):
    settings.LOCKOUT_THRESHOLD = 2
    user = UserFactory()
    for address in ("10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.2"):
        api(user.username, "wrong", address=address)
    until = fresh(user).locked_until
    assert until is not None
    assert api(user.username, PASSWORD, address="10.0.0.1").status_code == 401

    services.user_unlock(actor=admin, user=user)

    assert api(user.username, PASSWORD, address="10.0.0.1").status_code == 200
    assert api(user.username, PASSWORD, address="10.0.0.2").status_code == 200
    assert AuditEvent.objects.get(action="user_unlock").diff == {"locked_until": [until.isoformat(), None]}


# --- one answer ----------------------------------------------------------------------------------------
@pytest.fixture
def cases():
    """A name for each kind of refusal; all but ``wrong`` are tried with their right password."""
    wrong = UserFactory(username="wrong_pw")
    UserFactory(username="locked", locked_until=timezone.now() + timedelta(minutes=10))
    UserFactory(username="inactive", is_active=False)
    return {
        "unknown": PASSWORD,
        wrong.username: "Not-the-password-1",
        "locked": PASSWORD,
        "inactive": PASSWORD,
    }


def test_unknown_wrong_locked_and_inactive_get_the_same_api_answer(cases):
    responses = [api(name, pw) for name, pw in cases.items()]
    assert len({(r.status_code, r.content) for r in responses}) == 1
    assert (responses[0].status_code, responses[0].json()) == (
        401,
        {"code": "invalid_credentials", "message": INVALID, "findings": []},
    )


def test_unknown_wrong_locked_and_inactive_get_the_same_login_page_answer(cases):
    responses = [page(name, pw) for name, pw in cases.items()]
    assert {r.status_code for r in responses} == {200}
    assert [r.context["form"].errors for r in responses] == [{"__all__": [INVALID]}] * 4
    assert all(INVALID in r.content.decode() for r in responses)


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting how many hashes are computed."""

    computed = 0

    def encode(self, password, salt):
        type(self).computed += 1
        return super().encode(password, salt)


def test_every_refusal_spends_one_password_hash_so_timing_tells_nothing(cases, settings):
    settings.LOCKOUT_THRESHOLD = 2
    settings.PASSWORD_HASHERS = ["tests.accounts.test_login_throttle.CountingHasher"]
    UserFactory(username="refused_here")
    for _ in range(2):
        api("refused_here", "wrong")  # the name is now refused from this address
    cases = {**cases, "refused_here": PASSWORD}
    spent = {}
    for name, password in cases.items():
        CountingHasher.computed = 0
        assert api(name, password).status_code == 401
        spent[name] = CountingHasher.computed
    assert spent == dict.fromkeys(cases, 1)
