"""Users, their role assignments (each with one scope) and API tokens."""

import hashlib
import secrets
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ROLE_SCOPE_FIELD, Role, scope_kind_of


class User(AbstractUser):
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号码"), max_length=30, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    # The client addresses whose failures ``failed_logins`` counts (each once; accounts.backends).
    failed_addresses = models.JSONField(_("登录失败的网络地址"), default=list, blank=True)
    # One e-mail a day listing the day's messages instead of one e-mail per message (kernel.notifications).
    email_digest = models.BooleanField(_("每日汇总邮件"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def assignments(self) -> list["RoleAssignment"]:
        """The user's active role assignments, loaded once per request."""
        if not self.is_authenticated or not self.pk:
            return []
        return list(
            self.role_assignments.filter(active=True).select_related(
                "bureau", "department", "unit", "station", "postdoc", "supervisor"
            )
        )

    def scope_ids(self, role: str) -> set[int]:
        """IDs of the scope objects (bureau, department, unit, station, expert) held under ``role``."""
        field = ROLE_SCOPE_FIELD[role]
        return {getattr(a, f"{field}_id") for a in self.assignments if a.role == role} if field else set()

    def has_role(self, role: str) -> bool:
        return any(a.role == role for a in self.assignments)

    @property
    def is_region_admin(self) -> bool:
        from .permissions import is_region_admin  # the project's one region predicate

        return is_region_admin(self)


SCOPE_FIELDS = ("bureau", "department", "unit", "station", "expert", "postdoc", "supervisor")


def _role_scope_condition() -> Q:
    """Exactly the scope field the role needs is set (ROLE_SCOPE_FIELD), every other one is null."""
    condition = Q()
    for role, needed in ROLE_SCOPE_FIELD.items():
        condition |= Q(role=role, **{f"{f}__isnull": f != needed for f in SCOPE_FIELDS})
    return condition


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    bureau = models.ForeignKey("directory.Bureau", null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        "directory.CompetentDepartment", null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey("directory.Unit", null=True, blank=True, on_delete=models.PROTECT)
    station = models.ForeignKey("directory.MobileStation", null=True, blank=True, on_delete=models.PROTECT)
    expert = models.ForeignKey("directory.Expert", null=True, blank=True, on_delete=models.PROTECT)
    postdoc = models.ForeignKey("tenure.Postdoc", null=True, blank=True, on_delete=models.PROTECT)
    supervisor = models.ForeignKey("tenure.Supervisor", null=True, blank=True, on_delete=models.PROTECT)
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        # The console's ?role (accounts.selectors.USER_LIST): the users holding a role, as one semi-join.
        indexes = [models.Index(fields=["user", "active"]), models.Index(fields=["role", "active", "user"])]
        constraints = [
            # Exactly the scope field the role needs is set (ROLE_SCOPE_FIELD).
            models.CheckConstraint(name="role_scope_matches", condition=_role_scope_condition()),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}·{self.scope_label}" if self.scope else str(self.get_role_display())

    @property
    def scope(self):
        field = ROLE_SCOPE_FIELD[self.role]
        return getattr(self, field) if field else None

    @property
    def scope_kind(self) -> str:
        return scope_kind_of(self.role)

    @property
    def scope_id(self) -> int | None:
        field = ROLE_SCOPE_FIELD[self.role]
        return getattr(self, f"{field}_id") if field else None

    @property
    def scope_label(self) -> str:
        scope = self.scope
        return str(scope) if scope is not None else str(_("全区"))


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """Bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @classmethod
    def issue(cls, user) -> tuple["ApiToken", str]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            key_hash=_digest(raw),
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
        )
        return token, raw

    @classmethod
    def user_for(cls, raw: str):
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=_digest(raw), expires_at__gt=timezone.now(), user__is_active=True)
            .first()
        )
        return token.user if token else None
