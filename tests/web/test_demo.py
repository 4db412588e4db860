"""`make run` demo data: every state built so far, across bureaus and routes, made through the services."""

from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from postdoc_base.demo import establishment as demo
from postdoc_base.establishment.models import BaseApplication, Objection
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.review.models import Assignment, Exclusion
from postdoc_base.tenure.recruitment.models import CooperationAgreement, ResearchTopic, TopicInterest
from tests.factories.shared import fresh_copy, once_per_module

pytestmark = pytest.mark.django_db


def _load_demo() -> bool:
    with override_settings(DEBUG=True):
        return demo.load()


# The demo is loaded once for the module (an outer transaction rolled back at its end): loading takes seconds.
shared_demo = once_per_module(_load_demo)


@pytest.fixture
def loaded(shared_demo, db, settings) -> bool:
    """What ``demo.load()`` answered on the empty database: True, it loaded."""
    settings.DEBUG = True
    return fresh_copy(shared_demo)


def test_demo_covers_every_application_state_and_route(loaded):
    assert loaded is True
    states = Counter(BaseApplication.objects.values_list("state", flat=True))
    assert set(states) == {
        "draft", "dept_review", "bureau_review", "recommended", "returned", "at_region", "rejected", "withdrawn",
        "expert_review", "passed", "in_notice", "filed",
    }  # fmt: skip
    assert set(BaseApplication.objects.exclude(affiliation="").values_list("affiliation", flat=True)) == {
        "local", "central", "region",
    }  # fmt: skip
    bureaus = set(BaseApplication.objects.values_list("unit__bureau__name", flat=True))
    assert {"呼和浩特市", "包头市", "满洲里市"} <= bureaus
    assert PracticeBase.objects.count() == 4
    assert Objection.objects.filter(state="pending").count() == 1
    assert Exclusion.objects.exists()
    assert Assignment.objects.filter(state="assigned").exists()
    assert list(CooperationAgreement.objects.values_list("state", flat=True)) == ["active"] * 3
    # The 鄂尔多斯 base became a workstation (Art. 24; demo/oversight.py): its topic closed with it.
    assert Counter(ResearchTopic.objects.values_list("state", flat=True)) == {"published": 2, "closed": 1}
    assert TopicInterest.objects.count() == 1
    assert verify_chain() == []


def test_demo_is_idempotent(loaded):
    assert loaded is True
    count = BaseApplication.objects.count()
    assert demo.load() is False
    assert BaseApplication.objects.count() == count


def test_load_demo_refuses_outside_development(settings):
    settings.DEBUG, settings.LOCAL = (
        False,
        False,
    )  # a production deployment (neither development nor the demo)
    with pytest.raises(CommandError, match="for development and the demo only"):
        call_command("load_demo")


def test_demo_postdocs_stand_in_every_state_with_the_overdue_and_failed_cases(loaded):
    """Issue 4: postdocs in every appointment state, an overdue entry filing, an overdue dispatch abroad with
    its Art. 23(8) case, a failed mid-term with its Art. 23(3) case, and an exit that opens the title route."""
    from django.utils import timezone

    from postdoc_base.kernel.models import Obligation
    from postdoc_base.tenure.assessments.models import Assessment
    from postdoc_base.tenure.dispatches.models import Dispatch
    from postdoc_base.tenure.exits.services import is_eligible, title_route
    from postdoc_base.tenure.outputs.models import Output
    from postdoc_base.tenure.stay.models import Appointment
    from postdoc_base.tenure.withdrawals.models import WithdrawalCase

    assert loaded is True
    today = timezone.localdate()
    states = Counter(Appointment.objects.values_list("state", flat=True))
    assert set(states) == {
        "drafted", "signed", "entered", "filing_submitted", "in_base", "exit_requested", "exit_assessed",
        "exited", "withdrawn",
    }  # fmt: skip
    overdue_filing = Obligation.objects.get(kind="entry_filing", status="open")
    assert overdue_filing.due_on < today
    dispatch = Dispatch.objects.get(state="approved", destination="abroad")
    assert (today - dispatch.planned_return).days > 30
    open_cases = dict(
        WithdrawalCase.objects.filter(state="proposed").values_list("reason", "proposed_by_role")
    )
    assert open_cases == {8: "system", 3: "system"}
    assert WithdrawalCase.objects.get(state="decided_withdrawn").reason == 7
    assert Assessment.objects.get(grade="fail").kind == "midterm"
    exited = Appointment.objects.get(state="exited")
    assert is_eligible(title_route(exited))
    assert Output.objects.filter(appointment=exited, kind="award", state="confirmed").exists()
    assert Output.objects.filter(state="submitted").exists()
    assert set(Appointment.objects.values_list("base__unit__bureau__name", flat=True)) == {
        "包头市",
        "鄂尔多斯市",
    }
    assert verify_chain() == []


def test_demo_shows_art24_in_every_state(loaded):
    from postdoc_base.oversight.revocations.models import RevocationCase
    from postdoc_base.oversight.upgrades.models import TreatmentChecklist

    cases = dict(RevocationCase.objects.values_list("base__unit__name", "state"))
    assert cases == {"乌兰察布马铃薯种业科技有限公司": "open", "乌海焦化新材料科技有限公司": "revoked"}
    states = dict(PracticeBase.objects.values_list("unit__name", "state"))
    assert (states["乌海焦化新材料科技有限公司"], states["鄂尔多斯羊绒科技股份有限公司"]) == (
        "revoked",
        "cancelled",
    )
    [checklist] = TreatmentChecklist.objects.all()
    assert (checklist.appointment.postdoc.name, checklist.state, checklist.progress) == (
        "乌云毕力格",
        "open",
        "2/5",
    )
    assert set(PracticeBase.objects.filter(filing_year=2024).values_list("filed_on", flat=True)) == {
        date(2024, 11, 20)
    }
