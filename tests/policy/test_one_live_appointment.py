"""第十三条: a postdoc holds one live appointment at a time (``check_one_live_appointment``): one case per clause,
with the exact code, article and message."""

import pytest

from postdoc_base.policy.tenure import check_one_live_appointment


@pytest.mark.parametrize(
    ("live_state", "expected"),
    [
        (None, (True, "art13.no_live_appointment", "第十三条", "该博士后研究人员没有进行中的进基地记录（第十三条）。")),
        (
            "在基地",
            (
                False, "art13.one_live_appointment", "第十三条",
                "该博士后研究人员已有一条进行中的进基地记录（在基地）。同一博士后研究人员同一时间只能有一条进行中的进基地记录"
                "（第十三条），待该记录出基地或退出基地后方可新建。",
            ),
        ),
    ],
    ids=["none-live", "one-live"],
)  # fmt: skip
def test_art13_one_live_appointment_per_postdoc(msgids, live_state, expected):
    f = check_one_live_appointment(live_state)
    assert (f.ok, f.code, f.article, str(f.message)) == expected
