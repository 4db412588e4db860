import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.kernel.models import AuditEvent
from tests.factories import (
    DepartmentFactory,
    ExpertFactory,
    StationFactory,
    UnitFactory,
    bureau,
    make_uscc,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return user_with_role(Role.REGION_ADMIN)


def unit_payload(**overrides):
    data = {"name": "内蒙古新材料有限公司", "uscc": make_uscc(), "bureau": bureau().pk, "nature": "enterprise",
            "affiliation": "local"}  # fmt: skip
    data.update(overrides)
    return data


# --- bureaus ---------------------------------------------------------------------------------------------
def test_bureau_list_and_detail(api, region):
    client = api(region)
    body = client.get("/bureaus", page_size=100).json()
    assert body["count"] == 14
    assert body["items"][0]["name"] == "呼和浩特市"
    baotou = bureau("包头市")
    detail = client.get(f"/bureaus/{baotou.pk}").json()
    assert (detail["name"], detail["kind_label"]) == ("包头市", "盟市")
    assert client.get("/bureaus", q="满洲里").json()["items"][0]["kind_label"] == "计划单列市"


def test_pagination_pages_and_bounds_page_size(api, region):
    client = api(region)
    body = client.get("/bureaus", page_size=100).json()
    assert (body["page_size"], len(body["items"])) == (100, 14)
    body = client.get("/bureaus", page=2, page_size=10).json()
    assert (body["count"], body["page"], len(body["items"])) == (14, 2, 4)
    response = client.get("/bureaus", page_size=500)
    assert response.status_code == 422
    assert response.json()["errors"] == {"page_size": ["不能大于 100。"]}


# --- units -----------------------------------------------------------------------------------------------
def test_unit_create_by_bureau_officer_and_audit(api):
    officer = user_with_role(Role.BUREAU_OFFICER, bureau())
    response = api(officer).post("/units", unit_payload())
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["bureau_name"], body["affiliation_label"]) == (
        "内蒙古新材料有限公司",
        "呼和浩特市",
        "地方单位",
    )
    assert AuditEvent.objects.get(subject_type="directory.unit").action == "create"


def test_unit_create_with_invalid_uscc_is_422_and_writes_nothing(api, region):
    code = make_uscc()
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    response = api(region).post("/units", unit_payload(uscc=bad))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "提交的数据有误。"
    assert body["errors"]["uscc"][0].startswith("统一社会信用代码无效（GB 32100-2015）")
    assert Unit.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_unit_create_with_missing_field_is_422(api, region):
    payload = unit_payload()
    del payload["name"]
    response = api(region).post("/units", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]


def test_unit_create_in_other_bureau_is_403_with_findings(api):
    officer = user_with_role(Role.BUREAU_OFFICER, bureau())
    response = api(officer).post("/units", unit_payload(bureau=bureau("包头市").pk))
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "not_permitted"
    assert body["findings"][0]["message"] == "只有自治区人社厅或单位注册地盟市人社局可以登记单位。"
    assert Unit.objects.count() == 0


def test_units_scoped_by_bureau_list_and_detail(api):
    hohhot, baotou = UnitFactory(), UnitFactory(bureau=bureau("包头市"))
    client = api(user_with_role(Role.BUREAU_OFFICER, bureau("包头市")))
    body = client.get("/units").json()
    assert (body["count"], [u["id"] for u in body["items"]]) == (1, [baotou.pk])
    assert client.get(f"/units/{baotou.pk}").status_code == 200
    response = client.get(f"/units/{hohhot.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.patch(f"/units/{hohhot.pk}", {"name": "x"}).status_code == 404


def test_unit_list_filters(api, region):
    dept = DepartmentFactory()
    a = UnitFactory(name="甲公司")
    b = UnitFactory(bureau=bureau("包头市"), affiliation="central", department=dept, name="乙公司")
    client = api(region)
    assert [u["id"] for u in client.get("/units", bureau=bureau("包头市").pk).json()["items"]] == [b.pk]
    assert [u["id"] for u in client.get("/units", department=dept.pk).json()["items"]] == [b.pk]
    assert [u["id"] for u in client.get("/units", affiliation="local").json()["items"]] == [a.pk]
    assert [u["id"] for u in client.get("/units", q="甲").json()["items"]] == [a.pk]
    assert [u["id"] for u in client.get("/units", q=b.uscc).json()["items"]] == [b.pk]


def test_unit_admin_patches_contact_but_not_name(api):
    unit = UnitFactory(name="原名")
    client = api(user_with_role(Role.UNIT_ADMIN, unit))
    response = client.patch(f"/units/{unit.pk}", {"contact_name": "王芳", "address": "新城区"})
    assert response.status_code == 200
    assert (response.json()["contact_name"], response.json()["address"]) == ("王芳", "新城区")
    response = client.patch(f"/units/{unit.pk}", {"name": "新名"})
    assert response.status_code == 403
    assert response.json()["findings"][0]["code"] == "kernel.not_permitted"
    unit.refresh_from_db()
    assert unit.name == "原名"


def test_unit_patch_validation_error_leaves_unit_unchanged(api, region):
    unit = UnitFactory(name="原名")
    response = api(region).patch(
        f"/units/{unit.pk}", {"name": "新名", "affiliation": "region", "bureau": None}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["department"]
    unit.refresh_from_db()
    assert (unit.name, unit.affiliation, unit.bureau_id) == ("原名", "local", bureau().pk)


# --- departments, stations, experts --------------------------------------------------------------------
REGISTRY = [
    ("departments", CompetentDepartment, {"name": "自治区工业和信息化厅", "code": "GXT"}, {"code": "GX"}),
    (
        "stations",
        MobileStation,
        {"university": "内蒙古大学", "discipline": "化学"},
        {"discipline_code": "0703"},
    ),
    (
        "experts",
        Expert,
        {"name": "张伟", "field": "材料", "title": "教授", "employer": "内蒙古大学"},
        {"active": False},
    ),
]


@pytest.mark.parametrize(("path", "model", "create", "patch"), REGISTRY)
def test_registry_create_detail_patch_by_region_admin(api, region, path, model, create, patch):
    client = api(region)
    response = client.post(f"/{path}", create)
    assert response.status_code == 201
    pk = response.json()["id"]
    assert client.get(f"/{path}/{pk}").json() == response.json()
    response = client.patch(f"/{path}/{pk}", patch)
    assert response.status_code == 200
    for key, value in {**create, **patch}.items():
        assert response.json()[key] == value
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["create", "update"]
    assert client.get(f"/{path}").json()["count"] == 1


@pytest.mark.parametrize(("path", "model", "create", "patch"), REGISTRY)
def test_registry_writes_refused_for_bureau_officer(api, path, model, create, patch):
    response = api(user_with_role(Role.BUREAU_OFFICER, bureau())).post(f"/{path}", create)
    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"
    assert model.objects.count() == 0


def test_duplicate_department_is_422(api, region):
    DepartmentFactory(name="自治区教育厅")
    response = api(region).post("/departments", {"name": "自治区教育厅"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]


def test_expert_sees_only_own_record(api):
    me, other = ExpertFactory(), ExpertFactory()
    client = api(user_with_role(Role.EXPERT, me))
    assert [e["id"] for e in client.get("/experts").json()["items"]] == [me.pk]
    assert client.get(f"/experts/{other.pk}").status_code == 404
    assert client.patch(f"/experts/{me.pk}", {"title": "研究员"}).status_code == 403


def test_stations_visible_to_unit_admin(api):
    station = StationFactory()
    client = api(user_with_role(Role.UNIT_ADMIN, UnitFactory()))
    assert [s["id"] for s in client.get("/stations").json()["items"]] == [station.pk]
    assert client.get("/stations", in_region="false").json()["count"] == 0


# --- query counts ----------------------------------------------------------------------------------------
# (make rows, queries): session, user, [role assignments when the selector scopes by role], count, page.
MAKERS = {
    "/departments": (lambda n: DepartmentFactory.create_batch(n), 4),
    "/units": (lambda n: [UnitFactory(department=DepartmentFactory()) for _ in range(n)], 5),
    "/stations": (lambda n: StationFactory.create_batch(n), 4),
    "/experts": (lambda n: ExpertFactory.create_batch(n), 5),
}


@pytest.mark.parametrize("path", list(MAKERS))
@pytest.mark.parametrize("rows", [1, 20])
def test_list_query_count_is_constant(api, region, django_assert_num_queries, path, rows):
    make, queries = MAKERS[path]
    made = make(rows)
    client = api(region)
    with django_assert_num_queries(queries):
        body = client.get(path).json()
    assert body["count"] == rows
    assert {item["id"] for item in body["items"]} == {o.pk for o in made}


def test_bureau_list_query_count(api, region, django_assert_num_queries):
    client = api(region)
    with django_assert_num_queries(4):
        assert client.get("/bureaus", page_size=1).json()["count"] == 14
    with django_assert_num_queries(4):
        items = client.get("/bureaus", page_size=20).json()["items"]
    assert len(items) == 14
    assert {i["name"] for i in items} == set(Bureau.objects.values_list("name", flat=True))
