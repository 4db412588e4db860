"""Set-up for cooperation agreements, research topics and interests (Arts. 3, 8, 12)."""

from __future__ import annotations

from datetime import date

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.tenure.recruitment.enums import AgreementState, TopicState
from postdoc_base.tenure.recruitment.models import CooperationAgreement, ResearchTopic

from . import ApplicationFactory, StationFactory, UnitFactory, bureau, user_with_role


def make_base(name: str = "草原乳业", bureau_name: str = "呼和浩特市", **kwargs) -> PracticeBase:
    unit = UnitFactory(name=f"{name}有限公司", bureau=bureau(bureau_name))
    app = ApplicationFactory(unit=unit, state="filed")
    serial = PracticeBase.objects.count() + 1
    fields = {"filed_on": date(2026, 12, 1), **kwargs}
    return PracticeBase.objects.create(
        unit=unit, application=app, name=f"{unit.name}博士后创新实践基地", filing_number=f"蒙博基备〔2026〕{serial:03d}号",
        filing_year=2026, filing_serial=serial, **fields,
    )  # fmt: skip


def base_admin(base: PracticeBase, **kwargs):
    return user_with_role(Role.UNIT_ADMIN, base.unit, **kwargs)


def station_contact(station, **kwargs):
    return user_with_role(Role.STATION_CONTACT, station, **kwargs)


def make_agreement(base=None, station=None, state: str = AgreementState.DRAFT) -> CooperationAgreement:
    return CooperationAgreement.objects.create(
        base=base or make_base(), station=station or StationFactory(), starts_on=date(2027, 1, 1),
        ends_on=date(2029, 12, 31), supervisors_offered=3, state=state,
    )  # fmt: skip


def make_topic(base=None, state: str = TopicState.DRAFT, **kwargs) -> ResearchTopic:
    fields = {"title": "乳酸菌发酵工艺优化", "fields": "食品科学", "description": "研究发酵工艺。",
              "annual_pay_yuan": 200000, **kwargs}  # fmt: skip
    return ResearchTopic.objects.create(base=base or make_base(), state=state, **fields)
