"""Who reads the bureau's preliminary review (Art. 11(2)) and the applicant's contact details.

One rule, ``establishment.view_preliminary_review``: the bureau that reviewed the application and the
region administrator. Not the applicant, not the experts, not the competent department. The page, the API
detail, the API history and the page timeline all follow it.
"""

import json
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import User
from postdoc_base.establishment import services
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel.audit import MASK
from tests.factories import DepartmentFactory, UnitFactory, bureau, ready_application, user_with_role
from tests.factories.review import assignment_for, expert_with_account
from tests.factories.world import complete_review, events_for, fresh, put_in_state

INSPECTION = "实地考察研发中心和中试平台，场地与申报材料一致。"
CONDITION_COMMENT = "研发机构独立核算，账目清楚。"
RECOMMENDATION = "拟推荐该单位设立博士后创新实践基地。"
PHONE = "13804710000"
SECRET_TEXTS = (INSPECTION, CONDITION_COMMENT, RECOMMENDATION)


@dataclass
class Reviewed:
    app: BaseApplication
    users: dict[str, User]


def reviewed_application() -> Reviewed:
    """A local application the 呼和浩特市 bureau has reviewed, recommended and ranked, then assigned to an
    expert; the applicant changed the contact phone before submitting. Every step through the services."""
    hohhot = bureau("呼和浩特市")
    unit = UnitFactory(name="呼和浩特稀土新材料有限公司", bureau=hohhot)
    applicant = user_with_role(Role.UNIT_ADMIN, unit, username="applicant")
    officer = user_with_role(Role.BUREAU_OFFICER, hohhot, username="hohhot")
    region = user_with_role(Role.REGION_ADMIN, username="region")
    app = ready_application(unit=unit)
    services.application_update(
        actor=applicant, app=app, fields={"contact_name": "乌云", "contact_phone": PHONE}
    )
    app = application_workflow.apply(app, "submit", actor=applicant)
    services.preliminary_review_save(
        actor=officer,
        app=app,
        condition_checks={k: True for k in "12345"},
        condition_comments={"1": CONDITION_COMMENT},
        inspection=INSPECTION,
        inspected_on=date(2026, 11, 2),
        recommendation=RECOMMENDATION,
    )
    app = application_workflow.apply(app, "bureau_recommend", actor=officer)
    services.recommendation_rank_set(actor=officer, round_=app.round, bureau_id=hohhot.pk, ranks={app.pk: 1})
    expert, expert_user = expert_with_account("乌兰")
    assignment_for(app, expert=expert)
    users = {"applicant": applicant, "expert": expert_user, "bureau_officer": officer, "region_admin": region}
    return Reviewed(BaseApplication.objects.get(pk=app.pk), {k: fresh(u) for k, u in users.items()})


@pytest.fixture
def reviewed(db):
    return reviewed_application()


def detail_page(client, user, app) -> str:
    client.force_login(user)
    response = client.get(reverse("establishment:application_detail", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- the permission ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "allowed"),
    [("applicant", False), ("expert", False), ("bureau_officer", True), ("region_admin", True)],
)
def test_view_preliminary_review_is_for_the_reviewing_bureau_and_the_region(reviewed, who, allowed):
    assert reviewed.users[who].has_perm("establishment.view_preliminary_review", reviewed.app) is allowed


def test_other_bureau_and_competent_department_may_not_view_the_preliminary_review(db):
    dept = DepartmentFactory(name="自治区工业和信息化厅")
    central = UnitFactory(bureau=bureau("呼和浩特市"), affiliation="central", department=dept)
    app = put_in_state(ready_application(unit=central), ApplicationState.BUREAU_REVIEW)
    complete_review(app)
    dept_officer = user_with_role(Role.DEPT_OFFICER, dept)
    baotou_officer = user_with_role(Role.BUREAU_OFFICER, bureau("包头市"))
    hohhot_officer = user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市"))
    assert dept_officer.has_perm("establishment.view_preliminary_review", app) is False
    assert baotou_officer.has_perm("establishment.view_preliminary_review", app) is False
    assert hohhot_officer.has_perm("establishment.view_preliminary_review", app) is True


# --- the page ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["applicant", "expert"])
def test_applicant_and_expert_page_shows_no_preliminary_review(client, reviewed, who):
    body = detail_page(client, reviewed.users[who], reviewed.app)
    assert 'data-testid="preliminary-review"' not in body
    assert "推荐排序：" not in body
    for text in SECRET_TEXTS:
        assert text not in body
    # The events themselves stay in the timeline: who saved the review and set the rank, and when.
    timeline = body.split('data-testid="timeline"')[1].split("</section>")[0]
    assert "保存初审意见" in timeline and "设置推荐排序" in timeline


@pytest.mark.parametrize("who", ["bureau_officer", "region_admin"])
def test_bureau_and_region_page_shows_the_preliminary_review(client, reviewed, who):
    body = detail_page(client, reviewed.users[who], reviewed.app)
    section = body.split('data-testid="preliminary-review"')[1].split("</section>")[0]
    for text in SECRET_TEXTS:
        assert text in section
    assert "推荐排序：1" in section


def test_page_shows_no_contact_phone_to_the_expert(client, reviewed):
    body = detail_page(client, reviewed.users["expert"], reviewed.app)
    assert PHONE not in body and "乌云" not in body


# --- the API detail ----------------------------------------------------------------------------------------
def api_detail(client, user, app) -> dict:
    client.force_login(user)
    response = client.get(f"/api/v1/base-applications/{app.pk}")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("who", ["applicant", "expert"])
def test_api_detail_hides_the_preliminary_review_from_applicant_and_expert(client, reviewed, who):
    client.force_login(reviewed.users[who])
    response = client.get(f"/api/v1/base-applications/{reviewed.app.pk}")
    assert response.status_code == 200
    assert response.json()["preliminary_review"] is None
    raw = json.dumps(response.json(), ensure_ascii=False)  # the API escapes non-ASCII characters
    assert "呼和浩特稀土新材料有限公司" in raw  # the decoding works
    for text in SECRET_TEXTS:
        assert text not in raw


@pytest.mark.parametrize("who", ["bureau_officer", "region_admin"])
def test_api_detail_gives_the_preliminary_review_to_bureau_and_region(client, reviewed, who):
    review = api_detail(client, reviewed.users[who], reviewed.app)["preliminary_review"]
    assert review["inspection"] == INSPECTION
    assert review["recommendation"] == RECOMMENDATION
    assert review["rank"] == 1


def test_api_detail_omits_the_applicant_contact_for_the_expert(client, reviewed):
    client.force_login(reviewed.users["expert"])
    response = client.get(f"/api/v1/base-applications/{reviewed.app.pk}")
    body = response.json()
    assert (body["contact_name"], body["contact_phone"]) == (None, None)
    assert PHONE not in response.content.decode() and "乌云" not in json.dumps(body, ensure_ascii=False)


@pytest.mark.parametrize("who", ["applicant", "bureau_officer", "region_admin"])
def test_api_detail_gives_the_contact_to_the_administrations(client, reviewed, who):
    body = api_detail(client, reviewed.users[who], reviewed.app)
    assert (body["contact_name"], body["contact_phone"]) == ("乌云", PHONE)


# --- the audit diff ----------------------------------------------------------------------------------------
def test_audit_diff_masks_a_phone_change_and_keeps_the_name(reviewed):
    update = next(e for e in events_for(reviewed.app) if e.action == "update")
    assert update.diff["contact_phone"] == [MASK, MASK]
    assert update.diff["contact_name"][1] == "乌云"
    assert PHONE not in str(update.diff)
