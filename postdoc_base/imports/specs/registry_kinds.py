"""The importers of the registry (units, experts) and of funding records. Each row is checked by the page's form
and written by the page's service."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from postdoc_base.directory import services as directory_services
from postdoc_base.directory.enums import Affiliation, Industry, UnitNature
from postdoc_base.directory.forms import ExpertForm, UnitForm
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, Unit
from postdoc_base.oversight.funding import services as funding_services
from postdoc_base.oversight.funding.forms import FundingForm
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.identifiers import normalize_uscc
from postdoc_base.policy.oversight.funding import FundingSource

from ..registry import BOOL, CHOICE, DECIMAL, INT, LOOKUP, Column, ImportSpec


class UnitImport(ImportSpec):
    def normalise_key_part(self, name, value):
        return normalize_uscc(value) if isinstance(value, str) else value

    def form(self, values, context):
        return UnitForm(data=values)

    def save(self, *, actor, cleaned, values):
        return directory_services.unit_create(actor=actor, **cleaned)

    def existing_keys(self, keys):
        codes = [code for (code,) in keys]
        return {(code,) for code in Unit.objects.filter(uscc__in=codes).values_list("uscc", flat=True)}


class ExpertImport(ImportSpec):
    def form(self, values, context):
        conflicts = values.get("declared_conflicts") or ""
        for separator in ("；", ";"):
            conflicts = conflicts.replace(separator, "\n")
        return ExpertForm(data={**values, "declared_conflicts": conflicts})

    def save(self, *, actor, cleaned, values):
        return directory_services.expert_create(actor=actor, **cleaned)

    def existing_keys(self, keys):
        names = {name for name, _employer in keys}
        employers = {employer for _name, employer in keys}
        pairs = Expert.objects.filter(name__in=names, employer__in=employers).values_list("name", "employer")
        return set(pairs) & keys


class FundingImport(ImportSpec):
    """Funding records (Art. 19) of filed bases, by filing number; who may record which source is the
    service's rule (the region records its own subsidies), so a row of another party's source is refused with
    the page's message. A record for one postdoc is entered on the page (the import records the base's)."""

    def normalise_key_part(self, name, value):
        if name == "amount" and value is not None:
            return str(Decimal(value).quantize(Decimal("0.01")))
        return super().normalise_key_part(name, value)

    def form(self, values, context):
        return FundingForm(data={**values, "appointment": ""}, sources=FundingSource.values, appointments=())

    def save(self, *, actor, cleaned, values):
        base = PracticeBase.objects.get(pk=values["base"])
        return funding_services.funding_record_create(
            actor=actor, base=base, year=cleaned["year"], source=cleaned["source"], amount=cleaned["amount"],
            purpose=cleaned["purpose"], note=cleaned["note"], policy_title=cleaned["policy_title"],
            policy_number=cleaned["policy_number"],
        )  # fmt: skip

    def existing_keys(self, keys):
        bases = {key[0] for key in keys}
        years = {key[1] for key in keys}
        found = FundingRecord.objects.filter(base_id__in=bases, year__in=years).values_list(
            "base_id", "year", "source", "amount", "purpose"
        )
        return {(b, y, s, str(a.quantize(Decimal("0.01"))), p.strip()) for b, y, s, a, p in found} & keys


def _bases() -> dict[str, int]:
    return dict(PracticeBase.objects.order_by("filing_number").values_list("filing_number", "pk"))


def _bureaus() -> dict[str, int]:
    return dict(Bureau.objects.order_by("order", "id").values_list("name", "pk"))


def _departments() -> dict[str, int]:
    return dict(CompetentDepartment.objects.order_by("name").values_list("name", "pk"))


UNITS = UnitImport(
    kind="units",
    title=_("单位"),
    description=_("企业、事业单位等可申请设立基地的单位（第二条、第九条）。"),
    key=("uscc",),
    columns=(
        Column(_("单位名称"), "name", required=True, note=_("单位全称，与营业执照或法人证书一致。")),
        Column(_("统一社会信用代码"), "uscc", required=True,
               note=_("18位，最后一位为校验码（GB 32100-2015）；系统按此代码识别同一单位。")),
        Column(_("注册地盟市"), "bureau", LOOKUP, lookup=_bureaus,
               unknown=_("盟市“%(value)s”不存在，请从下拉列表中选择，如“呼和浩特市”。"),
               note=_("地方单位和中央驻区单位必填（第十一条第（一）项）。")),
        Column(_("单位性质"), "nature", CHOICE, required=True, choices=lambda: UnitNature.choices),
        Column(_("隶属关系"), "affiliation", CHOICE, required=True, choices=lambda: Affiliation.choices),
        Column(_("主管部门"), "department", LOOKUP, lookup=_departments,
               unknown=_("主管部门“%(value)s”不存在，请先在“主管部门”中登记，或从下拉列表中选择。"),
               note=_("中央驻区单位和自治区本级单位必填（第十一条第（一）项）。")),
        Column(_("具有独立法人资格"), "independent_legal_person", BOOL, default=True, note=_("空白视为“是”。")),
        Column(_("已设博士后科研流动站"), "has_mobile_station", BOOL, default=False, note=_("空白视为“否”。")),
        Column(_("已设博士后科研工作站"), "has_workstation", BOOL, default=False, note=_("空白视为“否”。")),
        Column(_("地址"), "address"),
        Column(_("联系人"), "contact_name"),
        Column(_("联系电话"), "contact_phone"),
        # Last: the template's other columns keep their letters; rows are read by header, so files filled from
        # the earlier template (without this column) still import, as units of no stated industry.
        Column(_("所属行业"), "industry", CHOICE, choices=lambda: Industry.choices,
               note=_("国民经济行业分类（GB/T 4754-2017）的门类，如“制造业”；可留空。")),
    ),
)  # fmt: skip

EXPERTS = ExpertImport(
    kind="experts",
    title=_("评审专家"),
    description=_("评审专家库：评审申报、考核和评估的专家。"),
    key=("name", "employer"),
    columns=(
        Column(_("姓名"), "name", required=True),
        Column(_("专业领域"), "field", required=True),
        Column(_("职称"), "title", required=True),
        Column(_("工作单位"), "employer", required=True, note=_("姓名和工作单位都相同的专家视为同一人。")),
        Column(_("申报的利益冲突"), "declared_conflicts",
               note=_("与其有利益冲突的单位名称，多个用“；”分隔或在单元格内换行。")),
        Column(_("在库"), "active", BOOL, default=True, note=_("空白视为“是”。")),
    ),
)  # fmt: skip


FUNDING = FundingImport(
    kind="funding",
    title=_("经费记录"),
    description=_("基地的经费记录（第十九条）：按备案号登记；自治区人社厅登记自治区补助。"),
    key=("base", "year", "source", "amount", "purpose"),
    columns=(
        Column(_("备案号"), "base", LOOKUP, required=True, lookup=_bases,
               unknown=_("备案号“%(value)s”不存在，请从下拉列表中选择已备案基地的备案号。"),
               note=_("基地的备案号，如“蒙博基备〔2026〕001号”。")),
        Column(_("年度"), "year", INT, required=True),
        Column(_("经费来源"), "source", CHOICE, required=True, choices=lambda: FundingSource.choices,
               note=_("自治区人社厅可登记“自治区补助”；单位投入和盟市补助由单位和盟市登记。")),
        Column(_("金额（元）"), "amount", DECIMAL, required=True),
        Column(_("用途"), "purpose", required=True,
               note=_("备案号、年度、经费来源、金额和用途都相同的记录视为同一条。")),
        Column(_("政策文件名称"), "policy_title", note=_("自治区补助、盟市补助必填：补助所依据的政策文件。")),
        Column(_("政策文件文号"), "policy_number"),
        Column(_("备注"), "note"),
    ),
)  # fmt: skip

SPECS = (UNITS, EXPERTS, FUNDING)
