"""The deadline board (期限监控, issue 12 item 3): overdue and due-soon obligations per role, with filters, counts
per bureau and the Excel export.

The world has items owed in two bureaus (呼和浩特市: base A's unit, its postdoc and the bureau itself; 包头市:
base B's unit and the bureau) and in none (the region). The 包头市 officer is the intruder for every 呼和浩特市
item on the page, the API and the export; the 呼和浩特市 officer is the control that proves the same URLs list
them. A unit administrator sees its unit's items, the region all of them; a date means what it says (截止 /
起办)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role, ScopeKind
from postdoc_base.deadlines.models import ReminderSent
from postdoc_base.exports.models import ExportJob, ExportJobStatus
from postdoc_base.exports.services import export_job_run
from postdoc_base.kernel.models import DateMeaning, Obligation, ObligationStatus
from tests.factories import ExpertFactory, StationFactory, UserFactory, bureau, user_with_role
from tests.factories.pages import assert_rows_shown, body_text, xlsx_cells, xlsx_rows
from tests.factories.people import make_postdoc, postdoc_user
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

BOARD = reverse("deadlines:board")
EXPORT = reverse("deadlines:board_export")
API = "/api/v1/deadlines/obligations"
COUNTS = "/api/v1/deadlines/counts"

HOHHOT_ITEMS = ["甲单位逾期", "呼市初审", "博士后甲报告", "甲单位可办理"]
BAOTOU_ITEMS = ["乙单位逾期", "包头起办"]
REGION_ITEMS = ["自治区撤销决定", "自治区无期限"]


def today():
    return timezone.localdate()


def day_text(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def owe(label, role, scope_kind, scope_id, days=None, means=DateMeaning.DUE, kind="application_submit", **kw):
    """An open obligation dated ``days`` from today (None: no date)."""
    fields = {
        "subject_type": "tests.thing", "subject_id": label, "subject_label": label, "url": "/x/", "kind": kind,
        "title": f"{label}事项", "due_on": None if days is None else today() + timedelta(days=days),
        "date_means": means, "responsible_role": role, "scope_kind": scope_kind, "scope_id": scope_id,
        "article": "第十一条", "opened_at": timezone.now(), **kw,
    }  # fmt: skip
    return Obligation.objects.create(**fields)


@pytest.fixture
def w():
    hohhot, baotou = bureau("呼和浩特市"), bureau("包头市")
    base_a, base_b = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    postdoc = make_postdoc(base_a)
    U, B, P, R = Role.UNIT_ADMIN, Role.BUREAU_OFFICER, Role.POSTDOC, Role.REGION_ADMIN
    items = {
        "甲单位逾期": owe("甲单位逾期", U, ScopeKind.UNIT, base_a.unit_id, -3),
        "呼市初审": owe("呼市初审", B, ScopeKind.BUREAU, hohhot.pk, 5, kind="bureau_recommendation"),
        "博士后甲报告": owe("博士后甲报告", P, ScopeKind.POSTDOC, postdoc.pk, 20, kind="dept_consent"),
        "甲单位可办理": owe("甲单位可办理", U, ScopeKind.UNIT, base_a.unit_id, -2, DateMeaning.FROM),
        "乙单位逾期": owe("乙单位逾期", U, ScopeKind.UNIT, base_b.unit_id, -1),
        "包头起办": owe("包头起办", B, ScopeKind.BUREAU, baotou.pk, 3, DateMeaning.FROM),
        "自治区撤销决定": owe("自治区撤销决定", R, ScopeKind.REGION, None, -10, DateMeaning.FROM,
                        kind="revocation_decision"),
        "自治区无期限": owe("自治区无期限", R, ScopeKind.REGION, None, None, kind="region_review"),
    }  # fmt: skip
    owe("甲已办", U, ScopeKind.UNIT, base_a.unit_id, -5, status=ObligationStatus.MET)
    return {
        "items": items,
        "hohhot": hohhot,
        "baotou": baotou,
        "base_a": base_a,
        "postdoc": postdoc,
        "region": user_with_role(Role.REGION_ADMIN),
        "hohhot_officer": user_with_role(Role.BUREAU_OFFICER, hohhot),
        "baotou_officer": user_with_role(Role.BUREAU_OFFICER, baotou),
        "admin_a": base_admin(base_a),
        "admin_b": base_admin(base_b),
        "postdoc_user": postdoc_user(postdoc),
    }


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown(response) -> set[str]:
    """The subject labels of the board's rows (page context)."""
    return {o.subject_label for o in response.context["page"].object_list}


def labels_in(text: str, labels) -> set[str]:
    return {label for label in labels if label in text}


ALL_LABELS = HOHHOT_ITEMS + BAOTOU_ITEMS + REGION_ITEMS + ["甲已办"]


# --- scope -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who, expected",
    [
        ("region", HOHHOT_ITEMS + BAOTOU_ITEMS + REGION_ITEMS),
        ("hohhot_officer", HOHHOT_ITEMS),
        ("baotou_officer", BAOTOU_ITEMS),
        ("admin_a", ["甲单位逾期", "甲单位可办理"]),
        ("admin_b", ["乙单位逾期"]),
        ("postdoc_user", ["博士后甲报告"]),
    ],
)
def test_each_role_sees_exactly_its_own_items_on_the_page_the_api_and_the_export(w, who, expected):
    client = login(w[who])
    page = client.get(BOARD)
    assert page.status_code == 200
    assert shown(page) == set(expected)
    api = client.get(API)
    assert api.status_code == 200
    assert {item["subject_label"] for item in api.json()["items"]} == set(expected)
    assert api.json()["count"] == len(expected)
    export = client.get(EXPORT)
    assert export.status_code == 200
    assert labels_in(" ".join(xlsx_cells(export)), ALL_LABELS) == set(expected)


def test_a_bureau_officer_never_sees_another_bureaus_items_whatever_the_filters(w):
    intruder = login(w["baotou_officer"])
    for params in ({}, {"window": "overdue"}, {"window": "soon", "days": "60"}, {"window": "ready"},
                   {"bureau": str(w["hohhot"].pk)}, {"q": "甲"}, {"role": Role.POSTDOC}):  # fmt: skip
        page = intruder.get(BOARD, params)
        assert not labels_in(page.content.decode(), HOHHOT_ITEMS), params
        assert not labels_in(body_text(intruder.get(API, params)), HOHHOT_ITEMS), params
        assert not labels_in(" ".join(xlsx_cells(intruder.get(EXPORT, params))), HOHHOT_ITEMS), params
    # The control: the same URL lists them for the bureau they belong to.
    control = login(w["hohhot_officer"]).get(BOARD, {"q": "甲"})
    assert shown(control) == {"甲单位逾期", "博士后甲报告", "甲单位可办理"}


def test_a_user_with_several_roles_sees_the_union(w):
    user = w["admin_b"]
    from postdoc_base.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.POSTDOC, postdoc=w["postdoc"])
    assert shown(login(user).get(BOARD)) == {"乙单位逾期", "博士后甲报告"}


def test_anonymous_is_sent_to_login_and_the_api_answers_401(w):
    for url in (BOARD, EXPORT):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for url in (API, COUNTS):
        response = Client().get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        assert Client().get(url, HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_a_user_without_a_role_may_not_open_the_board(w):
    client = login(UserFactory())
    assert client.get(BOARD).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.get(API).status_code == 403
    assert "期限监控" not in client.get(reverse("home")).content.decode()


def test_the_board_is_in_the_menu_and_on_the_workbench_for_role_holders(w):
    html = login(w["admin_a"]).get(reverse("home")).content.decode()
    assert f'href="{BOARD}"' in html and "期限监控" in html


def test_bearer_token_reads_the_same_scope(w):
    from postdoc_base.accounts.models import ApiToken

    _token, raw = ApiToken.issue(w["baotou_officer"])
    response = Client().get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert {item["subject_label"] for item in response.json()["items"]} == set(BAOTOU_ITEMS)


# --- filters ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"window": "overdue"}, {"甲单位逾期", "乙单位逾期"}),
        ({"window": "ready"}, {"甲单位可办理", "自治区撤销决定"}),
        ({"window": "soon"}, {"呼市初审", "包头起办"}),
        ({"window": "soon", "days": "7"}, {"呼市初审", "包头起办"}),
        ({"window": "soon", "days": "30"}, {"呼市初审", "包头起办", "博士后甲报告"}),
        ({"window": "all"}, set(HOHHOT_ITEMS + BAOTOU_ITEMS + REGION_ITEMS)),
        ({"kind": "bureau_recommendation"}, {"呼市初审"}),
        ({"role": Role.POSTDOC}, {"博士后甲报告"}),
        ({"role": Role.REGION_ADMIN, "window": "ready"}, {"自治区撤销决定"}),
        ({"bureau": "HOHHOT"}, set(HOHHOT_ITEMS)),
        ({"bureau": "BAOTOU", "window": "overdue"}, {"乙单位逾期"}),
        ({"bureau": "0"}, set(REGION_ITEMS)),
        ({"bureau": "none"}, set(REGION_ITEMS)),
        ({"q": "单位"}, {"甲单位逾期", "甲单位可办理", "乙单位逾期"}),
        ({"q": "乙单位"}, {"乙单位逾期"}),
    ],
)
def test_each_filter_narrows_the_regions_board(w, params, expected):
    ids = {"HOHHOT": str(w["hohhot"].pk), "BAOTOU": str(w["baotou"].pk)}
    params = {k: ids.get(v, v) for k, v in params.items()}
    client = login(w["region"])
    response = client.get(BOARD, params)
    assert response.status_code == 200
    assert shown(response) == expected
    assert not response.context["f"].problems
    assert {i["subject_label"] for i in client.get(API, params).json()["items"]} == expected


def test_the_bureau_filter_is_the_regions_only(w):
    response = login(w["hohhot_officer"]).get(BOARD, {"bureau": str(w["baotou"].pk)})
    assert shown(response) == set(HOHHOT_ITEMS)
    assert 'name="bureau"' not in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"window": "later"}, "“期限”的取值无效，已显示全部待办。"),
        ({"days": "5"}, "“天数”只能是7、14、30或60，已按14天计算。"),
        ({"days": "9" * 40}, "“天数”只能是7、14、30或60，已按14天计算。"),
        ({"kind": "no_such_kind"}, "未知的事项类型，已忽略。"),
        ({"role": "emperor"}, "未知的责任角色，已忽略。"),
        ({"bureau": "包头"}, "盟市的取值无效，已忽略。"),
        ({"bureau": "-1"}, "盟市的取值无效，已忽略。"),
    ],
)
def test_a_bad_filter_value_is_ignored_with_a_clear_message(w, params, message):
    client = login(w["region"])
    response = client.get(BOARD, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert shown(response) == set(HOHHOT_ITEMS + BAOTOU_ITEMS + REGION_ITEMS)
    assert client.get(EXPORT, params).status_code == 200
    api = client.get(API, params)
    assert api.status_code == 200 and api.json()["count"] == 8
    counts = client.get(COUNTS, {k: v for k, v in params.items() if k != "window" and k != "bureau"})
    assert counts.status_code == 200


@pytest.mark.parametrize("params", [{"q": "a\x00b"}, {"q": "单" * 5000}, {"page": "abc"}, {"page": "99999"},
                                    {"window": "soon", "days": "²"}])  # fmt: skip
def test_junk_never_breaks_the_board(w, params):
    client = login(w["region"])
    assert client.get(BOARD, params).status_code == 200
    assert client.get(EXPORT, params).status_code == 200


# --- what a date says ------------------------------------------------------------------------------------
def row_cells(response, obligation) -> tuple[str, str]:
    """(date, countdown) of the row of ``obligation``."""
    import re

    html = response.content.decode()
    row = re.search(rf'<tr data-obligation="{obligation.pk}".*?</tr>', html, re.S).group(0)
    date = re.search(r'data-testid="date">(.*?)</td>', row, re.S).group(1)
    countdown = re.sub(r"<[^>]+>", "", re.search(r'data-testid="countdown">(.*?)</td>', row, re.S).group(1))
    return date.strip(), countdown.strip()


def test_due_and_from_dates_say_what_they_mean(w):
    items = w["items"]
    response = login(w["region"]).get(BOARD)
    t = today()
    assert row_cells(response, items["甲单位逾期"]) == (
        f"截止 {day_text(t - timedelta(days=3))}",
        "已逾期3天",
    )
    assert row_cells(response, items["呼市初审"]) == (f"截止 {day_text(t + timedelta(days=5))}", "还剩5天")
    assert row_cells(response, items["甲单位可办理"]) == (
        f"起办 {day_text(t - timedelta(days=2))}",
        "已可办理2天",
    )
    assert row_cells(response, items["包头起办"]) == (
        f"起办 {day_text(t + timedelta(days=3))}",
        "3天后可办理",
    )
    assert row_cells(response, items["自治区无期限"]) == ("无期限", "")


def test_today_is_the_last_day_or_the_first_day(w):
    due = owe("今日截止项", Role.REGION_ADMIN, ScopeKind.REGION, None, 0)
    opens = owe("今日起办项", Role.REGION_ADMIN, ScopeKind.REGION, None, 0, DateMeaning.FROM)
    response = login(w["region"]).get(BOARD)
    assert row_cells(response, due)[1] == "今日截止"
    assert row_cells(response, opens)[1] == "今日起可办理"


def test_rows_name_the_owner_its_bureau_and_the_last_reminder(w):
    items = w["items"]
    sent = today() - timedelta(days=1)
    ReminderSent.objects.create(obligation=items["甲单位逾期"], stage="before:7", sent_on=sent - timedelta(days=9),
                                run="r1")  # fmt: skip
    ReminderSent.objects.create(obligation=items["甲单位逾期"], stage="bureau", sent_on=sent, run="r2")
    ReminderSent.objects.create(obligation=items["呼市初审"], stage="before:7", sent_on=sent, run="r2")
    html = login(w["region"]).get(BOARD).content.decode()
    assert f"单位博士后管理员 · {w['base_a'].unit.name}" in html
    assert f"博士后研究人员 · {w['postdoc'].name}" in html
    assert "盟市人社局经办人 · 呼和浩特市" in html
    assert f"逾期告知盟市（{day_text(sent)}）" in html
    assert f"提前7天提醒（{day_text(sent)}）" in html
    assert "自治区本级及其他" in html


# --- counts per bureau -----------------------------------------------------------------------------------
def counts_of(response) -> dict[str, tuple[int, int, int]]:
    return {
        c["row"].name: (c["row"].overdue, c["row"].ready, c["row"].soon) for c in response.context["counts"]
    }


def test_the_region_counts_every_bureau_with_zeros_and_the_items_in_none(w):
    response = login(w["region"]).get(BOARD)
    counts = counts_of(response)
    assert len(counts) == 15  # the 14 bureaus and the row for no bureau
    assert counts["呼和浩特市"] == (1, 1, 1)
    assert counts["包头市"] == (1, 0, 1)
    assert counts["自治区本级及其他"] == (0, 1, 0)
    assert counts["乌海市"] == (0, 0, 0)
    assert list(counts)[-1] == "自治区本级及其他"
    wider = counts_of(login(w["region"]).get(BOARD, {"days": "30"}))
    assert wider["呼和浩特市"] == (1, 1, 2)
    assert counts_of(login(w["region"]).get(BOARD, {"role": Role.UNIT_ADMIN}))["呼和浩特市"] == (1, 1, 0)


def test_count_links_list_exactly_the_counted_items(w):
    client = login(w["region"])
    response = client.get(BOARD)
    row = next(c for c in response.context["counts"] if c["row"].bureau_id == w["hohhot"].pk)
    assert shown(client.get(f"{BOARD}?{row['overdue']}")) == {"甲单位逾期"}
    assert shown(client.get(f"{BOARD}?{row['ready']}")) == {"甲单位可办理"}
    assert shown(client.get(f"{BOARD}?{row['soon']}")) == {"呼市初审"}
    none = next(c for c in response.context["counts"] if c["row"].bureau_id is None)
    assert shown(client.get(f"{BOARD}?{none['ready']}")) == {"自治区撤销决定"}
    assert f'href="?{row["overdue"]}"'.replace("&", "&amp;") in response.content.decode()


def test_a_bureau_officer_counts_only_its_own_bureau_and_a_base_none(w):
    assert counts_of(login(w["baotou_officer"]).get(BOARD)) == {"包头市": (1, 0, 1)}
    api = login(w["baotou_officer"]).get(COUNTS).json()
    assert [(b["name"], b["overdue"], b["ready"], b["soon"]) for b in api["bureaus"]] == [("包头市", 1, 0, 1)]
    unit = login(w["admin_a"])
    assert unit.get(BOARD).context["counts"] == []
    assert 'data-testid="bureau-counts"' not in unit.get(BOARD).content.decode()
    assert unit.get(COUNTS).status_code == 403


def test_the_counts_api_matches_the_page(w):
    body = login(w["region"]).get(COUNTS, {"days": "30"}).json()
    by_name = {b["name"]: (b["bureau_id"], b["overdue"], b["ready"], b["soon"]) for b in body["bureaus"]}
    assert by_name["呼和浩特市"] == (w["hohhot"].pk, 1, 1, 2)
    assert by_name["自治区本级及其他"] == (None, 0, 1, 0)
    assert body["days"] == 30 and body["problems"] == []


def test_counts_are_one_grouped_query(w, django_assert_num_queries):
    from postdoc_base.deadlines.board.selectors import BoardFilters, counts_by_bureau

    user = w["region"]
    user.assignments  # noqa: B018 - loaded once per request by the navigation
    with django_assert_num_queries(2):  # the grouped counts, the bureaus' names
        rows = counts_by_bureau(user, BoardFilters(), today())
    assert sum(r.overdue for r in rows) == 2


# --- the export ------------------------------------------------------------------------------------------
def test_the_export_has_the_screens_columns_and_rows_with_the_filters(w):
    client = login(w["region"])
    params = {"window": "overdue"}
    page = client.get(BOARD, params)
    response = client.get(EXPORT, params)
    raw = b"".join(response.streaming_content)
    header, *rows = [list(r) for r in xlsx_rows(raw)]
    # The screen's columns, its date column (截止 2026年12月4日) as what the date means and a real date cell.
    screen_columns = page.context["columns"]
    assert screen_columns[4] == "日期"
    assert header == [*screen_columns[:4], "日期类型", "日期", *screen_columns[5:]]
    screen = {o.subject_label: o for o in page.context["page"].object_list}
    assert {r[1] for r in rows} == set(screen) == {"甲单位逾期", "乙单位逾期"}
    row = next(r for r in rows if r[1] == "甲单位逾期")
    o = screen["甲单位逾期"]
    assert row == [o.title, o.subject_label, o.responsible_label, o.bureau_label, "截止",
                   datetime.combine(o.due_on, time()), o.countdown_label, o.reminder_label or None,
                   o.article]  # fmt: skip
    assert o.date_label == f"截止 {day_text(today() - timedelta(days=3))}"
    assert (row[5], row[6]) == (datetime.combine(today() - timedelta(days=3), time()), "已逾期3天")


def test_a_large_export_is_a_background_job_with_the_askers_scope(
    w, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    client = login(w["baotou_officer"])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(EXPORT)
    assert response.status_code == 302
    job = ExportJob.objects.get(user=w["baotou_officer"])
    assert job.name == "deadline_board"
    export_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.total) == (ExportJobStatus.DONE, 2)
    download = client.get(reverse("exports:download", args=[job.pk]))
    cells = " ".join(xlsx_cells(download))
    assert labels_in(cells, ALL_LABELS) == set(BAOTOU_ITEMS)


# --- the work-bench's to-do list -------------------------------------------------------------------------
def test_the_todo_list_says_due_or_from_and_overdue_only_for_due_items(w):
    html = login(w["admin_a"]).get(reverse("home")).content.decode()
    t = today()
    assert f"截止 {day_text(t - timedelta(days=3))}（已逾期）" in html
    assert f"起办 {day_text(t - timedelta(days=2))}（可办理）" in html
    assert html.count('data-testid="overdue"') == 1
    assert html.count('data-testid="ready"') == 1


# --- queries ---------------------------------------------------------------------------------------------
def resident_id(serial: int) -> str:
    from postdoc_base.policy.identifiers import _resident_id_check_char

    first17 = f"15010219900307{serial:03d}"
    return first17 + _resident_id_check_char(first17)


def many_scopes(n: int) -> list[str]:
    """``n`` overdue items owed by every kind of scope, each under a new scope object."""
    labels = []
    for i in range(n):
        kind = i % 6
        label = f"批量事项{i}"
        if kind == 0:
            owe(label, Role.UNIT_ADMIN, ScopeKind.UNIT, make_base(f"批量基地{i}", "乌海市").unit_id, -1)
        elif kind == 1:
            owe(
                label,
                Role.POSTDOC,
                ScopeKind.POSTDOC,
                make_postdoc(make_base(f"批量站{i}", "赤峰市"), resident_id(i)).pk,
                2,
            )
        elif kind == 2:
            owe(label, Role.STATION_CONTACT, ScopeKind.STATION, StationFactory().pk, 3, DateMeaning.FROM)
        elif kind == 3:
            owe(label, Role.EXPERT, ScopeKind.EXPERT, ExpertFactory().pk, -4)
        elif kind == 4:
            owe(label, Role.BUREAU_OFFICER, ScopeKind.BUREAU, bureau("通辽市").pk, 1)
        else:
            owe(label, Role.REGION_ADMIN, ScopeKind.REGION, None, None)
        labels.append(label)
    return labels


@pytest.mark.parametrize("rows", [1, 20])
def test_the_board_runs_a_fixed_number_of_queries(rows, django_assert_num_queries):
    labels = many_scopes(rows)
    obligation = Obligation.objects.get(subject_label=labels[0])
    ReminderSent.objects.create(obligation=obligation, stage="bureau", sent_on=today(), run="r")
    client = login(user_with_role(Role.REGION_ADMIN))
    # session, user, assignments, count, rows, grouped counts, bureaus
    with django_assert_num_queries(7):
        response = client.get(BOARD)
    assert_rows_shown(response, labels)
    assert "逾期告知盟市" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_the_api_and_the_export_run_a_fixed_number_of_queries(rows, django_assert_num_queries):
    labels = many_scopes(rows)
    client = login(user_with_role(Role.REGION_ADMIN))
    with django_assert_num_queries(5):  # session, user, assignments, count, rows
        response = client.get(API)
    assert_rows_shown(response, labels)
    with django_assert_num_queries(5):  # session, user, assignments, count, rows
        export = client.get(EXPORT)
    assert labels_in(" ".join(xlsx_cells(export)), labels) == set(labels)
