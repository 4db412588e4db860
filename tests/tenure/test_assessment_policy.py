"""Pure checks for assessments (policy.tenure): the joint panel (Arts. 7, 17, 18) and indicator weights."""

from postdoc_base.policy.tenure import (
    ART18,
    ASSESSMENT_PANEL_MIN_MEMBERS,
    AssessmentKind,
    AssessmentPanelMember,
    assessment_article,
    check_assessment_panel,
    check_indicator_weights,
)

BASE, UNI = "草原乳业有限公司", "内蒙古大学"


def _codes(members, article="第十七条"):
    return [f.code for f in check_assessment_panel(members, BASE, UNI, article)]


def test_minimum_is_three():
    assert ASSESSMENT_PANEL_MIN_MEMBERS == 3


def test_a_joint_panel_of_three_passes_every_check():
    members = [AssessmentPanelMember(BASE, is_chair=True), AssessmentPanelMember(BASE),
               AssessmentPanelMember(" 内蒙古大学 ", is_supervisor=True)]  # fmt: skip
    assert _codes(members) == ["art17.panel_size.ok", "art17.base_member.ok", "art17.station_member.ok",
                               "art17.chair.ok", "art17.self_review.ok"]  # fmt: skip


def test_each_failure():
    two = [AssessmentPanelMember(BASE, is_chair=True), AssessmentPanelMember(UNI)]
    assert "art17.panel_size.too_small" in _codes(two)
    station_only = [AssessmentPanelMember(UNI, is_chair=True)] * 3
    assert "art17.base_member.missing" in _codes(station_only)
    base_only = [AssessmentPanelMember(BASE, is_chair=True)] + [AssessmentPanelMember(BASE)] * 2
    assert "art17.station_member.missing" in _codes(base_only)
    no_chair = [AssessmentPanelMember(BASE), AssessmentPanelMember(BASE), AssessmentPanelMember(UNI)]
    assert "art17.chair.missing" in _codes(no_chair)
    supervisor_chair = [AssessmentPanelMember(UNI, is_chair=True, is_supervisor=True), *no_chair]
    assert "art17.chair.supervisor" in _codes(supervisor_chair)
    self_review = [*no_chair[:2], AssessmentPanelMember(UNI, is_chair=True, is_postdoc=True)]
    assert "art17.self_review.postdoc" in _codes(self_review)


def test_exit_findings_cite_article_18():
    assert assessment_article(AssessmentKind.EXIT) == ART18 == "第十八条"
    assert assessment_article(AssessmentKind.MIDTERM) == "第十七条"
    assert {f.article for f in check_assessment_panel([], BASE, UNI, ART18)} == {ART18}


def test_indicator_weights():
    assert check_indicator_weights({"a": 60, "b": 40, "c": 0}) == []
    assert [f.code for f in check_indicator_weights({"a": 60, "b": 39})] == ["art17.weight_sum"]
    assert [f.code for f in check_indicator_weights({"a": 110, "b": -10})] == ["art17.weight_invalid"]
    assert [f.code for f in check_indicator_weights({"a": 50.5, "b": 49.5})] == ["art17.weight_invalid"] * 2
    assert [f.code for f in check_indicator_weights({"a": True, "b": 99})] == ["art17.weight_invalid"]
