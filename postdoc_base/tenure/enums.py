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

# States in which the postdoc is at the base after entry: outputs, pay, dispatches and extensions belong here.
STAY_STATES = (
    AppointmentState.ENTERED,
    AppointmentState.FILING_SUBMITTED,
    AppointmentState.IN_BASE,
    AppointmentState.EXIT_REQUESTED,
    AppointmentState.EXIT_ASSESSED,
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


class ExitDestination(models.TextChoices):
    """Where an exited postdoc goes (Art. 21 counts those who stay in Inner Mongolia)."""

    BASE_UNIT = "base_unit", _("留在设站（基地）单位")
    IN_REGION = "in_region", _("在自治区内其他单位")
    OUTSIDE = "outside", _("到自治区外")


class ExtensionState(models.TextChoices):
    """A term extension (延期, Art. 14): requested, approved by the base, acknowledged by the region."""

    REQUESTED = "requested", _("已申请")
    BASE_APPROVED = "base_approved", _("基地已同意")
    ACKNOWLEDGED = "acknowledged", _("自治区已确认")
    REFUSED = "refused", _("未同意")
    LAPSED = "lapsed", _("因申请出基地或退出基地而终止")


class OutputKind(models.TextChoices):
    """The outputs of Art. 17 (and Art. 20 income, Art. 22 programmes and grants)."""

    PATENT = "patent", _("专利")
    INVENTION = "invention", _("发明")
    PAPER = "paper", _("论文")
    STANDARD = "standard", _("标准")
    PROJECT = "project", _("科研项目")
    AWARD = "award", _("奖励")
    TECH_TRANSFER = "tech_transfer", _("科技成果转化")
    ECONOMIC_BENEFIT = "economic_benefit", _("经济效益")
    NATIONAL_FUNDED = "national_funded", _("国家资助博士后研究人员计划")
    CPSF_GRANT = "cpsf_grant", _("中国博士后科学基金资助")


class OutputLevel(models.TextChoices):
    """Level of a project, award or standard; "provincial" is 省部级 (Art. 22(c) counts it and above)."""

    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省部级")
    MUNICIPAL = "municipal", _("盟市级")
    OTHER = "other", _("其他")


class OutputRole(models.TextChoices):
    LED = "led", _("主持")
    TOOK_PART = "took_part", _("参与")


class OutputState(models.TextChoices):
    """An output is entered by the postdoc and confirmed by a supervisor (Art. 17)."""

    SUBMITTED = "submitted", _("待导师确认")
    CONFIRMED = "confirmed", _("导师已确认")
    RETURNED = "returned", _("退回修改")


class AssessmentState(models.TextChoices):
    """A mid-term or exit assessment (Arts. 17, 18): scheduled, under panel review, graded."""

    SCHEDULED = "scheduled", _("待考核")
    UNDER_REVIEW = "under_review", _("专家组考核中")
    GRADED = "graded", _("已评定")
    CANCELLED = "cancelled", _("因退出基地取消")
