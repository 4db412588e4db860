"""The kinds of official document (公文) the system issues, and the number prefix (机关代字) of each.

``NUMBER_PREFIXES`` is the table of prefixes: every kind's document number is ``{prefix}〔{year}〕{n}号``, where
``n`` comes from one sequence per prefix and year (``documents.numbering``), so two kinds that share a prefix
share one run of numbers, as one office's register does.

| kind                 | prefix     | why                                                                       |
|----------------------|------------|---------------------------------------------------------------------------|
| filing_notice        | 内人社发   | a notice to all bureaus and units, published (第十一条第（三）项)            |
| revocation_notice    | 内人社发   | the region's decision to cancel a base's filing, published (第二十四条)      |
| withdrawal_decision  | 内人社函   | a letter to the base and the station about one postdoc (第二十三条)          |
| bureau_recommendation| 〈简称〉人社函 | the bureau's letter to the region recommending one application (第十一条第（二）项) |
| upgrade_cancellation | 内人社发   | the region's notice that a base's filing lapsed as its unit got a workstation, published (第二十四条) |
| entry_filing_form    | (none)     | a form (表), not a 公文: the base's unit administrator prints and seals it (第十三条第（二）项) |
| title_route_statement| 内人社函   | a letter to the employer on one postdoc's eligibility for a direct title application (第二十二条) |
| assessment_result    | (none)     | a form: the base's record of one graded mid-term or exit assessment (第十七条、第十八条) |
| notice_list          | 内人社函   | the region's published list of one public notice, its period in working days (第十一条第（三）项) |
| application_form     | (none)     | a form: the application the unit prints, seals and files with its bureau (第九条、第十条) |
| score_sheet          | (none)     | a form: one expert's scores and comment on one subject, read by the region and that expert (第十一条第（三）项) |

内人社 is the region's own 机关代字 (the measures are 内人社办发〔2025〕196号). The region may change the
prefixes only in code: a number once issued is printed on paper and never reused.

A bureau's recommendation carries the bureau's own number, not the region's: ``{简称}人社函〔2026〕3号``, one
run per bureau and year (``bureau_prefix``). ``BUREAU_SHORT_NAMES`` gives each of the 14 bureaus (keyed by
its administrative division code, ``directory.bureaus``) the short form of its name. The forms are chosen
to be distinct from each other, because the prefix is what keeps two bureaus' runs apart: 呼和浩特市 takes
呼, so 呼伦贝尔市 keeps 呼伦贝尔; 乌海市 and 乌兰察布市 keep their full stems; 二连浩特市 takes 二连. A bureau
whose own office uses another short form has it changed here before its first number is issued. A bureau
not in the table (none today) numbers under its full name (``包头市人社函``), which is distinct as well.

A form has no number (``NUMBER_PREFIXES`` gives it none): it is stored like a document, dated, without a
serial, and its file name and listing show its title only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    FILING_NOTICE = "filing_notice", _("备案名单通知")
    REVOCATION_NOTICE = "revocation_notice", _("取消基地备案通知")
    WITHDRAWAL_DECISION = "withdrawal_decision", _("退出基地决定")
    BUREAU_RECOMMENDATION = "bureau_recommendation", _("盟市书面推荐意见")
    ENTRY_FILING_FORM = "entry_filing_form", _("进站备案表")
    UPGRADE_CANCELLATION = "upgrade_cancellation", _("基地资格注销通知")
    ASSESSMENT_RESULT = "assessment_result", _("考核结果表")
    TITLE_ROUTE_STATEMENT = "title_route_statement", _("直接申报副高级职称资格说明")
    NOTICE_LIST = "notice_list", _("公示名单")
    APPLICATION_FORM = "application_form", _("基地设立申报书")
    SCORE_SHEET = "score_sheet", _("专家评分表")


NUMBER_PREFIXES: dict[str, str] = {
    DocumentKind.FILING_NOTICE: "内人社发",
    DocumentKind.REVOCATION_NOTICE: "内人社发",
    DocumentKind.WITHDRAWAL_DECISION: "内人社函",
    DocumentKind.BUREAU_RECOMMENDATION: "〈盟市简称〉人社函",  # shown on the templates page; see bureau_prefix
    DocumentKind.ENTRY_FILING_FORM: "",  # a form: no number
    DocumentKind.UPGRADE_CANCELLATION: "内人社发",
    DocumentKind.ASSESSMENT_RESULT: "",  # a form: no number
    DocumentKind.TITLE_ROUTE_STATEMENT: "内人社函",
    DocumentKind.NOTICE_LIST: "内人社函",
    DocumentKind.APPLICATION_FORM: "",  # a form: no number
    DocumentKind.SCORE_SHEET: "",  # a form: no number
}

BUREAU_SHORT_NAMES: dict[str, str] = {
    "150100": "呼",  # 呼和浩特市
    "150200": "包",  # 包头市
    "150300": "乌海",  # 乌海市
    "150400": "赤",  # 赤峰市
    "150500": "通",  # 通辽市
    "150600": "鄂",  # 鄂尔多斯市
    "150700": "呼伦贝尔",  # 呼伦贝尔市
    "150900": "乌兰察布",  # 乌兰察布市
    "150800": "巴",  # 巴彦淖尔市
    "152200": "兴",  # 兴安盟
    "152500": "锡",  # 锡林郭勒盟
    "152900": "阿",  # 阿拉善盟
    "150781": "满",  # 满洲里市
    "152501": "二连",  # 二连浩特市
}


def bureau_prefix(bureau) -> str:
    """The bureau's own 机关代字 for its letters: ``满人社函``; a bureau not in the table, its full name."""
    return f"{BUREAU_SHORT_NAMES.get(bureau.code, bureau.name)}人社函"


def format_number(prefix: str, year: int, serial: int) -> str:
    """``内人社发〔2026〕12号``: the year in 六角括号 〔〕, the serial without leading zeros (GB/T 9704 7.2.4)."""
    return f"{prefix}〔{year}〕{serial}号"
