from django.db import models
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.establishment import PriorityCategory

__all__ = [
    "RoundState",
    "ApplicationState",
    "ObjectionState",
    "AttachmentKind",
    "PriorityCategory",
    "ACTIVE_REVIEW_STATES",
]


class RoundState(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("申报中")
    CLOSED = "closed", _("已截止")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DEPT_REVIEW = "dept_review", _("待主管部门同意")
    BUREAU_REVIEW = "bureau_review", _("盟市初审中")
    RECOMMENDED = "recommended", _("盟市拟推荐")
    RETURNED = "returned", _("退回修改")
    AT_REGION = "at_region", _("已报自治区")
    EXPERT_REVIEW = "expert_review", _("专家论证评议中")
    PASSED = "passed", _("论证通过待公示")
    IN_NOTICE = "in_notice", _("公示中")
    FILED = "filed", _("已备案")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


# States in which the application waits for a reviewer rather than the applicant.
ACTIVE_REVIEW_STATES = (
    ApplicationState.DEPT_REVIEW,
    ApplicationState.BUREAU_REVIEW,
    ApplicationState.RECOMMENDED,
    ApplicationState.AT_REGION,
    ApplicationState.EXPERT_REVIEW,
    ApplicationState.PASSED,
    ApplicationState.IN_NOTICE,
)


class ObjectionState(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class AttachmentKind(models.TextChoices):
    BUSINESS_LICENSE = "license", _("营业执照或法人证书")
    RND_INSTITUTION = "rnd", _("研发机构证明")
    STATION_INTENTION = "intention", _("与流动站合作意向书")
    MANAGEMENT_RULES = "rules", _("博士后工作管理办法")
    PRIORITY_EVIDENCE = "priority", _("优先条件证明材料")
    OTHER = "other", _("其他材料")
