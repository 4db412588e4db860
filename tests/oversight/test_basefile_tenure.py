"""The base file's tenure sections: agreements (Art. 12), topics, postdocs by appointment state, assessments
(Arts. 17-18) and outputs with the Art. 22 achievements; each reads one base's rows through the feature's own
scope, in a fixed number of queries, and shows no ID number."""

import pytest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight import basefile
from postdoc_base.policy.identifiers import complete_resident_id
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.outputs.enums import OutputKind, OutputState
from postdoc_base.tenure.recruitment.enums import AgreementState, TopicState
from postdoc_base.tenure.stay.enums import AppointmentState
from tests.factories import StationFactory, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.assessments import make_assessment
from tests.factories.outputs import make_output
from tests.factories.pages import assert_rows_shown
from tests.factories.people import make_postdoc
from tests.factories.tenure import base_admin, make_agreement, make_base, make_topic

pytestmark = pytest.mark.django_db

TENURE_SECTIONS = (
    "tenure_agreements",
    "tenure_topics",
    "tenure_appointments",
    "tenure_assessments",
    "tenure_outputs",
)


def resident_id(i: int) -> str:
    return complete_resident_id(f"15010219900101{i:03d}")


def populate(base, station, rows: int, tag: str = "") -> list:
    """``rows`` of each kind for ``base``: agreements, published and draft topics, appointments in the base with
    an assessment and an Art. 22 achievement each."""
    appointments = []
    for i in range(rows):
        make_agreement(base, StationFactory(university=f"{tag}合作大学{i}"), state=AgreementState.ACTIVE)
        make_topic(base, state=TopicState.PUBLISHED, title=f"{tag}公开课题{i}")
        postdoc = make_postdoc(base, resident_id(i + (500 if tag else 0)), name=f"{tag}博士{chr(0x4E00 + i)}")
        appointment = make_appointment(base, station, postdoc=postdoc, state=AppointmentState.IN_BASE)
        make_assessment(appointment, state=AssessmentState.GRADED, grade="pass")
        make_output(appointment, OutputKind.CPSF_GRANT, OutputState.CONFIRMED, title=f"{tag}基金资助{i}")
        make_output(appointment, OutputKind.PAPER, OutputState.CONFIRMED, title=f"{tag}论文{i}")
        appointments.append(appointment)
    return appointments


@pytest.fixture
def world():
    base = make_base("草原乳业", "呼和浩特市")
    other = make_base("稀土新材料", "包头市")
    station = StationFactory()
    return {
        "base": base,
        "other": other,
        "station": station,
        "unit": base_admin(base),
        "bureau": user_with_role(Role.BUREAU_OFFICER, base.unit.bureau),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, other.unit.bureau),
        "region": user_with_role(Role.REGION_ADMIN),
    }


def rendered(base, user) -> dict[str, str]:
    return {
        s.section.key: render_to_string(s.section.template, s.context)
        for s in basefile.sections_for(base, user)
        if s.section.key in TENURE_SECTIONS
    }


def test_every_tenure_section_is_registered_with_its_article():
    sections = {key: basefile.SECTIONS[key] for key in TENURE_SECTIONS}
    assert [s.article for s in sections.values()] == [
        "第八条",
        "第十二条",
        "第十三条",
        "第十七条",
        "第二十二条",
    ]
    assert str(sections["tenure_outputs"].title) == "在站成果（第十七条、第二十二条）"


@pytest.mark.parametrize("who", ["unit", "bureau", "region"])
def test_sections_show_the_bases_rows_and_none_of_another_base(world, who):
    base = world["base"]
    (appointment,) = populate(base, world["station"], 1)
    populate(world["other"], world["station"], 1, tag="外")
    html = rendered(base, world[who])
    assert set(html) == set(TENURE_SECTIONS)
    assert "合作大学0" in html["tenure_agreements"] and "公开课题0" in html["tenure_topics"]
    assert (
        "博士一" in html["tenure_appointments"]
        and "在基地：<strong>1</strong>" in html["tenure_appointments"]
    )
    assert appointment.get_absolute_url() in html["tenure_appointments"]
    assert (
        "中期考核：1 人次，已评定 1 人次" in html["tenure_assessments"]
        and "合格" in html["tenure_assessments"]
    )
    assert (
        "基金资助0" in html["tenure_outputs"] and "论文0" not in html["tenure_outputs"]
    )  # achievements listed
    assert "导师已确认的在站成果共 2 项。" in html["tenure_outputs"]
    assert not any("外" in text for text in html.values())


@pytest.mark.parametrize("who", ["unit", "bureau", "region"])
def test_no_section_shows_an_id_number(world, who):
    (appointment,) = populate(world["base"], world["station"], 1)
    postdoc = appointment.postdoc
    text = "".join(rendered(world["base"], world[who]).values())
    assert postdoc.name in text
    assert resident_id(0) not in text and postdoc.masked_id not in text


def test_the_bureau_sees_published_topics_only_as_on_the_topics_board(world):
    base = world["base"]
    make_topic(base, state=TopicState.PUBLISHED, title="已发布课题")
    draft = make_topic(base, state=TopicState.DRAFT, title="草稿课题")
    bureau_html = rendered(base, world["bureau"])["tenure_topics"]
    assert "已发布课题" in bureau_html and "草稿课题" not in bureau_html
    assert draft.get_absolute_url() not in bureau_html
    unit_html = rendered(base, world["unit"])["tenure_topics"]
    assert "草稿课题" in unit_html and draft.get_absolute_url() in unit_html


def test_a_long_list_says_how_many_are_not_shown(world):
    from postdoc_base.tenure.basefile import SECTION_ROWS

    for i in range(SECTION_ROWS + 1):
        make_topic(world["base"], state=TopicState.PUBLISHED, title=f"课题{i}")
    html = rendered(world["base"], world["unit"])["tenure_topics"]
    assert f"显示最近 {SECTION_ROWS} 条，共 {SECTION_ROWS + 1} 条。" in html
    assert html.count("data-topic=") == SECTION_ROWS


def test_empty_sections_say_so(world):
    html = rendered(world["base"], world["bureau"])
    assert "暂无合作协议。" in html["tenure_agreements"] and "暂无研究课题。" in html["tenure_topics"]
    assert "暂无进基地记录。" in html["tenure_appointments"]
    assert "暂无第二十二条所列业绩。" in html["tenure_outputs"]


# Queries of each section's context for a bureau officer (assignments already read): agreements 2 (rows, count),
# topics 2, appointments 2 (counts by state, rows), assessments 2 (counts by kind, rows), outputs 3 (counts by
# kind, achievements, their count).
SECTION_QUERIES = {"tenure_agreements": 2, "tenure_topics": 2, "tenure_appointments": 2, "tenure_assessments": 2,
                   "tenure_outputs": 3}  # fmt: skip


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("key", TENURE_SECTIONS)
def test_section_query_count_does_not_grow(world, django_assert_num_queries, rows, key):
    base, user = world["base"], world["bureau"]
    populate(base, world["station"], rows)
    _ = user.assignments  # the user's roles, read once per request
    section = basefile.SECTIONS[key]
    with django_assert_num_queries(SECTION_QUERIES[key]):
        context = {"base": base, **section.context(base, user)}
        html = render_to_string(section.template, context)
    marker = {"tenure_agreements": "data-agreement=", "tenure_topics": "data-topic=",
              "tenure_appointments": "data-appointment=", "tenure_assessments": "data-assessment=",
              "tenure_outputs": "data-output="}[key]  # fmt: skip
    assert html.count(marker) == rows


def _file_url(base):
    try:
        return reverse("oversight:base_file", args=[base.pk])
    except NoReverseMatch:
        pytest.skip("the base file page is not there yet")


def test_base_file_page_shows_the_tenure_sections_to_its_bureau_and_404_to_another(client, world):
    base = world["base"]
    url = _file_url(base)
    (appointment,) = populate(base, world["station"], 1)
    client.force_login(world["bureau"])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("合作协议（第八条）", "公开课题0", "博士一", "基金资助0", appointment.get_absolute_url()):
        assert text in html
    assert resident_id(0) not in html and appointment.postdoc.masked_id not in html
    client.force_login(world["bureau_other"])
    assert client.get(url).status_code == 404


def test_base_file_page_query_count_is_the_same_at_1_and_20_tenure_rows(
    client, django_assert_max_num_queries, world
):
    base = world["base"]
    url = _file_url(base)
    client.force_login(world["bureau"])
    counts = []
    for rows, tag in ((1, ""), (19, "再")):
        populate(base, world["station"], rows, tag=tag)
        client.get(url)
        with django_assert_max_num_queries(80) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert_rows_shown(response, [f"{tag}公开课题{i}" for tag, n in (("", 1), ("再", 19)) for i in range(n)])
