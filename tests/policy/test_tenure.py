from datetime import date, timedelta

import pytest

from postdoc_base.policy.findings import all_ok, failures
from postdoc_base.policy.tenure import (
    DEFAULT_ASSESSMENT_INDICATORS,
    MIDTERM_DEFAULT_MONTHS,
    AgreementClause,
    AssessmentGrade,
    ContractType,
    Party,
    SupervisorFacts,
    WithdrawalReason,
    add_months,
    check_dispatch_overdue,
    check_dual_supervisors,
    check_entry_filing,
    check_pay,
    check_person_name,
    check_term,
    check_title_route,
    check_tripartite_agreement,
    contract_type,
    degree_certificate_due,
    detect_withdrawal_reasons,
    dispatch_overdue_days,
    entitled_to_exit_policies,
    entry_filing_due,
    entry_filing_overdue,
    is_late,
    midterm_due,
    normalize_person_name,
    opens_withdrawal,
    term_end,
    withdrawal_article,
)

ALL_CLAUSES = {c.value for c in AgreementClause}
ALL_PARTIES = {p.value for p in Party}


def codes(findings):
    return [f.code for f in findings]


def failing_codes(findings):
    return [f.code for f in failures(findings)]


# --- month arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


# --- Art. 13(1) ------------------------------------------------------------------------------------


def test_art13_1_complete_agreement_passes_every_item():
    found = check_tripartite_agreement(ALL_CLAUSES, ALL_PARTIES, True)
    assert len(found) == 10
    assert all_ok(found)
    assert codes(found) == [
        "art13.1.rights.confirmed",
        "art13.1.obligations.confirmed",
        "art13.1.work_goals.confirmed",
        "art13.1.term.confirmed",
        "art13.1.ip_ownership.confirmed",
        "art13.1.breach_liability.confirmed",
        "art13.1.base_signature.present",
        "art13.1.station_signature.present",
        "art13.1.postdoc_signature.present",
        "art13.1.document.uploaded",
    ]


@pytest.mark.parametrize("clause", [c.value for c in AgreementClause])
def test_art13_1_each_unconfirmed_clause_is_one_failure(clause):
    found = check_tripartite_agreement(ALL_CLAUSES - {clause}, ALL_PARTIES, True)
    assert failing_codes(found) == [f"art13.1.{clause}.missing"]


@pytest.mark.parametrize("party", [p.value for p in Party])
def test_art13_1_each_missing_signature_is_one_failure(party):
    found = check_tripartite_agreement(ALL_CLAUSES, ALL_PARTIES - {party}, True)
    assert failing_codes(found) == [f"art13.1.{party}_signature.missing"]


def test_art13_1_missing_document_is_a_failure():
    found = check_tripartite_agreement(ALL_CLAUSES, ALL_PARTIES, False)
    assert failing_codes(found) == ["art13.1.document.missing"]


def test_art13_1_empty_agreement_lists_every_missing_item_and_ignores_unknown_values():
    found = check_tripartite_agreement({"salary"}, {"region"}, False)
    assert len(failing_codes(found)) == 10


def test_art13_1_message_names_the_clause(msgids):
    found = check_tripartite_agreement(ALL_CLAUSES - {"ip_ownership"}, ALL_PARTIES, True)
    assert str(failures(found)[0].message) == "不符合第十三条第（一）项：三方协议尚未确认已明确产权成果归属。"


# --- Art. 13(2) ------------------------------------------------------------------------------------


def test_art13_2_filing_is_due_three_calendar_months_after_entry():
    assert entry_filing_due(date(2026, 3, 10)) == date(2026, 6, 10)
    assert entry_filing_due(date(2026, 1, 31)) == date(2026, 4, 30)


@pytest.mark.parametrize(
    ("filed_on", "code", "late"),
    [
        (date(2026, 6, 9), "art13.2.on_time", False),
        (date(2026, 6, 10), "art13.2.on_time", False),
        (date(2026, 6, 11), "art13.2.late", True),
    ],
)
def test_art13_2_filing_on_the_due_date_is_on_time_and_the_day_after_is_late(filed_on, code, late):
    finding = check_entry_filing(date(2026, 3, 10), filed_on)
    assert finding.ok is True
    assert finding.code == code
    assert is_late(date(2026, 3, 10), filed_on) is late


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2026, 4, 29), False), (date(2026, 4, 30), False), (date(2026, 5, 1), True)],
)
def test_art13_2_unfiled_entry_is_overdue_from_the_day_after_the_due_date(today, overdue):
    assert entry_filing_overdue(date(2026, 1, 31), today) is overdue


def test_art13_2_late_message_counts_the_days_late(msgids):
    finding = check_entry_filing(date(2026, 3, 10), date(2026, 6, 15))
    assert str(finding.message) == (
        "逾期备案（第十三条第（二）项）：2026年3月10日进基地，应于2026年6月10日前报自治区人力资源和社会保障厅备案，"
        "实际于2026年6月15日报送，逾期5天。"
    )


def test_art13_2_filing_before_entry_is_an_error():
    with pytest.raises(ValueError):
        check_entry_filing(date(2026, 3, 10), date(2026, 3, 9))


# --- Art. 14 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nature", "expected", "label"),
    [
        ("enterprise", ContractType.LABOUR_CONTRACT, "劳动合同"),
        ("institution", ContractType.EMPLOYMENT_CONTRACT, "聘用合同"),
        ("other", ContractType.WORK_AGREEMENT, "工作协议"),
    ],
)
def test_art14_contract_type_follows_the_unit_nature(nature, expected, label, msgids):
    assert contract_type(nature) == expected
    assert str(contract_type(nature).label) == label


def test_art14_unknown_unit_nature_is_an_error():
    with pytest.raises(ValueError):
        contract_type("foundation")


@pytest.mark.parametrize(
    ("months", "project", "total", "failing"),
    [
        (24, False, None, []),
        (23, False, None, ["art14.term_below_two_years"]),
        (36, False, None, []),
        (48, False, None, []),
        (49, False, None, ["art14.over_four_years_without_project"]),
        (49, True, None, []),
        (72, True, None, []),
        (73, True, None, ["art14.over_six_years"]),
        (24, False, 48, []),
        (24, False, 60, ["art14.over_four_years_without_project"]),
        (24, True, 60, []),
        (24, True, 72, []),
        (24, True, 73, ["art14.over_six_years"]),
        (48, False, 80, ["art14.over_four_years_without_project", "art14.over_six_years"]),
    ],
)
def test_art14_term_rules(months, project, total, failing):
    found = check_term(months, project, total)
    assert len(found) == 3
    assert failing_codes(found) == failing


def test_art14_over_four_years_with_project_is_recorded_as_such():
    assert codes(check_term(24, True, 60)) == [
        "art14.term_ok",
        "art14.over_four_years_with_project",
        "art14.within_six_years",
    ]


def test_art14_total_shorter_than_the_term_is_an_error():
    with pytest.raises(ValueError):
        check_term(36, False, 24)


@pytest.mark.parametrize(
    ("entry", "months", "end"),
    [
        (date(2026, 3, 1), 24, date(2028, 2, 29)),
        (date(2026, 9, 15), 24, date(2028, 9, 14)),
        (date(2026, 1, 31), 24, date(2028, 1, 30)),
        (date(2026, 9, 15), 72, date(2032, 9, 14)),
    ],
)
def test_art14_term_ends_the_day_before_the_same_date_months_later(entry, months, end):
    assert term_end(entry, months) == end


# --- Art. 15 ---------------------------------------------------------------------------------------

UNIVERSITY = "内蒙古大学"
BASE_UNIT = "包头稀土研究院"


def supervisor(side, employer):
    return SupervisorFacts(side=side, employer=employer, station_university=UNIVERSITY, base_unit=BASE_UNIT)


@pytest.mark.parametrize(
    ("supervisors", "failing"),
    [
        ([supervisor("station", UNIVERSITY), supervisor("base", BASE_UNIT)], []),
        ([supervisor("station", " 内蒙古大学 "), supervisor("base", BASE_UNIT)], []),
        ([supervisor("base", BASE_UNIT)], ["art15.station_supervisor.missing"]),
        ([supervisor("station", UNIVERSITY)], ["art15.base_supervisor.missing"]),
        ([], ["art15.station_supervisor.missing", "art15.base_supervisor.missing"]),
        (
            [supervisor("station", "内蒙古工业大学"), supervisor("base", BASE_UNIT)],
            ["art15.station_supervisor.wrong_employer"],
        ),
        (
            [supervisor("station", UNIVERSITY), supervisor("base", UNIVERSITY)],
            ["art15.base_supervisor.wrong_employer"],
        ),
        (
            [supervisor("station", UNIVERSITY), supervisor("station", UNIVERSITY)],
            ["art15.base_supervisor.missing"],
        ),
    ],
)
def test_art15_dual_supervisors(supervisors, failing):
    found = check_dual_supervisors(supervisors)
    assert len(found) == 2
    assert failing_codes(found) == failing


def test_art15_wrong_employer_message_names_the_required_unit(msgids):
    found = check_dual_supervisors([supervisor("station", "内蒙古工业大学"), supervisor("base", BASE_UNIT)])
    assert (
        str(found[0].message)
        == "不符合第十五条：流动站合作导师须为合作招收流动站所在高校（内蒙古大学）的人员。"
    )


# --- Art. 9(5) and Art. 20 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pay", "same_level", "insured", "expected"),
    [
        (150000, 140000, True, ["art9.5.pay_ok", "art20.pay_ok", "art20.social_insurance_ok"]),
        (120000, 120000, True, ["art9.5.pay_ok", "art20.pay_ok", "art20.social_insurance_ok"]),
        (119999, 100000, True, ["art9.5.pay_below_c_tier", "art20.pay_ok", "art20.social_insurance_ok"]),
        (130000, 130001, True, ["art9.5.pay_ok", "art20.pay_below_same_level", "art20.social_insurance_ok"]),
        (130000, None, True, ["art9.5.pay_ok", "art20.same_level_not_recorded", "art20.social_insurance_ok"]),
        (130000, 120000, False, ["art9.5.pay_ok", "art20.pay_ok", "art20.no_social_insurance"]),
    ],
)
def test_pay_rules_of_art9_5_and_art20(pay, same_level, insured, expected):
    found = check_pay(pay, 120000, same_level, insured)
    assert codes(found) == expected
    assert [f.ok for f in found] == [
        not code.split(".")[-1].startswith(("pay_below", "no_")) for code in expected
    ]


def test_pay_warning_shows_amounts_in_yuan(msgids):
    found = check_pay(100000, 120000, None, True)
    assert str(found[0].message) == (
        "不符合第九条第（五）项：年薪100,000元低于国家资助博士后研究人员计划C档标准120,000元。"
    )


# --- Art. 16 and Art. 23(8) ------------------------------------------------------------------------

PLANNED = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("abroad", "returned_on", "today", "days", "code"),
    [
        (True, None, date(2026, 2, 20), 0, "art23.8.within_limit"),
        (True, None, date(2026, 3, 1), 0, "art23.8.within_limit"),
        (True, None, date(2026, 3, 31), 30, "art23.8.within_limit"),
        (True, None, date(2026, 4, 1), 31, "art23.8.abroad_overdue"),
        (True, date(2026, 3, 20), date(2026, 6, 1), 19, "art23.8.within_limit"),
        (True, date(2026, 4, 5), date(2026, 6, 1), 35, "art23.8.abroad_overdue"),
        (False, None, date(2026, 6, 1), 0, "art23.8.domestic"),
    ],
)
def test_art23_8_abroad_dispatch_opens_a_case_from_the_31st_day_overdue(
    abroad, returned_on, today, days, code
):
    assert dispatch_overdue_days(abroad, PLANNED, returned_on, today) == days
    finding = check_dispatch_overdue(abroad, PLANNED, returned_on, today)
    assert finding.code == code
    assert finding.ok is (code != "art23.8.abroad_overdue")
    assert finding.article == "第二十三条第（八）项"


# --- Art. 17 ---------------------------------------------------------------------------------------


def test_art17_default_indicators_are_the_articles_list_with_equal_weights(msgids):
    assert [str(i.label) for i in DEFAULT_ASSESSMENT_INDICATORS] == [
        "专利",
        "发明",
        "技术创新",
        "完成重大基础研究",
        "破解关键核心技术",
        "科技成果转化",
        "承担重大项目",
        "增加企业经济效益",
        "促进产业转型升级",
        "服务地方经济社会发展",
    ]
    assert {i.weight for i in DEFAULT_ASSESSMENT_INDICATORS} == {10}
    assert sum(i.weight for i in DEFAULT_ASSESSMENT_INDICATORS) == 100
    assert len({i.key for i in DEFAULT_ASSESSMENT_INDICATORS}) == 10


def test_art17_midterm_defaults_to_twelve_months_after_entry():
    assert MIDTERM_DEFAULT_MONTHS == 12
    assert midterm_due(date(2026, 3, 10)) == date(2027, 3, 10)
    assert midterm_due(date(2026, 3, 10), 18) == date(2027, 9, 10)


@pytest.mark.parametrize(
    ("grade", "opens"),
    [(AssessmentGrade.EXCELLENT, False), (AssessmentGrade.PASS, False), (AssessmentGrade.FAIL, True)],
)
def test_art23_3_only_a_failed_assessment_opens_withdrawal(grade, opens):
    assert opens_withdrawal(grade) is opens
    assert opens_withdrawal(grade.value) is opens


# --- Art. 23 ---------------------------------------------------------------------------------------


def test_art23_has_ten_reasons_numbered_as_the_items(msgids):
    assert [r.value for r in WithdrawalReason] == list(range(1, 11))
    assert str(WithdrawalReason.ABROAD_OVERDUE.label) == "出国逾期不归超过30天"
    assert withdrawal_article(WithdrawalReason.NO_DEGREE_CERTIFICATE) == "第二十三条第（一）项"
    assert withdrawal_article(10) == "第二十三条第（十）项"
    with pytest.raises(ValueError):
        withdrawal_article(11)


ENTRY = date(2026, 1, 15)
TERM_END = term_end(ENTRY, 24)  # 2028-01-14


def detect(**changes):
    args = {
        "entry_date": ENTRY,
        "degree_certificate_on": date(2025, 7, 1),
        "term_end": TERM_END,
        "exited": False,
        "today": date(2027, 1, 15),
        "abroad_overdue_days": 0,
        "total_months": 24,
    }
    args.update(changes)
    return detect_withdrawal_reasons(**args)


def test_art23_nothing_detected_for_a_postdoc_in_good_standing():
    assert codes(detect()) == [
        "art23.1.certificate_obtained",
        "art23.8.within_limit",
        "art23.9.term_current",
        "art23.9.within_six_years",
    ]


@pytest.mark.parametrize(
    ("certificate_on", "today", "code"),
    [
        (None, date(2026, 7, 14), "art23.1.within_window"),
        (None, date(2026, 7, 15), "art23.1.within_window"),
        (None, date(2026, 7, 16), "art23.1.no_degree_certificate"),
        (date(2026, 7, 15), date(2026, 9, 1), "art23.1.certificate_obtained"),
        (date(2026, 7, 16), date(2026, 9, 1), "art23.1.no_degree_certificate"),
    ],
)
def test_art23_1_degree_certificate_is_due_six_months_after_entry(certificate_on, today, code):
    assert degree_certificate_due(ENTRY) == date(2026, 7, 15)
    found = detect(degree_certificate_on=certificate_on, today=today)
    assert found[0].code == code
    assert found[0].ok is (code != "art23.1.no_degree_certificate")


@pytest.mark.parametrize(("days", "ok"), [(30, True), (31, False)])
def test_art23_8_detected_above_thirty_days(days, ok):
    found = detect(abroad_overdue_days=days)
    assert found[1].code == ("art23.8.within_limit" if ok else "art23.8.abroad_overdue")
    assert found[1].ok is ok


@pytest.mark.parametrize(
    ("today", "exited", "code"),
    [
        (date(2028, 1, 13), False, "art23.9.term_current"),
        (date(2028, 1, 14), False, "art23.9.term_current"),
        (date(2028, 1, 15), False, "art23.9.term_expired"),
        (date(2028, 3, 1), True, "art23.9.exited"),
    ],
)
def test_art23_9_term_expired_without_exit(today, exited, code):
    assert detect(today=today, exited=exited)[2].code == code


@pytest.mark.parametrize(
    ("today", "total_months", "exited", "code"),
    [
        (date(2027, 1, 15), 72, False, "art23.9.within_six_years"),
        (date(2027, 1, 15), 73, False, "art23.9.over_six_years"),
        (date(2032, 1, 14), 72, False, "art23.9.within_six_years"),
        (date(2032, 1, 15), 72, False, "art23.9.over_six_years"),
        (date(2032, 6, 1), 60, True, "art23.9.within_six_years"),
    ],
)
def test_art23_9_more_than_six_years_in_the_base(today, total_months, exited, code):
    found = detect(today=today, total_months=total_months, exited=exited, term_end=term_end(ENTRY, 72))
    assert found[3].code == code


def test_art23_withdrawn_postdoc_is_not_entitled_to_exit_policies():
    assert entitled_to_exit_policies(exited_normally=True, withdrawn=False) is True
    assert entitled_to_exit_policies(exited_normally=False, withdrawn=True) is False
    assert entitled_to_exit_policies(exited_normally=False, withdrawn=False) is False


# --- Art. 22 ---------------------------------------------------------------------------------------

ROUTE = {
    "exited_normally": True,
    "withdrawn": False,
    "stays_in_region": True,
    "national_funded": False,
    "cpsf_grant": False,
    "led_provincial_project": False,
}


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({"national_funded": True}, []),
        ({"cpsf_grant": True}, []),
        ({"led_provincial_project": True}, []),
        ({}, ["art22.no_achievement"]),
        ({"national_funded": True, "exited_normally": False}, ["art22.not_exited"]),
        (
            {"national_funded": True, "exited_normally": False, "withdrawn": True},
            ["art22.not_exited", "art22.withdrawn"],
        ),
        ({"cpsf_grant": True, "stays_in_region": False}, ["art22.left_region"]),
    ],
)
def test_art22_title_route(changes, failing):
    found = check_title_route(**{**ROUTE, **changes})
    assert len(found) == 4
    assert failing_codes(found) == failing


def test_art22_eligible_message_names_every_condition_met(msgids):
    found = check_title_route(**{**ROUTE, "national_funded": True, "led_provincial_project": True})
    assert str(found[3].message) == (
        "符合第二十二条：在站期间获选国家资助博士后研究人员计划、主持省部级以上项目，经用人单位推荐可直接申报副高级职称。"
    )


# --- names -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("张伟", "张伟"),
        ("巴特尔·朝鲁", "巴特尔·朝鲁"),
        ("巴特尔・朝鲁", "巴特尔·朝鲁"),
        ("巴特尔•朝鲁", "巴特尔·朝鲁"),
        ("巴特尔．朝鲁", "巴特尔·朝鲁"),
        (" 巴特尔 · 朝鲁 ", "巴特尔·朝鲁"),
        ("孛儿只斤·那仁格日勒图雅", "孛儿只斤·那仁格日勒图雅"),
        ("乌力吉巴雅尔额尔敦毕力格", "乌力吉巴雅尔额尔敦毕力格"),
        ("ᠪᠠᠲᠦ", "ᠪᠠᠲᠦ"),
        ("Anna  Müller-Schmidt", "Anna Müller-Schmidt"),
        ("李" * 50, "李" * 50),
    ],
)
def test_names_accepted_after_normalisation(raw, normalized):
    finding = check_person_name(raw)
    assert finding.code == "name.ok"
    assert finding.ok is True
    assert normalize_person_name(raw) == normalized


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "name.empty"),
        ("   ", "name.empty"),
        (None, "name.empty"),
        ("李" * 51, "name.too_long"),
        ("张伟2", "name.digits"),
        ("张伟２", "name.digits"),
        ("张伟@", "name.invalid_chars"),
        ("·巴特尔", "name.misplaced_dot"),
        ("巴特尔·", "name.misplaced_dot"),
        ("巴特尔··朝鲁", "name.misplaced_dot"),
        ("-", "name.no_letters"),
    ],
)
def test_names_refused(raw, code):
    finding = check_person_name(raw)
    assert finding.code == code
    assert finding.ok is False


# --- messages --------------------------------------------------------------------------------------


def test_every_article_finding_message_names_its_article(msgids):
    found = [
        *check_tripartite_agreement(set(), set(), False),
        *check_tripartite_agreement(ALL_CLAUSES, ALL_PARTIES, True),
        check_entry_filing(ENTRY, ENTRY),
        check_entry_filing(ENTRY, date(2027, 1, 1)),
        *check_term(23, False, 80),
        *check_term(24, True, 60),
        *check_term(24, False),
        *check_dual_supervisors([]),
        *check_dual_supervisors([supervisor("station", UNIVERSITY), supervisor("base", BASE_UNIT)]),
        *check_pay(1, 2, 3, False),
        *check_pay(3, 2, 1, True),
        *check_pay(3, 2, None, True),
        check_dispatch_overdue(True, PLANNED, None, date(2026, 6, 1)),
        check_dispatch_overdue(True, PLANNED, None, PLANNED),
        check_dispatch_overdue(False, PLANNED, None, PLANNED),
        *detect(),
        *detect(degree_certificate_on=None, today=date(2026, 2, 1)),
        *detect(degree_certificate_on=None, today=date(2033, 1, 1), abroad_overdue_days=40, exited=False),
        *detect(exited=True),
        *check_title_route(**ROUTE),
        *check_title_route(
            **{**ROUTE, "withdrawn": True, "stays_in_region": False, "exited_normally": False}
        ),
        *check_title_route(**{**ROUTE, "cpsf_grant": True}),
    ]
    for finding in found:
        assert finding.article in str(finding.message), finding.code


SCHEDULE = [(date(2024, 1, 1), 240000, 2), (date(2026, 7, 1), 150000, 1)]


@pytest.mark.parametrize("year, floor", [
    (2024, 120000),  # the row in force on 1 January: 240,000 over 2 years
    (2026, 120000),  # a row effective mid-year does not apply to that year's pay
    (2027, 150000),  # in force on 1 January 2027
    (2020, 120000),  # before the first row: the earliest standard known
])  # fmt: skip
def test_art9_5_pay_year_floor(year, floor):
    from postdoc_base.policy.tenure import pay_year_floor

    assert pay_year_floor(year, SCHEDULE) == floor


@pytest.mark.parametrize("in_progress, code, ok", [(False, "art23.9.term_expired", False),
                                                   (True, "art23.9.exit_in_progress", True)])  # fmt: skip
def test_art23_9_expired_term_with_an_exit_or_extension_being_handled_is_not_without_proper_reason(
    in_progress, code, ok
):
    """ "无正当理由不办理出基地手续": an exit applied for or an extension pending is being handled."""
    found = {f.code: f.ok for f in detect(today=TERM_END + timedelta(days=1), exit_in_progress=in_progress)}
    assert found[code] is ok


@pytest.mark.parametrize("number, verification, expected", [
    ("1012632025000123", "", date(2025, 6, 30)),  # certificate number recorded
    ("", "教育部留学服务中心认证", date(2025, 6, 30)),  # foreign degree verified
    ("", "", None),  # a degree date alone is not a certificate
    ("  ", " ", None),
])  # fmt: skip
def test_art23_1_degree_certificate_obtained_on(number, verification, expected):
    from postdoc_base.policy.tenure import degree_certificate_obtained_on

    assert degree_certificate_obtained_on(date(2025, 6, 30), number, verification) == expected
