"""Defects found in review of the issue-4 review changes (assessment panels on the review module): each test
pins one fix. The API panel list labels each panel by its context; an assessment's label reads the postdoc,
so the contexts are prefetched per model like the page does (no query per panel)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postdoc_base.policy.identifiers import complete_resident_id
from postdoc_base.review.enums import PanelPurpose
from postdoc_base.review.models import Panel
from tests.factories.assessments import make_assessment
from tests.factories.exits import appointment, login, make_exit_world
from tests.factories.people import make_postdoc
from tests.factories.review import make_rubric

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _assessment_panels(w, n: int, start: int) -> None:
    """``n`` assessment panels of base b1, one per postdoc (each its own appointment and assessment)."""
    for i in range(start, start + n):
        postdoc = make_postdoc(w["b1"], complete_resident_id(f"15010219900101{i:03d}"), name=f"测试{i}")
        assessment = make_assessment(appointment(w, postdoc=postdoc))
        Panel.objects.create(name=f"考核专家组{i}", purpose=PanelPurpose.ASSESSMENT, context=assessment,
                             rubric=make_rubric(), due_on="2030-01-01")  # fmt: skip


@pytest.mark.parametrize("who", ["region", "base_same"])
def test_api_panel_list_of_assessment_panels_has_a_constant_query_count(who):
    w = make_exit_world()
    client = login(w[who])
    _assessment_panels(w, 1, 100)
    client.get("/api/v1/panels")  # warm the content-type cache and the session
    with CaptureQueriesContext(connection) as at_one:
        r = client.get("/api/v1/panels")
    assert r.status_code == 200 and r.json()["count"] == 1
    assert r.json()["items"][0]["context_label"] == "测试100：中期考核"
    _assessment_panels(w, 5, 200)
    with CaptureQueriesContext(connection) as at_six:
        r = client.get("/api/v1/panels")
    assert r.json()["count"] == 6
    assert len(at_six) == len(at_one)
    expected = {f"测试{i}：中期考核" for i in [100, *range(200, 205)]}
    assert {item["context_label"] for item in r.json()["items"]} == expected
