"""States of appointments (Arts. 13-18, 23) and term extensions (Art. 14), and the state groups read across
the stay."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentState(models.TextChoices):
    """A postdoc's appointment (Arts. 13-18, 23): agreement, entry, filing, the stay, exit or withdrawal."""

    DRAFTED = "drafted", _("三方协议草拟")
    SIGNED = "signed", _("三方协议已签署")
    ENTERED = "entered", _("已进基地")
    FILING_SUBMITTED = "filing_submitted", _("进站备案已报送")
    IN_BASE = "in_base", _("在基地")
    EXIT_REQUESTED = "exit_requested", _("已申请出基地")
    EXIT_ASSESSED = "exit_assessed", _("出基地考核已通过")
    EXITED = "exited", _("已出基地")
    WITHDRAWN = "withdrawn", _("已退出基地")


ACTIVE_APPOINTMENT_STATES = (
    AppointmentState.SIGNED,
    AppointmentState.ENTERED,
    AppointmentState.FILING_SUBMITTED,
    AppointmentState.IN_BASE,
    AppointmentState.EXIT_REQUESTED,
    AppointmentState.EXIT_ASSESSED,
)

# Live: from the drafted agreement until exit or withdrawal. A postdoc has at most one live appointment (Art. 13;
# the constraint one_live_appointment_per_postdoc and stay.services.appointment_create).
LIVE_APPOINTMENT_STATES = (AppointmentState.DRAFTED, *ACTIVE_APPOINTMENT_STATES)

# States in which the postdoc is at the base after entry: outputs, pay, dispatches and extensions belong here.
STAY_STATES = (
    AppointmentState.ENTERED,
    AppointmentState.FILING_SUBMITTED,
    AppointmentState.IN_BASE,
    AppointmentState.EXIT_REQUESTED,
    AppointmentState.EXIT_ASSESSED,
)


class ExtensionState(models.TextChoices):
    """A term extension (延期, Art. 14): requested, approved by the base, acknowledged by the region."""

    REQUESTED = "requested", _("已申请")
    BASE_APPROVED = "base_approved", _("基地已同意")
    ACKNOWLEDGED = "acknowledged", _("自治区已确认")
    REFUSED = "refused", _("未同意")
    LAPSED = "lapsed", _("因申请出基地或退出基地而终止")


# An extension being handled: it holds off the Art. 23(9) term-expired case and lapses on exit or withdrawal.
OPEN_EXTENSION_STATES = (ExtensionState.REQUESTED, ExtensionState.BASE_APPROVED)
