"""What the deadline board reads (issue 12): the open obligations a user may watch, filtered by window, kind,
role owed, bureau and object; what each row says about its date; and the counts per bureau.

Who sees what (``obligations_visible_to``, one query): the region administrator every open item; a bureau
officer the items owed within its bureaus (``kernel.scopes.in_bureaus``: the bureau itself, its units, their
postdocs and supervisors); a unit administrator the items owed in its units; everyone the items they owe
themselves (``kernel.selectors.obligations_for``). Several roles see the union.

A date means what it says (``DateMeaning``): 截止 is the last day to act, 起办 the first day one may. So a 截止
item past its date is overdue (已逾期N天), a 起办 item past its date is ready (已可办理N天), never overdue. The
windows: ``overdue`` (截止 items before today), ``ready`` (起办 items before today), ``soon`` (either kind,
today to today + N days) and ``all`` (every open item, dated or not).

The rows carry, computed in the same query, the owner's bureau and its name, the owner's name (the unit, the
bureau, the person, ...) and the last reminder sent: one query per page and one per export, however many rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role, ScopeKind
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.kernel.listing import SEARCH, declare
from postdoc_base.kernel.models import DateMeaning, Obligation, ObligationStatus
from postdoc_base.kernel.scopes import bureau_of_scope, in_bureaus
from postdoc_base.kernel.selectors import obligations_for
from postdoc_base.policy.common import person_date
from postdoc_base.tenure.people.models import Postdoc, Supervisor
from postdoc_base.web.pages import int_param, text_param

from ..models import ReminderSent, ReminderStage
from ..reminders.catalogue import kinds

OVERDUE, READY, SOON, ALL = "overdue", "ready", "soon", "all"
WINDOWS = {
    ALL: _("全部待办"),
    OVERDUE: _("已逾期"),
    READY: _("已可办理"),
    SOON: _("即将到期"),
}
DEFAULT_WINDOW = ALL
SOON_DAYS = (7, 14, 30, 60)
DEFAULT_SOON_DAYS = 14
NO_BUREAU = (
    0  # ``?bureau=0`` (or ``none``): the items owed in no bureau (the region, departments, stations, experts)
)
NO_BUREAU_LABEL = _("自治区本级及其他")
Q_MAX = Obligation._meta.get_field("subject_label").max_length

# The board (kernel.listing): open items by date, whoever owes them.
BOARD_LIST = declare(
    "deadline board", Obligation, ordering=("due_on", "id"), where=("status",),
    filters={"kind": "kind", "role": "responsible_role"},
    # A user's own items (role, scope kind, scope id); a bureau's and a base's: the scope objects within them.
    scopes=(("responsible_role", "scope_kind", "scope_id"), ("scope_kind", "scope_id")),
    unindexed={
        "q": SEARCH,
        "window": "a range of due_on (with ?days), read along the ordering's (status, due_on) index",
        "days": "the width of ?window=soon, not a column",
        "bureau": "computed: the bureau of the owner's scope object (kernel.scopes), one semi-join per kind",
    },
    pages=("deadlines:board",), apis=("deadline_obligation_list",),
)  # fmt: skip


# --- who sees what -------------------------------------------------------------------------------------
def obligations_visible_to(user) -> QuerySet[Obligation]:
    """The open obligations ``user`` may watch on the board (module docstring), one query."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Obligation.objects.none()
    open_items = Obligation.objects.filter(status=ObligationStatus.OPEN)
    if is_region_admin(user):
        return open_items
    watched = Q(pk__in=[])
    if bureaus := user.scope_ids(Role.BUREAU_OFFICER):
        watched |= in_bureaus(sorted(bureaus))
    if units := user.scope_ids(Role.UNIT_ADMIN):
        watched |= Q(scope_kind=ScopeKind.UNIT, scope_id__in=sorted(units))
    return open_items.filter(watched) | obligations_for(user)


def sees_every_bureau(user) -> bool:
    """The region: counts every bureau and may filter by bureau."""
    return is_region_admin(user)


def counted_bureaus(user) -> list[int] | None:
    """The bureaus whose counts ``user`` reads: None for every bureau (the region), else the officer's own."""
    if sees_every_bureau(user):
        return None
    return sorted(user.scope_ids(Role.BUREAU_OFFICER))


# --- the filters ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoardFilters:
    """The board's filters as read from a query string; ``problems`` says which values were ignored and why."""

    window: str = DEFAULT_WINDOW
    days: int = DEFAULT_SOON_DAYS
    kind: str = ""
    role: str = ""
    bureau: int | None = None  # None: every bureau; NO_BUREAU: none
    q: str = ""
    problems: tuple = field(default=(), compare=False)

    def params(self) -> dict[str, str]:
        """The filters as a query string's values, without the defaults (for links and the export)."""
        values = {
            "window": self.window if self.window != DEFAULT_WINDOW else "",
            "days": str(self.days) if self.days != DEFAULT_SOON_DAYS else "",
            "kind": self.kind,
            "role": self.role,
            "bureau": "" if self.bureau is None else str(self.bureau),
            "q": self.q,
        }
        return {k: v for k, v in values.items() if v}


def kind_choices() -> list[tuple[str, str]]:
    """Every obligation kind the workflows declare, with its title, in their order (no query)."""
    return [(kind, str(info.title)) for kind, info in kinds().items()]


def board_filters(params: Mapping[str, str], user) -> BoardFilters:
    """The filters of a query string (``request.GET``): an unknown value is ignored and named in ``problems``,
    never an error. ``bureau`` is the region's filter only (a bureau officer's board is its bureau already)."""
    problems = []
    window = (params.get("window") or "").strip()
    if window not in WINDOWS:
        if window:
            problems.append(_("“期限”的取值无效，已显示全部待办。"))
        window = DEFAULT_WINDOW
    raw_days = (params.get("days") or "").strip()
    days = int_param(raw_days)
    if days not in SOON_DAYS:
        if raw_days:
            problems.append(_("“天数”只能是7、14、30或60，已按14天计算。"))
        days = DEFAULT_SOON_DAYS
    kind = (params.get("kind") or "").strip()
    if kind and kind not in dict(kind_choices()):
        problems.append(_("未知的事项类型，已忽略。"))
        kind = ""
    role = (params.get("role") or "").strip()
    if role and role not in Role.values:
        problems.append(_("未知的责任角色，已忽略。"))
        role = ""
    raw_bureau = (params.get("bureau") or "").strip()
    bureau = None
    if raw_bureau and sees_every_bureau(user):
        bureau = NO_BUREAU if raw_bureau.lower() == "none" else int_param(raw_bureau)
        if bureau is None:
            problems.append(_("盟市的取值无效，已忽略。"))
    q = text_param(params.get("q"), Q_MAX)
    return BoardFilters(window, days, kind, role, bureau, q, tuple(problems))


def in_window(qs: QuerySet, window: str, days: int, today: date) -> QuerySet:
    if window == OVERDUE:
        return qs.filter(date_means=DateMeaning.DUE, due_on__lt=today)
    if window == READY:
        return qs.filter(date_means=DateMeaning.FROM, due_on__lt=today)
    if window == SOON:
        return qs.filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))
    return qs


def filter_board(qs: QuerySet, f: BoardFilters, today: date, *, window: bool = True) -> QuerySet:
    """``qs`` narrowed by ``f``: the window (unless ``window`` is False: the counts span every window), kind,
    role owed, bureau and the object's name."""
    if window:
        qs = in_window(qs, f.window, f.days, today)
    qs = BOARD_LIST.filter(qs, kind=f.kind, role=f.role)
    if f.q:
        qs = qs.filter(subject_label__icontains=f.q)
    if f.bureau == NO_BUREAU:
        qs = qs.alias(owner_bureau=bureau_of_scope()).filter(owner_bureau__isnull=True)
    elif f.bureau is not None:
        qs = qs.filter(in_bureaus([f.bureau]))
    return qs


# --- the rows ------------------------------------------------------------------------------------------
def _scope_name() -> Case:
    """The name of the owner's scope object (the unit, the bureau, the person, ...), or "" for the region."""

    def name_of(model, expression="name"):
        found = model._default_manager.filter(pk=OuterRef("scope_id"))
        if not isinstance(expression, str):
            found = found.annotate(label=expression)
            expression = "label"
        return Subquery(found.values(expression)[:1], output_field=CharField())

    names = {
        ScopeKind.BUREAU: name_of(Bureau),
        ScopeKind.DEPARTMENT: name_of(CompetentDepartment),
        ScopeKind.UNIT: name_of(Unit),
        ScopeKind.STATION: name_of(
            MobileStation, Concat("university", Value("·"), "discipline", output_field=CharField())
        ),
        ScopeKind.EXPERT: name_of(Expert),
        ScopeKind.POSTDOC: name_of(Postdoc),
        ScopeKind.SUPERVISOR: name_of(Supervisor),
    }
    return Case(
        *(When(scope_kind=kind, then=name) for kind, name in names.items()),
        default=Value(""),
        output_field=CharField(),
    )


def board_rows(qs: QuerySet) -> QuerySet[Obligation]:
    """``qs`` in the board's order, each row with ``owner_bureau_id``, ``owner_bureau_name``, ``scope_name``,
    ``last_stage`` and ``last_stage_on`` (the last reminder sent): all in the one query."""
    last = ReminderSent.objects.filter(obligation=OuterRef("pk")).order_by("-sent_on", "-id")
    return (
        qs.annotate(owner_bureau_id=bureau_of_scope())
        .annotate(
            owner_bureau_name=Subquery(
                Bureau.objects.filter(pk=OuterRef("owner_bureau_id")).values("name")[:1],
                output_field=CharField(),
            ),
            scope_name=_scope_name(),
            last_stage=Subquery(last.values("stage")[:1], output_field=CharField()),
            last_stage_on=Subquery(last.values("sent_on")[:1], output_field=DateField()),
        )
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def board_for(user, f: BoardFilters, today: date) -> QuerySet[Obligation]:
    """The rows of the board (and of its export and API) for ``user`` with the filters ``f``."""
    return board_rows(filter_board(obligations_visible_to(user), f, today))


# --- what a row says -----------------------------------------------------------------------------------
def date_text(o: Obligation) -> str:
    """ "截止 2026年12月4日" or "起办 2026年12月4日"; "无" for an item without a date."""
    if o.due_on is None:
        return str(_("无期限"))
    return f"{DateMeaning(o.date_means).label} {person_date(o.due_on)}"


def countdown(o: Obligation, today: date) -> tuple[str, str]:
    """What the date means today, and its tone: ("已逾期3天", "overdue"), ("还剩5天", "soon"), ..."""
    if o.due_on is None:
        return "", ""
    n = (o.due_on - today).days
    if o.date_means == DateMeaning.FROM:
        if n < 0:
            return str(_("已可办理%(n)s天") % {"n": -n}), "ready"
        if n == 0:
            return str(_("今日起可办理")), "ready"
        return str(_("%(n)s天后可办理") % {"n": n}), "later"
    if n < 0:
        return str(_("已逾期%(n)s天") % {"n": -n}), "overdue"
    if n == 0:
        return str(_("今日截止")), "soon"
    return str(_("还剩%(n)s天") % {"n": n}), "soon" if n <= DEFAULT_SOON_DAYS else "later"


def responsible_text(o: Obligation) -> str:
    """The role owed and the owner: "单位博士后管理员 · 草原乳业有限公司"."""
    try:
        role = str(Role(o.responsible_role).label)
    except ValueError:
        role = o.responsible_role
    name = getattr(o, "scope_name", "") or ""
    return f"{role} · {name}" if name else role


def bureau_text(o: Obligation) -> str:
    return getattr(o, "owner_bureau_name", None) or str(NO_BUREAU_LABEL)


def stage_text(stage: str | None, sent_on: date | None = None) -> str:
    """A reminder stage as a person reads it: "提前7天提醒（2026年11月27日）", "逾期告知盟市", ..."""
    if not stage:
        return ""
    level, _sep, days = stage.partition(":")
    if level == ReminderStage.BEFORE:
        n = int_param(days) or 0
        label = _("当日提醒") if n == 0 else _("提前%(n)s天提醒") % {"n": n}
    else:
        try:
            label = ReminderStage(level).label
        except ValueError:
            label = stage
    return f"{label}（{person_date(sent_on)}）" if sent_on else str(label)


def last_reminder_text(o: Obligation) -> str:
    return stage_text(getattr(o, "last_stage", None), getattr(o, "last_stage_on", None))


def board_columns(today: date) -> tuple:
    """The board's columns, as (title, getter): the page's table and the Excel export alike."""
    return (
        (_("事项"), lambda o: o.title),
        (_("对象"), lambda o: o.subject_label),
        (_("责任方"), responsible_text),
        (_("所属盟市"), bureau_text),
        (_("日期"), date_text),
        (_("期限"), lambda o: countdown(o, today)[0]),
        (_("最近提醒"), last_reminder_text),
        (_("依据"), lambda o: o.article),
    )


def board_export_columns(today: date) -> tuple:
    """The board's columns in the Excel export: the page's, with its date column (截止 2026年12月4日) as two, what
    the date means and the date itself, so that the sheet sorts and filters by a real date cell."""
    columns = []
    for title, getter in board_columns(today):
        if getter is date_text:
            columns += [
                (_("日期类型"), lambda o: DateMeaning(o.date_means).label if o.due_on else str(_("无期限"))),
                (title, lambda o: o.due_on),
            ]
        else:
            columns.append((title, getter))
    return tuple(columns)


# --- counts per bureau ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class BureauCount:
    bureau_id: int | None  # None: no bureau (the region, departments, stations, experts)
    name: str
    overdue: int
    ready: int
    soon: int

    @property
    def param(self) -> str:
        """The ``?bureau=`` value that lists this row's items."""
        return str(NO_BUREAU if self.bureau_id is None else self.bureau_id)


def counts_by_bureau(user, f: BoardFilters, today: date) -> list[BureauCount]:
    """Overdue, ready and due-soon items per bureau over the board's filters but its window and bureau: one
    GROUP BY over the owner's bureau, one query for the bureaus' names. The region gets every bureau (zeros
    too) and a row for the items in no bureau; a bureau officer its own bureaus; anyone else nothing."""
    bureau_ids = counted_bureaus(user)
    if bureau_ids == []:
        return []
    f = BoardFilters(days=f.days, kind=f.kind, role=f.role, q=f.q)
    horizon = today + timedelta(days=f.days)
    qs = filter_board(obligations_visible_to(user), f, today, window=False).filter(due_on__lte=horizon)
    if bureau_ids is not None:
        qs = qs.filter(in_bureaus(bureau_ids))
    grouped = (
        qs.order_by()
        .annotate(owner_bureau_id=bureau_of_scope())
        .values("owner_bureau_id")
        .annotate(
            overdue=Count("pk", filter=Q(date_means=DateMeaning.DUE, due_on__lt=today)),
            ready=Count("pk", filter=Q(date_means=DateMeaning.FROM, due_on__lt=today)),
            soon=Count("pk", filter=Q(due_on__gte=today)),
        )
    )
    found = {row["owner_bureau_id"]: row for row in grouped}
    bureaus = Bureau.objects.order_by("order", "id")
    if bureau_ids is not None:
        bureaus = bureaus.filter(pk__in=bureau_ids)
    rows = []
    for pk, name in bureaus.values_list("pk", "name"):
        row = found.get(pk, {})
        rows.append(BureauCount(pk, name, row.get("overdue", 0), row.get("ready", 0), row.get("soon", 0)))
    if bureau_ids is None:
        row = found.get(None, {})
        rows.append(
            BureauCount(
                None, str(NO_BUREAU_LABEL), row.get("overdue", 0), row.get("ready", 0), row.get("soon", 0)
            )
        )
    return rows
