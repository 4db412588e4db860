from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    BASE_CONFIRMED = "base_confirmed", _("基地已确认")
    STATION_CONFIRMED = "station_confirmed", _("流动站已确认")
    ACTIVE = "active", _("生效")
    ENDED = "ended", _("已终止")


class TopicKind(models.TextChoices):
    """Art. 3: 科研、技术、管理课题."""

    RESEARCH = "research", _("科研课题")
    TECHNOLOGY = "technology", _("技术课题")
    MANAGEMENT = "management", _("管理课题")


class TopicState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已关闭")


class InterestState(models.TextChoices):
    NEW = "new", _("待处理")
    CONTACTED = "contacted", _("已联系")
    DECLINED = "declined", _("未采纳")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", _("全职")
    IN_SERVICE = "in_service", _("在职")


class AppointmentState(models.TextChoices):
    """A postdoc's appointment, first half (Arts. 13-15): agreement to "in the base"."""

    DRAFTED = "drafted", _("三方协议草拟")
    SIGNED = "signed", _("三方协议已签署")
    ENTERED = "entered", _("已进基地")
    FILING_SUBMITTED = "filing_submitted", _("进站备案已报送")
    IN_BASE = "in_base", _("在基地")
    WITHDRAWN = "withdrawn", _("已退出基地")


ACTIVE_APPOINTMENT_STATES = (
    AppointmentState.SIGNED,
    AppointmentState.ENTERED,
    AppointmentState.FILING_SUBMITTED,
    AppointmentState.IN_BASE,
)


class WithdrawalState(models.TextChoices):
    """A withdrawal case (退出基地, Art. 23)."""

    PROPOSED = "proposed", _("已提出")
    DECIDED_WITHDRAWN = "decided_withdrawn", _("决定退出基地")
    DISMISSED = "dismissed", _("不予退出")


class DispatchState(models.TextChoices):
    """A dispatch (派出, Art. 16)."""

    REQUESTED = "requested", _("已申请")
    APPROVED = "approved", _("已批准派出")
    REFUSED = "refused", _("不予派出")
    RETURNED = "returned", _("已返回")
