"""Reads of the statistics section (Arts. 5, 21, 25): each chart's table, computed by a fixed number of
aggregate queries (GROUP BY in the database, never a query per base), over the viewer's scope.

The scope is each app's own: the bases a user may open (``oversight.selectors.base_files_visible_to``: the
region all, a bureau officer its bureau's, a unit administrator its unit's), and within them the appointments,
outputs and withdrawal cases the user may read (tenure's selectors), the applications (establishment's), the
exit destinations report (oversight.positions) and the overdue items per bureau (the deadline desk's counts).
``permissions.may_view_stats`` decides who opens the section at all.

A chart is a table: a label column and one column per series; the page draws the chart from the same table it
prints, the download and the API give the same rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.deadlines.board.selectors import BoardFilters, counts_by_bureau, obligations_visible_to
from postdoc_base.directory.enums import Industry
from postdoc_base.directory.models import Bureau, Unit
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import PriorityClaim
from postdoc_base.establishment.selectors import applications_visible_to
from postdoc_base.kernel.models import DateMeaning
from postdoc_base.kernel.scopes import bureau_of_scope
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.oversight.positions.selectors import DESTINATIONS, exit_destinations_for
from postdoc_base.oversight.selectors import base_files_visible_to
from postdoc_base.policy.establishment import PriorityCategory, UnitNature
from postdoc_base.tenure.outputs.enums import OutputKind, OutputLevel, OutputState
from postdoc_base.tenure.outputs.selectors import outputs_visible_to
from postdoc_base.tenure.stay.enums import STAY_STATES, AppointmentState
from postdoc_base.tenure.stay.selectors import appointments_visible_to
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.selectors import withdrawals_visible_to
from postdoc_base.web.pages import int_param

FIRST_YEAR = 2000  # no base existed before the measures; a year before this is a typing error
YEARS_SHOWN = 5  # the charts over time: the chosen year and the four before it
NO_BUREAU_LABEL = _("未归属盟市")
NO_INDUSTRY_LABEL = _("未填写")
MONEY = DecimalField(max_digits=16, decimal_places=2)


# --- the filters ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatsFilters:
    """The section's filters from a query string; ``problems`` names each value ignored (shown as a warning)."""

    year: int
    bureau: int | None = None  # the region's filter only
    problems: tuple = field(default=(), compare=False)

    def params(self, today: date) -> dict[str, str]:
        """The filters as query-string values, without the defaults (links, downloads)."""
        values = {"year": str(self.year) if self.year != today.year else "", "bureau": str(self.bureau or "")}
        return {k: v for k, v in values.items() if v}


def last_year(today: date) -> int:
    return today.year + 1


def stats_filters(params: Mapping[str, str], user, today: date) -> StatsFilters:
    """``?year=`` (default: this year) and, for the region, ``?bureau=``; a bad value is ignored and named in
    ``problems``, never an error. A bureau officer's and a unit administrator's data are their scope already."""
    problems = []
    raw_year = str(params.get("year") or "").strip()
    year = int_param(raw_year)
    if year is None or not FIRST_YEAR <= year <= last_year(today):
        if raw_year:
            problems.append(
                gettext("“年度”的取值无效（应为%(first)d至%(last)d之间的年份），已显示%(year)d年。")
                % {"first": FIRST_YEAR, "last": last_year(today), "year": today.year}
            )
        year = today.year
    raw_bureau = str(params.get("bureau") or "").strip()
    bureau = None
    if raw_bureau and is_region_admin(user):
        bureau = int_param(raw_bureau)
        if bureau is None or not Bureau.objects.filter(pk=bureau).exists():
            problems.append(gettext("“盟市”的取值无效，已显示全部盟市。"))
            bureau = None
    return StatsFilters(year, bureau, tuple(problems))


# --- the scope -----------------------------------------------------------------------------------------
@dataclass
class StatsScope:
    """What ``user`` reads with ``filters``: the bases, and through them the rest (each app's selector)."""

    user: object
    filters: StatsFilters
    today: date

    @cached_property
    def bases(self) -> QuerySet[PracticeBase]:
        qs = base_files_visible_to(self.user).select_related(None).order_by()
        if self.filters.bureau is not None:
            qs = qs.filter(unit__bureau_id=self.filters.bureau)
        return qs

    @property
    def base_ids(self) -> QuerySet:
        return self.bases.values("pk")

    def appointments(self) -> QuerySet:
        return (
            appointments_visible_to(self.user).select_related(None).order_by().filter(base__in=self.base_ids)
        )

    def outputs(self) -> QuerySet:
        return (
            outputs_visible_to(self.user)
            .select_related(None)
            .order_by()
            .filter(appointment__base__in=self.base_ids)
        )

    def withdrawals(self) -> QuerySet:
        return (
            withdrawals_visible_to(self.user)
            .select_related(None)
            .order_by()
            .filter(appointment__base__in=self.base_ids)
        )

    @cached_property
    def bureaus(self) -> list[tuple[int, str]]:
        """The bureaus the rows per bureau show, in the region's order: the region every bureau (or the one
        filtered); a bureau officer its own; a unit administrator its unit's. One query."""
        qs = Bureau.objects.order_by("order", "id")
        if self.filters.bureau is not None:
            qs = qs.filter(pk=self.filters.bureau)
        if not is_region_admin(self.user):
            units = Unit.objects.filter(pk__in=sorted(self.user.scope_ids(Role.UNIT_ADMIN))).values(
                "bureau_id"
            )
            qs = qs.filter(Q(pk__in=sorted(self.user.scope_ids(Role.BUREAU_OFFICER))) | Q(pk__in=units))
        return list(qs.values_list("pk", "name"))

    def per_bureau(self, found: Mapping, width: int) -> list[tuple[str, list]]:
        """One row per bureau in scope (zeros included), then the bases in no bureau when there are any."""
        rows = [(name, list(found.get(pk, [0] * width))) for pk, name in self.bureaus]
        if any(found.get(None, ())):
            rows.append((str(NO_BUREAU_LABEL), list(found[None])))
        return rows

    @property
    def years(self) -> list[int]:
        return list(range(self.filters.year - YEARS_SHOWN + 1, self.filters.year + 1))


# --- a chart -------------------------------------------------------------------------------------------
@dataclass
class ChartTable:
    """A chart's table: ``label_title`` heads the label column, ``series`` the value columns."""

    label_title: str
    series: list[str]
    rows: list[tuple[str, list]]

    @property
    def labels(self) -> list[str]:
        return [label for label, _values in self.rows]

    def series_data(self) -> list[dict]:
        return [
            {"name": name, "data": [values[i] for _l, values in self.rows]}
            for i, name in enumerate(self.series)
        ]

    @property
    def totals(self) -> list:
        return [sum(values[i] for _l, values in self.rows) for i in range(len(self.series))]


Rows = list[tuple[str, list]]


class TableRows(list):
    """A table's rows in the shape the export layer reads from a queryset (``count``, ``iterator``)."""

    def count(self, *args) -> int:  # noqa: D102 - the queryset's count(), not list.count(value)
        return len(self)

    def iterator(self, chunk_size=None):
        return iter(self)


@dataclass(frozen=True)
class ChartSpec:
    """A chart: its title, article and note, how charts.js draws it ("bar", "hbar", "stacked", "line"), its
    table's label column and series (lazy texts, the same for every viewer) and ``build``, the rows for a scope."""

    key: str
    title: object
    article: object
    kind: str
    note: object
    label: object
    series: tuple
    build: Callable[[StatsScope], Rows]

    def table(self, scope: StatsScope) -> ChartTable:
        return ChartTable(str(self.label), [str(s) for s in self.series], self.build(scope))


CHARTS: dict[str, ChartSpec] = {}
BUREAU = _("盟市")
YEAR = _("年度")
BASES = (_("基地数"),)


def chart(key: str, title, article, kind: str, note, *, label=BUREAU, series=BASES):
    def register(build):
        CHARTS[key] = ChartSpec(key, title, article, kind, note, label, tuple(series), build)
        return build

    return register


def _by_bureau(values_qs, keys: list[str]) -> dict:
    """``{bureau id: [value per key]}`` from rows grouped by ``bureau`` (a values() queryset)."""
    return {row["bureau"]: [row[k] or 0 for k in keys] for row in values_qs}


def _counts(qs: QuerySet, group: str, conditions: dict[str, Q]) -> list[dict]:
    """One GROUP BY ``group`` with a conditional count per entry of ``conditions``."""
    return list(
        qs.values(group).annotate(**{k: Count("pk", filter=c) for k, c in conditions.items()}).order_by()
    )


# --- the bases (Arts. 5, 10, 11(3)) ---------------------------------------------------------------------
def _filed_by(scope: StatsScope) -> QuerySet:
    return scope.bases.filter(filing_year__lte=scope.filters.year)


BASE_STATES = tuple(BaseState)


@chart("bases_by_bureau", _("各盟市基地数"), _("第五条"), "stacked",
       _("截至所选年度末已备案的基地，按设站单位注册地盟市和基地当前状态统计。"),
       series=[s.label for s in BaseState])  # fmt: skip
def bases_by_bureau(scope: StatsScope) -> Rows:
    grouped = _counts(_filed_by(scope), "unit__bureau_id", {s.value: Q(state=s) for s in BASE_STATES})
    found = {row["unit__bureau_id"]: [row[s.value] for s in BASE_STATES] for row in grouped}
    return scope.per_bureau(found, len(BASE_STATES))


@chart("bases_by_industry", _("基地按所属行业"), _("第三条"), "hbar",
       _("截至所选年度末已备案的基地，按设站单位所属行业（国民经济行业分类GB/T 4754-2017门类）统计；单位名录中未填写所属行业的计入“未填写”。"),
       label=_("所属行业"))  # fmt: skip
def bases_by_industry(scope: StatsScope) -> Rows:
    found = {row["unit__industry"]: row["n"] for row in
             _filed_by(scope).values("unit__industry").annotate(n=Count("pk")).order_by()}  # fmt: skip
    # Every section, in the standard's order, with its zeros: the same rows every year and in every bureau, so
    # that downloaded tables line up.
    rows = [(str(i.label), [found.get(i.value, 0)]) for i in Industry]
    rows.append((str(NO_INDUSTRY_LABEL), [found.get("", 0)]))
    return rows


@chart("bases_by_nature", _("基地按单位性质"), _("第十四条"), "bar",
       _("截至所选年度末已备案的基地，按设站单位性质（企业、事业单位、其他）统计；单位性质决定博士后研究人员签订的合同类型（第十四条）。"),
       label=_("单位性质"))  # fmt: skip
def bases_by_nature(scope: StatsScope) -> Rows:
    found = {row["unit__nature"]: row["n"] for row in
             _filed_by(scope).values("unit__nature").annotate(n=Count("pk")).order_by()}  # fmt: skip
    return [(str(n.label), [found.get(n.value, 0)]) for n in UnitNature]


@chart("bases_by_category", _("基地按优先条件"), _("第十条"), "bar",
       _("截至所选年度末已备案的基地，按设立申请中申报的第十条优先条件统计；一个基地可申报多项，故各项之和可大于基地数。"
         "系统启用前纸质备案、登记入系统的基地没有设立申请，单列为“历史备案基地”。"),
       label=_("优先条件"))  # fmt: skip
def bases_by_category(scope: StatsScope) -> Rows:
    claims = PriorityClaim.objects.filter(application__base__in=_filed_by(scope).values("pk"))
    found = {row["category"]: row["n"] for row in
             claims.values("category").annotate(n=Count("application", distinct=True)).order_by()}  # fmt: skip
    totals = _filed_by(scope).aggregate(
        applied=Count("pk", filter=Q(application__isnull=False), distinct=True),
        claimed=Count("pk", filter=Q(application__claims__isnull=False), distinct=True),
        paper=Count("pk", filter=Q(application__isnull=True), distinct=True),
    )
    rows = [(str(c.label), [found.get(c.value, 0)]) for c in PriorityCategory]
    rows.append((gettext("未申报优先条件"), [totals["applied"] - totals["claimed"]]))
    rows.append((gettext("历史备案基地"), [totals["paper"]]))
    return rows


@chart("bases_by_state", _("基地按状态"), _("第二十四条"), "bar",
       _("截至所选年度末已备案的基地，按当前状态统计（已备案、已取消备案、已自动注销）。"),
       label=_("状态"))  # fmt: skip
def bases_by_state(scope: StatsScope) -> Rows:
    found = {row["state"]: row["n"] for row in
             _filed_by(scope).values("state").annotate(n=Count("pk")).order_by()}  # fmt: skip
    return [(str(s.label), [found.get(s.value, 0)]) for s in BASE_STATES]


# --- postdocs (Arts. 13, 18, 23) ------------------------------------------------------------------------
def _left_on():
    """The day an appointment left the base: the exit date, or the day its withdrawal was decided (Art. 23)."""
    decided = (
        WithdrawalCase.objects.filter(appointment=OuterRef("pk"), state=WithdrawalState.DECIDED_WITHDRAWN)
        .order_by("decided_on")
        .values("decided_on")[:1]
    )
    return Coalesce("exit_date", Subquery(decided))


ENTERED_Q = Q(entry_date__isnull=False) & ~Q(state__in=(AppointmentState.DRAFTED, AppointmentState.SIGNED))


@chart("postdocs_in_bases", _("在基地博士后人数"), _("第十三条"), "line",
       _("各年度12月31日（当年为今天）在基地的博士后研究人员：已进基地、尚未出基地或退出基地。"),
       label=YEAR, series=[_("在基地人数")])  # fmt: skip
def postdocs_in_bases(scope: StatsScope) -> Rows:
    def on(year: int) -> date:
        return min(date(year, 12, 31), scope.today)

    conditions = {
        f"y{y}": Q(entry_date__lte=on(y)) & (Q(left_on__isnull=True) | Q(left_on__gt=on(y)))
        for y in scope.years
    }
    counts = (
        scope.appointments()
        .filter(ENTERED_Q)
        .annotate(left_on=_left_on())
        .aggregate(**{k: Count("pk", filter=c) for k, c in conditions.items()})
    )
    return [(str(y), [counts[f"y{y}"]]) for y in scope.years]


@chart("entries_exits", _("进出基地人数"), _("第十八条"), "bar",
       _("各年度进基地、期满出基地和决定退出基地的人数（按进基地日期、出基地日期和退出决定日期）。"),
       label=YEAR, series=[_("进基地"), _("出基地"), _("退出基地")])  # fmt: skip
def entries_exits(scope: StatsScope) -> Rows:
    first, last = date(scope.years[0], 1, 1), date(scope.years[-1], 12, 31)
    moves = scope.appointments().aggregate(
        **{f"in{y}": Count("pk", filter=ENTERED_Q & Q(entry_date__year=y)) for y in scope.years},
        **{
            f"out{y}": Count("pk", filter=Q(state=AppointmentState.EXITED, exit_date__year=y))
            for y in scope.years
        },
    )
    withdrawn = {row["y"]: row["n"] for row in scope.withdrawals().filter(
        state=WithdrawalState.DECIDED_WITHDRAWN, decided_on__range=(first, last)
    ).values(y=ExtractYear("decided_on")).annotate(n=Count("appointment", distinct=True)).order_by()}  # fmt: skip
    return [(str(y), [moves[f"in{y}"], moves[f"out{y}"], withdrawn.get(y, 0)]) for y in scope.years]


@chart("exit_destinations", _("出基地去向"), _("第二十一条"), "stacked",
       _("所选年度出基地的博士后研究人员登记的去向，按基地所在盟市统计（第二十一条：鼓励留在基地或自治区内就业）。"),
       series=[*(d.label for d in DESTINATIONS), _("未登记去向")])  # fmt: skip
def exit_destinations(scope: StatsScope) -> Rows:
    rows = exit_destinations_for(scope.user, scope.filters.year) or []
    found = {}
    for r in rows:
        if scope.filters.bureau is None or r.bureau_id == scope.filters.bureau:
            found[r.bureau_id] = r.cells
    return scope.per_bureau(found, len(DESTINATIONS) + 1)


# --- outputs (Arts. 17, 20) -----------------------------------------------------------------------------
MAJOR_LEVELS = (OutputLevel.NATIONAL, OutputLevel.PROVINCIAL)


def _confirmed_outputs(scope: StatsScope) -> QuerySet:
    return scope.outputs().filter(state=OutputState.CONFIRMED, occurred_on__year=scope.filters.year)


@chart("outputs", _("在站成果"), _("第十七条"), "bar",
       _("所选年度取得并经导师确认的成果：专利、发明、科技成果转化和省部级以上科研项目（重大项目），按基地所在盟市统计。"),
       series=[_("专利"), _("发明"), _("科技成果转化"), _("省部级以上科研项目")])  # fmt: skip
def outputs(scope: StatsScope) -> Rows:
    keys = ("patents", "inventions", "transfers", "projects")
    grouped = _confirmed_outputs(scope).values(bureau=F("appointment__base__unit__bureau_id")).annotate(
        patents=Count("pk", filter=Q(kind=OutputKind.PATENT)),
        inventions=Count("pk", filter=Q(kind=OutputKind.INVENTION)),
        transfers=Count("pk", filter=Q(kind=OutputKind.TECH_TRANSFER)),
        projects=Count("pk", filter=Q(kind=OutputKind.PROJECT, level__in=MAJOR_LEVELS)),
    ).order_by()  # fmt: skip
    return scope.per_bureau(_by_bureau(grouped, list(keys)), len(keys))


@chart("transfer_income", _("科技成果转化收入"), _("第二十条"), "bar",
       _("所选年度经导师确认的科技成果转化金额及博士后本人所得（元），按基地所在盟市统计。"),
       series=[_("转化金额（元）"), _("本人所得（元）")])  # fmt: skip
def transfer_income(scope: StatsScope) -> Rows:
    grouped = _confirmed_outputs(scope).filter(kind=OutputKind.TECH_TRANSFER).values(
        bureau=F("appointment__base__unit__bureau_id")
    ).annotate(amount=Sum("amount_yuan"), share=Sum("postdoc_share_yuan")).order_by()  # fmt: skip
    return scope.per_bureau(_by_bureau(grouped, ["amount", "share"]), 2)


# --- establishment rounds (Art. 11) ---------------------------------------------------------------------
# Each stage counts the applications whose state is at it or beyond (a refused or withdrawn application counts
# as submitted only: its state no longer says how far it came).
FUNNEL = (
    ("submitted", _("已提交"), None),
    ("recommended", _("盟市推荐"), (ApplicationState.RECOMMENDED, ApplicationState.AT_REGION,
                                   ApplicationState.EXPERT_REVIEW, ApplicationState.PASSED,
                                   ApplicationState.IN_NOTICE, ApplicationState.FILED)),
    ("at_region", _("报送自治区"), (ApplicationState.AT_REGION, ApplicationState.EXPERT_REVIEW,
                                   ApplicationState.PASSED, ApplicationState.IN_NOTICE, ApplicationState.FILED)),
    ("passed", _("论证通过"), (ApplicationState.PASSED, ApplicationState.IN_NOTICE, ApplicationState.FILED)),
    ("in_notice", _("公示"), (ApplicationState.IN_NOTICE, ApplicationState.FILED)),
    ("filed", _("备案"), (ApplicationState.FILED,)),
)  # fmt: skip


@chart("round_funnel", _("批次申报漏斗"), _("第十一条"), "bar",
       _("所选年度各批次的设立申请从提交到备案各环节的数量，按申报单位所在盟市统计；每一环节计入已到达该环节及其后环节的申请。"),
       label=_("批次 · 盟市"), series=[t for _k, t, _s in FUNNEL])  # fmt: skip
def round_funnel(scope: StatsScope) -> Rows:
    qs = (
        applications_visible_to(scope.user)
        .select_related(None)
        .filter(round__year=scope.filters.year, submitted_at__isnull=False)
        .exclude(state=ApplicationState.DRAFT)
    )
    if scope.filters.bureau is not None:
        qs = qs.filter(unit__bureau_id=scope.filters.bureau)
    grouped = qs.values("round_id", "round__name", "unit__bureau__order", "unit__bureau_id", "unit__bureau__name").annotate(
        **{key: Count("pk", filter=Q(state__in=states) if states else Q()) for key, _t, states in FUNNEL}
    ).order_by("round_id", "unit__bureau__order", "unit__bureau_id")  # fmt: skip
    return [(f"{g['round__name']} · {g['unit__bureau__name'] or NO_BUREAU_LABEL}", [g[k] for k, _t, _s in FUNNEL])
            for g in grouped]  # fmt: skip


# --- obligations (Arts. 5, 25) --------------------------------------------------------------------------
@chart("overdue", _("逾期事项"), _("第二十五条"), "bar",
       _("今天仍未办理且已过截止日期的事项，按责任方所在盟市统计（与期限监控的计数相同，不受年度筛选影响）。"),
       series=[_("已逾期")])  # fmt: skip
def overdue(scope: StatsScope) -> Rows:
    if is_region_admin(scope.user) or scope.user.scope_ids(Role.BUREAU_OFFICER):
        counted = counts_by_bureau(scope.user, BoardFilters(), scope.today)
        if scope.filters.bureau is not None:
            counted = [c for c in counted if c.bureau_id == scope.filters.bureau]
        return [(c.name, [c.overdue]) for c in counted]
    # A unit administrator: the overdue items it may watch on the board (its unit's), under its bureau.
    grouped = obligations_visible_to(scope.user).filter(
        date_means=DateMeaning.DUE, due_on__lt=scope.today
    ).values(bureau=bureau_of_scope()).annotate(n=Count("pk")).order_by()  # fmt: skip
    found = {row["bureau"]: [row["n"]] for row in grouped}
    return scope.per_bureau(found, 1)


# --- the ledgers (台账, Art. 25) -------------------------------------------------------------------------
LEDGER_COLUMNS = (
    ("in_base", _("在基地博士后")),
    ("entered", _("累计进基地")),
    ("exited", _("已出基地")),
    ("withdrawn", _("退出基地")),
    ("patents", _("专利")),
    ("transfers", _("科技成果转化")),
    ("transfer_yuan", _("转化金额（元）")),
    ("projects", _("省部级以上科研项目")),
    ("funding_yuan", _("经费合计（元）")),
)


@dataclass
class LedgerRow:
    base: PracticeBase
    values: dict

    @property
    def cells(self) -> list:
        return [self.values.get(k, 0) for k, _t in LEDGER_COLUMNS]


def ledger_rows(bases: QuerySet, user) -> list[LedgerRow]:
    """One row per base of ``bases`` with its counts: four queries (the bases, their appointments, outputs
    and funding, each grouped by base), however many bases."""
    listed = list(
        bases.select_related("unit__bureau").order_by("unit__bureau__order", "unit__bureau_id", "filing_year",
                                                       "filing_serial")
    )  # fmt: skip
    ids = [b.pk for b in listed]
    values: dict[int, dict] = {pk: {} for pk in ids}
    appointments = appointments_visible_to(user).select_related(None).order_by().filter(base_id__in=ids)
    for row in appointments.values("base_id").annotate(
        in_base=Count("pk", filter=Q(state__in=STAY_STATES)),
        entered=Count("pk", filter=ENTERED_Q),
        exited=Count("pk", filter=Q(state=AppointmentState.EXITED)),
        withdrawn=Count("pk", filter=Q(state=AppointmentState.WITHDRAWN)),
    ):
        values[row.pop("base_id")].update(row)
    confirmed = (
        outputs_visible_to(user)
        .select_related(None)
        .order_by()
        .filter(appointment__base_id__in=ids, state=OutputState.CONFIRMED)
    )
    for row in confirmed.values(base=F("appointment__base_id")).annotate(
        patents=Count("pk", filter=Q(kind=OutputKind.PATENT)),
        transfers=Count("pk", filter=Q(kind=OutputKind.TECH_TRANSFER)),
        transfer_yuan=Coalesce(Sum("amount_yuan", filter=Q(kind=OutputKind.TECH_TRANSFER)), Value(0)),
        projects=Count("pk", filter=Q(kind=OutputKind.PROJECT, level__in=MAJOR_LEVELS)),
    ):
        values[row.pop("base")].update(row)
    funding = FundingRecord.objects.filter(base_id__in=ids).values("base_id").annotate(total=Sum("amount"))
    for row in funding.order_by():
        values[row["base_id"]]["funding_yuan"] = row["total"]
    return [LedgerRow(b, values[b.pk]) for b in listed]


def ledger_bases(user, bureau_id: int | None = None) -> QuerySet[PracticeBase]:
    qs = base_files_visible_to(user)
    return qs if bureau_id is None else qs.filter(unit__bureau_id=bureau_id)


@dataclass
class BureauSubtotal:
    bureau_id: int | None
    name: str
    bases: int
    cells: list


def bureau_subtotals(rows: list[LedgerRow]) -> list[BureauSubtotal]:
    """The region ledger's summary: the rows (already in bureau order) added up per bureau, in memory."""
    out: dict = {}
    for r in rows:
        bureau = r.base.unit.bureau
        key = bureau.pk if bureau else None
        sub = out.get(key)
        if sub is None:
            sub = out[key] = BureauSubtotal(key, bureau.name if bureau else str(NO_BUREAU_LABEL), 0,
                                            [0] * len(LEDGER_COLUMNS))  # fmt: skip
        sub.bases += 1
        sub.cells = [a + b for a, b in zip(sub.cells, r.cells, strict=True)]
    return list(out.values())


# The base ledger's output columns, read from the appointment (each with its confirmed outputs).
BASE_LEDGER_OUTPUTS = (
    ("patents", Q(outputs__kind=OutputKind.PATENT)),
    ("transfers", Q(outputs__kind=OutputKind.TECH_TRANSFER)),
    ("projects", Q(outputs__kind=OutputKind.PROJECT, outputs__level__in=MAJOR_LEVELS)),
    ("all_outputs", Q()),
)


def base_ledger_appointments(user, base: PracticeBase) -> QuerySet:
    """The base's postdocs since the agreement was signed, oldest entry first, each with its confirmed
    output counts and its funding (one query: the funding a subquery, the outputs one join)."""
    funding = FundingRecord.objects.filter(appointment=OuterRef("pk")).order_by().values("appointment")
    funding = funding.annotate(total=Sum("amount")).values("total")
    confirmed = Q(outputs__state=OutputState.CONFIRMED)
    counts = {key: Count("outputs", filter=confirmed & q, distinct=True) for key, q in BASE_LEDGER_OUTPUTS}
    return (
        appointments_visible_to(user)
        .filter(base=base)
        .exclude(state=AppointmentState.DRAFTED)
        .annotate(**counts, funding_yuan=Coalesce(Subquery(funding), Value(Decimal(0)), output_field=MONEY))
        .order_by("entry_date", "pk")
    )
