"""States and kinds of cooperation agreements (Art. 8), research topics (Arts. 3, 12) and topic interests."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The articles cited by recruitment's findings and refusals.
ART3 = "第三条"
ART8 = "第八条"
ART12 = "第十二条"
ART9_5 = "第九条第（五）项"


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
