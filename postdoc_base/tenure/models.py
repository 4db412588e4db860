"""The module Django loads for the app: it defines nothing and re-exports every model of the feature
sub-packages, and ``PersonIdHashField``, which migration 0002 names as ``postdoc_base.tenure.models``."""

from .assessments.models import Assessment, AssessmentScheme
from .dispatches.models import Dispatch
from .outputs.models import Output, PayRecord
from .people.models import PersonIdHashField, Postdoc, Supervisor
from .recruitment.models import CooperationAgreement, ResearchTopic, TopicInterest
from .stay.models import Appointment, TermExtension
from .withdrawals.models import WithdrawalCase

__all__ = [
    "Appointment",
    "Assessment",
    "AssessmentScheme",
    "CooperationAgreement",
    "Dispatch",
    "Output",
    "PayRecord",
    "PersonIdHashField",
    "Postdoc",
    "ResearchTopic",
    "Supervisor",
    "TermExtension",
    "TopicInterest",
    "WithdrawalCase",
]
