"""Kinds, levels, roles and states of outputs (在站成果, Arts. 17, 20, 22)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    """An output is entered by the postdoc and confirmed by a supervisor (Art. 17). One imported from a workbook
    starts as a draft: a row carries no evidence, so it waits until the postdoc attaches the evidence and submits
    it. Only confirmed outputs count anywhere (statistics, ledgers, assessments, the Art. 22 title route)."""

    DRAFT = "draft", _("待补证明材料")
    SUBMITTED = "submitted", _("待导师确认")
    CONFIRMED = "confirmed", _("导师已确认")
    RETURNED = "returned", _("退回修改")
