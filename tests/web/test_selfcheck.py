import pytest
from django.urls import reverse

from tests.factories import make_uscc
from tests.factories.pages import assert_rows_shown

pytestmark = pytest.mark.django_db


def answers(**overrides):
    data = {
        "independent_legal_person": "on",
        "uscc": make_uscc("150100"),
        "operating_well": "on",
        "has_rnd_institution": "on",
        "rnd_institution": "企业技术中心",
        "supervising_researchers": "2",
        "has_station_intention": "on",
        "recruitment_plan": "每年招收1名",
        "research_project_count": "2",
        "has_management_rules": "on",
        "research_conditions": "中试平台",
        "living_conditions": "人才公寓",
        "offered_annual_pay_yuan": "150000",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def codes(response):
    report = response.context["report"]
    return [f.code for f in report.findings], [f.code for f in report.priority_findings]


def test_self_check_form_is_public(client):
    response = client.get(reverse("public_selfcheck"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="uscc"' in html and 'name="claim_platform"' in html and 'name="year_ranking"' in html


def test_self_check_all_conditions_met_is_eligible(client):
    response = client.post(reverse("public_selfcheck"), answers())
    assert response.status_code == 200
    assert response.context["eligible"] is True
    assert codes(response)[0] == [
        "art2.ok", "art24.no_revocation", "art9.1.ok", "art9.2.ok", "art9.3.ok", "art9.4.ok", "art9.5.ok",
    ]  # fmt: skip
    assert "finding-fail" not in response.content.decode()


def test_self_check_unit_with_workstation_fails_article_2(client):
    response = client.post(reverse("public_selfcheck"), answers(has_workstation="on"))
    html = response.content.decode()
    assert response.context["eligible"] is False
    assert "不符合第二条：本单位已设立博士后科研工作站，不能申请设立博士后创新实践基地。" in html
    assert 'class="list-group-item finding-fail" data-code="art2.has_workstation"' in html


def test_self_check_code_registered_outside_region_fails_article_9_1(client):
    response = client.post(reverse("public_selfcheck"), answers(uscc=make_uscc("110100")))
    assert "art9.1.not_registered_in_region" in codes(response)[0]
    assert "注册地不在内蒙古自治区范围内" in response.content.decode()


def test_self_check_code_with_wrong_check_character_is_reported(client):
    good = make_uscc("150100")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = client.post(reverse("public_selfcheck"), answers(uscc=bad))
    html = response.content.decode()
    assert response.context["eligible"] is False
    assert "统一社会信用代码无效（GB 32100-2015）" in html
    assert "art9.1.not_registered_in_region" in codes(response)[0]


def test_self_check_pay_below_floor_fails_article_9_5(client):
    response = client.post(reverse("public_selfcheck"), answers(offered_annual_pay_yuan="100000"))
    assert "art9.5.salary_below_floor" in codes(response)[0]
    assert "拟提供的年薪100,000元低于国家资助博士后研究人员计划C档标准120,000元" in response.content.decode()


def test_self_check_priority_claims_assume_evidence_and_check_year_window(client):
    response = client.post(
        reverse("public_selfcheck"),
        answers(claim_platform="on", claim_ranking="on", year_ranking="2000"),
    )
    html = response.content.decode()
    assert codes(response)[1] == ["art10.ok", "art10.year_out_of_window"]
    assert "自测时假定您已具备所勾选类别的证明材料" in html
    assert "可按第十条优先设立。" in html


def test_self_check_missing_code_is_a_form_error(client):
    response = client.post(reverse("public_selfcheck"), answers(uscc=None))
    assert "report" not in response.context
    assert "这个字段是必填项。" in response.content.decode()


def test_self_check_saves_nothing(client, django_assert_max_num_queries):
    # Only the parameter look-ups (min supervisors, reapplication ban, salary schedule) are read.
    with django_assert_max_num_queries(3):
        response = client.post(reverse("public_selfcheck"), answers())
    # The report is on the page: every condition checked, each with its finding.
    findings, _priority = codes(response)
    assert findings
    assert_rows_shown(response, [f.message for f in response.context["report"].findings])
