"""Every list page, list API and export, read from their views and selectors, with the hand-written SQL that
returns the same rows: a count and the page (same filter, same order, same page size), or for an export every
row in that order. ``{…}`` fragments are filled in by the runner (today, the pay floor per year); ``%(…)s``
are parameters (the bureau, the filter value).

A list names the SQL of each filter its view accepts, and how a value is chosen for it from the data:
``enum`` the most and the least frequent value in the viewer's scope, ``top`` the id with the most rows, ``max``
the largest value, ``text`` a fixed search term, ``bool`` each of the given values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REGION, BUREAU, PUBLIC = "region", "bureau", "public"


@dataclass(frozen=True)
class Filter:
    param: str
    column: str = ""  # the SQL expression the value is compared with (``enum``, ``top``, ``max``)
    kind: str = "enum"  # enum | top | max | text | bool
    where: str = ""  # default: ``{column} = %(v)s``
    values: tuple = ()  # text: the search terms; bool: (value, SQL condition) pairs
    join: bool = False  # needs the scope joins even for the region

    def condition(self, value) -> str:
        if self.kind == "bool":
            return dict(self.values)[value]
        return self.where or f"{self.column} = %(v)s"


@dataclass(frozen=True)
class ListSpec:
    name: str
    table: str  # "<table> t"
    order: str
    cols: str = "t.id"  # the first column is the row id
    joins: str = ""  # what the page shows besides the row (page and export queries only)
    scope_join: str = ""  # what the bureau's scope and the joined filters need
    where: dict = field(default_factory=dict)  # role -> the scope condition (missing role: not measured)
    page: str | None = None
    api: str | None = None
    export: str | None = None
    link: str | None = None  # a regex whose group is the row id in the page's links
    filters: tuple = ()
    api_filters: tuple = ()
    page_roles: tuple = (REGION, BUREAU)
    api_roles: tuple = (REGION, BUREAU)
    export_roles: tuple = (REGION, BUREAU)
    # The export's columns as SQL, one per column of the workbook (the floor writes the same cells); the page's
    # ``cols`` when not given.
    export_cols: str | None = None


_APPT = "JOIN oversight_practicebase b ON b.id = t.base_id JOIN directory_unit u ON u.id = b.unit_id"
_HANGING = (
    "JOIN tenure_appointment a ON a.id = t.appointment_id JOIN oversight_practicebase b ON b.id = a.base_id "
    "JOIN directory_unit u ON u.id = b.unit_id"
)
_BASE = "JOIN oversight_practicebase b ON b.id = t.base_id JOIN directory_unit u ON u.id = b.unit_id"
_PERSON = "JOIN tenure_postdoc p ON p.id = a.postdoc_id JOIN directory_mobilestation s ON s.id = a.station_id"
IN_BUREAU = "u.bureau_id = %(bureau)s"
ALL = "TRUE"
SCOPED = {REGION: ALL, BUREAU: IN_BUREAU}

# Art. 22: an exited appointment with a confirmed output of the stay that opens the title route.
TITLE_ROUTE_ACHIEVED = (
    "EXISTS (SELECT 1 FROM tenure_output o WHERE o.appointment_id = t.id AND o.state = 'confirmed' "
    "AND o.occurred_on >= t.entry_date AND o.occurred_on <= COALESCE(t.exit_date, DATE '{today}') "
    "AND (o.kind IN ('national_funded', 'cpsf_grant') "
    "OR (o.kind = 'project' AND o.role = 'led' AND o.level IN ('national', 'provincial'))))"
)
TITLE_ROUTE_ELIGIBLE = (
    f"(t.exit_policies_entitled AND t.destination IN ('base_unit', 'in_region') AND {TITLE_ROUTE_ACHIEVED})"
)
# Arts. 9(5), 20: no social insurance, below the same-level pay, or below the C-tier floor of the year.
PAY_WARNING = (
    "(NOT t.social_insurance OR (t.same_level_pay_yuan IS NOT NULL AND t.annual_pay_yuan < t.same_level_pay_yuan) "
    "OR t.annual_pay_yuan < {pay_floor})"
)

APPLICATION_SUBMITTED = "t.state <> 'draft' AND t.submitted_at IS NOT NULL"
# Art. 11(1): a bureau sees its units' submitted applications routed through it; a central unit's only once its
# competent department agreed.
APPLICATION_BUREAU = (
    f"{APPLICATION_SUBMITTED} AND u.bureau_id = %(bureau)s AND t.affiliation IN ('local', 'central') "
    "AND (t.affiliation <> 'central' OR t.dept_consented_at IS NOT NULL)"
)

LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        "units", "directory_unit t", "t.name, t.id",
        cols="t.id, t.name, t.uscc, t.nature, t.affiliation, bu.name, d.name",
        joins="LEFT JOIN directory_bureau bu ON bu.id = t.bureau_id "
              "LEFT JOIN directory_competentdepartment d ON d.id = t.department_id",
        where={REGION: ALL, BUREAU: "t.bureau_id = %(bureau)s"},
        page="/registry/units/", api="/api/v1/units", export="/registry/units/export.xlsx",
        link=r"/registry/units/(\d+)/",
        filters=(Filter("q", kind="text", values=("稀土",), where="(t.name ILIKE %(v)s OR t.uscc ILIKE %(v)s)"),
                 Filter("bureau", "t.bureau_id", "top"), Filter("affiliation", "t.affiliation"),
                 Filter("nature", "t.nature")),
        api_filters=(Filter("q", kind="text", values=("稀土",), where="(t.name ILIKE %(v)s OR t.uscc ILIKE %(v)s)"),
                     Filter("bureau", "t.bureau_id", "top"), Filter("department", "t.department_id", "top"),
                     Filter("affiliation", "t.affiliation")),
    ),
    ListSpec(
        "departments", "directory_competentdepartment t", "t.name", cols="t.id, t.name, t.code",
        where={REGION: ALL, BUREAU: ALL}, page="/registry/departments/", api="/api/v1/departments",
        link=r"/registry/departments/(\d+)/",
        filters=(Filter("q", kind="text", values=("自治区",), where="(t.name ILIKE %(v)s OR t.code ILIKE %(v)s)"),),
        api_filters=(Filter("q", kind="text", values=("自治区",), where="t.name ILIKE %(v)s"),),
    ),
    ListSpec(
        "stations", "directory_mobilestation t", "t.university, t.discipline",
        cols="t.id, t.university, t.discipline", where={REGION: ALL, BUREAU: ALL},
        page="/registry/stations/", api="/api/v1/stations", link=r"/registry/stations/(\d+)/",
        filters=(Filter("q", kind="text", values=("内蒙古",),
                        where="(t.university ILIKE %(v)s OR t.discipline ILIKE %(v)s OR t.discipline_code ILIKE %(v)s)"),),
        api_filters=(Filter("q", kind="text", values=("内蒙古",),
                            where="(t.university ILIKE %(v)s OR t.discipline ILIKE %(v)s OR t.discipline_code = %(v)s)"),
                     Filter("in_region", kind="bool", values=(("true", "t.in_region"), ("false", "NOT t.in_region")))),
    ),
    ListSpec(
        "experts", "directory_expert t", "t.name, t.id", cols="t.id, t.name, t.field, t.employer",
        where={REGION: ALL}, page="/registry/experts/", api="/api/v1/experts", link=r"/registry/experts/(\d+)/",
        filters=(Filter("q", kind="text", values=("王",),
                        where="(t.name ILIKE %(v)s OR t.field ILIKE %(v)s OR t.employer ILIKE %(v)s)"),),
        api_filters=(Filter("q", kind="text", values=("王",),
                            where="(t.name ILIKE %(v)s OR t.field ILIKE %(v)s OR t.employer ILIKE %(v)s)"),
                     Filter("active", kind="bool", values=(("true", "t.active"), ("false", "NOT t.active")))),
        page_roles=(REGION,), api_roles=(REGION,),
    ),
    ListSpec(
        "bureaus", "directory_bureau t", 't."order", t.id', cols="t.id, t.name, t.code, pa.name",
        joins="LEFT JOIN directory_bureau pa ON pa.id = t.parent_id", where={REGION: ALL, BUREAU: ALL},
        page="/registry/bureaus/", api="/api/v1/bureaus",
        api_filters=(Filter("q", kind="text", values=("市",), where="(t.name ILIKE %(v)s OR t.code ILIKE %(v)s)"),),
    ),
    ListSpec(
        "users", "accounts_user t", "t.username", cols="t.id, t.username, t.display_name",
        where={REGION: ALL}, page="/admin-console/", link=r"/admin-console/users/(\d+)/",
        filters=(Filter("q", kind="text", values=("经办人",),
                        where="(t.username ILIKE %(v)s OR t.display_name ILIKE %(v)s)"),
                 Filter("role", kind="bool", values=(
                     ("bureau_officer", "EXISTS (SELECT 1 FROM accounts_roleassignment ra WHERE ra.user_id = t.id "
                                        "AND ra.active AND ra.role = 'bureau_officer')"),
                     ("postdoc", "EXISTS (SELECT 1 FROM accounts_roleassignment ra WHERE ra.user_id = t.id "
                                 "AND ra.active AND ra.role = 'postdoc')"))),
                 Filter("bureau", kind="bool", values=(
                     ("{bureau}", "EXISTS (SELECT 1 FROM accounts_roleassignment ra LEFT JOIN directory_unit ru "
                                  "ON ru.id = ra.unit_id WHERE ra.user_id = t.id AND ra.active "
                                  "AND (ra.bureau_id = %(bureau)s OR ru.bureau_id = %(bureau)s))"),))),
        page_roles=(REGION,), api_roles=(), export_roles=(),
    ),
    ListSpec(
        "review panels", "review_panel t", "t.id DESC", cols="t.id, t.name, t.phase, t.due_on",
        where={REGION: ALL}, page="/review/panels/", api="/api/v1/panels", link=r'<tr data-panel="(\d+)"',
        api_filters=(Filter("phase", "t.phase"),), page_roles=(REGION,), api_roles=(REGION,),
    ),
    ListSpec(
        "review assignments", "review_assignment t", "pn.due_on, t.id", cols="t.id, t.state, t.subject_id, m.alias",
        joins="JOIN review_panelmember m ON m.id = t.member_id",
        scope_join="JOIN review_panel pn ON pn.id = t.panel_id", where={REGION: ALL},
        page="/review/assignments/", api="/api/v1/reviews", link=r'<tr data-assignment="(\d+)"',
        api_filters=(Filter("state", "t.state"), Filter("panel", "t.panel_id", "top")),
        page_roles=(REGION,), api_roles=(REGION,),
    ),
    ListSpec(
        "bases", "oversight_practicebase t", "t.filed_on DESC, t.filing_serial",
        cols="t.id, t.name, t.filing_number, t.filed_on, u.name, bu.name",
        joins="LEFT JOIN directory_bureau bu ON bu.id = u.bureau_id",
        scope_join="JOIN directory_unit u ON u.id = t.unit_id",
        where={REGION: ALL, BUREAU: "t.state = 'active'", PUBLIC: "t.state = 'active'"},
        page="/bases/", api="/api/v1/bases", link=r"/bases/(\d+)/",
        filters=(Filter("q", kind="text", values=("稀土",), join=True,
                        where="(t.name ILIKE %(v)s OR u.name ILIKE %(v)s OR t.filing_number ILIKE %(v)s)"),
                 Filter("bureau", "u.bureau_id", "top", join=True)),
        api_filters=(Filter("q", kind="text", values=("稀土",), join=True,
                            where="(t.name ILIKE %(v)s OR u.name ILIKE %(v)s OR t.filing_number ILIKE %(v)s)"),
                     Filter("bureau", "u.bureau_id", "top", join=True)),
        page_roles=(REGION, BUREAU), api_roles=(REGION, BUREAU, PUBLIC),
    ),
    ListSpec(
        "public directory", "oversight_practicebase t", "t.filed_on DESC, t.filing_serial",
        cols="t.id, t.name, t.filing_number, t.filed_on, u.name, bu.name",
        joins="LEFT JOIN directory_bureau bu ON bu.id = u.bureau_id",
        scope_join="JOIN directory_unit u ON u.id = t.unit_id", where={PUBLIC: "t.state = 'active'"},
        page="/public/bases/", link=r"/public/bases/(\d+)/",
        filters=(Filter("q", kind="text", values=("稀土", "蒙博基备"), join=True,
                        where="(t.name ILIKE %(v)s OR u.name ILIKE %(v)s OR t.filing_number ILIKE %(v)s)"),
                 Filter("bureau", "u.bureau_id", "top", join=True)),
        page_roles=(PUBLIC,), api_roles=(), export_roles=(),
    ),
    ListSpec(
        "agreements", "tenure_cooperationagreement t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.state, t.starts_on, b.name, s.university", joins="JOIN directory_mobilestation s ON s.id = t.station_id",
        scope_join=_BASE, where=SCOPED, page="/tenure/agreements/", api="/api/v1/cooperation-agreements",
        link=r'<tr data-agreement="(\d+)"',
    ),
    ListSpec(
        "topics", "tenure_researchtopic t", "t.published_at DESC, t.created_at DESC, t.id DESC",
        cols="t.id, t.title, t.kind, t.state, b.name", scope_join=_BASE,
        where={REGION: ALL, PUBLIC: "t.state = 'published' AND b.state = 'active'"},
        page="/tenure/topics/", api="/api/v1/topics", link=r'<tr data-topic="(\d+)"',
        api_filters=(Filter("q", kind="text", values=("草原",), join=True,
                            where="(t.title ILIKE %(v)s OR t.fields ILIKE %(v)s OR t.description ILIKE %(v)s "
                                  "OR b.name ILIKE %(v)s)"),
                     Filter("kind", "t.kind"), Filter("bureau", "u.bureau_id", "top", join=True)),
        page_roles=(REGION,), api_roles=(REGION, PUBLIC),
    ),
    ListSpec(
        "public topics", "tenure_researchtopic t", "t.published_at DESC, t.created_at DESC, t.id DESC",
        cols="t.id, t.title, t.kind, b.name", scope_join=_BASE,
        where={PUBLIC: "t.state = 'published' AND b.state = 'active'"}, page="/public/topics/",
        link=r' data-topic="(\d+)"',
        filters=(Filter("q", kind="text", values=("草原",), join=True,
                        where="(t.title ILIKE %(v)s OR t.fields ILIKE %(v)s OR t.description ILIKE %(v)s "
                              "OR b.name ILIKE %(v)s)"),
                 Filter("kind", "t.kind"), Filter("bureau", "u.bureau_id", "top", join=True)),
        page_roles=(PUBLIC,), api_roles=(),
    ),
    ListSpec(
        "topic interests", "tenure_topicinterest t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.name, t.state, tp.title", joins="JOIN tenure_researchtopic tp ON tp.id = t.topic_id",
        where={REGION: ALL}, page="/tenure/interests/", link=r'<tr data-interest="(\d+)"', page_roles=(REGION,),
        api_roles=(),
    ),
    ListSpec(
        "postdocs", "tenure_postdoc t", "t.created_at DESC, t.id DESC", cols="t.id, t.name, t.id_number, b.name",
        scope_join=_BASE, where=SCOPED, page="/tenure/postdocs/", api="/api/v1/postdocs",
        export="/tenure/postdocs/export/", link=r'<tr data-postdoc="(\d+)"',
        export_cols=("t.name, t.gender, t.id_type, t.id_number, t.nationality, t.phd_institution, t.phd_discipline, "
                     "t.degree_date, t.study_mode, b.name"),
        filters=(Filter("q", kind="text", values=("王",), where="t.name ILIKE %(v)s"),),
        api_filters=(Filter("q", kind="text", values=("王",), where="t.name ILIKE %(v)s"),),
    ),
    ListSpec(
        "supervisors", "tenure_supervisor t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.name, t.side, t.employer, b.name", scope_join=_BASE, where=SCOPED,
        page="/tenure/supervisors/", api="/api/v1/supervisors", export="/tenure/supervisors/export/",
        link=r'<tr data-supervisor="(\d+)"',
        filters=(Filter("q", kind="text", values=("王",), where="t.name ILIKE %(v)s"),),
        api_filters=(Filter("q", kind="text", values=("王",), where="t.name ILIKE %(v)s"),),
    ),
    ListSpec(
        "appointments", "tenure_appointment t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.state, t.entry_date, p.name, b.name, s.university",
        joins="JOIN tenure_postdoc p ON p.id = t.postdoc_id JOIN directory_mobilestation s ON s.id = t.station_id",
        scope_join=_APPT, where=SCOPED, page="/tenure/appointments/", api="/api/v1/appointments",
        export="/tenure/appointments/export/", link=r'<tr data-appointment="(\d+)"',
        export_cols=(
            "p.name, p.id_number, b.name, s.university || ' ' || s.discipline, t.contract_type, t.term_months, "
            "t.extended_months, t.entry_date, (t.entry_date + make_interval(months => t.term_months + "
            "t.extended_months))::date, (t.entry_date + interval '3 months')::date, t.entry_filing_submitted_on, "
            "t.entry_filed_on, t.entry_filing_late, t.state, t.exit_date, t.destination"
        ),
        filters=(Filter("state", "t.state"), Filter("base", "t.base_id", "top")),
        api_filters=(Filter("state", "t.state"), Filter("base", "t.base_id", "top")),
    ),
    ListSpec(
        "extensions", "tenure_termextension t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.state, t.months, p.name, b.name", joins=_PERSON, scope_join=_HANGING, where=SCOPED,
        page="/tenure/extensions/", api="/api/v1/extensions", export="/tenure/extensions/export/",
        link=r'<tr data-extension="(\d+)"', filters=(Filter("state", "t.state"),),
        api_filters=(Filter("state", "t.state"),),
    ),
    ListSpec(
        "withdrawals", "tenure_withdrawalcase t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.state, t.reason, p.name, b.name", joins=_PERSON, scope_join=_HANGING, where=SCOPED,
        page="/tenure/withdrawals/", api="/api/v1/withdrawals", export="/tenure/withdrawals/export/",
        link=r'<tr data-withdrawal="(\d+)"', filters=(Filter("state", "t.state"),),
        api_filters=(Filter("state", "t.state"),),
    ),
    ListSpec(
        "dispatches", "tenure_dispatch t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.state, t.destination, t.planned_return, p.name, b.name", joins=_PERSON, scope_join=_HANGING,
        where=SCOPED, page="/tenure/dispatches/", api="/api/v1/dispatches", export="/tenure/dispatches/export/",
        link=r'<tr data-dispatch="(\d+)"', filters=(Filter("state", "t.state"),),
        api_filters=(Filter("state", "t.state"),),
    ),
    ListSpec(
        "outputs", "tenure_output t", "t.occurred_on DESC, t.id DESC",
        cols="t.id, t.kind, t.title, t.state, p.name, b.name", joins=_PERSON, scope_join=_HANGING, where=SCOPED,
        page="/tenure/outputs/", api="/api/v1/outputs", export="/tenure/outputs/export/",
        export_cols=("p.name, b.name, t.kind, t.title, t.occurred_on, t.level, t.role, t.reference, t.amount_yuan, "
                     "t.postdoc_share_yuan, t.state, (SELECT cs.name FROM tenure_supervisor cs "
                     "WHERE cs.id = t.confirmed_by_id), t.confirmed_on"),
        link=r'<tr data-output="(\d+)"', filters=(Filter("state", "t.state"), Filter("kind", "t.kind")),
        api_filters=(Filter("state", "t.state"), Filter("kind", "t.kind")),
    ),
    ListSpec(
        "pay", "tenure_payrecord t", "t.year DESC, t.id DESC",
        cols="t.id, t.year, t.annual_pay_yuan, t.same_level_pay_yuan, t.social_insurance, p.name, b.name",
        joins=_PERSON, scope_join=_HANGING, where=SCOPED, page="/tenure/pay/", api="/api/v1/pay-records",
        export="/tenure/pay/export/", link=r'<tr data-pay="(\d+)"',
        filters=(Filter("year", "t.year", "max"), Filter("base", "a.base_id", "top", join=True),
                 Filter("warnings", kind="bool", values=(("1", PAY_WARNING),))),
        api_filters=(Filter("year", "t.year", "max"), Filter("appointment", "t.appointment_id", "top")),
    ),
    ListSpec(
        "title route", "tenure_appointment t", "t.exit_date DESC, t.id DESC",
        cols=f"t.id, t.exit_date, t.destination, p.name, b.name, {TITLE_ROUTE_ACHIEVED}",
        joins="JOIN tenure_postdoc p ON p.id = t.postdoc_id JOIN directory_mobilestation s ON s.id = t.station_id",
        scope_join=_APPT, where={REGION: "t.state = 'exited'", BUREAU: f"t.state = 'exited' AND {IN_BUREAU}"},
        page="/tenure/title-route/", api="/api/v1/exits/title-route", export="/tenure/title-route/export/",
        link=r'<tr data-appointment="(\d+)"',
        filters=(Filter("eligible", kind="bool", values=(("1", TITLE_ROUTE_ELIGIBLE),
                                                          ("0", f"NOT {TITLE_ROUTE_ELIGIBLE}"))),),
        api_filters=(Filter("eligible", kind="bool", values=(("true", TITLE_ROUTE_ELIGIBLE),
                                                              ("false", f"NOT {TITLE_ROUTE_ELIGIBLE}"))),),
    ),
    ListSpec(
        "assessments", "tenure_assessment t", "t.due_on, t.id",
        cols="t.id, t.kind, t.state, t.due_on, t.grade, p.name, b.name", joins=_PERSON, scope_join=_HANGING,
        where=SCOPED, page="/tenure/assessments/", api="/api/v1/assessments", export="/tenure/assessments/?export=xlsx",
        link=r'<tr data-assessment="(\d+)"', filters=(Filter("kind", "t.kind"), Filter("state", "t.state")),
        api_filters=(Filter("kind", "t.kind"), Filter("state", "t.state")),
    ),
    ListSpec(
        "rounds", "establishment_round t", "t.year DESC, t.id DESC", cols="t.id, t.name, t.state",
        where={REGION: ALL, BUREAU: "t.state <> 'draft'"}, page="/rounds/", api="/api/v1/rounds",
        link=r'<tr data-round="(\d+)"', api_filters=(Filter("state", "t.state"), Filter("year", "t.year", "max")),
    ),
    ListSpec(
        "applications", "establishment_baseapplication t", "t.updated_at DESC, t.id DESC",
        cols="t.id, t.state, t.affiliation, u.name, u.uscc, r.name, bu.name",
        joins="JOIN establishment_round r ON r.id = t.round_id LEFT JOIN directory_bureau bu ON bu.id = u.bureau_id",
        scope_join="JOIN directory_unit u ON u.id = t.unit_id",
        where={REGION: APPLICATION_SUBMITTED, BUREAU: APPLICATION_BUREAU}, page="/applications/",
        api="/api/v1/base-applications", export="/applications/export.xlsx", link=r'<tr data-application="(\d+)"',
        filters=(Filter("round", "t.round_id", "top"), Filter("state", "t.state"),
                 Filter("bureau", "u.bureau_id", "top", join=True),
                 Filter("q", kind="text", values=("稀土",), join=True, where="(u.name ILIKE %(v)s OR u.uscc ILIKE %(v)s)")),
        api_filters=(Filter("round", "t.round_id", "top"), Filter("state", "t.state"),
                     Filter("bureau", "u.bureau_id", "top", join=True),
                     Filter("q", kind="text", values=("稀土",), join=True,
                            where="(u.name ILIKE %(v)s OR u.uscc ILIKE %(v)s)")),
    ),
    ListSpec(
        "public notices", "establishment_publicnotice t", "t.published_on DESC, t.id DESC",
        cols="t.id, t.title, t.published_on, (SELECT count(*) FROM establishment_noticeitem i WHERE i.notice_id = t.id)",
        where={PUBLIC: "t.published_on <= DATE '{today}'"}, page="/public/notices/", api="/api/v1/notices",
        link=r"/public/notices/(\d+)/", api_filters=(Filter("round", "t.round_id", "top"),),
        page_roles=(PUBLIC,), api_roles=(PUBLIC,),
    ),
    ListSpec(
        "notices (region)", "establishment_publicnotice t", "t.published_on DESC, t.id DESC",
        cols="t.id, t.title, t.published_on, (SELECT count(*) FROM establishment_noticeitem i WHERE i.notice_id = t.id)",
        where={REGION: ALL}, page="/notices/", link=r'<tr data-notice="(\d+)"', page_roles=(REGION,), api_roles=(),
    ),
    ListSpec(
        "objections", "establishment_objection t", "t.created_at DESC, t.id DESC",
        cols="t.id, t.state, t.name, un.name", joins="JOIN establishment_noticeitem i ON i.id = t.item_id "
        "JOIN establishment_baseapplication ap ON ap.id = i.application_id JOIN directory_unit un ON un.id = ap.unit_id",
        where={REGION: ALL}, page="/objections/", api="/api/v1/objections", link=r'<tr data-objection="(\d+)"',
        filters=(Filter("state", "t.state"),),
        api_filters=(Filter("state", "t.state"),
                     Filter("notice", "(SELECT i2.notice_id FROM establishment_noticeitem i2 WHERE i2.id = t.item_id)", "top")),
        page_roles=(REGION,), api_roles=(REGION,),
    ),
    ListSpec(
        "inbox", "kernel_notification t", "t.created_at DESC, t.id DESC", cols="t.id, t.title, t.url, t.read_at",
        where={REGION: "t.recipient_id = %(user)s", BUREAU: "t.recipient_id = %(user)s"}, page="/inbox/",
        api_roles=(),
    ),
)  # fmt: skip
