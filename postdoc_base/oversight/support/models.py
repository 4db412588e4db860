"""Local support policies of the leagues and cities (配套支持政策, Arts. 6 and 19): documents a bureau has
issued for the bases of its area. Records, not cases: no workflow states; each write audited (``services``)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SupportPolicy(models.Model):
    """A support policy a league/city issued (Art. 6 研究制定配套支持政策; Art. 19 出台配套支持政策)."""

    bureau = models.ForeignKey(
        "directory.Bureau", verbose_name=_("盟市"), on_delete=models.PROTECT, related_name="support_policies"
    )
    title = models.CharField(_("政策名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100)
    issued_on = models.DateField(_("发布日期"))
    summary = models.TextField(_("主要内容"))
    file = models.FileField(_("政策文件"), upload_to="oversight/support/%Y/", blank=True)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    file_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        # The list (support.selectors.SUPPORT_LIST): its order, and a bureau's policies (filter and scope).
        indexes = [
            models.Index(fields=["-issued_on", "-id"]),
            models.Index(fields=["bureau", "-issued_on", "-id"]),
        ]
        verbose_name = _("配套支持政策")
        verbose_name_plural = _("配套支持政策")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("oversight:support_detail", args=[self.pk])
