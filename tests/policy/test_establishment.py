from dataclasses import replace
from datetime import date

import pytest

from postdoc_base.policy.establishment import (
    DEFAULT_SALARY_FLOOR_SCHEDULE,
    Affiliation,
    ApplicationFacts,
    ClaimFacts,
    EstablishmentParams,
    PriorityCategory,
    ResearcherFacts,
    ReviewLevel,
    UnitFacts,
    check_art9,
    check_art10,
    check_no_station,
    check_preliminary_review,
    check_reapplication_ban,
    check_recommendation_ranking,
    eligibility,
    has_priority,
    next_level,
    review_route,
    salary_floor_annual,
)
from postdoc_base.policy.findings import Finding, all_ok, failures

ON = date(2026, 6, 1)
SUPERVISOR = ResearcherFacts(full_time=True, senior_title=True, can_supervise=True)
GOOD_UNIT = UnitFacts(
    independent_legal_person=True,
    registered_in_region=True,
    operating_well=True,
    has_mobile_station=False,
    has_workstation=False,
)
GOOD_APP = ApplicationFacts(
    unit=GOOD_UNIT,
    has_rnd_institution=True,
    rnd_institution="稀土新材料研究院，实验面积3000平方米",
    researchers=(SUPERVISOR,),
    has_station_intention=True,
    recruitment_plan="每年招收2名博士后",
    research_project_count=2,
    has_management_rules=True,
    research_conditions="重点实验室及中试线",
    living_conditions="提供人才公寓",
    offered_annual_pay_yuan=150000,
)
PARAMS = EstablishmentParams()


def app_with(**changes):
    return replace(GOOD_APP, **changes)


def unit_with(**changes):
    return replace(GOOD_UNIT, **changes)


# --- findings ------------------------------------------------------------------------------------


def test_findings_helpers_report_failures_in_order():
    a = Finding(ok=True, code="a", article="x", message="a")
    b = Finding(ok=False, code="b", article="x", message="b")
    c = Finding(ok=False, code="c", article="x", message="c")
    assert all_ok([a]) and all_ok([])
    assert not all_ok([a, b])
    assert failures([a, b, c]) == [b, c]
    assert b.as_dict() == {"ok": False, "code": "b", "article": "x", "message": "b"}


# --- Art. 2 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mobile_station", "workstation", "codes"),
    [
        (True, False, ["art2.has_mobile_station"]),
        (False, True, ["art2.has_workstation"]),
        (True, True, ["art2.has_mobile_station", "art2.has_workstation"]),
        (False, False, ["art2.ok"]),
    ],
)
def test_art2_unit_with_a_station_or_workstation_cannot_apply(mobile_station, workstation, codes):
    found = check_no_station(unit_with(has_mobile_station=mobile_station, has_workstation=workstation))
    assert [f.code for f in found] == codes
    assert all(f.ok == (codes == ["art2.ok"]) for f in found)
    assert all(f.article == "第二条" for f in found)


# --- Art. 24 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revoked_on", "on", "ok", "code"),
    [
        (None, ON, True, "art24.no_revocation"),
        (date(2023, 3, 10), date(2026, 3, 9), False, "art24.reapplication_banned"),  # day before
        (date(2023, 3, 10), date(2026, 3, 10), True, "art24.ban_elapsed"),  # the anniversary itself
        (date(2023, 3, 10), date(2026, 3, 11), True, "art24.ban_elapsed"),  # day after
        (date(2024, 2, 29), date(2027, 2, 27), False, "art24.reapplication_banned"),
        (date(2024, 2, 29), date(2027, 2, 28), True, "art24.ban_elapsed"),  # 29 Feb falls on 28 Feb
    ],
)
def test_art24_unit_may_reapply_only_from_the_third_anniversary_of_revocation(revoked_on, on, ok, code):
    finding = check_reapplication_ban(unit_with(base_revoked_on=revoked_on), on, PARAMS)
    assert (finding.ok, finding.code, finding.article) == (ok, code, "第二十四条")


def test_art24_refusal_names_the_date_it_may_apply_again(msgids):
    finding = check_reapplication_ban(unit_with(base_revoked_on=date(2023, 3, 10)), date(2026, 3, 9))
    assert "2026年3月10日" in str(finding.message)
    assert "第二十四条" in str(finding.message)


def test_art24_ban_length_is_a_parameter():
    unit = unit_with(base_revoked_on=date(2023, 3, 10))
    assert check_reapplication_ban(unit, date(2025, 3, 10), EstablishmentParams(reapplication_ban_years=2)).ok


# --- Art. 9 ----------------------------------------------------------------------------------------


def test_art9_complete_application_passes_all_five_items():
    found = check_art9(GOOD_APP, PARAMS)
    assert [f.code for f in found] == ["art9.1.ok", "art9.2.ok", "art9.3.ok", "art9.4.ok", "art9.5.ok"]
    assert [f.article for f in found] == [
        "第九条第（一）项",
        "第九条第（二）项",
        "第九条第（三）项",
        "第九条第（四）项",
        "第九条第（五）项",
    ]
    assert all_ok(found)


NOT_SUPERVISING = (
    ResearcherFacts(full_time=False, senior_title=True, can_supervise=True),
    ResearcherFacts(full_time=True, senior_title=False, can_supervise=True),
    ResearcherFacts(full_time=True, senior_title=True, can_supervise=False),
)


@pytest.mark.parametrize(
    ("changes", "item", "code"),
    [
        # (1) independent legal person, registered in the region, operating well
        ({"unit": unit_with(independent_legal_person=False)}, 1, "art9.1.not_independent_legal_person"),
        ({"unit": unit_with(registered_in_region=False)}, 1, "art9.1.not_registered_in_region"),
        ({"unit": unit_with(operating_well=False)}, 1, "art9.1.not_operating_well"),
        # (2) a dedicated R&D institution, described
        ({"has_rnd_institution": False}, 2, "art9.2.no_rnd_institution"),
        ({"rnd_institution": "  "}, 2, "art9.2.rnd_institution_blank"),
        # (3) full-time AND senior AND able to supervise, at least the minimum
        ({"researchers": ()}, 3, "art9.3.too_few_supervising_researchers"),
        ({"researchers": NOT_SUPERVISING}, 3, "art9.3.too_few_supervising_researchers"),
        # (4) station intention, a plan, at least one project
        ({"has_station_intention": False}, 4, "art9.4.no_station_intention"),
        ({"recruitment_plan": ""}, 4, "art9.4.recruitment_plan_blank"),
        ({"research_project_count": 0}, 4, "art9.4.no_research_project"),
        # (5) rules, research and living conditions, pay at least the C tier
        ({"has_management_rules": False}, 5, "art9.5.no_management_rules"),
        ({"research_conditions": " "}, 5, "art9.5.research_conditions_blank"),
        ({"living_conditions": ""}, 5, "art9.5.living_conditions_blank"),
        ({"offered_annual_pay_yuan": None}, 5, "art9.5.pay_not_stated"),
        ({"offered_annual_pay_yuan": 119999}, 5, "art9.5.salary_below_floor"),
    ],
)
def test_art9_each_missing_condition_fails_only_its_item(changes, item, code):
    found = check_art9(app_with(**changes), PARAMS)
    assert len(found) == 5
    assert [f.code for f in failures(found)] == [code]
    assert found[item - 1].code == code
    assert not found[item - 1].ok


@pytest.mark.parametrize(
    ("changes", "params", "item"),
    [
        ({"offered_annual_pay_yuan": 120000}, PARAMS, 5),  # exactly the floor
        ({"researchers": (SUPERVISOR, SUPERVISOR)}, EstablishmentParams(min_supervising_researchers=2), 3),
        ({"researchers": (*NOT_SUPERVISING, SUPERVISOR)}, PARAMS, 3),
        ({"research_project_count": 1}, PARAMS, 4),
    ],
)
def test_art9_item_passes_at_its_threshold(changes, params, item):
    found = check_art9(app_with(**changes), params)
    assert found[item - 1].ok
    assert all_ok(found)


def test_art9_three_requires_the_configured_minimum_of_supervisors():
    found = check_art9(GOOD_APP, EstablishmentParams(min_supervising_researchers=2))
    assert [f.code for f in failures(found)] == ["art9.3.too_few_supervising_researchers"]


def test_art9_item_with_several_problems_gives_one_finding_coded_by_the_first(msgids):
    found = check_art9(app_with(has_management_rules=False, offered_annual_pay_yuan=100000), PARAMS)
    assert len(found) == 5
    assert found[4].code == "art9.5.no_management_rules"
    message = str(found[4].message)
    assert "管理办法" in message
    assert "100,000元" in message


def test_art9_five_pay_message_shows_the_floor_in_yuan(msgids):
    params = EstablishmentParams(salary_floor_annual_yuan=120000)
    below = check_art9(app_with(offered_annual_pay_yuan=90000), params)[4]
    missing = check_art9(app_with(offered_annual_pay_yuan=None), params)[4]
    assert "第九条第（五）项" in str(below.message)
    assert "120,000元" in str(below.message)
    assert "90,000元" in str(below.message)
    assert "120,000元" in str(missing.message)


# --- Art. 10 ---------------------------------------------------------------------------------------

YEARS_NEEDED = {PriorityCategory.AWARD_OR_PROJECT: 2024, PriorityCategory.RANKING: 2025}


@pytest.mark.parametrize("category", list(PriorityCategory))
def test_art10_each_listed_category_with_evidence_gives_priority(category):
    claim = ClaimFacts(
        category=category, description="证明材料所述情况", has_evidence=True, year=YEARS_NEEDED.get(category)
    )
    [finding] = check_art10([claim], ON)
    assert (finding.ok, finding.code, finding.article) == (True, "art10.ok", "第十条")
    assert has_priority([claim], ON)


def test_art10_has_the_seven_categories_of_the_article():
    assert PriorityCategory.values == [
        "platform",
        "enterprise_honour",
        "award_or_project",
        "ranking",
        "high_growth",
        "academician_station",
        "talent_founded",
    ]


@pytest.mark.parametrize(
    ("claim", "ok", "code"),
    [
        (ClaimFacts("platform", "自治区重点实验室", has_evidence=False), False, "art10.no_evidence"),
        (ClaimFacts("platform", "  ", has_evidence=True), False, "art10.description_blank"),
        (ClaimFacts("famous_brand", "著名商标", has_evidence=True), False, "art10.invalid_category"),
        (ClaimFacts("award_or_project", "科技进步奖", True, year=None), False, "art10.year_missing"),
        (ClaimFacts("ranking", "民营企业500强", True, year=None), False, "art10.year_missing"),
        # 近五年: on 2026-06-01, 2021 (five years back) counts, 2020 does not
        (ClaimFacts("award_or_project", "科技进步奖", True, year=2021), True, "art10.ok"),
        (ClaimFacts("award_or_project", "科技进步奖", True, year=2020), False, "art10.year_out_of_window"),
        # 近三年: 2023 counts, 2022 does not
        (ClaimFacts("ranking", "民营企业500强", True, year=2023), True, "art10.ok"),
        (ClaimFacts("ranking", "民营企业500强", True, year=2022), False, "art10.year_out_of_window"),
        # a year after the checked date is not "recent" either
        (ClaimFacts("ranking", "民营企业500强", True, year=2027), False, "art10.year_out_of_window"),
        (ClaimFacts("award_or_project", "科技进步奖", True, year=2026), True, "art10.ok"),
        # the year is ignored where the article sets no window
        (ClaimFacts("academician_station", "院士工作站", True, year=1990), True, "art10.ok"),
    ],
)
def test_art10_claim_needs_listed_category_evidence_description_and_recent_year(claim, ok, code):
    [finding] = check_art10([claim], ON)
    assert (finding.ok, finding.code, finding.article) == (ok, code, "第十条")
    assert has_priority([claim], ON) is ok


def test_art10_one_valid_claim_among_invalid_ones_gives_priority():
    claims = [
        ClaimFacts("ranking", "民营企业500强", True, year=2020),
        ClaimFacts("platform", "自治区工程研究中心", True),
    ]
    assert [f.ok for f in check_art10(claims, ON)] == [False, True]
    assert has_priority(claims, ON)
    assert not has_priority([], ON)


def test_art10_stale_year_message_asks_for_the_window(msgids):
    [finding] = check_art10([ClaimFacts("ranking", "民营企业500强", True, year=2022)], ON)
    assert "第十条" in str(finding.message)
    assert "2022" in str(finding.message)


# --- eligibility -----------------------------------------------------------------------------------


def test_eligibility_combines_art2_art24_art9_and_reports_priority_separately():
    app = app_with(claims=(ClaimFacts("platform", "自治区重点实验室", True),))
    report = eligibility(app, ON, PARAMS)
    assert [f.code for f in report.findings] == [
        "art2.ok",
        "art24.no_revocation",
        "art9.1.ok",
        "art9.2.ok",
        "art9.3.ok",
        "art9.4.ok",
        "art9.5.ok",
    ]
    assert report.eligible
    assert report.priority
    assert [f.code for f in report.priority_findings] == ["art10.ok"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"unit": unit_with(has_workstation=True)}, "art2.has_workstation"),
        ({"unit": unit_with(base_revoked_on=date(2024, 1, 1))}, "art24.reapplication_banned"),
        ({"offered_annual_pay_yuan": 100000}, "art9.5.salary_below_floor"),
    ],
)
def test_eligibility_is_refused_by_any_failing_condition(changes, code):
    report = eligibility(app_with(**changes), ON, PARAMS)
    assert not report.eligible
    assert [f.code for f in failures(report.findings)] == [code]


def test_eligibility_without_valid_claims_has_no_priority_but_stays_eligible():
    report = eligibility(app_with(claims=(ClaimFacts("platform", "实验室", False),)), ON)
    assert report.eligible
    assert not report.priority


def test_every_finding_message_names_its_article(msgids):
    app = app_with(
        unit=unit_with(has_mobile_station=True, base_revoked_on=date(2025, 1, 1), operating_well=False),
        researchers=(),
        claims=(ClaimFacts("ranking", "", False),),
    )
    report = eligibility(app, ON, PARAMS)
    found = [
        *report.findings,
        *report.priority_findings,
        *eligibility(GOOD_APP, ON).findings,
        *check_preliminary_review({}, "", ""),
        check_recommendation_ranking([1, 1]),
    ]
    for finding in found:
        assert finding.article in str(finding.message), finding.code
        assert finding.as_dict()["message"] == str(finding.message)


# --- Art. 11 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("affiliation", "route"),
    [
        (Affiliation.LOCAL, (ReviewLevel.BUREAU, ReviewLevel.REGION)),
        (Affiliation.CENTRAL, (ReviewLevel.DEPARTMENT, ReviewLevel.BUREAU, ReviewLevel.REGION)),
        (Affiliation.REGION, (ReviewLevel.DEPARTMENT, ReviewLevel.REGION)),
    ],
)
def test_art11_1_application_follows_the_route_of_its_affiliation(affiliation, route):
    assert review_route(affiliation) == route
    assert review_route(affiliation.value) == route
    walked, level = [], next_level(affiliation, None)
    while level is not None:
        walked.append(level)
        level = next_level(affiliation, level)
    assert tuple(walked) == route


def test_art11_1_region_level_unit_skips_the_bureau():
    with pytest.raises(ValueError):
        next_level(Affiliation.REGION, ReviewLevel.BUREAU)


def test_art11_1_unknown_affiliation_is_rejected():
    with pytest.raises(ValueError):
        review_route("foreign")


ALL_CHECKED = {"1": True, "2": True, "3": False, "4": True, "5": True}


@pytest.mark.parametrize(
    ("checks", "inspection", "recommendation", "failing"),
    [
        (ALL_CHECKED, "实地考察研发机构", "同意推荐", []),
        ({**ALL_CHECKED, "3": None}, "实地考察研发机构", "同意推荐", ["art11.2.conditions_unchecked"]),
        (
            {k: v for k, v in ALL_CHECKED.items() if k != "5"},
            "考察",
            "推荐",
            ["art11.2.conditions_unchecked"],
        ),
        (ALL_CHECKED, " ", "同意推荐", ["art11.2.inspection_blank"]),
        (ALL_CHECKED, "实地考察研发机构", "", ["art11.2.recommendation_blank"]),
        (
            {},
            "",
            "",
            ["art11.2.conditions_unchecked", "art11.2.inspection_blank", "art11.2.recommendation_blank"],
        ),
    ],
)
def test_art11_2_preliminary_review_needs_every_verdict_inspection_and_recommendation(
    checks, inspection, recommendation, failing
):
    found = check_preliminary_review(checks, inspection, recommendation)
    assert len(found) == 3
    assert [f.code for f in failures(found)] == failing
    assert all(f.article == "第十一条第（二）项" for f in found)


def test_art11_2_unchecked_items_are_named(msgids):
    [finding, *_rest] = check_preliminary_review({"1": True, "2": True, "4": True}, "考察", "推荐")
    message = str(finding.message)
    assert "第九条第（三）项" in message
    assert "第九条第（五）项" in message
    assert "第九条第（一）项" not in message


@pytest.mark.parametrize(
    ("ranks", "ok", "code"),
    [
        ([1, 2, 3], True, "art11.2.ranking_ok"),
        ([3, 1, 2], True, "art11.2.ranking_ok"),
        ([], True, "art11.2.ranking_ok"),
        ([1, None, 2], False, "art11.2.ranking_missing"),
        ([1, 2, 2], False, "art11.2.ranking_duplicate"),
        ([1, 3], False, "art11.2.ranking_gap"),
        ([0, 1], False, "art11.2.ranking_gap"),
        ([2, 3], False, "art11.2.ranking_gap"),
    ],
)
def test_art11_2_recommendation_ranks_are_exactly_one_to_n(ranks, ok, code):
    finding = check_recommendation_ranking(ranks)
    assert (finding.ok, finding.code, finding.article) == (ok, code, "第十一条第（二）项")


# --- Art. 9(5) salary floor schedule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "floor"),
    [
        (date(2025, 12, 31), 120000),  # 240,000 yuan per two years
        (date(2026, 1, 1), 120000),  # 120,000 yuan per year
        (date(2024, 1, 1), 120000),
    ],
)
def test_salary_floor_on_default_schedule(on, floor):
    assert salary_floor_annual(on, DEFAULT_SALARY_FLOOR_SCHEDULE) == floor
    assert salary_floor_annual(on) == floor


@pytest.mark.parametrize(("on", "floor"), [(date(2025, 12, 31), 120000), (date(2026, 1, 1), 150000)])
def test_salary_floor_switches_to_the_new_row_on_its_effective_date(on, floor):
    schedule = [(date(2026, 1, 1), 150000, 1), (date(2024, 1, 1), 240000, 2)]  # deliberately unordered
    assert salary_floor_annual(on, schedule) == floor


def test_salary_floor_before_every_row_is_an_error():
    with pytest.raises(ValueError):
        salary_floor_annual(date(2023, 12, 31), DEFAULT_SALARY_FLOOR_SCHEDULE)
