"""Login security (lockout), password rules, API tokens and the role-scope constraint."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from postdoc_base.accounts.backends import LockoutModelBackend
from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import ApiToken, RoleAssignment, User
from tests.factories import PASSWORD, UnitFactory, UserFactory, bureau, user_with_role
from tests.factories.world import fast_passwords

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


@pytest.fixture
def user():
    return UserFactory(username="bateer")


def _login(username="bateer", password=PASSWORD, request=None):
    return LockoutModelBackend().authenticate(request, username=username, password=password)


def _reload(user) -> User:
    return User.objects.get(pk=user.pk)


def test_correct_password_logs_in(user):
    assert _login() == user


def test_login_through_the_configured_backends(user):
    assert authenticate(None, username="bateer", password=PASSWORD) == user
    assert authenticate(None, username="bateer", password="wrong-password") is None


def test_unknown_user_gets_none_and_nothing_is_written(user):
    assert _login(username="nobody") is None
    assert User.objects.count() == 1


def test_missing_credentials_get_none(user):
    assert LockoutModelBackend().authenticate(None, username="bateer") is None
    assert LockoutModelBackend().authenticate(None, password=PASSWORD) is None


def test_failures_are_counted(user):
    assert _login(password="wrong") is None
    assert _login(password="wrong") is None
    assert (_reload(user).failed_logins, _reload(user).locked_until) == (2, None)


def test_success_resets_the_failure_counter(user):
    _login(password="wrong")
    _login(password="wrong")
    assert _login() == user
    assert _reload(user).failed_logins == 0


def test_threshold_failures_lock_the_account_even_against_the_right_password(user, settings):
    settings.LOCKOUT_THRESHOLD = 3
    settings.LOCKOUT_MINUTES = 15
    for _ in range(2):
        _login(password="wrong")
    assert _reload(user).locked_until is None
    before = timezone.now()

    request = RequestFactory().post("/login/")
    assert _login(password="wrong", request=request) is None

    locked = _reload(user)
    assert locked.locked_until is not None
    assert before + timedelta(minutes=15) <= locked.locked_until <= timezone.now() + timedelta(minutes=15)
    request = RequestFactory().post("/login/")
    assert _login(request=request) is None


def test_default_threshold_from_settings_locks_after_that_many_failures(user, settings):
    for _ in range(settings.LOCKOUT_THRESHOLD - 1):
        _login(password="wrong")
    assert _login() == user  # one short of the threshold: still open (and the counter resets)
    for _ in range(settings.LOCKOUT_THRESHOLD):
        _login(password="wrong")
    assert _login() is None


def test_lock_expires_and_the_right_password_works_again(user, settings):
    settings.LOCKOUT_THRESHOLD = 2
    _login(password="wrong")
    _login(password="wrong")
    assert _login() is None
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - timedelta(seconds=1))

    assert _login() == user

    fresh = _reload(user)
    assert (fresh.failed_logins, fresh.locked_until) == (0, None)


def test_failures_while_locked_do_not_extend_the_lock(user, settings):
    settings.LOCKOUT_THRESHOLD = 2
    _login(password="wrong")
    _login(password="wrong")
    until = _reload(user).locked_until
    _login(password="wrong")
    assert _reload(user).locked_until == until


def test_inactive_user_cannot_log_in(user):
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert _login() is None


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("12345678", {"password_too_common", "password_entirely_numeric"}),
        ("abc12", {"password_too_short"}),
        ("password", {"password_too_common"}),
    ],
)
def test_password_validators_reject_weak_passwords(password, codes):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert {e.code for e in exc.value.error_list} == codes


def test_password_validators_accept_a_strong_password():
    assert validate_password("Nei-Menggu-2026!") is None


def test_password_similar_to_the_username_is_rejected():
    user = User(username="wuyunqiqige", display_name="乌云其其格")
    with pytest.raises(ValidationError) as exc:
        validate_password("wuyunqiqige1", user=user)
    assert {e.code for e in exc.value.error_list} == {"password_too_similar"}


# --- API tokens ---------------------------------------------------------------------------------------------
def test_issued_token_finds_its_user_and_only_its_hash_is_stored(user, settings):
    token, raw = ApiToken.issue(user)
    assert ApiToken.user_for(raw) == user
    assert raw not in token.key_hash
    assert len(token.key_hash) == 64
    expected = token.created_at + timedelta(days=settings.API_TOKEN_DAYS)
    assert abs((token.expires_at - expected).total_seconds()) < 5


def test_unknown_token_finds_nobody(user):
    ApiToken.issue(user)
    assert ApiToken.user_for("not-a-token") is None


def test_expired_token_is_refused(user):
    token, raw = ApiToken.issue(user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiToken.user_for(raw) is None


def test_token_of_an_inactive_user_is_refused(user):
    _token, raw = ApiToken.issue(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert ApiToken.user_for(raw) is None


def test_two_tokens_are_different(user):
    assert ApiToken.issue(user)[1] != ApiToken.issue(user)[1]


# --- role assignments ---------------------------------------------------------------------------------------
def _assign(**fields):
    with transaction.atomic():
        return RoleAssignment.objects.create(user=UserFactory(), **fields)


def test_bureau_officer_without_bureau_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        _assign(role=Role.BUREAU_OFFICER)
    assert RoleAssignment.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "scope_field"),
    [
        (Role.REGION_ADMIN, "bureau"),  # the region administrator has no scope
        (Role.UNIT_ADMIN, "bureau"),  # a unit administrator's scope is a unit
        (Role.DEPT_OFFICER, None),
    ],
)
def test_assignment_with_the_wrong_scope_is_refused_by_the_database(role, scope_field):
    fields = {"role": role}
    if scope_field == "bureau":
        fields["bureau"] = bureau("包头市")
    with pytest.raises(IntegrityError):
        _assign(**fields)


def test_bureau_officer_with_bureau_and_unit_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        _assign(role=Role.BUREAU_OFFICER, bureau=bureau("包头市"), unit=UnitFactory())


def test_valid_assignments_expose_scope_and_label():
    officer = user_with_role(Role.BUREAU_OFFICER, bureau("满洲里市"))
    region = user_with_role(Role.REGION_ADMIN)
    [a] = officer.assignments
    assert (a.scope_kind, a.scope_id, a.scope_label) == ("bureau", bureau("满洲里市").pk, "满洲里市")
    assert officer.scope_ids(Role.BUREAU_OFFICER) == {bureau("满洲里市").pk}
    assert officer.scope_ids(Role.UNIT_ADMIN) == set()
    assert officer.has_role(Role.BUREAU_OFFICER) and not officer.is_region_admin
    [r] = region.assignments
    assert (r.scope_kind, r.scope_id, r.scope_label) == ("region", None, "全区")
    assert region.is_region_admin
