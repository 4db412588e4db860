import pytest
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Bureau, CompetentDepartment, Expert, MobileStation, Unit
from postdoc_base.kernel.models import AuditEvent
from tests.factories import (
    DepartmentFactory,
    ExpertFactory,
    StationFactory,
    UnitFactory,
    make_uscc,
    user_with_role,
)
from tests.factories.pages import assert_rows_shown, xlsx_rows

pytestmark = pytest.mark.django_db


def test_bureau_officer_unit_list_shows_only_own_bureau(client, baotou, hohhot, baotou_officer):
    UnitFactory(name="包头稀土研究院", bureau=baotou)
    UnitFactory(name="呼和浩特乳业公司", bureau=hohhot)
    client.force_login(baotou_officer)

    response = client.get(reverse("directory:unit_list"))

    assert [u.name for u in response.context["page_obj"]] == ["包头稀土研究院"]
    assert "呼和浩特乳业公司" not in response.content.decode()


def test_bureau_officer_gets_404_for_other_bureaus_unit(client, hohhot, baotou_officer):
    other = UnitFactory(bureau=hohhot)
    client.force_login(baotou_officer)
    assert client.get(reverse("directory:unit_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("directory:unit_edit", args=[other.pk])).status_code == 404


def _export_rows(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return xlsx_rows(response)


def test_unit_export_contains_only_visible_filtered_rows(client, baotou, hohhot, baotou_officer):
    mine = UnitFactory(name="包头稀土研究院", bureau=baotou, nature="institution")
    UnitFactory(name="包头钢铁公司", bureau=baotou, nature="enterprise")
    UnitFactory(name="呼和浩特乳业公司", bureau=hohhot, nature="institution")
    client.force_login(baotou_officer)

    rows = _export_rows(client.get(reverse("directory:unit_export"), {"nature": "institution"}))

    assert rows[0][:3] == ("单位名称", "统一社会信用代码", "注册地盟市")
    assert [r[:4] for r in rows[1:]] == [("包头稀土研究院", mine.uscc, "包头市", "事业单位")]


def test_unit_list_filters_and_search(client, baotou, hohhot, region_admin):
    UnitFactory(name="包头稀土研究院", bureau=baotou)
    UnitFactory(name="呼和浩特稀土公司", bureau=hohhot)
    UnitFactory(name="呼和浩特乳业公司", bureau=hohhot)
    client.force_login(region_admin)
    response = client.get(reverse("directory:unit_list"), {"q": "稀土", "bureau": hohhot.pk})
    assert [u.name for u in response.context["page_obj"]] == ["呼和浩特稀土公司"]


def test_unit_buttons_follow_permissions(client, baotou, hohhot, baotou_officer):
    own, other_admin_unit = UnitFactory(bureau=baotou), UnitFactory(bureau=baotou)
    client.force_login(baotou_officer)
    assert reverse("directory:unit_create") in client.get(reverse("directory:unit_list")).content.decode()
    assert (
        reverse("directory:unit_edit", args=[own.pk])
        in client.get(reverse("directory:unit_detail", args=[own.pk])).content.decode()
    )

    unit_admin = user_with_role(Role.UNIT_ADMIN, other_admin_unit)
    client.force_login(unit_admin)
    assert reverse("directory:unit_create") not in client.get(reverse("directory:unit_list")).content.decode()
    assert client.get(reverse("directory:unit_create")).status_code == 403


def unit_post(home, **overrides):
    data = {
        "name": "包头新材料有限公司",
        "uscc": make_uscc(home.code),
        "bureau": home.pk,
        "nature": "enterprise",
        "affiliation": "local",
        "independent_legal_person": "on",
        "contact_name": "张三",
        "contact_phone": "0472-1234567",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_bureau_officer_registers_unit_through_service(client, baotou, baotou_officer):
    client.force_login(baotou_officer)
    response = client.post(reverse("directory:unit_create"), unit_post(baotou))
    unit = Unit.objects.get(name="包头新材料有限公司")
    assert response.status_code == 302
    assert response.url == reverse("directory:unit_detail", args=[unit.pk])
    assert unit.bureau == baotou
    assert AuditEvent.objects.filter(action="create", subject_id=str(unit.pk)).count() == 1


def test_invalid_uscc_is_shown_in_form_and_nothing_saved(client, baotou, baotou_officer):
    good = make_uscc(baotou.code)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    client.force_login(baotou_officer)
    response = client.post(reverse("directory:unit_create"), unit_post(baotou, uscc=bad))
    assert response.status_code == 200
    assert "统一社会信用代码无效（GB 32100-2015）" in response.content.decode()
    assert not Unit.objects.exists()


def test_service_refusal_is_shown_in_form_and_nothing_saved(client, baotou_officer):
    # A region-level unit has no bureau, so a league/city officer may not register it (Art. 6).
    department = DepartmentFactory()
    client.force_login(baotou_officer)
    response = client.post(
        reverse("directory:unit_create"),
        unit_post(Bureau.objects.get(name="包头市"), bureau="", affiliation="region", department=department.pk,
                  uscc=make_uscc("150000")),
    )  # fmt: skip
    assert response.status_code == 200
    assert "只有自治区人社厅或单位注册地盟市人社局可以登记单位。" in response.content.decode()
    assert not Unit.objects.exists()


def test_unit_admin_edits_contact_only(client, baotou):
    unit = UnitFactory(bureau=baotou, name="原名称")
    client.force_login(user_with_role(Role.UNIT_ADMIN, unit))
    form = client.get(reverse("directory:unit_edit", args=[unit.pk])).context["form"]
    assert sorted(form.fields) == ["address", "contact_name", "contact_phone"]

    response = client.post(
        reverse("directory:unit_edit", args=[unit.pk]),
        {"contact_name": "李四", "contact_phone": "0472-7654321", "address": "包头市昆区", "name": "改名"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.contact_name, unit.address) == ("原名称", "李四", "包头市昆区")


def test_only_region_admin_maintains_stations(client, region_admin, baotou_officer):
    client.force_login(baotou_officer)
    assert client.get(reverse("directory:station_create")).status_code == 403
    assert client.post(reverse("directory:station_create"), {"university": "内蒙古大学"}).status_code == 403

    client.force_login(region_admin)
    response = client.post(
        reverse("directory:station_create"),
        {"university": "内蒙古大学", "discipline": "生物学", "discipline_code": "0710", "in_region": "on"},
    )
    station = MobileStation.objects.get()
    assert response.url == reverse("directory:station_detail", args=[station.pk])
    response = client.post(
        reverse("directory:station_edit", args=[station.pk]),
        {"university": "内蒙古大学", "discipline": "生态学", "discipline_code": "0713"},
    )
    station.refresh_from_db()
    assert (station.discipline, station.in_region) == ("生态学", False)


def test_region_admin_creates_department_and_expert(client, region_admin):
    client.force_login(region_admin)
    client.post(reverse("directory:department_create"), {"name": "自治区国资委", "code": "GZW"})
    client.post(
        reverse("directory:expert_create"),
        {"name": "巴特尔·朝鲁", "field": "材料", "title": "教授", "employer": "内蒙古大学", "active": "on"},
    )
    assert CompetentDepartment.objects.get().name == "自治区国资委"
    assert Expert.objects.get().name == "巴特尔·朝鲁"


def test_expert_pool_is_hidden_from_bureau_officers(client, baotou_officer):
    expert = ExpertFactory()
    client.force_login(baotou_officer)
    assert list(client.get(reverse("directory:expert_list")).context["page_obj"]) == []
    assert client.get(reverse("directory:expert_detail", args=[expert.pk])).status_code == 404


def test_bureau_list_shows_kind_and_parent(client, baotou_officer):
    client.force_login(baotou_officer)
    html = client.get(reverse("directory:bureau_list")).content.decode()
    assert "满洲里市</a></td><td>计划单列市</td><td>呼伦贝尔市</td>" in html


def test_registry_needs_sign_in(client):
    response = client.get(reverse("directory:unit_list"))
    assert response.status_code == 302


# --- query counts: the same at 1 and at 20 rows ----------------------------------------------------
def _make_units(n, bureau):
    department = DepartmentFactory()
    return [UnitFactory(bureau=bureau, department=department, affiliation="central") for _ in range(n)]


def _make_departments(n, _bureau):
    return [DepartmentFactory() for _ in range(n)]


def _make_stations(n, _bureau):
    return [StationFactory() for _ in range(n)]


def _make_experts(n, _bureau):
    return [ExpertFactory() for _ in range(n)]


def _make_bureaus(n, _bureau):
    # Replace the 14 seeded bureaus (children before parents) by exactly n.
    Bureau.objects.filter(parent__isnull=False).delete()
    Bureau.objects.all().delete()
    return [
        Bureau.objects.create(code=f"99{i:04d}", name=f"测试盟市{i}", name_en=f"Test {i}", kind="league_city")
        for i in range(n)
    ]


LISTS = [
    ("directory:unit_list", _make_units, 6),  # session, user, assignments, count, rows, bureau filter
    ("directory:department_list", _make_departments, 5),  # session, user, assignments, count, rows
    ("directory:station_list", _make_stations, 5),
    ("directory:expert_list", _make_experts, 5),
    ("directory:bureau_list", _make_bureaus, 5),
]


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(("url_name", "make", "queries"), LISTS, ids=[u for u, *_ in LISTS])
def test_list_query_count_is_constant(client, django_assert_num_queries, region_admin, baotou, url_name, make,
                                      queries, rows):  # fmt: skip
    made = make(rows, baotou)
    client.force_login(region_admin)
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == rows
    assert_rows_shown(response, [getattr(o, "name", None) or o.university for o in made])


@pytest.mark.parametrize("rows", [1, 20])
def test_unit_export_query_count_is_constant(client, django_assert_num_queries, region_admin, baotou, rows):
    made = _make_units(rows, baotou)
    client.force_login(region_admin)
    with django_assert_num_queries(5):  # session, user, assignments, the count (inline or a job?), rows
        response = client.get(reverse("directory:unit_export"))
    exported = _export_rows(response)
    assert len(exported) == rows + 1
    assert {row[0] for row in exported[1:]} == {u.name for u in made}


def test_refused_edit_shows_service_error_and_leaves_unit_unchanged(client, baotou, baotou_officer):
    unit = UnitFactory(bureau=baotou, name="包头钢铁公司")
    client.force_login(baotou_officer)
    data = unit_post(baotou, name="改名后", uscc=unit.uscc, affiliation="central")  # no competent department
    response = client.post(reverse("directory:unit_edit", args=[unit.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["department"] == [
        "中央驻区单位和自治区本级单位须填写主管部门（第十一条第（一）项）。"
    ]
    unit.refresh_from_db()
    assert (unit.name, unit.affiliation) == ("包头钢铁公司", "local")
    assert not AuditEvent.objects.filter(action="update").exists()
