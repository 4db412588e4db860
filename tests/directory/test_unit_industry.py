"""A unit's 所属行业 (GB/T 4754-2017 section): saved from the form and the API, optional (a unit registered before
the field existed reads 未填写), a value outside the 20 sections refused with a Chinese message on the page, in
the service and in the API, shown on the detail page, the list (with its filter) and the export."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.directory import services
from postdoc_base.directory.enums import Industry
from postdoc_base.directory.models import Unit
from tests.factories import UnitFactory, bureau, make_uscc, user_with_role
from tests.factories.pages import xlsx_rows

pytestmark = pytest.mark.django_db

INVALID = "“Z”不是国民经济行业分类（GB/T 4754-2017）的门类，请从列表中选择。"


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def officer():
    return user_with_role(Role.BUREAU_OFFICER, bureau("包头市"))


@pytest.fixture
def region():
    return user_with_role(Role.REGION_ADMIN)


def form_data(**overrides):
    data = {"name": "包头稀土新材料有限公司", "uscc": make_uscc("150200"), "bureau": bureau("包头市").pk,
            "nature": "enterprise", "affiliation": "local", "independent_legal_person": "on",
            "contact_name": "张三", "contact_phone": "0472-1234567"}  # fmt: skip
    data.update(overrides)
    return data


# --- the sections ----------------------------------------------------------------------------------------
def test_the_choices_are_the_twenty_sections_of_the_standard():
    assert Industry.values == list("ABCDEFGHIJKLMNOPQRST")
    assert (Industry.A.label, Industry.D.label, Industry.I.label, Industry.S.label, Industry.T.label) == (
        "农、林、牧、渔业", "电力、热力、燃气及水生产和供应业", "信息传输、软件和信息技术服务业",
        "公共管理、社会保障和社会组织", "国际组织",
    )  # fmt: skip


# --- the form ----------------------------------------------------------------------------------------------
def test_the_form_saves_the_industry_and_the_detail_page_shows_it(officer):
    c = login(officer)
    response = c.post(reverse("directory:unit_create"), form_data(industry="C"))
    unit = Unit.objects.get(name="包头稀土新材料有限公司")
    assert response.status_code == 302
    assert unit.industry == "C"
    page = c.get(reverse("directory:unit_detail", args=[unit.pk])).content.decode()
    assert '<dd class="col-sm-9" data-testid="industry">制造业</dd>' in page

    response = c.post(reverse("directory:unit_edit", args=[unit.pk]),
                      form_data(uscc=unit.uscc, name=unit.name, industry="M"))  # fmt: skip
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.industry == "M"


def test_the_industry_may_be_left_blank_and_reads_not_provided(officer):
    c = login(officer)
    assert c.post(reverse("directory:unit_create"), form_data()).status_code == 302
    unit = Unit.objects.get(name="包头稀土新材料有限公司")
    assert unit.industry == ""
    page = c.get(reverse("directory:unit_detail", args=[unit.pk])).content.decode()
    assert '<dd class="col-sm-9" data-testid="industry">未填写</dd>' in page


def test_a_value_outside_the_sections_is_refused_by_the_form_in_chinese(officer):
    response = login(officer).post(reverse("directory:unit_create"), form_data(industry="Z"))
    assert response.status_code == 200
    assert response.context["form"].errors["industry"] == [INVALID]
    assert not Unit.objects.exists()


def test_a_value_outside_the_sections_is_refused_by_the_service_in_chinese(officer):
    with pytest.raises(ValidationError) as refused:
        services.unit_create(actor=officer, name="包头稀土新材料有限公司", uscc=make_uscc("150200"),
                             bureau=bureau("包头市"), nature="enterprise", affiliation="local", industry="Z")  # fmt: skip
    assert refused.value.message_dict == {"industry": [INVALID]}
    assert not Unit.objects.exists()


def test_a_unit_administrator_cannot_change_the_industry(officer):
    unit = UnitFactory(bureau=bureau("包头市"), industry="C")
    admin = user_with_role(Role.UNIT_ADMIN, unit)
    form = login(admin).get(reverse("directory:unit_edit", args=[unit.pk])).context["form"]
    assert "industry" not in form.fields
    with pytest.raises(services.NotAllowed):
        services.unit_update(actor=admin, unit=unit, industry="M")
    unit.refresh_from_db()
    assert unit.industry == "C"


# --- the list and the export --------------------------------------------------------------------------------
def test_the_list_shows_the_industry_beside_the_nature_and_filters_by_it(region):
    UnitFactory(name="甲制造有限公司", industry="C")
    UnitFactory(name="乙研究院", nature="institution", industry="M")
    UnitFactory(name="丙未填写有限公司")
    c = login(region)
    response = c.get(reverse("directory:unit_list"))
    html = response.content.decode()
    assert "<td>企业</td><td>制造业</td>" in html
    assert "<td>事业单位</td><td>科学研究和技术服务业</td>" in html
    assert "<td>企业</td><td>未填写</td>" in html
    filtered = c.get(reverse("directory:unit_list"), {"industry": "M"})
    assert [u.name for u in filtered.context["page_obj"]] == ["乙研究院"]
    # An unknown section is no filter, as for the list's other choices.
    assert c.get(reverse("directory:unit_list"), {"industry": "Z"}).context["page_obj"].paginator.count == 3


def test_the_export_has_the_industry_column(region):
    UnitFactory(name="甲制造有限公司", industry="C")
    UnitFactory(name="丙未填写有限公司")
    rows = xlsx_rows(login(region).get(reverse("directory:unit_export")))
    header = rows[0]
    column = header.index("所属行业")
    assert header[column - 1] == "单位性质"
    assert {r[0]: r[column] for r in rows[1:]} == {"甲制造有限公司": "制造业", "丙未填写有限公司": None}
    only_c = xlsx_rows(login(region).get(reverse("directory:unit_export"), {"industry": "C"}))
    assert [r[0] for r in only_c[1:]] == ["甲制造有限公司"]


# --- the API ---------------------------------------------------------------------------------------------
def api(user, method, path, data=None, **params):
    c = login(user)
    if method == "get":
        return c.get(f"/api/v1{path}", params)
    return getattr(c, method)(f"/api/v1{path}", data=json.dumps(data), content_type="application/json")


def api_payload(**overrides):
    data = {"name": "包头稀土新材料有限公司", "uscc": make_uscc("150200"), "bureau": bureau("包头市").pk,
            "nature": "enterprise", "affiliation": "local"}  # fmt: skip
    data.update(overrides)
    return data


def test_the_api_takes_and_gives_the_industry(officer):
    response = api(officer, "post", "/units", api_payload(industry="C"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["industry"], body["industry_label"]) == ("C", "制造业")
    unit = Unit.objects.get(pk=body["id"])
    assert unit.industry == "C"

    patched = api(officer, "patch", f"/units/{unit.pk}", {"industry": "I"}).json()
    assert (patched["industry"], patched["industry_label"]) == ("I", "信息传输、软件和信息技术服务业")
    # null leaves it as it is (the field is not nullable); "" clears it
    assert api(officer, "patch", f"/units/{unit.pk}", {"industry": None}).json()["industry"] == "I"
    cleared = api(officer, "patch", f"/units/{unit.pk}", {"industry": ""}).json()
    assert (cleared["industry"], cleared["industry_label"]) == ("", "")
    detail = api(officer, "get", f"/units/{unit.pk}").json()
    assert (detail["industry"], detail["industry_label"]) == ("", "")


def test_the_api_leaves_the_industry_blank_when_not_sent(officer):
    response = api(officer, "post", "/units", api_payload())
    assert response.status_code == 201
    assert (response.json()["industry"], response.json()["industry_label"]) == ("", "")


@pytest.mark.parametrize("method", ["post", "patch"])
def test_the_api_refuses_a_value_outside_the_sections_in_chinese(officer, method):
    unit = UnitFactory(bureau=bureau("包头市"), industry="C")
    if method == "post":
        response = api(officer, "post", "/units", api_payload(industry="Z"))
    else:
        response = api(officer, "patch", f"/units/{unit.pk}", {"industry": "Z"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"] == {"industry": [INVALID]}
    assert Unit.objects.count() == 1
    unit.refresh_from_db()
    assert unit.industry == "C"


def test_the_api_list_filters_by_industry_within_the_scope(officer):
    mine = UnitFactory(name="甲制造有限公司", bureau=bureau("包头市"), industry="C")
    UnitFactory(name="乙研究院", bureau=bureau("包头市"), industry="M")
    UnitFactory(name="呼和浩特制造有限公司", bureau=bureau("呼和浩特市"), industry="C")  # not the officer's
    body = api(officer, "get", "/units", industry="C").json()
    assert [u["id"] for u in body["items"]] == [mine.pk]
    assert body["items"][0]["industry_label"] == "制造业"
