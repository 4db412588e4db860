"""The statistics page (统计): every chart of ``selectors.CHARTS`` as a card with its data table and a download
of that table, over the viewer's scope and the ``?year=`` / ``?bureau=`` filters. Chart data goes to the page
as ``json_script`` and is drawn by ``static/stats/charts.js`` (the CSP allows no inline script)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.directory.models import Bureau
from postdoc_base.exports.registry import xlsx_export

from .ledgers import ledger_links
from .permissions import may_view_stats
from .selectors import CHARTS, FIRST_YEAR, ChartSpec, StatsScope, TableRows, last_year, stats_filters

YEARS_OFFERED = 15  # the year filter's choices: next year and the fifteen before it


def stats_scope(request) -> StatsScope:
    """The viewer's scope and filters; a 404 for anyone the section is not for (``permissions``)."""
    if not may_view_stats(request.user):
        raise Http404
    today = timezone.localdate()
    return StatsScope(request.user, stats_filters(request.GET, request.user, today), today)


def chart_payload(spec: ChartSpec, table) -> dict:
    """What charts.js draws: the chart's kind, its labels and one series per value column."""
    return {
        "kind": spec.kind,
        "title": str(spec.title),
        "labels": table.labels,
        "series": table.series_data(),
    }


@login_required
def index(request):
    scope = stats_scope(request)
    cards = []
    for spec in CHARTS.values():
        table = spec.table(scope)
        cards.append({"spec": spec, "table": table, "payload": chart_payload(spec, table),
                      "script_id": f"chart-data-{spec.key}", "export_url": reverse(f"stats:export_{spec.key}")})  # fmt: skip
    region = is_region_admin(request.user)
    context = {
        "cards": cards,
        "f": scope.filters,
        "years": range(last_year(scope.today), max(FIRST_YEAR, scope.today.year - YEARS_OFFERED) - 1, -1),
        "bureaus": list(Bureau.objects.order_by("order", "id").values_list("pk", "name")) if region else [],
        "scope_bureaus": scope.bureaus,
        "region": region,
        "query": urlencode(scope.filters.params(scope.today)),
        "ledgers": ledger_links(request.user),
    }
    return render(request, "stats/index.html", context)


def _columns(spec: ChartSpec):
    """The table's columns as the export layer reads them: the label, then each series."""
    return (
        (spec.label, lambda row: row[0]),
        *((name, lambda row, i=i: row[1][i]) for i, name in enumerate(spec.series)),
    )


def _export(spec: ChartSpec):
    def rows(request):
        return TableRows(spec.build(stats_scope(request)))

    rows.__name__ = f"{spec.key}_export"
    rows.__doc__ = f"The chart {spec.key} as .xlsx: the table on the statistics page, same scope and filters."
    return xlsx_export(f"stats_{spec.key}", columns=_columns(spec), sheet=spec.title,
                       filename_prefix=f"stats-{spec.key.replace('_', '-')}")(rows)  # fmt: skip


CHART_EXPORTS = {key: _export(spec) for key, spec in CHARTS.items()}
