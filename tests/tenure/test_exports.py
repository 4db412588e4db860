"""Excel exports of the tenure lists: the page's scope and filters, the ID number masked, constant queries."""

import io
import zipfile
from datetime import date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.tenure.dispatches.enums import DispatchState as D
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.withdrawals.enums import WithdrawalState as W
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.pages import xlsx_cells, xlsx_rows
from tests.factories.people import ID_1985, ID_1988, ID_1990, make_postdoc, postdoc_user, supervisor_user
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db

MASKED_1990 = "15***************7"

POSTDOC_HEADER = ["姓名", "性别", "证件类型", "证件号码", "国籍", "博士毕业院校", "博士学科", "博士学位授予日期",
                  "在站方式", "录入基地"]  # fmt: skip
SUPERVISOR_HEADER = ["姓名", "职称", "工作单位", "导师类别", "博士后科研流动站", "录入基地", "有效"]
APPOINTMENT_HEADER = ["博士后研究人员", "证件号码", "基地", "合作流动站", "合同类型", "在基地期限（月）", "已延期（月）",
                      "进基地日期", "期满日期", "进站备案截止日期", "进站备案报送日期", "进站备案日期", "逾期备案", "状态",
                      "出基地日期", "出基地去向"]  # fmt: skip
DISPATCH_HEADER = ["博士后研究人员", "基地", "派出地域", "派出事由", "派往单位或地点", "计划派出日期", "计划返回日期",
                   "实际返回日期", "状态"]  # fmt: skip
WITHDRAWAL_HEADER = [
    "博士后研究人员",
    "基地",
    "合作流动站",
    "退出事由",
    "提出日期",
    "状态",
    "决定依据",
    "决定日期",
]


PLURAL = {"postdoc": "postdocs", "supervisor": "supervisors", "appointment": "appointments",
          "dispatch": "dispatches", "withdrawal": "withdrawals"}  # fmt: skip


def _build_world():
    """Base 1 (Hohhot) with postdocs 1 and 2, station 1 and two supervisors; base 2 (Baotou) with postdoc 3."""
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(university="内蒙古大学", discipline="生物学"), StationFactory()
    partner(b1, st1), partner(b2, st2)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    p3 = make_postdoc(b2, ID_1985, name="李娜", gender="female")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    return {
        "b1": b1, "b2": b2, "st1": st1, "st2": st2, "p1": p1, "p2": p2, "p3": p3, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2), "station_same": station_contact(st1),
        "postdoc_own": postdoc_user(p1), "supervisor_own": supervisor_user(ssup),
    }  # fmt: skip


shared_world = once_per_module(_build_world)


def appointment(w, postdoc=None, state=S.IN_BASE, **kwargs):
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"], **kwargs)  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def export(client, url):
    """(rows of the first sheet, the raw bytes, the uncompressed XML of every part)."""
    r = client.get(url)
    assert r.status_code == 200, r
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in r["Content-Disposition"] and ".xlsx" in r["Content-Disposition"]
    raw = b"".join(r.streaming_content)
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        xml = "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    rows = [list(row) for row in xlsx_rows(raw)]
    width = len(rows[0])  # empty cells read back as None; trailing ones are not stored at all
    return [row + [None] * (width - len(row)) for row in rows], raw, xml


def names(client, url) -> set[str]:
    return {row[0] for row in export(client, url)[0][1:]}


# --- content ---------------------------------------------------------------------------------------------
def test_postdoc_export_has_the_columns_and_only_the_masked_id(world):
    rows, raw, xml = export(login(world["base_same"]), "/tenure/postdocs/export/?q=张晓明")
    assert rows == [
        POSTDOC_HEADER,
        ["张晓明", "男", "居民身份证", MASKED_1990, "中国", "内蒙古大学", "生物学", datetime(2025, 6, 30), "全职",
         world["b1"].name],
    ]  # fmt: skip
    assert MASKED_1990 in xml
    for plain in (ID_1990, ID_1990[6:14]):  # the number, and the birth date the mask hides
        assert plain not in xml and plain.encode() not in raw


def test_postdoc_export_follows_the_name_filter(world):
    c = login(world["base_same"])
    assert names(c, "/tenure/postdocs/export/") == {"张晓明", "巴特尔·朝鲁"}
    assert names(c, "/tenure/postdocs/export/?q=巴特尔") == {"巴特尔·朝鲁"}
    assert names(c, "/tenure/postdocs/export/?q=无此人") == set()


def test_supervisor_export_rows_and_filter(world):
    rows, _raw, _xml = export(login(world["base_same"]), "/tenure/supervisors/export/?q=李")
    assert rows == [SUPERVISOR_HEADER, ["李教授", "教授", "内蒙古大学", "流动站合作导师", "内蒙古大学 生物学",
                                        world["b1"].name, "是"]]  # fmt: skip
    assert names(login(world["base_same"]), "/tenure/supervisors/export/") == {"李教授", "王工"}


def test_appointment_export_rows(world):
    a = appointment(world, entry_filing_submitted_on=date(2026, 5, 6), entry_filed_on=date(2026, 5, 10),
                    entry_filing_late=True, extended_months=6)  # fmt: skip
    rows, _raw, xml = export(login(world["base_same"]), "/tenure/appointments/export/")
    assert rows == [
        APPOINTMENT_HEADER,
        ["张晓明", MASKED_1990, world["b1"].name, "内蒙古大学 生物学", "劳动合同", 24, 6, datetime(2026, 1, 31),
         datetime(2028, 7, 30), datetime(2026, 4, 30), datetime(2026, 5, 6), datetime(2026, 5, 10), "是", "在基地",
         None, None],
    ]  # fmt: skip
    assert ID_1990 not in xml
    a.state, a.exit_date, a.destination = S.EXITED, date(2028, 1, 20), "in_region"
    a.save()
    row = export(login(world["base_same"]), "/tenure/appointments/export/")[0][1]
    assert row[-3:] == ["已出基地", datetime(2028, 1, 20), "在自治区内其他单位"]


def test_appointment_export_follows_state_and_base_filters(world):
    appointment(world)
    appointment(world, world["p2"], state=S.DRAFTED)
    c = login(world["region"])
    assert names(c, "/tenure/appointments/export/") == {"张晓明", "巴特尔·朝鲁"}
    assert names(c, "/tenure/appointments/export/?state=drafted") == {"巴特尔·朝鲁"}
    assert names(c, "/tenure/appointments/export/?state=bogus") == {
        "张晓明",
        "巴特尔·朝鲁",
    }  # ignored, as on the page
    assert names(c, f"/tenure/appointments/export/?base={world['b2'].pk}") == set()
    assert names(c, f"/tenure/appointments/export/?base={world['b1'].pk}&state=in_base") == {"张晓明"}


def test_dispatch_export_rows_and_filter(world):
    a = appointment(world)
    Dispatch.objects.create(appointment=a, destination="abroad", purpose="exchange", place="蒙古国立大学",
                            planned_start=date(2026, 3, 1), planned_return=date(2026, 4, 1), state=D.APPROVED)  # fmt: skip
    c = login(world["base_same"])
    rows, _raw, _xml = export(c, "/tenure/dispatches/export/")
    assert rows == [DISPATCH_HEADER, ["张晓明", world["b1"].name, "国（境）外", "科技交流与合作", "蒙古国立大学",
                                      datetime(2026, 3, 1), datetime(2026, 4, 1), None, "已批准派出"]]  # fmt: skip
    assert names(c, "/tenure/dispatches/export/?state=requested") == set()
    assert names(c, "/tenure/dispatches/export/?state=approved") == {"张晓明"}


def test_withdrawal_export_rows_and_filter(world):
    a = appointment(world)
    case = WithdrawalCase.objects.create(appointment=a, reason=8, facts="出国逾期不归 40 天，住址：某某路 1 号",
                                         proposed_by_role="system")  # fmt: skip
    c = login(world["base_same"])
    rows, _raw, xml = export(c, "/tenure/withdrawals/export/")
    day = datetime.combine(timezone.localdate(case.created_at), datetime.min.time())
    assert rows[0] == WITHDRAWAL_HEADER
    assert rows[1][:4] == ["张晓明", world["b1"].name, "内蒙古大学 生物学",
                           "第二十三条第（八）项：出国逾期不归超过30天"]  # fmt: skip
    assert rows[1][4:] == [day, "已提出", None, None]
    assert "某某路" not in xml  # the facts stay on the case page
    assert names(c, "/tenure/withdrawals/export/?state=dismissed") == set()
    assert names(c, f"/tenure/withdrawals/export/?state={W.PROPOSED}") == {"张晓明"}


# --- scoping ---------------------------------------------------------------------------------------------
def test_a_postdoc_exports_only_their_own_row(world):
    appointment(world)
    appointment(world, world["p2"])
    c = login(world["postdoc_own"])
    assert names(c, "/tenure/postdocs/export/") == {"张晓明"}
    assert names(c, "/tenure/appointments/export/") == {"张晓明"}


def test_a_supervisor_exports_only_the_postdocs_they_supervise(world):
    appointment(world)
    make_appointment(world["b1"], world["st1"], world["p2"], state=S.IN_BASE,
                     base_supervisor=base_supervisor(world["b1"], name="赵工"))  # fmt: skip
    c = login(world["supervisor_own"])
    assert names(c, "/tenure/postdocs/export/") == {"张晓明"}
    assert names(c, "/tenure/appointments/export/") == {"张晓明"}
    assert names(c, "/tenure/supervisors/export/") == {"李教授"}
    assert names(c, "/tenure/withdrawals/export/") == set()  # supervisors do not see withdrawal cases


def test_a_bureau_exports_its_own_bases_only(world):
    appointment(world)
    make_appointment(world["b2"], world["st2"], world["p3"], state=S.IN_BASE)
    same, other = login(world["bureau_same"]), login(world["bureau_other"])
    assert names(same, "/tenure/postdocs/export/") == {"张晓明", "巴特尔·朝鲁"}
    assert names(same, "/tenure/appointments/export/") == {"张晓明"}
    assert (
        names(other, "/tenure/postdocs/export/") == names(other, "/tenure/appointments/export/") == {"李娜"}
    )
    assert names(login(world["base_other"]), "/tenure/supervisors/export/") == set()


@pytest.mark.parametrize("name", ["postdoc", "supervisor", "appointment", "dispatch", "withdrawal"])
def test_anonymous_users_are_sent_to_log_in(world, name):
    r = Client().get(f"/tenure/{PLURAL[name]}/export/")
    assert r.status_code == 302 and "/login" in r["Location"]


@pytest.mark.parametrize("name", ["postdoc", "supervisor", "appointment", "dispatch", "withdrawal"])
def test_the_list_page_links_to_its_export_with_the_filters(world, name):
    query = "q=%E5%BC%A0" if name in ("postdoc", "supervisor") else "state=" + (
        {"appointment": "in_base", "dispatch": "approved", "withdrawal": "proposed"}[name])  # fmt: skip
    html = login(world["region"]).get(f"/tenure/{PLURAL[name]}/?{query}").content.decode()
    assert f'href="/tenure/{PLURAL[name]}/export/?{query}"' in html
    assert "导出Excel" in html


# --- queries ---------------------------------------------------------------------------------------------
def _grow(w, n, start=0):
    for i in range(start, start + n):
        p = make_postdoc(
            w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国", name=f"巴图{i}"
        )
        a = appointment(w, p)
        Dispatch.objects.create(appointment=a, destination="domestic", purpose="conference", place="北京",
                                planned_start=date(2026, 3, 1), planned_return=date(2026, 3, 5))  # fmt: skip
        WithdrawalCase.objects.create(appointment=a, reason=7, facts="患病", proposed_by_role="unit_admin")


def _count(client, url) -> tuple[int, set[str]]:
    """The queries of one export, its rows read (a streamed sheet queries as it is read), and its cells."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        cells = xlsx_cells(response)
    return len(ctx), cells


@pytest.mark.parametrize("name", ["postdoc", "supervisor", "appointment", "dispatch", "withdrawal"])
@pytest.mark.parametrize("who", ["base_same", "supervisor_own", "region"])
def test_an_export_costs_the_same_queries_for_1_and_20_rows(world, name, who):
    _grow(world, 1)
    c = login(world[who])
    url = f"/tenure/{PLURAL[name]}/export/"
    c.get(url)
    one, _cells = _count(c, url)
    _grow(world, 19, start=1)
    twenty, cells = _count(c, url)
    assert twenty == one
    names = {f"巴图{i}" for i in range(20)}
    if (
        name == "supervisor"
    ):  # the 20 appointments share the world's two supervisors; a supervisor sees itself
        assert (
            {world["ssup"].name} if who == "supervisor_own" else {world["ssup"].name, world["bsup"].name}
        ) <= cells
    elif name == "withdrawal" and who == "supervisor_own":  # withdrawal cases are not a supervisor's to see
        assert not names & cells
    else:
        assert names <= cells
