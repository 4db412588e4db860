"""Art. 11(3) 公示无异议后予以备案: a public notice starts today or later and runs 1 to 60 working days. The service
refuses a publication date before today (the local date, Asia/Shanghai) and a length outside the bounds, so the
form and the API refuse alike; the API's schema bounds the length exactly as the form does. A refused
publication writes nothing; a notice published today cannot be filed the same day."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from postdoc_base.establishment import notices
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.models import BaseApplication, NoticeItem, PublicNotice
from postdoc_base.establishment.notice_views import NoticeForm
from postdoc_base.kernel.calendar import count_from
from postdoc_base.kernel.models import AuditEvent, Obligation
from tests.factories.notices import passed_round, publish, region_admin

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)  # a Thursday
PAST = "公示发布日期不能早于今天（2026年12月3日）：公示期须在发布后实际经过，公示无异议后方可备案（第十一条第（三）项）。"
RANGE = "公示期应为1至60个工作日（第十一条第（三）项）。"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def _written() -> tuple:
    return (
        PublicNotice.objects.count(),
        NoticeItem.objects.count(),
        AuditEvent.objects.count(),
        list(BaseApplication.objects.order_by("pk").values_list("pk", "state")),
        list(Obligation.objects.order_by("pk").values_list("pk", "kind", "status")),
    )


# --- the service -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "published_on", [TODAY - timedelta(days=1), date(2026, 9, 28)], ids=["yesterday", "months"]
)
def test_a_notice_dated_before_today_is_refused_and_nothing_is_written(published_on):
    round_, _apps = passed_round(2)
    before = _written()
    with pytest.raises(ValidationError) as refused:
        publish(region_admin(), round_, published_on=published_on)
    assert refused.value.message_dict == {"published_on": [PAST]}
    assert _written() == before


@pytest.mark.parametrize("working_days", [0, 61, -1])
def test_a_length_outside_1_to_60_working_days_is_refused_and_nothing_is_written(working_days):
    round_, _apps = passed_round()
    before = _written()
    with pytest.raises(ValidationError) as refused:
        publish(region_admin(), round_, published_on=TODAY, working_days=working_days)
    assert refused.value.message_dict == {"working_days": [RANGE]}
    assert _written() == before


def test_both_reasons_are_given_at_once():
    round_, _apps = passed_round()
    with pytest.raises(ValidationError) as refused:
        publish(region_admin(), round_, published_on=TODAY - timedelta(days=1), working_days=61)
    assert refused.value.message_dict == {"published_on": [PAST], "working_days": [RANGE]}


@pytest.mark.parametrize(
    ("published_on", "working_days", "ends_on"),
    [
        (TODAY, 1, TODAY),  # the first allowed day, the shortest notice
        (TODAY, 60, None),  # the longest notice: into 2027, as the calendar counts it
        (TODAY + timedelta(days=4), 5, date(2026, 12, 11)),  # a later start: Monday 7 December
        (None, 5, date(2026, 12, 9)),  # no date given: today
    ],
    ids=["today-1", "today-60", "later", "default"],
)
def test_today_or_later_with_1_to_60_working_days_is_published(published_on, working_days, ends_on):
    round_, apps = passed_round()
    notice = publish(region_admin(), round_, published_on=published_on, working_days=working_days)
    ends_on = ends_on or count_from(TODAY, working_days).last
    assert (notice.published_on, notice.working_days, notice.ends_on) == (
        published_on or TODAY, working_days, ends_on,
    )  # fmt: skip
    assert BaseApplication.objects.get(pk=apps[0].pk).state == S.IN_NOTICE


def test_a_notice_published_today_cannot_be_filed_the_same_day():
    """The defect this closes: a back-dated notice let its applications be filed the minute it was published."""
    admin = region_admin()
    round_, apps = passed_round()
    publish(admin, round_, published_on=TODAY, working_days=1)
    [result] = notices.filing_execute(actor=admin, round_=round_, application_ids=[apps[0].pk])
    assert [(f.code, f.article, str(f.message)) for f in result.findings] == [
        ("art11.3.notice_running", "第十一条第（三）项", "公示期至2026年12月3日结束，期满后方可备案。")
    ]
    assert BaseApplication.objects.get(pk=apps[0].pk).state == S.IN_NOTICE


# --- the form page ---------------------------------------------------------------------------------------
def _form_data(**changes) -> dict:
    return {"title": "拟备案名单公示", "body": "", "contact": "0471-6960000", "working_days": 5,
            "published_on": TODAY.isoformat(), **changes}  # fmt: skip


def test_the_form_refuses_a_past_date_with_the_services_reason(client):
    round_, _apps = passed_round()
    client.force_login(region_admin())
    before = _written()
    response = client.post(
        reverse("establishment:notice_create", args=[round_.pk]),
        _form_data(published_on=(TODAY - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"published_on": [PAST]}
    assert PAST in response.content.decode()
    assert _written() == before


@pytest.mark.parametrize("working_days", [0, 61])
def test_the_form_bounds_the_length(client, working_days):
    round_, _apps = passed_round()
    client.force_login(region_admin())
    before = _written()
    response = client.post(
        reverse("establishment:notice_create", args=[round_.pk]), _form_data(working_days=working_days)
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["working_days"]
    assert _written() == before


# --- the API ---------------------------------------------------------------------------------------------
def _api_publish(client, **changes):
    body = {"round": changes.pop("round"), "title": "公示", "contact": "0471-6960000", **changes}
    return client.post("/api/v1/notices", body, content_type="application/json")


def test_the_api_refuses_a_past_date_with_the_services_reason(client):
    round_, _apps = passed_round()
    client.force_login(region_admin())
    before = _written()
    response = _api_publish(client, round=round_.pk, published_on=(TODAY - timedelta(days=1)).isoformat())
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["errors"]) == (
        "validation_error",
        {"published_on": [PAST]},
    )
    assert _written() == before


@pytest.mark.parametrize("working_days", [0, 61])
def test_the_api_bounds_the_length_as_the_form_does(client, working_days):
    round_, _apps = passed_round()
    client.force_login(region_admin())
    before = _written()
    response = _api_publish(client, round=round_.pk, working_days=working_days)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert list(response.json()["errors"]) == ["working_days"]
    assert _written() == before


@pytest.mark.parametrize("working_days", [1, 60])
def test_the_api_accepts_the_bounds(client, working_days):
    round_, _apps = passed_round()
    client.force_login(region_admin())
    response = _api_publish(client, round=round_.pk, working_days=working_days)
    assert response.status_code == 201, response.content
    assert response.json()["working_days"] == working_days


def test_the_api_schema_and_the_form_share_the_bounds():
    from postdoc_base.establishment.notice_api import NoticeIn

    field = NoticeForm().fields["working_days"]
    schema = NoticeIn.model_json_schema()["properties"]["working_days"]["anyOf"][0]
    assert (field.min_value, field.max_value) == (schema["minimum"], schema["maximum"]) == (1, 60)
