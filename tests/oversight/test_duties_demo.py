"""The demo's Art. 7 records (postdoc_base/demo/oversight_duties.py): one base with every duty met, another
with duties missing, made through the services."""

import pytest
from django.test import override_settings

from postdoc_base.demo import establishment as demo
from postdoc_base.demo import oversight_duties
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.duties.models import ManagementOffice
from postdoc_base.oversight.duties.selectors import duty_completeness
from postdoc_base.oversight.models import PracticeBase

pytestmark = pytest.mark.django_db


def test_demo_has_a_complete_and_an_incomplete_base():
    with override_settings(DEBUG=True):
        demo.load()
        oversight_duties.load()
        oversight_duties.load()  # a second run adds nothing
    kept = PracticeBase.objects.filter(duty_office__isnull=False).order_by("pk")
    assert kept.count() == 2 == ManagementOffice.objects.count()
    complete, begun = (duty_completeness(b) for b in kept)
    assert all(f.ok for f in complete)
    assert [f.code for f in begun if not f.ok] == ["art7.rules.missing", "art7.committee.no_chair"]
    assert AuditEvent.objects.filter(subject_type="oversight.committeemember", action="create").count() == 7
