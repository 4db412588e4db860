"""Art. 11 rules that used to live in services and workflow guards, now in policy: one parametrised test per
clause (第十一条第（一）项 routing prerequisites, 第十一条第（二）项 recommendability and batch submission,
第十一条 round dates)."""

from datetime import date

import pytest

from postdoc_base.policy.establishment import (
    Affiliation,
    check_batch_submission,
    check_recommendable,
    check_round_dates,
    check_route_prerequisites,
)

DEPT_MISSING = (
    "art11.1.department_missing", "第十一条第（一）项",
    "中央驻区单位和自治区本级单位须经主管部门同意后申报，请先在单位信息中填写主管部门。",
)  # fmt: skip
BUREAU_MISSING = ("art11.1.bureau_missing", "第十一条第（一）项", "请先在单位信息中填写注册地盟市。")


def _t(findings):
    return [(f.ok, f.code, f.article, str(f.message)) for f in findings]


def _fail(*rows):
    return [(False, *row) for row in rows]


@pytest.mark.parametrize(
    ("affiliation", "has_bureau", "has_department", "expected"),
    [
        (Affiliation.LOCAL, True, False, []),
        (Affiliation.LOCAL, False, False, _fail(BUREAU_MISSING)),
        (Affiliation.CENTRAL, True, True, []),
        (Affiliation.CENTRAL, True, False, _fail(DEPT_MISSING)),
        (Affiliation.CENTRAL, False, True, _fail(BUREAU_MISSING)),
        (Affiliation.CENTRAL, False, False, _fail(DEPT_MISSING, BUREAU_MISSING)),
        (Affiliation.REGION, False, True, []),
        (Affiliation.REGION, False, False, _fail(DEPT_MISSING)),
        ("", False, False, []),
    ],
)
def test_art11_1_route_prerequisites_follow_the_review_route(
    msgids, affiliation, has_bureau, has_department, expected
):
    assert _t(check_route_prerequisites(affiliation, has_bureau, has_department)) == expected


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ({"1": True, "2": True, "3": True, "4": True, "5": True}, []),
        ({"1": True, "2": None}, []),
        (
            {"1": True, "2": True, "3": False, "4": True, "5": False},
            _fail(("art11.2.condition_failed", "第十一条第（二）项",
                   "初审认定第九条第（3）、（5）项条件不符合，不能推荐；可退回修改或不予推荐。")),
        ),
        (
            {"1": False},
            _fail(("art11.2.condition_failed", "第十一条第（二）项",
                   "初审认定第九条第（1）项条件不符合，不能推荐；可退回修改或不予推荐。")),
        ),
    ],
)  # fmt: skip
def test_art11_2_a_condition_judged_not_met_cannot_be_recommended(msgids, checks, expected):
    assert _t(check_recommendable(checks)) == expected


@pytest.mark.parametrize(
    ("pending", "recommended", "ranks", "expected"),
    [
        (2, 1, [5], _fail(("art11.2.pending", "第十一条第（二）项",
                           "还有2份申请尚未作出初审结论，请先逐一推荐、退回或不予推荐。"))),
        (0, 0, [], _fail(("art11.2.nothing", "第十一条第（二）项", "没有拟推荐的申请可报送。"))),
        (0, 2, [1, None], _fail(("art11.2.ranking_missing", "第十一条第（二）项",
                                 "推荐排序不完整（第十一条第（二）项）：有1个推荐单位未填写排序。"))),
        (0, 2, [1, 1], _fail(("art11.2.ranking_duplicate", "第十一条第（二）项",
                              "推荐排序重复（第十一条第（二）项）：排序1被多个推荐单位使用。"))),
        (0, 2, [2, 1], [(True, "art11.2.ranking_ok", "第十一条第（二）项",
                         "推荐排序完整（第十一条第（二）项）：共2个推荐单位，依次排序。")]),
    ],
)  # fmt: skip
def test_art11_2_batch_submission_needs_no_pending_something_recommended_and_a_ranking(
    msgids, pending, recommended, ranks, expected
):
    assert _t(check_batch_submission(pending, recommended, ranks)) == expected


PAST = ("round.deadline_past", "第十一条", "单位申报截止日期已过，请先修改日期。")
ORDER = ("round.review_before_deadline", "第十一条", "盟市推荐截止日期不能早于单位申报截止日期。")


@pytest.mark.parametrize(
    ("application_deadline", "review_deadline", "today", "expected"),
    [
        (date(2026, 3, 1), date(2026, 4, 1), None, []),
        (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 1), []),
        (date(2026, 3, 1), date(2026, 2, 28), None, _fail(ORDER)),
        (date(2026, 3, 1), date(2026, 4, 1), date(2026, 3, 2), _fail(PAST)),
        (date(2026, 3, 1), date(2026, 2, 1), date(2026, 3, 2), _fail(PAST, ORDER)),
        (date(2020, 3, 1), date(2020, 4, 1), None, []),  # past dates are only refused when opening
    ],
)
def test_art11_round_dates(msgids, application_deadline, review_deadline, today, expected):
    assert _t(check_round_dates(application_deadline, review_deadline, today=today)) == expected


# --- Art. 11(1): which levels see which affiliations, read from the route table ----------------------------
@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("department", {"central", "region"}),
        ("bureau", {"local", "central"}),
        ("region", {"local", "central", "region"}),
    ],
)
def test_affiliations_through_each_level_follow_the_art11_routes(level, expected):
    from postdoc_base.policy.establishment import affiliations_through

    assert {str(a) for a in affiliations_through(level)} == expected


@pytest.mark.parametrize(
    ("level", "after", "expected"),
    [
        ("bureau", "department", {"central"}),  # 中央驻区企事业单位须经主管部门同意后向所在盟市……提出申请
        (
            "region",
            "department",
            {"central", "region"},
        ),  # 自治区本级企事业单位经主管部门同意后向自治区……提出申请
        ("region", "bureau", {"local", "central"}),
        ("department", "department", set()),  # a level never comes after itself
        ("department", "bureau", set()),  # nobody's route passes the bureau before the department
        ("bureau", "region", set()),
    ],
)
def test_affiliations_reaching_a_level_only_after_another_agreed(level, after, expected):
    from postdoc_base.policy.establishment import affiliations_through

    assert {str(a) for a in affiliations_through(level, after=after)} == expected
