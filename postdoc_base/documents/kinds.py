"""The kinds of official document (公文) the system issues, and the number prefix (机关代字) of each.

``NUMBER_PREFIXES`` is the table of prefixes: every kind's document number is ``{prefix}〔{year}〕{n}号``, where
``n`` comes from one sequence per prefix and year (``documents.numbering``), so two kinds that share a prefix
share one run of numbers, as one office's register does.

| kind                 | prefix     | why                                                                       |
|----------------------|------------|---------------------------------------------------------------------------|
| filing_notice        | 内人社发   | a notice to all bureaus and units, published (第十一条第（三）项)            |
| revocation_notice    | 内人社发   | the region's decision to cancel a base's filing, published (第二十四条)      |
| withdrawal_decision  | 内人社函   | a letter to the base and the station about one postdoc (第二十三条)          |

内人社 is the region's own 机关代字 (the measures are 内人社办发〔2025〕196号). The region may change the
prefixes only in code: a number once issued is printed on paper and never reused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    FILING_NOTICE = "filing_notice", _("备案名单通知")
    REVOCATION_NOTICE = "revocation_notice", _("取消基地备案通知")
    WITHDRAWAL_DECISION = "withdrawal_decision", _("退出基地决定")


NUMBER_PREFIXES: dict[str, str] = {
    DocumentKind.FILING_NOTICE: "内人社发",
    DocumentKind.REVOCATION_NOTICE: "内人社发",
    DocumentKind.WITHDRAWAL_DECISION: "内人社函",
}


def format_number(prefix: str, year: int, serial: int) -> str:
    """``内人社发〔2026〕12号``: the year in 六角括号 〔〕, the serial without leading zeros (GB/T 9704 7.2.4)."""
    return f"{prefix}〔{year}〕{serial}号"
