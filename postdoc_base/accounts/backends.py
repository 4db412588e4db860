"""Password login with lockout after repeated failures (login security, issue "Foundation" item 2)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .services import login_failure_record


def is_locked(user) -> bool:
    return bool(user.locked_until and user.locked_until > timezone.now())


def record_failure(user) -> None:
    """Count a failed login atomically (see ``services.login_failure_record``) and refresh ``user``."""
    fresh = login_failure_record(user=user)
    user.failed_logins, user.locked_until = fresh.failed_logins, fresh.locked_until


class LockoutModelBackend(ModelBackend):
    """Refuses a locked account even with the right password, and counts failures per account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            # Spend the same time as a real check so that timing does not reveal which names exist.
            get_user_model()().set_password(password)
            return None
        if is_locked(user):
            if request is not None:
                request.login_locked = True
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_logins or user.locked_until:
                user.failed_logins = 0
                user.locked_until = None
                user.save(update_fields=["failed_logins", "locked_until"])
            return user
        record_failure(user)
        if request is not None and is_locked(user):
            request.login_locked = True
        return None
