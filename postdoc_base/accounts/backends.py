"""Password login with the account lockout (login security, issue "Foundation" item 2; issue 9 item 4).

Failures are counted per account, once per client address (``services.login_failure_record``): the account
locks when ``LOCKOUT_THRESHOLD`` different addresses failed in a row, so no single address can lock anyone
out. The throttles per address sit in front of this backend (``accounts.signin``). Unknown names, locked
and inactive accounts are refused exactly like a wrong password, and each spends one password hash.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .services import login_failure_record, login_success_record
from .signin import address_of, spend_password_hash


def is_locked(user) -> bool:
    return bool(user.locked_until and user.locked_until > timezone.now())


def record_failure(user, address: str | None = None) -> None:
    """Count a failed login atomically (see ``services.login_failure_record``) and refresh ``user``."""
    fresh = login_failure_record(user=user, address=address)
    user.failed_logins, user.locked_until = fresh.failed_logins, fresh.locked_until
    user.failed_addresses = fresh.failed_addresses


class LockoutModelBackend(ModelBackend):
    """Refuses a locked account even with the right password, and counts failures per account and address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None or is_locked(user):
            spend_password_hash(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            login_success_record(user=user)
            return user
        # Without a request (e.g. the test client's login) the address is unknown: every failure counts.
        record_failure(user, address_of(request) if request is not None else None)
        return None
