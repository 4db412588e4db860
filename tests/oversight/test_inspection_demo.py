"""The demo's self-inspections (postdoc_base/demo/oversight_inspections.py): one closed with its issues
rectified, one open with an issue still open, made through the services."""

import pytest
from django.test import override_settings

from postdoc_base.demo import establishment as demo
from postdoc_base.demo import oversight_inspections
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.inspections.enums import InspectionState
from postdoc_base.oversight.inspections.models import SelfInspection

pytestmark = pytest.mark.django_db


def test_demo_has_a_closed_and_an_open_self_inspection():
    with override_settings(DEBUG=True):
        demo.load()
        oversight_inspections.load()
        oversight_inspections.load()  # a second run adds nothing
    closed, opened = (
        SelfInspection.objects.get(state=s) for s in (InspectionState.CLOSED, InspectionState.OPEN)
    )
    assert (
        closed.conclusion,
        closed.issues.count(),
        closed.issues.filter(fixed_on__isnull=True).count(),
    ) == ("rectified", 2, 0)
    assert opened.issues.filter(fixed_on__isnull=True).count() == 1
    assert AuditEvent.objects.filter(subject_type="oversight.selfinspection", action="issue_fix").count() == 2
