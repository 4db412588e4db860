"""Positions (岗位) collected for postdocs near the end of their term and the interest postdocs express in them
(Art. 21: 双向选择; 征集、开发高质量工作岗位，做好对接服务工作)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import PositionState


class Position(models.Model):
    """A position posted by a base's unit for itself (留在设立基地的单位), by a league/city bureau (positions it
    collected, the employer named as text) or by the region; published until whoever manages it closes it."""

    title = models.CharField(_("岗位名称"), max_length=120)
    employer = models.CharField(_("用人单位"), max_length=120)
    # Where the position is: a league/city, or none for a region-wide posting.
    bureau = models.ForeignKey(
        "directory.Bureau", verbose_name=_("所在盟市"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="positions",
    )  # fmt: skip
    # The base's unit that posted its own position (None when a bureau or the region posted it).
    unit = models.ForeignKey(
        "directory.Unit", verbose_name=_("发布单位"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="positions",
    )  # fmt: skip
    posted_by_role = models.CharField(_("发布方"), max_length=30)
    description = models.TextField(_("岗位职责"))
    requirements = models.TextField(_("任职要求"), blank=True)
    salary = models.CharField(_("薪酬待遇"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=120)
    closes_on = models.DateField(_("截止日期"))
    state = models.CharField(
        _("状态"), max_length=20, choices=PositionState.choices, default=PositionState.PUBLISHED
    )
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The list (positions.selectors.POSITION_LIST): its order, then a state's, a bureau's and a unit's.
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["state", "-created_at", "-id"]),
            models.Index(fields=["bureau", "-created_at", "-id"]),
            models.Index(fields=["unit", "-created_at", "-id"]),
        ]
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")

    def __str__(self) -> str:
        return f"{self.employer}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:position_detail", args=[self.pk])


class PositionInterest(models.Model):
    """A postdoc's interest in a position (双向选择): the contact the postdoc chose to share and a short note;
    withdrawn by the postdoc (kept, with the time). One open interest per postdoc and position."""

    position = models.ForeignKey(
        Position, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="interests"
    )
    postdoc = models.ForeignKey(
        "tenure.Postdoc",
        verbose_name=_("博士后研究人员"),
        on_delete=models.PROTECT,
        related_name="position_interests",
    )
    contact = models.CharField(_("联系方式"), max_length=120)
    note = models.CharField(_("意向说明"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The interests of one position (positions.selectors.INTEREST_LIST), and a postdoc's own.
        indexes = [
            models.Index(fields=["position", "-created_at", "-id"]),
            models.Index(fields=["postdoc", "-created_at", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "postdoc"],
                condition=Q(withdrawn_at__isnull=True),
                name="uniq_open_position_interest",
            )
        ]
        verbose_name = _("岗位意向")
        verbose_name_plural = _("岗位意向")

    def __str__(self) -> str:
        return f"{self.postdoc.name}：{self.position.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
