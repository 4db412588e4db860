"""The demo's Art. 19 funding and Arts. 6/19 support policies (postdoc_base/demo/oversight_funding.py): every
source over two years for the demo bases and one policy per bureau with bases, made through the services."""

import pytest
from django.test import override_settings

from postdoc_base.demo import establishment as demo
from postdoc_base.demo import oversight_funding
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.oversight.support.models import SupportPolicy

pytestmark = pytest.mark.django_db


def test_demo_funds_every_base_from_every_source_and_each_bureau_has_a_policy():
    with override_settings(DEBUG=True):
        demo.load()
        oversight_funding.load()
        count = FundingRecord.objects.count()
        oversight_funding.load()  # a second run adds nothing
    assert FundingRecord.objects.count() == count > 0
    bases = PracticeBase.objects.select_related("unit").all()
    for base in bases:
        records = FundingRecord.objects.filter(base=base)
        assert set(records.values_list("source", flat=True)) == {"unit", "league_city", "region"}, base
        assert records.values("year").distinct().count() == 2, base
    bureaus = {b.unit.bureau_id for b in bases}
    assert set(SupportPolicy.objects.values_list("bureau_id", flat=True)) == bureaus
    assert AuditEvent.objects.filter(subject_type="oversight.fundingrecord", action="create").count() == count
