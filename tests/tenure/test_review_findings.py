"""Defects found in review of the issue-4 tenure code (outputs, exits, assessments, exports): each test pins one
fix. Downloads of a stored file that has gone missing are a 404, not a server error; pages show only the links a
user can follow; every user-facing string in the new templates is translatable; junk filter values are ignored."""

import os
import re
from pathlib import Path

import pytest

from postdoc_base.tenure.outputs.enums import OutputKind
from tests.factories.exits import appointment, login, output, pdf, with_materials

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "postdoc_base" / "tenure" / "templates" / "tenure"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _unsafe_client(user):
    c = login(user)
    c.raise_request_exception = False  # see the status a browser would get
    return c


# --- a stored file gone missing: 404 with the usual message, never a 500 ---------------------------------
def test_exit_material_whose_file_is_missing_is_not_found(world):
    a = with_materials(appointment(world))
    os.remove(a.research_report.path)
    r = _unsafe_client(world["postdoc_own"]).get(
        f"/tenure/appointments/{a.pk}/exit-materials/research-report/"
    )
    assert r.status_code == 404


def _output_with_lost_evidence(world):
    o = output(appointment(world), OutputKind.PAPER, evidence=pdf("paper.pdf"), evidence_name="论文.pdf",
               evidence_type="application/pdf")  # fmt: skip
    os.remove(o.evidence.path)
    return o


def test_output_evidence_page_download_of_a_missing_file_is_not_found(world):
    o = _output_with_lost_evidence(world)
    r = _unsafe_client(world["postdoc_own"]).get(f"/tenure/outputs/{o.pk}/evidence/")
    assert r.status_code == 404


def test_output_evidence_api_download_of_a_missing_file_is_a_chinese_404(world):
    o = _output_with_lost_evidence(world)
    r = _unsafe_client(world["postdoc_own"]).get(f"/api/v1/outputs/{o.pk}/evidence")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found" and r.json()["message"] == "未找到该对象。"


# --- the assessment list links to the indicator system only for those who may open it ---------------------
@pytest.mark.parametrize(
    ("who", "shown"),
    [("region", True), ("bureau_same", True), ("base_same", True), ("station_same", False),
     ("postdoc_own", False), ("supervisor_own", False)],
)  # fmt: skip
def test_assessment_list_shows_the_scheme_link_only_to_who_can_open_it(world, who, shown):
    c = login(world[who])
    page = c.get("/tenure/assessments/").content.decode()
    assert ('href="/tenure/assessment-scheme/"' in page) is shown
    assert c.get("/tenure/assessment-scheme/").status_code == (200 if shown else 403)


# --- every user-facing Chinese string in the new templates goes through {% translate %} --------------------
def test_appointment_exit_section_has_no_untranslated_chinese():
    source = (TEMPLATES / "exits" / "_appointment_exit.html").read_text(encoding="utf-8")
    bare = re.findall(r">([^<{]*[\u4e00-\u9fff][^<{]*)<", source)
    assert bare == []


# --- junk filter values are ignored, as documented, never a 500 ---------------------------------------------
@pytest.mark.parametrize(
    "url", ["/tenure/appointments/export/?base=%C2%B2", "/tenure/appointments/?base=%C2%B2"]
)
def test_a_non_ascii_digit_base_filter_is_ignored(world, url):
    r = _unsafe_client(world["region"]).get(url)
    assert r.status_code == 200
