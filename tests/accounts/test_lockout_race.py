"""Failed logins are counted in the database, not on the caller's copy of the user: parallel attempts (each
holding a stale copy) cannot lose updates and slip past the lockout threshold. The lockout is audited."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from postdoc_base.accounts import services
from postdoc_base.accounts.backends import LockoutModelBackend, record_failure
from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import User
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent
from tests.factories import PASSWORD, UserFactory, user_with_role
from tests.factories.world import fast_passwords

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


@pytest.fixture
def user():
    return UserFactory(username="bateer")


def _stale_copies(user, n: int) -> list[User]:
    """``n`` copies read before any failure is counted, as parallel requests would hold them."""
    return [User.objects.get(pk=user.pk) for _ in range(n)]


def test_failures_counted_on_stale_copies_are_not_lost(user, settings):
    settings.LOCKOUT_THRESHOLD = 5
    for copy in _stale_copies(user, 4):
        record_failure(copy)
    fresh = User.objects.get(pk=user.pk)
    assert (fresh.failed_logins, fresh.locked_until) == (4, None)


def test_threshold_failures_on_stale_copies_lock_the_account(user, settings):
    settings.LOCKOUT_THRESHOLD = 5
    settings.LOCKOUT_MINUTES = 15
    before = timezone.now()
    copies = _stale_copies(user, 5)
    for copy in copies:
        record_failure(copy)
    fresh = User.objects.get(pk=user.pk)
    assert fresh.locked_until is not None
    assert before + timedelta(minutes=15) <= fresh.locked_until <= timezone.now() + timedelta(minutes=15)
    assert fresh.failed_logins == 0
    assert copies[-1].locked_until == fresh.locked_until  # the caller's copy is refreshed
    request = RequestFactory().post("/login/")
    assert LockoutModelBackend().authenticate(request, username="bateer", password=PASSWORD) is None


def test_failures_while_locked_are_not_counted_and_do_not_extend_the_lock(user, settings):
    settings.LOCKOUT_THRESHOLD = 2
    copies = _stale_copies(user, 4)
    record_failure(copies[0])
    record_failure(copies[1])
    until = User.objects.get(pk=user.pk).locked_until
    record_failure(copies[2])  # a stale copy that has not seen the lock
    record_failure(copies[3])
    fresh = User.objects.get(pk=user.pk)
    assert (fresh.failed_logins, fresh.locked_until) == (0, until)
    assert AuditEvent.objects.filter(action="locked").count() == 1


def test_lockout_is_audited_without_an_actor(user, settings):
    settings.LOCKOUT_THRESHOLD = 2
    services.login_failure_record(user=user)
    assert not AuditEvent.objects.exists()  # below the threshold nothing is audited
    fresh = services.login_failure_record(user=user)

    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_name, event.role, event.scope) == (
        "locked",
        None,
        "",
        "",
        "",
    )
    assert (event.subject_type, event.subject_id) == ("accounts.user", str(user.pk))
    assert event.diff == {
        "failed_logins": [2, 0],
        "locked_until": [None, fresh.locked_until.isoformat()],
    }
    assert verify_chain() == []


def test_expired_lock_counts_again_and_audits_the_old_lock_time(user, settings):
    settings.LOCKOUT_THRESHOLD = 1
    expired = timezone.now() - timedelta(minutes=1)
    User.objects.filter(pk=user.pk).update(locked_until=expired)
    fresh = services.login_failure_record(user=user)
    assert fresh.locked_until > timezone.now()
    event = AuditEvent.objects.get()
    assert event.diff["locked_until"] == [expired.isoformat(), fresh.locked_until.isoformat()]


def test_console_unlock_after_lockout_is_audited_too(user, settings):
    settings.LOCKOUT_THRESHOLD = 1
    admin = user_with_role(Role.REGION_ADMIN)
    services.login_failure_record(user=user)
    services.user_unlock(actor=admin, user=user)
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "actor_id")) == [
        ("locked", None),
        ("user_unlock", admin.pk),
    ]
