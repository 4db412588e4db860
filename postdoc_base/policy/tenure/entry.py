"""Art. 13 (进入基地): one live appointment per postdoc, the tripartite agreement's clauses and signatures
(13(1)) and the entry filing due three months after entry (13(2))."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART13, ART13_1, ART13_2
from ..common import add_months, person_date
from ..findings import Finding, lazy_format

# Art. 13(2): "于三个月内……报自治区人力资源和社会保障厅备案" — due three calendar months after entry.
ENTRY_FILING_MONTHS = 3


class AgreementClause(models.TextChoices):
    """What the tripartite agreement must settle (第十三条第（一）项 / Art. 13(1)), in the article's order."""

    RIGHTS = "rights", _("三方权利")
    OBLIGATIONS = "obligations", _("三方义务")
    WORK_GOALS = "work_goals", _("工作目标")
    TERM = "term", _("工作期限")
    IP_OWNERSHIP = "ip_ownership", _("产权成果归属")
    BREACH_LIABILITY = "breach_liability", _("违约责任")


class Party(models.TextChoices):
    """The three parties to the agreement (第十三条第（一）项 / Art. 13(1))."""

    BASE = "base", _("基地")
    STATION = "station", _("博士后科研流动站")
    POSTDOC = "postdoc", _("博士后研究人员")


def check_one_live_appointment(live_state_label=None) -> Finding:
    """第十三条 / Art. 13: a postdoc enters one base at a time, by one tripartite agreement. While an appointment
    of theirs is live (from the drafted agreement until exit or withdrawal), no second one is drafted.

    ``live_state_label`` names the state of the live appointment, ``None`` when there is none. Codes
    ``art13.one_live_appointment`` (refused) and ``art13.no_live_appointment``.
    """
    if live_state_label is None:
        return Finding(
            ok=True,
            code="art13.no_live_appointment",
            article=ART13,
            message=_("该博士后研究人员没有进行中的进基地记录（第十三条）。"),
        )
    return Finding(
        ok=False,
        code="art13.one_live_appointment",
        article=ART13,
        message=lazy_format(
            _(
                "该博士后研究人员已有一条进行中的进基地记录（%(state)s）。同一博士后研究人员同一时间只能有一条"
                "进行中的进基地记录（第十三条），待该记录出基地或退出基地后方可新建。"
            ),
            state=live_state_label,
        ),
    )


def check_tripartite_agreement(
    confirmed: Iterable[str], signed_by: Iterable[str], has_document: bool
) -> list[Finding]:
    """第十三条第（一）项 / Art. 13(1): the agreement settles each clause, all three parties sign it, and the
    signed document is uploaded.

    Ten findings in this order: one per ``AgreementClause`` (``art13.1.<clause>.confirmed|missing``), one
    per ``Party`` (``art13.1.<party>_signature.present|missing``), and ``art13.1.document.uploaded|missing``.
    Unknown values in ``confirmed`` or ``signed_by`` are ignored.
    """
    confirmed, signed_by = set(confirmed), set(signed_by)
    found: list[Finding] = []
    for clause in AgreementClause:
        if clause.value in confirmed:
            found.append(
                Finding(
                    ok=True,
                    code=f"art13.1.{clause.value}.confirmed",
                    article=ART13_1,
                    message=lazy_format(
                        _("符合第十三条第（一）项：协议已明确%(clause)s。"), clause=clause.label
                    ),
                )
            )
        else:
            found.append(
                Finding(
                    ok=False,
                    code=f"art13.1.{clause.value}.missing",
                    article=ART13_1,
                    message=lazy_format(
                        _("不符合第十三条第（一）项：三方协议尚未确认已明确%(clause)s。"), clause=clause.label
                    ),
                )
            )
    for party in Party:
        if party.value in signed_by:
            found.append(
                Finding(
                    ok=True,
                    code=f"art13.1.{party.value}_signature.present",
                    article=ART13_1,
                    message=lazy_format(
                        _("符合第十三条第（一）项：%(party)s已签署协议。"), party=party.label
                    ),
                )
            )
        else:
            found.append(
                Finding(
                    ok=False,
                    code=f"art13.1.{party.value}_signature.missing",
                    article=ART13_1,
                    message=lazy_format(
                        _("不符合第十三条第（一）项：%(party)s尚未签署三方协议。"), party=party.label
                    ),
                )
            )
    if has_document:
        found.append(
            Finding(
                ok=True,
                code="art13.1.document.uploaded",
                article=ART13_1,
                message=_("符合第十三条第（一）项：已上传三方签署的协议文本。"),
            )
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art13.1.document.missing",
                article=ART13_1,
                message=_("不符合第十三条第（一）项：尚未上传三方签署的协议文本。"),
            )
        )
    return found


# --- Art. 13(2): entry filing within three months -------------------------------------------------


def entry_filing_due(entry_date: date) -> date:
    """第十三条第（二）项 / Art. 13(2): the last day to file the entry with the region, three calendar months
    after the entry date (31 January -> 30 April)."""
    return add_months(entry_date, ENTRY_FILING_MONTHS)


def is_late(entry_date: date, submitted_on: date) -> bool:
    """第十三条第（二）项 / Art. 13(2): the base reported the entry after the due date (on the due date is on time).

    ``submitted_on`` is the day the base submitted the filing (报送) that the region accepted, not the day the
    region accepted it: the article asks the base to report within three months, and the region's own pace
    does not make a report in time late.
    """
    return submitted_on > entry_filing_due(entry_date)


def entry_filing_overdue(entry_date: date, today: date) -> bool:
    """第十三条第（二）项 / Art. 13(2): an unfiled entry is overdue from the day after its due date."""
    return today > entry_filing_due(entry_date)


def check_entry_filing(entry_date: date, submitted_on: date) -> Finding:
    """第十三条第（二）项 / Art. 13(2): a filing is accepted either way; one the base submitted late is marked late.

    Always ``ok=True``; code ``art13.2.on_time`` when submitted up to and including the due date,
    ``art13.2.late`` after (``is_late``). Raises ``ValueError`` when ``submitted_on`` is before the entry date.
    """
    if submitted_on < entry_date:
        raise ValueError("an entry cannot be filed before the entry date")
    due = entry_filing_due(entry_date)
    values = {"entry": person_date(entry_date), "due": person_date(due), "filed": person_date(submitted_on)}
    if is_late(entry_date, submitted_on):
        return Finding(
            ok=True,
            code="art13.2.late",
            article=ART13_2,
            message=lazy_format(
                _(
                    "逾期备案（第十三条第（二）项）：%(entry)s进基地，应于%(due)s前报自治区人力资源和社会保障厅"
                    "备案，实际于%(filed)s报送，逾期%(days)d天。"
                ),
                days=(submitted_on - due).days,
                **values,
            ),
        )
    return Finding(
        ok=True,
        code="art13.2.on_time",
        article=ART13_2,
        message=lazy_format(
            _("按期备案（第十三条第（二）项）：%(entry)s进基地，于%(filed)s报送备案，未超过%(due)s的期限。"),
            **values,
        ),
    )
