"""Art. 24: a unit whose base's filing was revoked cannot apply again for 3 years from the revocation: a new
application is refused with the article's reason the day before the third anniversary and allowed on it."""

from datetime import date

import pytest
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment import services
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.kernel.workflow import TransitionRefused
from tests.factories import RoundFactory, UnitFactory, bureau, user_with_role

pytestmark = pytest.mark.django_db

REVOKED = date(2026, 2, 1)


@pytest.fixture
def unit_and_admin():
    unit = UnitFactory(name="乌海焦化新材料科技有限公司", bureau=bureau("乌海市"), base_revoked_on=REVOKED)
    return unit, user_with_role(Role.UNIT_ADMIN, unit)


def on(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def test_refused_the_day_before_the_third_anniversary(unit_and_admin, monkeypatch):
    unit, admin = unit_and_admin
    on(monkeypatch, date(2029, 1, 31))
    with pytest.raises(TransitionRefused) as refused:
        services.application_create(actor=admin, round_=RoundFactory(state="open"), unit=unit)
    [finding] = refused.value.findings
    assert (finding.code, finding.article) == ("art24.reapplication_banned", "第二十四条")
    assert "2026年2月1日" in str(finding.message)
    assert BaseApplication.objects.count() == 0


def test_allowed_on_the_third_anniversary(unit_and_admin, monkeypatch):
    unit, admin = unit_and_admin
    on(monkeypatch, date(2029, 2, 1))
    app = services.application_create(actor=admin, round_=RoundFactory(state="open"), unit=unit)
    assert app.unit_id == unit.pk


def test_the_page_shows_the_reason_and_makes_no_draft(unit_and_admin, client):
    unit, admin = unit_and_admin
    open_round = RoundFactory(state="open")
    client.force_login(admin)
    response = client.post(reverse("establishment:application_create"), {"round": open_round.pk, "unit": unit.pk},
                           follow=True)  # fmt: skip
    assert "第二十四条" in response.content.decode() and BaseApplication.objects.count() == 0
