"""Chapter 3 of the measures (基地的设立, Arts. 9-11) with Art. 2 (who may apply) and Art. 24 (reapplication),
one module per article group; this package exports their names for callers that read the chapter as a whole.

Inputs are plain frozen dataclasses (``facts``) filled in by the caller from the application form or the
database; every check returns findings for passing conditions too, so the UI can show each condition with its
reason. Numbers the measures leave open (minimum supervisors, salary floor in force) come in through
``EstablishmentParams``.
"""

# Citations and shared helpers read with the chapter (their homes: articles, common, salary).
from ..articles import (
    ART2,
    ART9,
    ART10,
    ART11,
    ART11_1,
    ART11_2,
    ART11_3,
    ART24,
)
from ..salary import DEFAULT_SALARY_FLOOR_SCHEDULE, salary_floor_annual
from .applicants import (
    check_no_station,
    check_reapplication_ban,
    check_still_no_station,
    reapplication_allowed_from,
)
from .conditions import (
    check_art9,
)
from .eligibility import (
    eligibility,
)
from .facts import (
    REAPPLICATION_BAN_YEARS,
    Affiliation,
    ApplicationFacts,
    ClaimFacts,
    EligibilityReport,
    EstablishmentParams,
    PriorityCategory,
    ResearcherFacts,
    UnitFacts,
    UnitNature,
)
from .priority import (
    AWARD_WINDOW_YEARS,
    RANKING_WINDOW_YEARS,
    check_art10,
    has_priority,
)
from .procedure import (
    ART9_ITEM_KEYS,
    ReviewLevel,
    affiliations_through,
    check_batch_submission,
    check_preliminary_review,
    check_recommendable,
    check_recommendation_ranking,
    check_round_dates,
    check_route_prerequisites,
    filing_number,
    next_level,
    review_route,
)

__all__ = [
    "ART2",
    "ART9",
    "ART10",
    "ART11",
    "ART11_1",
    "ART11_2",
    "ART11_3",
    "ART24",
    "DEFAULT_SALARY_FLOOR_SCHEDULE",
    "salary_floor_annual",
    "REAPPLICATION_BAN_YEARS",
    "Affiliation",
    "UnitNature",
    "PriorityCategory",
    "UnitFacts",
    "ResearcherFacts",
    "ClaimFacts",
    "ApplicationFacts",
    "EstablishmentParams",
    "EligibilityReport",
    "check_no_station",
    "check_still_no_station",
    "reapplication_allowed_from",
    "check_reapplication_ban",
    "check_art9",
    "AWARD_WINDOW_YEARS",
    "RANKING_WINDOW_YEARS",
    "check_art10",
    "has_priority",
    "eligibility",
    "ReviewLevel",
    "review_route",
    "affiliations_through",
    "next_level",
    "ART9_ITEM_KEYS",
    "check_preliminary_review",
    "check_recommendation_ranking",
    "check_recommendable",
    "check_batch_submission",
    "check_route_prerequisites",
    "check_round_dates",
    "filing_number",
]
