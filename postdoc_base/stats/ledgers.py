"""The standard ledgers (台账, Art. 25) as pages and workbooks: a base's (its postdocs with entry and exit dates,
supervisors, output counts and funding), a bureau's (its bases with their counts) and the region's (every base,
by bureau, with the bureaus' subtotals). Scoped as the statistics (``permissions``); a ledger a user may not read
is a 404. The downloads hold the rows of the page's table; they read the ledger from ``?base=`` / ``?bureau=``
because an export reads only the user and the query string (``exports.registry``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.directory.models import Bureau
from postdoc_base.exports.registry import xlsx_export
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.oversight.selectors import base_files_visible_to
from postdoc_base.policy.oversight.funding import FundingSource
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import int_param

from .permissions import may_view_base_ledger, may_view_bureau_ledger, may_view_stats
from .selectors import (
    LEDGER_COLUMNS,
    NO_BUREAU_LABEL,
    TableRows,
    base_ledger_appointments,
    bureau_subtotals,
    ledger_bases,
    ledger_rows,
)


# --- which ledger ---------------------------------------------------------------------------------------
def _base(user, pk) -> PracticeBase:
    base = base_files_visible_to(user).filter(pk=pk).first() if pk is not None else None
    if base is None or not may_view_base_ledger(user, base):
        raise Http404
    return base


def _bureau(user, pk) -> Bureau:
    bureau = Bureau.objects.filter(pk=pk).first() if pk is not None else None
    if bureau is None or not may_view_bureau_ledger(user, bureau):
        raise Http404
    return bureau


def _region(user) -> None:
    if not is_region_admin(user):
        raise Http404


def ledger_links(user) -> dict:
    """The ledgers ``user`` may open, for the statistics page: the region's, the officer's bureaus', the unit
    administrator's bases' (one query for the bases, only for a unit administrator)."""
    if not may_view_stats(user):
        return {}
    region = is_region_admin(user)
    bureaus = [] if region else list(
        Bureau.objects.filter(pk__in=sorted(user.scope_ids(Role.BUREAU_OFFICER))).order_by("order", "id")
    )  # fmt: skip
    bases = []
    if not region and user.scope_ids(Role.UNIT_ADMIN):
        bases = list(base_files_visible_to(user).filter(unit_id__in=sorted(user.scope_ids(Role.UNIT_ADMIN))))
    return {"region": region, "bureaus": bureaus, "bases": bases}


# --- the base ledger ------------------------------------------------------------------------------------
BASE_LEDGER_COLUMNS = (
    (_("姓名"), lambda a: a.postdoc.name),
    (_("合作流动站"), lambda a: str(a.station)),
    (_("流动站合作导师"), lambda a: a.station_supervisor.name if a.station_supervisor_id else ""),
    (_("基地合作导师"), lambda a: a.base_supervisor.name if a.base_supervisor_id else ""),
    (_("进基地日期"), lambda a: a.entry_date),
    (_("出基地日期"), lambda a: a.exit_date),
    (_("状态"), choice_label("state")),
    (_("出基地去向"), choice_label("destination")),
    (_("专利"), lambda a: a.patents),
    (_("科技成果转化"), lambda a: a.transfers),
    (_("省部级以上科研项目"), lambda a: a.projects),
    (_("成果合计"), lambda a: a.all_outputs),
    (_("经费（元）"), lambda a: a.funding_yuan),
)


def _cells(columns, obj) -> list:
    return [get(obj) for _title, get in columns]


@login_required
def base_ledger(request, pk: int):
    base = _base(request.user, pk)
    appointments = list(base_ledger_appointments(request.user, base))
    funding = {row["source"]: row["total"] for row in FundingRecord.objects.filter(base=base).values("source")
               .annotate(total=Sum("amount")).order_by()}  # fmt: skip
    context = {
        "base": base,
        "titles": [t for t, _g in BASE_LEDGER_COLUMNS],
        "rows": [(a, _cells(BASE_LEDGER_COLUMNS, a)) for a in appointments],
        "funding": [(label, funding.get(value, 0)) for value, label in FundingSource.choices],
        "funding_total": sum(funding.values()),
    }
    return render(request, "stats/ledger_base.html", context)


@xlsx_export(
    "stats_ledger_base", columns=BASE_LEDGER_COLUMNS, sheet=_("基地台账"), filename_prefix="ledger-base"
)
def base_ledger_export(request):
    """A base's ledger (``?base=``) as .xlsx: the page's table."""
    base = _base(request.user, int_param(request.GET.get("base")))
    return TableRows(base_ledger_appointments(request.user, base))


# --- the bureau's and the region's ledgers --------------------------------------------------------------
LEDGER_BASE_COLUMNS = (
    (_("盟市"), lambda r: r.base.unit.bureau.name if r.base.unit.bureau_id else str(NO_BUREAU_LABEL)),
    (_("基地名称"), lambda r: r.base.name),
    (_("备案号"), lambda r: r.base.filing_number),
    (_("设站单位"), lambda r: r.base.unit.name),
    (_("单位性质"), lambda r: r.base.unit.get_nature_display()),
    (_("备案日期"), lambda r: r.base.filed_on),
    (_("状态"), lambda r: r.base.get_state_display()),
    *((title, lambda r, i=i: r.cells[i]) for i, (_k, title) in enumerate(LEDGER_COLUMNS)),
)


def _ledger_context(rows, **extra) -> dict:
    return {
        "titles": [t for t, _g in LEDGER_BASE_COLUMNS],
        "rows": [(r, _cells(LEDGER_BASE_COLUMNS, r)) for r in rows],
        "totals": [sum(r.cells[i] for r in rows) for i in range(len(LEDGER_COLUMNS))],
        "value_titles": [t for _k, t in LEDGER_COLUMNS],
        **extra,
    }


@login_required
def bureau_ledger(request, pk: int):
    bureau = _bureau(request.user, pk)
    rows = ledger_rows(ledger_bases(request.user, bureau.pk), request.user)
    return render(request, "stats/ledger_bureau.html", _ledger_context(rows, bureau=bureau))


@xlsx_export("stats_ledger_bureau", columns=LEDGER_BASE_COLUMNS, sheet=_("盟市台账"),
             filename_prefix="ledger-bureau")  # fmt: skip
def bureau_ledger_export(request):
    """A bureau's ledger (``?bureau=``) as .xlsx: the page's table."""
    bureau = _bureau(request.user, int_param(request.GET.get("bureau")))
    return TableRows(ledger_rows(ledger_bases(request.user, bureau.pk), request.user))


@login_required
def region_ledger(request):
    _region(request.user)
    rows = ledger_rows(ledger_bases(request.user), request.user)
    return render(
        request, "stats/ledger_region.html", _ledger_context(rows, subtotals=bureau_subtotals(rows))
    )


@xlsx_export("stats_ledger_region", columns=LEDGER_BASE_COLUMNS, sheet=_("自治区台账"),
             filename_prefix="ledger-region")  # fmt: skip
def region_ledger_export(request):
    """The region's ledger as .xlsx: every base, by bureau (the page's table)."""
    _region(request.user)
    return TableRows(ledger_rows(ledger_bases(request.user), request.user))
