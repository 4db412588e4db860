"""The registry: bureaus, competent departments, units, mobile stations and experts (Arts. 2, 6, 8, 11)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.establishment import UnitFacts
from postdoc_base.policy.identifiers import normalize_uscc

from .enums import Affiliation, BureauKind, Industry, UnitNature

# A value outside the sections is refused with a message naming the classification, on the page, the API and
# the import alike (the model's validation, which the services run, and the unit form both use it).
INDUSTRY_INVALID = _("“%(value)s”不是国民经济行业分类（GB/T 4754-2017）的门类，请从列表中选择。")


class Bureau(models.Model):
    """A preliminary-review bureau (盟市人社局): the 12 leagues/cities and the 2 separately planned cities."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=20, choices=BureauKind.choices)
    # Geographic parent for statistics only: 满洲里市 lies in 呼伦贝尔市 but reviews its own units.
    parent = models.ForeignKey(
        "self", verbose_name=_("所在盟市"), null=True, blank=True, on_delete=models.PROTECT
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["order", "id"])]  # the list's order (kernel.listing)
        verbose_name = _("盟市")
        verbose_name_plural = _("盟市")

    def __str__(self) -> str:
        return self.name


class CompetentDepartment(models.Model):
    """主管部门: consents before central-in-region and region-level units apply (Art. 11(1))."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.CharField(_("代码"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("主管部门")
        verbose_name_plural = _("主管部门")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An enterprise or institution that may apply to become a base (Arts. 2, 9)."""

    name = models.CharField(_("单位名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("注册地盟市"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    nature = models.CharField(_("单位性质"), max_length=20, choices=UnitNature.choices)
    # Blank for units registered before the field existed (shown and counted as 未填写).
    industry = models.CharField(
        _("所属行业"),
        max_length=1,
        choices=Industry.choices,
        blank=True,
        help_text=_("国民经济行业分类（GB/T 4754-2017）的门类。"),
        error_messages={"invalid_choice": INDUSTRY_INVALID},
    )
    affiliation = models.CharField(_("隶属关系"), max_length=20, choices=Affiliation.choices)
    department = models.ForeignKey(
        CompetentDepartment,
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    independent_legal_person = models.BooleanField(_("具有独立法人资格"), default=True)
    has_mobile_station = models.BooleanField(_("已设博士后科研流动站"), default=False)
    has_workstation = models.BooleanField(_("已设博士后科研工作站"), default=False)
    # Set when a base of this unit was revoked (Art. 24), by the revocation decision
    # (services.unit_base_left_register); the establishment rules bar reapplying for 3 years from it.
    base_revoked_on = models.DateField(_("基地备案撤销日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        # The unit list (directory.selectors.UNIT_LIST): its order, then each filter and scope before it.
        indexes = [
            models.Index(fields=["name", "id"]),
            models.Index(fields=["bureau", "name", "id"]),
            models.Index(fields=["department", "name", "id"]),
            models.Index(fields=["affiliation", "name", "id"]),
            models.Index(fields=["nature", "name", "id"]),
            models.Index(fields=["industry", "name", "id"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.uscc = normalize_uscc(self.uscc)
        super().save(*args, **kwargs)

    @property
    def registered_in_region(self) -> bool:
        """Art. 9(1): characters 3-8 of the code are the registering authority's division code; 15 = 内蒙古."""
        return self.uscc[2:4] == "15"

    def facts(self, operating_well: bool = True) -> UnitFacts:
        """The unit as the policy functions read it now (Arts. 2, 9(1), 24). ``operating_well`` is an
        application's statement (Art. 9(1)); outside an application it is taken as given, since the checks made
        there (the reapplication ban, a paper-era filing's Art. 2 check) do not read it."""
        return UnitFacts(
            independent_legal_person=self.independent_legal_person, registered_in_region=self.registered_in_region,
            operating_well=operating_well, has_mobile_station=self.has_mobile_station,
            has_workstation=self.has_workstation, base_revoked_on=self.base_revoked_on,
        )  # fmt: skip


class MobileStation(models.Model):
    """博士后科研流动站: a university's station in one first-level discipline (Arts. 8, 12)."""

    university = models.CharField(_("设站高校或科研机构"), max_length=120)
    discipline = models.CharField(_("一级学科"), max_length=80)
    discipline_code = models.CharField(_("学科代码"), max_length=10, blank=True)
    in_region = models.BooleanField(_("区内流动站"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["university", "discipline"]
        constraints = [models.UniqueConstraint(fields=["university", "discipline"], name="uniq_station")]
        indexes = [models.Index(fields=["in_region", "university", "discipline"])]  # STATION_LIST ?in_region
        verbose_name = _("博士后科研流动站")
        verbose_name_plural = _("博士后科研流动站")

    def __str__(self) -> str:
        return f"{self.university}·{self.discipline}"


class Expert(models.Model):
    """评审专家: reviews applications, assessments and evaluations; declares conflicts of interest."""

    name = models.CharField(_("姓名"), max_length=50)
    field = models.CharField(_("专业领域"), max_length=100)
    title = models.CharField(_("职称"), max_length=50)
    employer = models.CharField(_("工作单位"), max_length=120)
    declared_conflicts = models.TextField(_("申报的利益冲突"), blank=True, help_text=_("每行一个单位名称"))
    active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"]),
            models.Index(fields=["active", "name", "id"]),
        ]  # EXPERT_LIST
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self) -> str:
        return self.name

    @property
    def conflict_list(self) -> list[str]:
        return [line.strip() for line in self.declared_conflicts.splitlines() if line.strip()]
