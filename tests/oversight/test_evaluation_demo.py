"""The demo's evaluation campaign (postdoc_base/demo/oversight_evaluations.py): the 2024 round's bases covered,
their evaluations taken through the services to different states; a second run adds nothing."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from postdoc_base.demo import oversight_evaluations
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.evaluations.models import Evaluation, EvaluationCampaign
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.oversight.evaluation import is_covered

pytestmark = pytest.mark.django_db


def test_demo_opens_a_campaign_and_shows_evaluations_in_several_states():
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
        oversight_evaluations.load()
        count = Evaluation.objects.count()
        oversight_evaluations.load()
    assert EvaluationCampaign.objects.count() == 1 and Evaluation.objects.count() == count > 0
    campaign = EvaluationCampaign.objects.get()
    covered = {
        b.pk for b in PracticeBase.objects.filter(state=BaseState.ACTIVE)
        if is_covered(b.filed_on, campaign.reference_date, campaign.min_filed_years)
    }  # fmt: skip
    assert set(Evaluation.objects.values_list("base_id", flat=True)) == covered
    states = set(Evaluation.objects.values_list("state", flat=True))
    assert len(states) == min(len(covered), 10) >= 2, states
    assert {"rectification_submitted", "graded"} <= states
    assert AuditEvent.objects.filter(subject_type="oversight.evaluation", action="open").count() == count
