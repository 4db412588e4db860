"""The xlsx export of the application list: scoped, filtered, one query however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.enums import ApplicationState
from tests.factories import RoundFactory, UnitFactory, bureau, ready_application, user_with_role
from tests.factories.pages import xlsx_rows
from tests.factories.world import put_in_state

pytestmark = pytest.mark.django_db

HEADER = ("申报单位", "统一社会信用代码", "盟市", "申报路径", "批次", "状态", "提交时间", "更新时间")


def submitted(unit, round_=None, state=ApplicationState.BUREAU_REVIEW):
    kwargs = {"unit": unit} if round_ is None else {"unit": unit, "round": round_}
    return put_in_state(ready_application(**kwargs), state)


def rows_of(response) -> list[tuple]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    return xlsx_rows(response)


@pytest.fixture
def hohhot():
    return bureau("呼和浩特市")


@pytest.fixture
def baotou():
    return bureau("包头市")


def test_export_lists_scoped_applications_with_columns(client, hohhot, baotou):
    round_ = RoundFactory(name="2026年度第一批")
    mine = submitted(UnitFactory(name="呼和浩特稀土有限公司", bureau=hohhot), round_)
    submitted(UnitFactory(name="包头钢铁新材料有限公司", bureau=baotou), round_)
    ready_application(unit=UnitFactory(name="呼和浩特草稿公司", bureau=hohhot))  # a draft: private
    client.force_login(user_with_role(Role.BUREAU_OFFICER, hohhot))
    rows = rows_of(client.get(reverse("establishment:application_export")))
    assert rows[0] == HEADER
    assert len(rows) == 2
    name, uscc, bureau_name, route, round_name, state, submitted_at, updated_at = rows[1]
    assert (name, uscc, bureau_name, route, round_name, state) == (
        "呼和浩特稀土有限公司", mine.unit.uscc, "呼和浩特市", "地方单位", "2026年度第一批", "盟市初审中",
    )  # fmt: skip
    assert submitted_at is not None and updated_at is not None


def test_baotou_officer_export_excludes_hohhot(client, hohhot, baotou):
    submitted(UnitFactory(name="呼和浩特稀土有限公司", bureau=hohhot))
    client.force_login(user_with_role(Role.BUREAU_OFFICER, baotou))
    assert rows_of(client.get(reverse("establishment:application_export"))) == [HEADER]


def test_export_applies_list_filters(client, hohhot):
    submitted(UnitFactory(name="甲公司", bureau=hohhot))
    submitted(UnitFactory(name="乙公司", bureau=hohhot), state=ApplicationState.RECOMMENDED)
    client.force_login(user_with_role(Role.BUREAU_OFFICER, hohhot))
    rows = rows_of(client.get(reverse("establishment:application_export"), {"state": "recommended"}))
    assert [r[0] for r in rows[1:]] == ["乙公司"]


def test_export_query_count_is_the_same_at_1_and_20_rows(client, hohhot, django_assert_num_queries):
    round_ = RoundFactory()
    units = [UnitFactory(bureau=hohhot)]
    submitted(units[0], round_)
    client.force_login(user_with_role(Role.BUREAU_OFFICER, hohhot))
    url = reverse("establishment:application_export")
    with CaptureQueriesContext(connection) as one:
        assert len(rows_of(client.get(url))) == 2
    at_one = len(one)
    for _i in range(19):
        units.append(UnitFactory(bureau=hohhot))
        submitted(units[-1], round_)
    with django_assert_num_queries(at_one):
        rows = rows_of(client.get(url))
    assert len(rows) == 21
    assert sorted(r[0] for r in rows[1:]) == sorted(u.name for u in units)
