"""第二条 with 第二十四条: the Art. 2 condition (no postdoc mobile station or workstation) asked again at every step
after submission (``check_still_no_station``): one case per clause, with the exact article and message."""

import pytest

from postdoc_base.policy.establishment import UnitFacts, check_no_station, check_still_no_station

UNIT = "草原乳业股份有限公司"
MOBILE = (
    "art2.has_mobile_station", "第二条",
    "不符合第二条：申报单位“草原乳业股份有限公司”已设立博士后科研流动站，不能设立为博士后创新实践基地，本申请不能继续办理。",
)  # fmt: skip
WORKSTATION = (
    "art2.has_workstation", "第二条",
    "不符合第二条：申报单位“草原乳业股份有限公司”已设立博士后科研工作站，不能设立为博士后创新实践基地，本申请不能继续办理"
    "（第二十四条：基地获批设立博士后科研工作站的，其基地资格自动注销）。",
)  # fmt: skip
OK = ("art2.ok", "第二条", "符合第二条：申报单位“草原乳业股份有限公司”未设立博士后科研流动站或工作站。")


def _unit(mobile_station: bool, workstation: bool) -> UnitFacts:
    return UnitFacts(
        independent_legal_person=True, registered_in_region=True, operating_well=True,
        has_mobile_station=mobile_station, has_workstation=workstation,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("mobile_station", "workstation", "expected"),
    [
        (False, True, [(False, *WORKSTATION)]),
        (True, False, [(False, *MOBILE)]),
        (True, True, [(False, *MOBILE), (False, *WORKSTATION)]),
        (False, False, [(True, *OK)]),
    ],
    ids=["workstation", "mobile_station", "both", "neither"],
)
def test_art2_is_asked_again_after_submission_naming_the_unit(msgids, mobile_station, workstation, expected):
    found = check_still_no_station(_unit(mobile_station, workstation), UNIT)
    assert [(f.ok, f.code, f.article, str(f.message)) for f in found] == expected


@pytest.mark.parametrize(
    ("mobile_station", "workstation"), [(False, True), (True, False), (True, True), (False, False)]
)
def test_the_later_check_decides_exactly_as_the_submission_check(mobile_station, workstation):
    """One rule: the codes are ``check_no_station``'s, only the wording names the unit."""
    unit = _unit(mobile_station, workstation)
    assert [(f.ok, f.code) for f in check_still_no_station(unit, UNIT)] == [
        (f.ok, f.code) for f in check_no_station(unit)
    ]
