"""The import of historical filed bases (bases filed before the system, from their paper filing notices): each row
is checked by the historical filing's form and written by its service (``oversight.historical``), which records
the base in the register through the base workflow's creation row."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.directory.models import Unit
from postdoc_base.establishment.notices import BASE_NAME_SUFFIX
from postdoc_base.oversight.historical.forms import HistoricalBaseForm
from postdoc_base.oversight.historical.services import historical_base_file
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.common import person_date
from postdoc_base.policy.establishment.procedure import (
    HISTORICAL_FILING_EARLIEST,
    filing_number,
    normalize_filing_number,
)
from postdoc_base.policy.findings import lazy_format
from postdoc_base.policy.identifiers import normalize_uscc

from ..registry import DATE, LOOKUP, Column, ImportSpec


class _UnitsByUscc(dict):
    """{统一社会信用代码: unit id}, looked up as ``normalize_uscc`` writes a code (the registry stores it so): a
    code typed in lower case or with spaces around it names the same unit."""

    def get(self, key, default=None):
        return super().get(normalize_uscc(key) if isinstance(key, str) else key, default)


def _units() -> dict[str, int]:
    return _UnitsByUscc(Unit.objects.order_by("uscc").values_list("uscc", "pk"))


class HistoricalBaseImport(ImportSpec):
    """One row, one base filed on paper; its filing number identifies it (the system's format read in any of the
    spellings ``policy…normalize_filing_number`` accepts), so a file imported again creates nothing new."""

    def normalise_key_part(self, name, value):
        return normalize_filing_number(value) if isinstance(value, str) else value

    def form(self, values, context):
        return HistoricalBaseForm(data=values)

    def save(self, *, actor, cleaned, values):
        return historical_base_file(
            actor=actor, unit=cleaned["unit"], name=cleaned["name"], filing_number=cleaned["filing_number"],
            filed_on=cleaned["filed_on"], notice_number=cleaned["notice_number"],
        )  # fmt: skip

    def existing_keys(self, keys):
        numbers = [number for (number,) in keys]
        found = PracticeBase.objects.filter(filing_number__in=numbers).values_list("filing_number", flat=True)
        return {(number,) for number in found}


BASES = HistoricalBaseImport(
    kind="bases",
    title=_("历史备案基地"),
    description=_(
        "系统启用前已备案的博士后创新实践基地（第十一条第（三）项），按纸质备案通知登记；导入的基地为“已备案”状态。"
    ),
    key=("filing_number",),
    columns=(
        Column(_("统一社会信用代码"), "unit", LOOKUP, required=True, lookup=_units,
               unknown=_("统一社会信用代码“%(value)s”不在单位名录中：请先用“单位”导入该单位，再导入其历史备案基地。"),
               note=_("设站单位的统一社会信用代码。单位须已在单位名录中：请先用“单位”导入单位，再导入历史备案基地。")),
        Column(_("基地名称"), "name",
               note=lazy_format(_("留空时为单位名称加“%(suffix)s”。"), suffix=BASE_NAME_SUFFIX)),
        Column(_("备案号"), "filing_number", required=True,
               note=lazy_format(
                   _("纸质备案通知中的备案号，系统按此识别同一基地。按系统格式填写的（如“%(example)s”）沿用其年份和序号；"
                     "其他写法照录，并占用备案年度的下一个序号。"),
                   example=filing_number(2023, 12))),
        Column(_("备案日期"), "filed_on", DATE, required=True,
               note=lazy_format(_("不能晚于今天，不能早于%(earliest)s。"),
                                earliest=person_date(HISTORICAL_FILING_EARLIEST))),
        Column(_("备案通知文号"), "notice_number", required=True,
               note=_("公布本次备案的通知的文号，例如：内人社发〔2023〕12号。")),
    ),
    notes=(
        _("先导入单位（导入类型“单位”），再导入历史备案基地：统一社会信用代码须能在单位名录中找到。"),
        _("已有基地（含已取消备案、已自动注销的）或已设立博士后科研流动站、工作站的单位不能登记（第二条、第二十四条）。"),
    ),
)  # fmt: skip

SPECS = (BASES,)
