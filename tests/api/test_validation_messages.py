"""Issue 9 item 3: a request the schema refuses is a 422 whose ``errors`` name each field with a message in the
request's language (Chinese by default, English through Accept-Language), never pydantic's English."""

import json

import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Unit
from tests.factories import bureau, make_uscc, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return user_with_role(Role.REGION_ADMIN)


def unit_payload(**overrides):
    data = {"name": "内蒙古新材料有限公司", "uscc": make_uscc(), "bureau": bureau().pk, "nature": "enterprise",
            "affiliation": "local"}  # fmt: skip
    data.update(overrides)
    return data


def refused(response) -> dict:
    assert response.status_code == 422, response.content
    body = response.json()
    assert (body["code"], body["findings"]) == ("validation_error", [])
    return body


# (payload overrides, field, Chinese message, English message)
CASES = [
    ({"name": None}, "name", "应为文本。", "Must be text."),
    ({"name": "名" * 201}, "name", "最多 200 个字符。", "At most 200 characters."),
    ({"name": "公司\x00"}, "name", "不能包含空字符（NUL）。", "Must not contain NUL characters."),
    ({"bureau": "呼和浩特"}, "bureau", "应为整数。", "Must be a whole number."),
    ({"bureau": 0}, "bureau", "不能小于 1。", "Must not be less than 1."),
    ({"bureau": 2**63}, "bureau", "不能大于 9223372036854775807。", "Must not be greater than 9223372036854775807."),
    ({"independent_legal_person": "maybe"}, "independent_legal_person", "应为 true 或 false。",
     "Must be true or false."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "field", "zh", "en"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)]
)
def test_each_refused_field_has_its_message_in_chinese_and_english(api, region, overrides, field, zh, en):
    client = api(region)
    body = refused(client.post("/units", unit_payload(**overrides)))
    assert body["message"] == "提交的数据有误。"
    assert body["errors"] == {field: [zh]}
    body = refused(client.post("/units", unit_payload(**overrides), HTTP_ACCEPT_LANGUAGE="en"))
    assert body["message"] == "The submitted data is invalid."
    assert body["errors"] == {field: [en]}
    assert Unit.objects.count() == 0


def test_missing_fields_are_each_named(api, region):
    body = refused(api(region).post("/units", {"bureau": bureau().pk}))
    assert body["errors"] == {name: ["此项为必填项。"] for name in ("name", "uscc", "nature", "affiliation")}


def test_a_lone_surrogate_is_refused_with_its_own_message(api, region):
    # A JSON escape for half of a surrogate pair: valid JSON, not a character any database stores.
    client = api(region).client
    # json.dumps writes the surrogate as the escape \ud800, the way a client would send it.
    payload = json.dumps(
        {"name": "公司\ud800", "uscc": make_uscc(), "nature": "enterprise", "affiliation": "local"}
    )
    assert "\\ud800" in payload
    response = client.post("/api/v1/units", payload, content_type="application/json")
    assert refused(response)["errors"] == {"name": ["含有无法识别的字符（不成对的代理字符），请检查输入。"]}
    assert Unit.objects.count() == 0


def test_dates_out_of_range_say_the_limit_as_a_person_writes_it(api, region):
    payload = {
        "name": "2027年度",
        "year": 2027,
        "application_deadline": "2200-01-01",
        "review_deadline": "1800-01-01",
    }
    body = refused(api(region).post("/rounds", payload))
    assert body["errors"] == {
        "application_deadline": ["不能大于 2100年12月31日。"],
        "review_deadline": ["不能小于 1900年1月1日。"],
    }
    body = refused(
        api(region).post("/rounds", {**payload, "review_deadline": "2027-02-30"}, HTTP_ACCEPT_LANGUAGE="en")
    )
    assert body["errors"] == {
        "application_deadline": ["Must not be greater than Dec. 31, 2100."],
        "review_deadline": ["Must be a valid date (YYYY-MM-DD)."],
    }


def test_query_parameters_are_bounded_too(api, region):
    body = refused(api(region).get("/units", q="x" * 101, page=0))
    assert body["errors"] == {"q": ["最多 100 个字符。"], "page": ["不能小于 1。"]}


def test_a_body_that_is_not_json_is_a_chinese_400(api, region):
    client = api(region).client
    response = client.post("/api/v1/units", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "message": "请求内容无法解析，请提交有效的 JSON。",
        "findings": [],
    }
    response = client.post(
        "/api/v1/units", "{not json", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["message"] == "The request body could not be read; please send valid JSON."
