"""第二十四条 / Art. 24, second sentence (policy.oversight.upgrade): the treatments a unit brings its postdocs up
to, and the approval it records."""

from datetime import date, timedelta

from postdoc_base.policy.oversight import (
    TREATMENT_ITEMS,
    check_treatments_complete,
    check_workstation_approval,
)

FILED, TODAY, DAY = date(2025, 3, 1), date(2026, 6, 1), timedelta(days=1)
NUMBER = "人社部函〔2026〕35号"


def test_every_item_is_needed_before_the_list_is_complete():
    done = {i.key: TODAY for i in TREATMENT_ITEMS}
    assert check_treatments_complete(done) == []
    for item in TREATMENT_ITEMS:
        missing = check_treatments_complete({**done, item.key: None})
        assert [(f.code, f.article) for f in missing] == [("art24.treatment_missing", "第二十四条")]
        assert str(item.label) in str(missing[0].message)


def test_the_approval_day_runs_from_filing_to_today():
    assert check_workstation_approval(FILED, NUMBER, FILED, TODAY) == []
    assert check_workstation_approval(TODAY, NUMBER, FILED, TODAY) == []
    assert [f.code for f in check_workstation_approval(FILED - DAY, NUMBER, FILED, TODAY)] == [
        "art24.approval_before_filing"
    ]
    assert [f.code for f in check_workstation_approval(TODAY + DAY, NUMBER, FILED, TODAY)] == [
        "art24.approval_in_future"
    ]
    assert [f.code for f in check_workstation_approval(None, NUMBER, FILED, TODAY)] == [
        "art24.no_approval_date"
    ]
    assert [f.code for f in check_workstation_approval(TODAY, "35号", FILED, TODAY)] == [
        "art24.bad_approval_document"
    ]
