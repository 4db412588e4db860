"""The kernel workflows of cooperation agreements (Art. 8), research topics (Arts. 3, 12) and interests."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy.findings import Finding

from .enums import ART8, ART12, AgreementState, InterestState, TopicState
from .models import CooperationAgreement, ResearchTopic, TopicInterest
from .permissions import agreement_assignment, base_assignment

# --- agreements ----------------------------------------------------------------------------------------


def _after_base(a) -> str:
    return (
        AgreementState.ACTIVE
        if a.state == AgreementState.STATION_CONFIRMED
        else AgreementState.BASE_CONFIRMED
    )


def _after_station(a) -> str:
    return (
        AgreementState.ACTIVE
        if a.state == AgreementState.BASE_CONFIRMED
        else AgreementState.STATION_CONFIRMED
    )


def _agreement_recipients(a, transition, to_state):
    return [
        *users_with_role(Role.UNIT_ADMIN, a.base.unit_id),
        *users_with_role(Role.STATION_CONTACT, a.station_id),
    ]


AGREEMENT_TRANSITIONS = [
    # Creation row: the base drafts the agreement (services.agreement_create, Workflow.created).
    Transition("create", _("草拟合作协议"), (), AgreementState.DRAFT, (Role.UNIT_ADMIN,), ART8, batch_only=True),
    Transition(
        "base_confirm", _("基地确认协议"), (AgreementState.DRAFT, AgreementState.STATION_CONFIRMED), _after_base,
        (Role.UNIT_ADMIN,), ART8,
    ),
    Transition(
        "station_confirm", _("流动站确认协议"), (AgreementState.DRAFT, AgreementState.BASE_CONFIRMED),
        _after_station, (Role.STATION_CONTACT,), ART8,
    ),
    # Also taken by the rules when the base's filing is revoked (Art. 24; recruitment.ending).
    Transition(
        "end", _("终止协议"), (AgreementState.ACTIVE,), AgreementState.ENDED,
        (Role.UNIT_ADMIN, Role.STATION_CONTACT, SYSTEM_ROLE), ART8, comment_required=True, style="outline-danger",
    ),
]  # fmt: skip

agreement_workflow = Workflow(
    name="cooperation_agreement",
    model=CooperationAgreement,
    transitions=AGREEMENT_TRANSITIONS,
    assignment_for=agreement_assignment,
    state_labels=dict(AgreementState.choices),
    recipients=_agreement_recipients,
    url=lambda a: a.get_absolute_url(),
    bureau_path="base__unit__bureau_id",
)


# --- topics --------------------------------------------------------------------------------------------


def station_finding(base_id: int, station_id: int | None):
    """A partner station must have an active cooperation agreement with the base (Art. 8)."""
    if station_id is None:
        return None
    active = CooperationAgreement.objects.filter(
        base_id=base_id, station_id=station_id, state=AgreementState.ACTIVE
    ).exists()
    if active:
        return None
    return Finding(
        False, "art8.no_active_agreement", ART8, _("该流动站与本基地没有生效的合作协议，不能作为合作流动站。")
    )


def _topic_complete(topic, ctx):
    if not topic.title.strip():
        yield Finding(False, "topic.no_title", ART12, _("请填写课题名称。"))
    if not topic.description.strip():
        yield Finding(False, "topic.no_description", ART12, _("请填写课题简介。"))
    if not topic.annual_pay_yuan:
        yield Finding(False, "topic.no_pay", ART12, _("请填写年薪。"))


def _topic_station(topic, ctx):
    finding = station_finding(topic.base_id, topic.station_id)
    if finding:
        yield finding


def _published(topic, ctx) -> None:
    topic.published_at = timezone.now()


TOPIC_TRANSITIONS = [
    # Creation row: the base drafts a topic (services.topic_create, Workflow.created).
    Transition("create", _("草拟课题"), (), TopicState.DRAFT, (Role.UNIT_ADMIN,), ART12, batch_only=True),
    Transition(
        "publish", _("发布课题"), (TopicState.DRAFT,), TopicState.PUBLISHED, (Role.UNIT_ADMIN,), ART12,
        guards=(_topic_complete, _topic_station), effect=_published,
    ),
    # Also taken by the rules when the base leaves the register (Art. 24; recruitment.ending).
    Transition(
        "close", _("关闭课题"), (TopicState.PUBLISHED,), TopicState.CLOSED, (Role.UNIT_ADMIN, SYSTEM_ROLE), ART12,
        style="outline-secondary",
    ),
]  # fmt: skip

topic_workflow = Workflow(
    name="research_topic",
    model=ResearchTopic,
    transitions=TOPIC_TRANSITIONS,
    assignment_for=base_assignment,
    state_labels=dict(TopicState.choices),
    url=lambda t: t.get_absolute_url(),
    bureau_path="base__unit__bureau_id",
)


# --- interests -----------------------------------------------------------------------------------------
INTEREST_TRANSITIONS = [
    Transition(
        "contact", _("已联系"), (InterestState.NEW,), InterestState.CONTACTED, (Role.UNIT_ADMIN,), ART12,
    ),
    Transition(
        "decline", _("不予采纳"), (InterestState.NEW, InterestState.CONTACTED), InterestState.DECLINED,
        (Role.UNIT_ADMIN,), ART12, style="outline-secondary",
    ),
]  # fmt: skip

INTEREST_OBLIGATIONS = [
    ObligationSpec(
        "topic_interest_reply", _("回复课题意向"), frozenset({InterestState.NEW}), Role.UNIT_ADMIN,
        lambda i: i.topic.base.unit_id, lambda i: None, ART12,
    ),
]  # fmt: skip

interest_workflow = Workflow(
    name="topic_interest",
    model=TopicInterest,
    transitions=INTEREST_TRANSITIONS,
    assignment_for=base_assignment,
    state_labels=dict(InterestState.choices),
    obligations=INTEREST_OBLIGATIONS,
    url=lambda i: i.get_absolute_url(),
    bureau_path="topic__base__unit__bureau_id",
)
