"""第十九条 / Art. 19: "博士后研究人员在基地工作期间的经费以设立基地单位投入为主，自治区和各盟市依据有关政策给予
补助" — the funding of a base comes from three sources, and who records each follows from who pays it.

The table ``FUNDING_SOURCES`` is the one place that says, for each source, which party records it and whether
a policy document (依据有关政策) must be named:

- 单位投入 (the unit's own investment): the unit that set up the base records it; no policy document;
- 盟市补助 (a league/city subsidy): the league/city bureau of the base's area records it, naming the policy;
- 自治区补助 (a region subsidy): the region records it, naming the policy.

The parties are the measures' own (设立基地的单位, 盟市, 自治区); ``oversight.funding.permissions`` maps each to
the role and scope that acts for it. Amounts are positive yuan, at most ``MAX_AMOUNT_YUAN`` per record.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART19
from ..common import blank
from ..findings import Finding, lazy_format

# One record is one payment or one year's allocation: a billion yuan is far beyond any real one and keeps
# the amount within the column (14 digits, 2 decimal places).
MAX_AMOUNT_YUAN = Decimal("999999999999.99")


class FundingSource(models.TextChoices):
    """Where the money comes from (Art. 19)."""

    UNIT = "unit", _("单位投入")
    REGION = "region", _("自治区补助")
    LEAGUE_CITY = "league_city", _("盟市补助")


class FundingParty(models.TextChoices):
    """Who records a source: the party that pays it (Art. 19; the bureau's local duties, Art. 6)."""

    UNIT = "unit", _("设立基地的单位")
    LEAGUE_CITY = "league_city", _("基地所在盟市人力资源社会保障部门")
    REGION = "region", _("自治区人力资源和社会保障厅")


@dataclass(frozen=True)
class SourceRule:
    source: str
    recorder: str  # a FundingParty
    needs_policy_document: bool
    article: str


FUNDING_SOURCES: dict[str, SourceRule] = {
    FundingSource.UNIT: SourceRule(FundingSource.UNIT, FundingParty.UNIT, False, ART19),
    FundingSource.LEAGUE_CITY: SourceRule(FundingSource.LEAGUE_CITY, FundingParty.LEAGUE_CITY, True, ART19),
    FundingSource.REGION: SourceRule(FundingSource.REGION, FundingParty.REGION, True, ART19),
}


def recorder_of(source: str) -> str | None:
    """The party that records ``source`` (a ``FundingParty``), or None for an unknown source."""
    rule = FUNDING_SOURCES.get(source)
    return rule.recorder if rule else None


def sources_recorded_by(parties) -> list[str]:
    """The sources any of ``parties`` records, in the table's order (the form's choices)."""
    wanted = set(parties)
    return [source for source, rule in FUNDING_SOURCES.items() if rule.recorder in wanted]


def recorder_finding(source: str, parties) -> Finding:
    """Art. 19: passing when one of ``parties`` (the parties the user acts for on this base) records
    ``source``; failing with who does otherwise."""
    rule = FUNDING_SOURCES.get(source)
    if rule is None:
        return Finding(
            False, "art19.unknown_source", ART19, _("请选择经费来源：单位投入、自治区补助或盟市补助。")
        )
    if rule.recorder in set(parties):
        return Finding(True, "art19.recorder.ok", ART19, _("可以记录该来源的经费。"))
    return Finding(
        False, "kernel.not_permitted", ART19,
        lazy_format(_("%(source)s由%(party)s记录（第十九条）。"), source=FundingSource(source).label,
                    party=FundingParty(rule.recorder).label),
    )  # fmt: skip


def parse_amount(value) -> Decimal | None:
    """A typed amount as a Decimal, or None when it is not a finite number."""
    if isinstance(value, Decimal):
        amount = value
    else:
        try:
            amount = Decimal(str(value).replace(",", "").strip())
        except (InvalidOperation, ValueError):
            return None
    return amount if amount.is_finite() else None


def funding_findings(source: str, amount, document_title: str, document_number: str) -> list[Finding]:
    """Art. 19: every condition of one funding record, passing or not, each with the field it concerns in its
    code's last part: the source is one of the three; the amount is a positive number of yuan with at most two
    decimal places; a subsidy names the policy it was granted under (title and document number)."""
    findings = []
    if source not in FUNDING_SOURCES:
        findings.append(
            Finding(False, "art19.source", ART19, _("请选择经费来源：单位投入、自治区补助或盟市补助。"))
        )
    amount = parse_amount(amount) if amount not in (None, "") else None
    if amount is None:
        findings.append(Finding(False, "art19.amount", ART19, _("请填写金额（元），应为数字。")))
    elif amount <= 0:
        findings.append(Finding(False, "art19.amount", ART19, _("金额应大于0元。")))
    elif amount > MAX_AMOUNT_YUAN or amount.as_tuple().exponent < -2:
        findings.append(
            Finding(False, "art19.amount", ART19, _("金额最多保留两位小数，且不超过999,999,999,999.99元。"))
        )
    else:
        findings.append(Finding(True, "art19.amount.ok", ART19, _("金额有效。")))
    rule = FUNDING_SOURCES.get(source)
    if rule is not None and rule.needs_policy_document:
        label = FundingSource(source).label
        if blank(document_title):
            findings.append(
                Finding(False, "art19.policy_title", ART19,
                        lazy_format(_("%(source)s应依据有关政策给予（第十九条），请填写政策文件名称。"), source=label))
            )  # fmt: skip
        if blank(document_number):
            findings.append(
                Finding(False, "art19.policy_number", ART19,
                        lazy_format(_("%(source)s应依据有关政策给予（第十九条），请填写政策文件文号。"), source=label))
            )  # fmt: skip
    return findings


def funding_year_finding(year, filing_year: int, this_year: int) -> Finding:
    """The year a record is for: from the base's filing year (no base is funded as a base before it is filed,
    Art. 11(3)) to next year (a sum allocated ahead)."""
    first, last = filing_year, this_year + 1
    if isinstance(year, int) and first <= year <= last:
        return Finding(True, "art19.year.ok", ART19, _("年度有效。"))
    return Finding(
        False, "art19.year", ART19,
        lazy_format(_("年度应在%(first)s年（基地备案年度）至%(last)s年之间。"), first=first, last=last),
    )  # fmt: skip
