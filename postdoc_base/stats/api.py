"""/api/v1/stats/{chart} (statistics, Arts. 5, 21, 25), mounted by api/api.py: one chart's table as JSON (labels
and one series per value column) with the page's filters (``?year=``, ``?bureau=`` for the region) and scope. A
bad filter value is ignored and named in ``warnings``, as on the page; a chart the user may not read, or an
unknown one, is a 404."""

from django.utils import timezone
from ninja import Router, Schema

from postdoc_base.api.errors import not_found
from postdoc_base.api.types import Query

from .permissions import may_view_stats
from .selectors import CHARTS, StatsScope, stats_filters


class StatsSeriesOut(Schema):
    name: str
    data: list[int | float]


class StatsChartOut(Schema):
    key: str
    title: str
    article: str
    year: int
    bureau: int | None
    label_title: str
    labels: list[str]
    series: list[StatsSeriesOut]
    warnings: list[str]


router = Router(tags=["stats"])


@router.get("/{chart}", response=StatsChartOut, summary="One chart's table of the statistics (统计)")
def stats_chart(request, chart: str, year: Query | None = None, bureau: Query | None = None):
    spec = CHARTS.get(chart)
    if spec is None or not may_view_stats(request.user):
        raise not_found()
    today = timezone.localdate()
    filters = stats_filters({"year": year or "", "bureau": bureau or ""}, request.user, today)
    table = spec.table(StatsScope(request.user, filters, today))
    return {
        "key": spec.key, "title": str(spec.title), "article": str(spec.article), "year": filters.year,
        "bureau": filters.bureau, "label_title": table.label_title, "labels": table.labels,
        "series": table.series_data(), "warnings": [str(p) for p in filters.problems],
    }  # fmt: skip


routers = [("/stats", router)]
