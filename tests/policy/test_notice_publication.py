"""第十一条第（三）项 公示无异议后予以备案: the notice to publish starts today or later and runs 1 to 60 working
days (``check_notice_publication``): one case per clause, with the exact code, article and message."""

from datetime import date

import pytest

from postdoc_base.policy.notice import (
    MAX_NOTICE_WORKING_DAYS,
    MIN_NOTICE_WORKING_DAYS,
    check_notice_publication,
)

TODAY = date(2026, 12, 3)
PAST = (
    "art11.3.published_in_past", "第十一条第（三）项",
    "公示发布日期不能早于今天（2026年12月3日）：公示期须在发布后实际经过，公示无异议后方可备案（第十一条第（三）项）。",
)  # fmt: skip
RANGE = (
    "art11.3.working_days_out_of_range",
    "第十一条第（三）项",
    "公示期应为1至60个工作日（第十一条第（三）项）。",
)


@pytest.mark.parametrize(
    ("published_on", "working_days", "expected"),
    [
        (date(2026, 12, 2), 5, [PAST]),  # the day before today
        (date(2025, 12, 3), 5, [PAST]),
        (TODAY, 5, []),  # today
        (date(2026, 12, 4), 5, []),  # later: hidden from the public until then
        (TODAY, 0, [RANGE]),
        (TODAY, 1, []),
        (TODAY, 60, []),
        (TODAY, 61, [RANGE]),
        (date(2026, 12, 2), 61, [PAST, RANGE]),
    ],
)
def test_art11_3_notice_starts_today_or_later_and_runs_1_to_60_working_days(
    msgids, published_on, working_days, expected
):
    found = check_notice_publication(published_on, working_days, TODAY)
    assert [(f.code, f.article, str(f.message)) for f in found] == expected
    assert all(not f.ok for f in found)


def test_the_bounds_are_the_forms_1_to_60():
    assert (MIN_NOTICE_WORKING_DAYS, MAX_NOTICE_WORKING_DAYS) == (1, 60)
