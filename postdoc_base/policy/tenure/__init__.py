"""Chapter 4 of the measures (博士后研究人员的招收和培养, Arts. 13-18) with Art. 9(5) and Arts. 20, 22, 23, one
module per article group; this package exports their names for callers that read the chapter as a whole.

A postdoc's stay in a base, from the tripartite agreement to exit or withdrawal, as pure checks. Inputs are plain
values or frozen dataclasses filled in by the caller; every check returns findings for passing conditions too,
so a page can show each condition with its reason. Numbers the measures fix are constants in the module of
their article, each with its source; numbers they leave open are marked "not fixed by the measures".
"""

# Citations and shared helpers read with the chapter (their homes: articles, common, salary).
from ..articles import (
    ART9_5,
    ART13,
    ART13_1,
    ART13_2,
    ART14,
    ART15,
    ART16,
    ART17,
    ART18,
    ART20,
    ART22,
    ART23,
)
from ..common import add_months
from ..salary import pay_year_floor
from .assessments import (
    ASSESSMENT_PANEL_MIN_MEMBERS,
    DEFAULT_ASSESSMENT_INDICATORS,
    MIDTERM_DEFAULT_MONTHS,
    AssessmentGrade,
    AssessmentIndicator,
    AssessmentKind,
    AssessmentPanelMember,
    assessment_article,
    check_assessment_panel,
    check_indicator_weights,
    midterm_due,
    opens_withdrawal,
)
from .dispatches import (
    DispatchDestination,
    DispatchPurpose,
    check_dispatch_overdue,
)
from .entry import (
    ENTRY_FILING_MONTHS,
    AgreementClause,
    Party,
    check_entry_filing,
    check_one_live_appointment,
    check_tripartite_agreement,
    entry_filing_due,
    entry_filing_overdue,
    is_late,
)
from .names import (
    MIDDLE_DOT,
    MIDDLE_DOT_VARIANTS,
    PERSON_NAME_MAX_LENGTH,
    check_person_name,
    normalize_person_name,
)
from .pay import (
    check_pay,
)
from .supervisors import (
    SupervisorFacts,
    SupervisorSide,
    check_dual_supervisors,
    same_unit,
)
from .term import (
    DEFAULT_TERM_MONTHS,
    MAX_STAY_MONTHS,
    MAX_TERM_MONTHS,
    MAX_TERM_WITH_MAJOR_PROJECT_MONTHS,
    MIN_TERM_MONTHS,
    ContractType,
    check_term,
    contract_type,
    term_end,
)
from .title_route import (
    check_title_route,
)
from .withdrawal import (
    ABROAD_OVERDUE_LIMIT_DAYS,
    DEGREE_CERTIFICATE_MONTHS,
    WITHDRAWAL_ITEM_NUMERALS,
    WITHDRAWN_ENTITLED_TO_EXIT_POLICIES,
    WithdrawalReason,
    degree_certificate_due,
    degree_certificate_obtained_on,
    detect_withdrawal_reasons,
    dispatch_overdue_days,
    entitled_to_exit_policies,
    is_abroad_overdue,
    withdrawal_article,
)

__all__ = [
    "ART9_5",
    "ART13",
    "ART13_1",
    "ART13_2",
    "ART14",
    "ART15",
    "ART16",
    "ART17",
    "ART18",
    "ART20",
    "ART22",
    "ART23",
    "add_months",
    "pay_year_floor",
    "ENTRY_FILING_MONTHS",
    "AgreementClause",
    "Party",
    "check_tripartite_agreement",
    "entry_filing_due",
    "is_late",
    "entry_filing_overdue",
    "check_entry_filing",
    "check_one_live_appointment",
    "DEFAULT_TERM_MONTHS",
    "MIN_TERM_MONTHS",
    "MAX_TERM_MONTHS",
    "MAX_TERM_WITH_MAJOR_PROJECT_MONTHS",
    "MAX_STAY_MONTHS",
    "ContractType",
    "contract_type",
    "term_end",
    "check_term",
    "SupervisorSide",
    "SupervisorFacts",
    "same_unit",
    "check_dual_supervisors",
    "check_pay",
    "DispatchDestination",
    "DispatchPurpose",
    "check_dispatch_overdue",
    "MIDTERM_DEFAULT_MONTHS",
    "AssessmentIndicator",
    "DEFAULT_ASSESSMENT_INDICATORS",
    "AssessmentKind",
    "AssessmentGrade",
    "midterm_due",
    "opens_withdrawal",
    "assessment_article",
    "check_indicator_weights",
    "ASSESSMENT_PANEL_MIN_MEMBERS",
    "AssessmentPanelMember",
    "check_assessment_panel",
    "ABROAD_OVERDUE_LIMIT_DAYS",
    "WITHDRAWAL_ITEM_NUMERALS",
    "DEGREE_CERTIFICATE_MONTHS",
    "WITHDRAWN_ENTITLED_TO_EXIT_POLICIES",
    "WithdrawalReason",
    "withdrawal_article",
    "degree_certificate_due",
    "degree_certificate_obtained_on",
    "dispatch_overdue_days",
    "is_abroad_overdue",
    "detect_withdrawal_reasons",
    "entitled_to_exit_policies",
    "check_title_route",
    "PERSON_NAME_MAX_LENGTH",
    "MIDDLE_DOT",
    "MIDDLE_DOT_VARIANTS",
    "normalize_person_name",
    "check_person_name",
]
