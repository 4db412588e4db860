"""Revocation cases (取消基地备案): Art. 24 first sentence, and the 退出 of Art. 5 after a failed evaluation."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART5, ART24

from .enums import RevocationGround, RevocationState


class RevocationCase(models.Model):
    """A case for revoking a base's filing, on one of two grounds. Art. 24: one empty span of the base that
    reached 2 years, opened once per span (``empty_since``) whatever the region decided about it, so a base the
    region kept is not proposed again for the same span. Art. 5: the base's evaluation whose rectification
    failed its re-check (``evaluation``). ``due_on`` is the first day the revocation may take effect."""

    base = models.ForeignKey(
        "oversight.PracticeBase",
        verbose_name=_("基地"),
        on_delete=models.PROTECT,
        related_name="revocation_cases",
    )
    ground = models.CharField(
        _("事由"), max_length=30, choices=RevocationGround.choices, default=RevocationGround.EMPTY_TWO_YEARS
    )
    evaluation = models.ForeignKey(
        "oversight.Evaluation", verbose_name=_("评估"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="revocation_cases",
    )  # fmt: skip
    empty_since = models.DateField(_("无在站博士后起始日"), null=True, blank=True)
    due_on = models.DateField(_("可取消备案日期"))
    facts = models.TextField(_("事实"))
    state = models.CharField(
        _("状态"), max_length=20, choices=RevocationState.choices, default=RevocationState.OPEN
    )
    revoked_on = models.DateField(_("取消备案日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["state", "-created_at", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "empty_since"],
                condition=Q(ground="art24_empty"),
                name="uniq_revocation_case_per_span",
            ),
            models.UniqueConstraint(
                fields=["base"], condition=Q(state="open"), name="uniq_open_revocation_case"
            ),
        ]
        verbose_name = _("取消基地备案案件")
        verbose_name_plural = _("取消基地备案案件")

    def __str__(self) -> str:
        return f"{self.base.name}：{RevocationGround(self.ground).label}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:revocation_detail", args=[self.pk])

    @property
    def article(self) -> str:
        return ART5 if self.ground == RevocationGround.FAILED_EVALUATION else ART24
