"""Dispatches (派出, Art. 16)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure import (
    DispatchDestination,
    DispatchPurpose,
)

from ..stay.models import Appointment
from .enums import DispatchState


class Dispatch(models.Model):
    """A dispatch (派出, Art. 16): domestic or abroad, for an exchange, a conference or a secondment; approved
    by the base and its return confirmed. Abroad and more than 30 days past the planned return opens a
    withdrawal case (Art. 23(8))."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("进基地"), on_delete=models.PROTECT, related_name="dispatches"
    )
    destination = models.CharField(_("派出地域"), max_length=20, choices=DispatchDestination.choices)
    purpose = models.CharField(_("派出事由"), max_length=20, choices=DispatchPurpose.choices)
    place = models.CharField(_("派往单位或地点"), max_length=200)
    planned_start = models.DateField(_("计划派出日期"))
    planned_return = models.DateField(_("计划返回日期"))
    returned_on = models.DateField(_("实际返回日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=DispatchState.choices, default=DispatchState.REQUESTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "destination", "planned_return"]),
            models.Index(fields=["-created_at", "-id"]),  # the list (dispatches.selectors.DISPATCH_LIST)
            models.Index(fields=["state", "-created_at", "-id"]),
        ]
        verbose_name = _("派出")
        verbose_name_plural = _("派出")

    def __str__(self) -> str:
        return f"{self.appointment.postdoc.name}：{self.place}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:dispatch_detail", args=[self.pk])

    @property
    def abroad(self) -> bool:
        return self.destination == DispatchDestination.ABROAD
