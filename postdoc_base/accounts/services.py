"""Writes for accounts: users, passwords, unlocking and role assignments (the region administrator's
console, Art. 5), the failed-login counter and the password reset by e-mail link (issue 9, item 4). Every
write runs in a transaction with its audit event; passwords never reach the audit log (the diff shows
``***``).

Users are deactivated, never deleted: audit events keep their actor (PROTECT).
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from postdoc_base.kernel import audit, ratelimit
from postdoc_base.kernel.services import NotAllowed, refuse, require_region_admin
from postdoc_base.policy.findings import lazy_format

from . import signin
from .enums import ROLE_SCOPE_FIELD, Role
from .models import ApiToken, RoleAssignment
from .tasks import send_password_reset_mail

__all__ = [
    "NotAllowed",
    "api_token_issue",
    "api_tokens_revoke_all",
    "assignment_add",
    "assignment_deactivate",
    "first_region_admin_create",
    "login_failure_record",
    "login_success_record",
    "own_password_change",
    "password_reset_complete",
    "password_reset_request",
    "user_create",
    "user_set_password",
    "user_unlock",
    "user_update",
]

USER_FIELDS = ("username", "display_name", "email", "phone", "is_active")
PASSWORD_CHANGED = {"password": [audit.MASK, audit.MASK]}
# How a scope is named inside a sentence ("must specify a league/city").
SCOPE_LABELS = {
    "bureau": pgettext_lazy("scope", "盟市"),
    "department": pgettext_lazy("scope", "主管部门"),
    "unit": pgettext_lazy("scope", "单位"),
    "station": pgettext_lazy("scope", "流动站"),
    "expert": pgettext_lazy("scope", "专家"),
    "postdoc": pgettext_lazy("scope", "博士后研究人员"),
    "supervisor": pgettext_lazy("scope", "合作导师"),
}


def _user_state(user) -> dict:
    return {name: getattr(user, name) for name in USER_FIELDS}


# Our own wording of the password validators' refusals: Django's Chinese catalogue lacks some of them.
PASSWORD_MESSAGES = {
    "password_too_short": _("密码太短，至少需要%(min_length)d个字符。"),
    "password_too_common": _("该密码过于常见，请换一个。"),
    "password_entirely_numeric": _("密码不能全为数字。"),
    "password_too_similar": _("密码与%(verbose_name)s过于相似。"),
}


def _check_password(password: str, user, field: str = "password") -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        errors = [
            ValidationError(PASSWORD_MESSAGES[e.code], code=e.code, params=e.params)
            if e.code in PASSWORD_MESSAGES
            else e
            for e in exc.error_list
        ]
        raise ValidationError({field: errors}) from None


def _check_contact(*, display_name: str, email: str) -> None:
    errors = {}
    if not display_name.strip():
        errors["display_name"] = _("请填写姓名。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("请输入有效的电子邮箱地址。")
    if errors:
        raise ValidationError(errors)


def _locked_user(user):
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _record(actor, assignment, subject, action: str, diff: dict, comment: str = "") -> None:
    audit.record(
        actor=actor,
        subject=subject,
        action=action,
        role=assignment.role,
        scope=assignment.scope_label,
        diff=diff,
        comment=comment,
    )


# --- users ---------------------------------------------------------------------------------------------
def _new_user(*, username: str, display_name: str, email: str, phone: str, password: str):
    """An unsaved, validated account with its password set; every error at once, field by field."""
    User = get_user_model()
    username = username.strip()
    errors = {}
    try:
        User.username_validator(username)
    except ValidationError as exc:
        errors["username"] = exc.error_list
    if not username:
        errors["username"] = [_("请填写用户名。")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("该用户名已被使用。")]
    try:
        _check_contact(display_name=display_name, email=email)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    user = User(
        username=username, display_name=display_name.strip(), email=email.strip(), phone=phone.strip()
    )
    try:
        _check_password(password, user)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    return user


def _save_new_user(user) -> None:
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # created meanwhile by another request
        raise ValidationError({"username": _("该用户名已被使用。")}) from None


def user_create(*, actor, username: str, display_name: str, email: str, phone: str, password: str):
    """Create an active account with an initial password (checked by the password validators)."""
    assignment = require_region_admin(actor)
    user = _new_user(
        username=username, display_name=display_name, email=email, phone=phone, password=password
    )
    with transaction.atomic():
        _save_new_user(user)
        diff = audit.field_diff({}, _user_state(user)) | PASSWORD_CHANGED
        _record(actor, assignment, user, "user_create", diff)
    return user


def first_region_admin_create(*, username: str, display_name: str, email: str, password: str):
    """The installation's first region administrator (``manage.py create_region_admin``): the one account
    nobody can create in the console, since the console needs a region administrator. Refused once any
    active region administrator exists; audited with no actor (the operator at the server's console)."""
    with transaction.atomic():
        # Serialise two operators running the command at once: the audit head is the one shared row.
        from postdoc_base.kernel.models import AuditHead

        AuditHead.objects.select_for_update().filter(id=1).first()
        if RoleAssignment.objects.filter(role=Role.REGION_ADMIN, active=True, user__is_active=True).exists():
            raise ValidationError(
                {"username": _("已有自治区管理员：其他账户请由自治区管理员在“系统管理”中创建。")}
            )
        user = _new_user(
            username=username, display_name=display_name, email=email, phone="", password=password
        )
        _save_new_user(user)
        row = RoleAssignment.objects.create(user=user, role=Role.REGION_ADMIN)
        diff = audit.field_diff({}, _user_state(user)) | PASSWORD_CHANGED
        audit.record(
            actor=None,
            subject=user,
            action="user_create",
            diff=diff,
            comment=_("服务器命令创建首位自治区管理员"),
        )
        audit.record(
            actor=None, subject=row, action="assignment_add",
            diff=audit.field_diff({}, {"user": user.username, "role": Role.REGION_ADMIN, "scope": row.scope_label, "active": True}),
        )  # fmt: skip
    return user


def user_update(*, actor, user, display_name: str, email: str, phone: str, is_active: bool):
    """Change a user's contact details or (de)activate the account; a user is never deleted."""
    assignment = require_region_admin(actor)
    if user.pk == actor.pk and not is_active:
        raise refuse(_("不能停用自己的账户。"))
    _check_contact(display_name=display_name, email=email)
    with transaction.atomic():
        locked = _locked_user(user)
        before = _user_state(locked)
        locked.display_name, locked.email, locked.phone = display_name.strip(), email.strip(), phone.strip()
        was_active, locked.is_active = locked.is_active, is_active
        locked.save(update_fields=["display_name", "email", "phone", "is_active"])
        if was_active and not is_active:
            api_tokens_revoke_all(actor=actor, user=locked)
        diff = audit.field_diff(before, _user_state(locked))
        if diff:
            _record(actor, assignment, locked, "user_update", diff)
    return locked


def user_set_password(*, actor, user, password: str):
    """Set a new password for a user (e.g. a forgotten one); the user's sessions end with the old hash. Lifts a
    lockout and the per-address refusals of the account's name (``accounts.signin``), as a reset by e-mail does."""
    assignment = require_region_admin(actor)
    with transaction.atomic():
        locked = _locked_user(user)
        _check_password(password, locked)
        before = _lock_state(locked)
        locked.set_password(password)
        _clear_lock(locked)
        locked.save(update_fields=["password", *LOCK_FIELDS])
        api_tokens_revoke_all(actor=actor, user=locked)
        diff = audit.field_diff(before, _lock_state(locked)) | PASSWORD_CHANGED
        _record(actor, assignment, locked, "user_set_password", diff)
    signin.forget_failures(locked.username)
    return locked


def user_unlock(*, actor, user):
    """Lift a lockout after repeated failed logins (accounts.backends) and reset the failure counter; the
    account's name is no longer refused from the addresses that failed either (``accounts.signin``)."""
    assignment = require_region_admin(actor)
    with transaction.atomic():
        locked = _locked_user(user)
        before = _lock_state(locked)
        _clear_lock(locked)
        locked.save(update_fields=LOCK_FIELDS)
        _record(actor, assignment, locked, "user_unlock", audit.field_diff(before, _lock_state(locked)))
    signin.forget_failures(locked.username)
    return locked


def own_password_change(*, actor, old_password: str, new_password: str):
    """Any signed-in user changes their own password, proving the old one first."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise refuse(_("请先登录。"))
    with transaction.atomic():
        locked = _locked_user(actor)
        if not locked.check_password(old_password):
            raise ValidationError({"old_password": _("原密码不正确。")})
        if old_password == new_password:
            raise ValidationError({"new_password": _("新密码不能与原密码相同。")})
        _check_password(new_password, locked, field="new_password")
        locked.set_password(new_password)
        locked.save(update_fields=["password"])
        api_tokens_revoke_all(actor=locked, user=locked)
        audit.record(actor=locked, subject=locked, action="own_password_change", diff=dict(PASSWORD_CHANGED))
    actor.password = locked.password
    return locked


# --- login failures ------------------------------------------------------------------------------------
LOCK_FIELDS = ["failed_logins", "locked_until", "failed_addresses"]


def _lock_state(user) -> dict:
    return {name: getattr(user, name) for name in LOCK_FIELDS}


def _clear_lock(user) -> None:
    user.failed_logins, user.locked_until, user.failed_addresses = 0, None, []


def login_failure_record(*, user, address: str | None = None):
    """Count one failed login for ``user`` and lock the account when ``LOCKOUT_THRESHOLD`` are counted in a row.

    A failure counts once per client ``address`` (kept in ``failed_addresses`` until the counter is reset),
    so that no single address can lock an account, the region administrator's included (the policy is in
    ``accounts.signin``); without an address every failure counts. The row is locked before it is read, so
    parallel attempts holding stale copies cannot lose updates and slip past the threshold; a failure while
    the account is locked is not counted and never extends the lock. The lockout is audited with no actor
    (the system acts) and names the addresses in its comment. Unlocking is audited by ``user_unlock``.
    Returns the user as stored afterwards.
    """
    User = get_user_model()
    with transaction.atomic():
        now = timezone.now()
        fresh = User.objects.select_for_update().get(pk=user.pk)
        if fresh.locked_until and fresh.locked_until > now:
            return fresh
        if address is not None and address in fresh.failed_addresses:
            return fresh
        fresh.failed_logins += 1
        if address is not None:
            fresh.failed_addresses = [*fresh.failed_addresses, address]
        if fresh.failed_logins < settings.LOCKOUT_THRESHOLD:
            fresh.save(update_fields=["failed_logins", "failed_addresses"])
            return fresh
        before = {"failed_logins": fresh.failed_logins, "locked_until": fresh.locked_until}
        addresses = fresh.failed_addresses
        _clear_lock(fresh)
        fresh.locked_until = now + timedelta(minutes=settings.LOCKOUT_MINUTES)
        fresh.save(update_fields=LOCK_FIELDS)
        after = {"failed_logins": 0, "locked_until": fresh.locked_until}
        comment = "、".join(addresses)
        audit.record(
            actor=None, subject=fresh, action="locked", diff=audit.field_diff(before, after), comment=comment
        )
    return fresh


def login_success_record(*, user) -> None:
    """A successful login resets the failure counter (written only when there is something to reset)."""
    if user.failed_logins or user.locked_until or user.failed_addresses:
        _clear_lock(user)
        user.save(update_fields=LOCK_FIELDS)


# --- password reset by e-mail --------------------------------------------------------------------------
RESET_LINK_INVALID = _("重设密码的链接无效或已过期（每个链接只能使用一次），请重新申请。")


def password_reset_request(*, identifier: str, address: str) -> None:
    """Anyone asks for a reset link by username or e-mail address; the caller always gives the same answer.

    ``address`` (the client's, ``signin.address_of``) may ask ``signin.reset_rate()`` times per window, else
    ``signin.LoginRefused`` (429). Each active account with that username or e-mail address (case ignored)
    and an e-mail address is sent a one-time link (``accounts.tasks``, after commit; the token is made by the
    worker and never stored), at most ``signin.reset_mail_rate()`` per window and account, silently. Each
    mail sent is audited with no actor and the asking address in the comment.
    """
    rate = signin.reset_rate()
    if not ratelimit.hit(signin.RESET_SCOPE, address, rate):
        raise signin.rate_limited(signin.RESET_LIMITED, rate)
    identifier = identifier.strip()
    if not identifier:
        return
    users = get_user_model().objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    mail_rate = signin.reset_mail_rate()
    for user in users.exclude(email="").order_by("pk"):
        if not user.has_usable_password() or not ratelimit.hit(
            signin.RESET_MAIL_SCOPE, str(user.pk), mail_rate
        ):
            continue
        with transaction.atomic():
            audit.record(actor=None, subject=user, action="password_reset_request", comment=address)
            transaction.on_commit(partial(send_password_reset_mail, user.pk, language))


def password_reset_complete(*, user, token: str, password: str):
    """The user sets a new password through the link of ``password_reset_request``.

    The token is checked again under the row lock, so a link works once even when used twice at the same
    moment (it is bound to the password hash, which this changes). The password validators apply; the
    lockout and the per-address refusals of the name are lifted, the user's API tokens revoked, and the
    change is audited with the user as actor.
    """
    with transaction.atomic():
        locked = _locked_user(user)
        if not locked.is_active or not default_token_generator.check_token(locked, token):
            raise ValidationError(RESET_LINK_INVALID, code="invalid_link")
        _check_password(password, locked)
        before = _lock_state(locked)
        locked.set_password(password)
        _clear_lock(locked)
        locked.save(update_fields=["password", *LOCK_FIELDS])
        api_tokens_revoke_all(actor=locked, user=locked)
        diff = audit.field_diff(before, _lock_state(locked)) | PASSWORD_CHANGED
        audit.record(actor=locked, subject=locked, action="password_reset", diff=diff)
    signin.forget_failures(locked.username)
    return locked


# --- API tokens ----------------------------------------------------------------------------------------
def api_token_issue(*, actor) -> tuple[ApiToken, str]:
    """A new bearer token for the signed-in ``actor``; the raw token is returned once and never stored or
    audited (only its SHA-256 is kept)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise refuse(_("请先登录。"))
    with transaction.atomic():
        token, raw = ApiToken.issue(actor)
        audit.record(
            actor=actor,
            subject=token,
            action="api_token_issue",
            diff=audit.field_diff({}, {"user": actor.username, "expires_at": token.expires_at}),
        )
    return token, raw


def api_tokens_revoke_all(*, actor, user) -> int:
    """End every valid API token of ``user`` (they expire now; the rows stay). The user or the region
    administrator may do this; password changes and deactivation call it. Audited when any was revoked.
    Returns how many were revoked."""
    if getattr(actor, "pk", None) is not None and actor.pk == user.pk and actor.is_active:
        role, scope = "", ""
    else:
        assignment = require_region_admin(actor)
        role, scope = assignment.role, assignment.scope_label
    with transaction.atomic():
        now = timezone.now()
        revoked = ApiToken.objects.filter(user=user, expires_at__gt=now).update(expires_at=now)
        if revoked:
            audit.record(
                actor=actor,
                subject=user,
                action="api_tokens_revoke_all",
                role=role,
                scope=scope,
                diff={"api_tokens": [revoked, 0]},
            )
    return revoked


# --- role assignments ----------------------------------------------------------------------------------
def _check_scope(role: str, scopes: dict) -> dict:
    """The one scope the role needs (accounts.enums.ROLE_SCOPE_FIELD), and no other."""
    if role not in Role.values:
        raise ValidationError({"role": _("未知的角色。")})
    needed = ROLE_SCOPE_FIELD[role]
    role_label = Role(role).label
    errors = {}
    for name, value in scopes.items():
        if value is not None and name != needed:
            errors[name] = lazy_format(
                _("角色“%(role)s”不能指定%(scope)s。"), role=role_label, scope=SCOPE_LABELS[name]
            )
    if needed and scopes.get(needed) is None:
        errors[needed] = lazy_format(
            _("角色“%(role)s”须指定%(scope)s。"), role=role_label, scope=SCOPE_LABELS[needed]
        )
    if errors:
        raise ValidationError(errors)
    return {needed: scopes[needed]} if needed else {}


def assignment_add(
    *,
    actor,
    user,
    role: str,
    bureau=None,
    department=None,
    unit=None,
    station=None,
    expert=None,
    postdoc=None,
    supervisor=None,
) -> RoleAssignment:
    """Give ``user`` the role within exactly the scope the role needs; an identical active one is refused."""
    assignment = require_region_admin(actor)
    scope = _check_scope(
        role,
        {
            "bureau": bureau,
            "department": department,
            "unit": unit,
            "station": station,
            "expert": expert,
            "postdoc": postdoc,
            "supervisor": supervisor,
        },
    )
    with transaction.atomic():
        locked = _locked_user(user)
        if RoleAssignment.objects.filter(user=locked, role=role, active=True, **scope).exists():
            raise ValidationError({"role": _("该用户已有相同范围的此角色授权。")})
        row = RoleAssignment.objects.create(user=locked, role=role, **scope)
        diff = audit.field_diff(
            {}, {"user": locked.username, "role": role, "scope": row.scope_label, "active": True}
        )
        _record(actor, assignment, row, "assignment_add", diff)
    user.__dict__.pop("assignments", None)
    return row


def assignment_deactivate(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    """End a role assignment; the row stays for the record."""
    acting = require_region_admin(actor)
    if assignment.user_id == actor.pk and assignment.role == Role.REGION_ADMIN:
        raise refuse(_("不能撤销自己的自治区人社厅管理员授权，请由其他管理员办理。"))
    with transaction.atomic():
        row = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not row.active:
            raise ValidationError(_("该授权已经撤销。"))
        row.active = False
        row.save(update_fields=["active"])
        diff = audit.field_diff({"active": True}, {"active": False})
        _record(actor, acting, row, "assignment_deactivate", diff, comment=row.user.username)
    return row
