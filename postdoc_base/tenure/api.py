"""/api/v1/cooperation-agreements, /api/v1/topics and /api/v1/topics/{id}/interests."""

from datetime import date, datetime

from django.utils.translation import gettext
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.errors import ApiError
from postdoc_base.directory.models import MobileStation
from postdoc_base.kernel.ratelimit import client_ip

from . import services
from .selectors import (
    agreements_visible_to,
    appointments_visible_to,
    bases_managed_by,
    dispatches_visible_to,
    filter_appointments,
    filter_topics,
    interests_visible_to,
    postdocs_managed_by,
    postdocs_visible_to,
    public_topics,
    search_people,
    supervisors_managed_by,
    supervisors_visible_to,
    topics_visible_to,
    withdrawals_visible_to,
)
from .workflow import (
    agreement_workflow,
    appointment_workflow,
    dispatch_workflow,
    interest_workflow,
    topic_workflow,
    withdrawal_workflow,
)


class AgreementOut(Schema):
    id: int
    base_id: int
    station_id: int
    starts_on: date
    ends_on: date
    supervisors_offered: int
    notes: str
    has_document: bool
    state: str

    @staticmethod
    def resolve_has_document(obj) -> bool:
        return bool(obj.document)


class AgreementIn(Schema):
    base: int
    station: int
    starts_on: date
    ends_on: date
    supervisors_offered: int
    notes: str = ""


class TopicOut(Schema):
    id: int
    base_id: int
    base_name: str
    kind: str
    title: str
    fields: str
    description: str
    annual_pay_yuan: int | None
    term_months: int
    station_id: int | None
    state: str

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.base.name


class TopicIn(Schema):
    base: int
    kind: str = "research"
    title: str
    fields: str = ""
    description: str = ""
    annual_pay_yuan: int | None = None
    term_months: int = 24
    station: int | None = None


class InterestOut(Schema):
    id: int
    topic_id: int
    name: str
    contact: str
    message: str
    has_cv: bool
    state: str
    created_at: datetime

    @staticmethod
    def resolve_has_cv(obj) -> bool:
        return bool(obj.cv)


agreements = Router(tags=["cooperation-agreements"])


@agreements.get("", response=page_of(AgreementOut), summary="List cooperation agreements")
def agreement_list(request, page: int = 1, page_size: int = 25):
    return paginate(agreements_visible_to(request.user), page, page_size)


@agreements.get("/{int:pk}", response=AgreementOut, summary="Cooperation agreement detail")
def agreement_detail(request, pk: int):
    return get_visible(agreements_visible_to(request.user), pk)


@agreements.post("", response={201: AgreementOut}, summary="Draft a cooperation agreement (base)")
def agreement_create(request, payload: AgreementIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    station = get_visible(MobileStation.objects.all(), payload.station)
    agreement = services.agreement_create(
        actor=request.user, base=base, station=station, starts_on=payload.starts_on, ends_on=payload.ends_on,
        supervisors_offered=payload.supervisors_offered, notes=payload.notes,
    )  # fmt: skip
    return Status(201, agreement)


register_workflow_routes(agreements, "cooperation_agreements", agreement_workflow, agreements_visible_to)

topics = Router(tags=["topics"])


@topics.get("", response=page_of(TopicOut), auth=None, summary="List topics (published: public)")
def topic_list(
    request, q: str = "", kind: str = "", bureau: int | None = None, page: int = 1, page_size: int = 25
):
    qs = topics_visible_to(request.user) if request.user.is_authenticated else public_topics()
    return paginate(filter_topics(qs, q=q or None, kind=kind or None, bureau_id=bureau), page, page_size)


@topics.get("/{int:pk}", response=TopicOut, auth=None, summary="Topic detail")
def topic_detail(request, pk: int):
    return get_visible(topics_visible_to(request.user), pk)


@topics.post("", response={201: TopicOut}, summary="Create a topic (base)")
def topic_create(request, payload: TopicIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    data = payload.model_dump(exclude={"base", "station"})
    topic = services.topic_create(actor=request.user, base=base, station_id=payload.station, **data)
    return Status(201, topic)


@topics.get("/{int:pk}/interests", response=page_of(InterestOut), summary="Interests in a topic (base)")
def interest_list(request, pk: int, page: int = 1, page_size: int = 25):
    return paginate(interests_visible_to(request.user).filter(topic_id=pk), page, page_size)


class InterestCreatedOut(Schema):
    id: int
    message: str


@topics.post("/{int:pk}/interests", response={201: InterestCreatedOut}, auth=None,
             summary="Express interest in a topic (no account)")  # fmt: skip
def interest_create(
    request, pk: int, name: Form[str], contact: Form[str], message: Form[str] = "",
    cv: File[UploadedFile] = None,
):  # fmt: skip
    topic = get_visible(public_topics(), pk)
    try:
        interest = services.interest_create(
            topic=topic,
            name=name,
            contact=contact,
            message=message,
            uploaded=cv,
            client_ip=client_ip(request),
        )
    except services.InterestRateLimited as limited:
        raise ApiError(429, "rate_limited", limited.findings[0].message, limited.findings) from None
    return Status(201, {"id": interest.pk, "message": gettext("您的意向已提交，基地将与您联系。")})


register_workflow_routes(topics, "topics", topic_workflow, topics_visible_to)

interests = Router(tags=["topic-interests"])
register_workflow_routes(interests, "topic_interests", interest_workflow, interests_visible_to)


# --- people: the ID number is only ever returned masked ---------------------------------------------------
class PostdocOut(Schema):
    id: int
    base_id: int
    name: str
    gender: str
    birth_date: date
    id_type: str
    id_number_masked: str
    nationality: str
    phd_institution: str
    phd_discipline: str
    degree_date: date | None
    degree_certificate_number: str
    foreign_degree_verification: str
    study_mode: str
    created_at: datetime

    @staticmethod
    def resolve_id_number_masked(obj) -> str:
        return obj.masked_id


class PostdocIn(Schema):
    base: int
    name: str
    gender: str
    birth_date: date
    id_type: str = "resident_id"
    id_number: str
    nationality: str = "中国"
    phd_institution: str
    phd_discipline: str
    degree_date: date | None = None
    degree_certificate_number: str = ""
    foreign_degree_verification: str = ""
    study_mode: str = "full_time"


class PostdocPatch(Schema):
    name: str | None = None
    gender: str | None = None
    birth_date: date | None = None
    id_type: str | None = None
    id_number: str | None = None
    nationality: str | None = None
    phd_institution: str | None = None
    phd_discipline: str | None = None
    degree_date: date | None = None
    degree_certificate_number: str | None = None
    foreign_degree_verification: str | None = None
    study_mode: str | None = None


postdocs = Router(tags=["postdocs"])


@postdocs.get("", response=page_of(PostdocOut), summary="List postdocs (ID numbers masked)")
def postdoc_list(request, q: str = "", page: int = 1, page_size: int = 25):
    return paginate(search_people(postdocs_visible_to(request.user), q), page, page_size)


@postdocs.get("/{int:pk}", response=PostdocOut, summary="Postdoc detail (ID number masked)")
def postdoc_detail(request, pk: int):
    return get_visible(postdocs_visible_to(request.user), pk)


@postdocs.post("", response={201: PostdocOut}, summary="Record a postdoc (base)")
def postdoc_create(request, payload: PostdocIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    postdoc = services.postdoc_create(actor=request.user, base=base, **payload.model_dump(exclude={"base"}))
    return Status(201, postdoc)


@postdocs.patch("/{int:pk}", response=PostdocOut, summary="Update a postdoc (base)")
def postdoc_update(request, pk: int, payload: PostdocPatch):
    postdoc = get_visible(postdocs_managed_by(request.user), pk)
    fields = payload.model_dump(exclude_unset=True)
    return services.postdoc_update(actor=request.user, postdoc=postdoc, **fields)


class SupervisorOut(Schema):
    id: int
    base_id: int
    station_id: int | None
    name: str
    title: str
    employer: str
    side: str
    expert_id: int | None
    active: bool


class SupervisorIn(Schema):
    base: int
    name: str
    title: str
    employer: str
    side: str
    station: int | None = None
    expert: int | None = None


class SupervisorPatch(Schema):
    name: str | None = None
    title: str | None = None
    employer: str | None = None
    side: str | None = None
    station: int | None = None
    expert: int | None = None
    active: bool | None = None


supervisors = Router(tags=["supervisors"])


@supervisors.get("", response=page_of(SupervisorOut), summary="List supervisors")
def supervisor_list(request, q: str = "", page: int = 1, page_size: int = 25):
    return paginate(search_people(supervisors_visible_to(request.user), q), page, page_size)


@supervisors.get("/{int:pk}", response=SupervisorOut, summary="Supervisor detail")
def supervisor_detail(request, pk: int):
    return get_visible(supervisors_visible_to(request.user), pk)


@supervisors.post("", response={201: SupervisorOut}, summary="Record a supervisor (base)")
def supervisor_create(request, payload: SupervisorIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    data = payload.model_dump(exclude={"base", "station", "expert"})
    supervisor = services.supervisor_create(
        actor=request.user, base=base, station_id=payload.station, expert_id=payload.expert, **data
    )
    return Status(201, supervisor)


@supervisors.patch("/{int:pk}", response=SupervisorOut, summary="Update a supervisor (base)")
def supervisor_update(request, pk: int, payload: SupervisorPatch):
    supervisor = get_visible(supervisors_managed_by(request.user), pk)
    fields = payload.model_dump(exclude_unset=True)
    for key in ("station", "expert"):
        if key in fields:
            fields[f"{key}_id"] = fields.pop(key)
    return services.supervisor_update(actor=request.user, supervisor=supervisor, **fields)


class AppointmentOut(Schema):
    id: int
    postdoc_id: int
    postdoc_name: str
    base_id: int
    station_id: int
    topic_id: int | None
    contract_type: str
    term_months: int
    has_major_project: bool
    clauses_confirmed: list[str]
    signed_by: list[str]
    has_document: bool
    entry_date: date | None
    entry_filing_due: date | None
    entry_filed_on: date | None
    entry_filing_late: bool
    station_supervisor_id: int | None
    base_supervisor_id: int | None
    state: str
    state_label: str

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.postdoc.name

    @staticmethod
    def resolve_has_document(obj) -> bool:
        return bool(obj.document)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class AppointmentIn(Schema):
    base: int
    postdoc: int
    station: int
    topic: int | None = None
    term_months: int | None = None


appointments = Router(tags=["appointments"])


@appointments.get("", response=page_of(AppointmentOut), summary="List appointments (进基地)")
def appointment_list(request, state: str = "", base: int | None = None, page: int = 1, page_size: int = 25):
    qs = filter_appointments(appointments_visible_to(request.user), state=state, base_id=base)
    return paginate(qs, page, page_size)


@appointments.get("/{int:pk}", response=AppointmentOut, summary="Appointment detail")
def appointment_detail(request, pk: int):
    return get_visible(appointments_visible_to(request.user), pk)


@appointments.post("", response={201: AppointmentOut}, summary="Draft an appointment (base)")
def appointment_create(request, payload: AppointmentIn):
    from .models import ResearchTopic

    base = get_visible(bases_managed_by(request.user), payload.base)
    postdoc = get_visible(postdocs_managed_by(request.user), payload.postdoc)
    station = get_visible(MobileStation.objects.all(), payload.station)
    topic = get_visible(ResearchTopic.objects.filter(base=base), payload.topic) if payload.topic else None
    appointment = services.appointment_create(
        actor=request.user, base=base, postdoc=postdoc, station=station, topic=topic,
        term_months=payload.term_months,
    )  # fmt: skip
    return Status(201, appointment)


class EntryIn(Schema):
    entry_date: date


@appointments.post(
    "/{int:pk}/entry", response=AppointmentOut, summary="Complete the entry (station, Art. 13(2))"
)
def appointment_entry(request, pk: int, payload: EntryIn):
    """The generic transitions route carries no date; the station completes the entry here."""
    appointment = get_visible(appointments_visible_to(request.user), pk)
    services.entry_complete(actor=request.user, appointment=appointment, entry_date=payload.entry_date)
    return get_visible(appointments_visible_to(request.user), pk)


register_workflow_routes(appointments, "appointments", appointment_workflow, appointments_visible_to)


# --- withdrawal cases (退出基地, Art. 23) ----------------------------------------------------------------
class WithdrawalOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    reason: int
    reason_label: str
    article: str
    facts: str
    has_evidence: bool
    proposed_by_role: str
    state: str
    state_label: str
    decision_article: str
    decided_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_reason_label(obj) -> str:
        return obj.get_reason_display()

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


withdrawals = Router(tags=["withdrawals"])


@withdrawals.get("", response=page_of(WithdrawalOut), summary="List withdrawal cases (退出基地, Art. 23)")
def withdrawal_list(request, state: str = "", page: int = 1, page_size: int = 25):
    qs = withdrawals_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs, page, page_size)


@withdrawals.get("/{int:pk}", response=WithdrawalOut, summary="Withdrawal case detail")
def withdrawal_detail(request, pk: int):
    return get_visible(withdrawals_visible_to(request.user), pk)


@withdrawals.post("", response={201: WithdrawalOut},
                  summary="Propose a withdrawal (base, station or region; Art. 23)")  # fmt: skip
def withdrawal_create(
    request, appointment: Form[int], reason: Form[int], facts: Form[str], evidence: File[UploadedFile] = None
):
    target = get_visible(appointments_visible_to(request.user), appointment)
    case = services.withdrawal_propose(
        actor=request.user, appointment=target, reason=reason, facts=facts, uploaded=evidence
    )
    return Status(201, get_visible(withdrawals_visible_to(request.user), case.pk))


register_workflow_routes(withdrawals, "withdrawals", withdrawal_workflow, withdrawals_visible_to)


# --- dispatches (派出, Art. 16) -------------------------------------------------------------------------
class DispatchOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    destination: str
    destination_label: str
    purpose: str
    purpose_label: str
    place: str
    planned_start: date
    planned_return: date
    returned_on: date | None
    notes: str
    state: str
    state_label: str
    created_at: datetime

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_destination_label(obj) -> str:
        return obj.get_destination_display()

    @staticmethod
    def resolve_purpose_label(obj) -> str:
        return obj.get_purpose_display()

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class DispatchIn(Schema):
    appointment: int
    destination: str
    purpose: str
    place: str
    planned_start: date
    planned_return: date
    notes: str = ""


class DispatchReturnIn(Schema):
    returned_on: date


dispatches = Router(tags=["dispatches"])


@dispatches.get("", response=page_of(DispatchOut), summary="List dispatches (派出, Art. 16)")
def dispatch_list(request, state: str = "", page: int = 1, page_size: int = 25):
    qs = dispatches_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs, page, page_size)


@dispatches.get("/{int:pk}", response=DispatchOut, summary="Dispatch detail")
def dispatch_detail(request, pk: int):
    return get_visible(dispatches_visible_to(request.user), pk)


@dispatches.post("", response={201: DispatchOut}, summary="Request a dispatch (postdoc or base, Art. 16)")
def dispatch_create(request, payload: DispatchIn):
    target = get_visible(appointments_visible_to(request.user), payload.appointment)
    data = payload.dict(exclude={"appointment"})
    dispatch = services.dispatch_request(actor=request.user, appointment=target, **data)
    return Status(201, get_visible(dispatches_visible_to(request.user), dispatch.pk))


@dispatches.post("/{int:pk}/return", response=DispatchOut, summary="Confirm the return (base, Art. 16)")
def dispatch_return(request, pk: int, payload: DispatchReturnIn):
    """The generic transitions route carries no date; the base confirms the return here."""
    dispatch = get_visible(dispatches_visible_to(request.user), pk)
    services.dispatch_return_confirm(actor=request.user, dispatch=dispatch, returned_on=payload.returned_on)
    return get_visible(dispatches_visible_to(request.user), pk)


register_workflow_routes(dispatches, "dispatches", dispatch_workflow, dispatches_visible_to)

routers = [
    ("/cooperation-agreements", agreements), ("/topics", topics), ("/topic-interests", interests),
    ("/postdocs", postdocs), ("/supervisors", supervisors), ("/appointments", appointments),
    ("/withdrawals", withdrawals), ("/dispatches", dispatches),
]  # fmt: skip

__all__ = ["routers"]
