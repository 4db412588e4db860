"""Chapter 4 data: cooperation agreements, topics and interests, supervisors, indicator schemes, postdocs (ID
numbers valid under GB 11643, encrypted and hashed by the project's own fields), appointments in every
state, extensions, dispatches, outputs, pay, assessments with their panels, and withdrawal cases."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

from postdoc_base.policy.identifiers import complete_resident_id
from postdoc_base.policy.tenure import (
    DEFAULT_ASSESSMENT_INDICATORS,
    MIDTERM_DEFAULT_MONTHS,
    AgreementClause,
    AssessmentGrade,
    AssessmentKind,
    ContractType,
    DispatchDestination,
    DispatchPurpose,
    Party,
    SupervisorSide,
    WithdrawalReason,
    add_months,
    is_late,
    term_end,
    withdrawal_article,
)
from postdoc_base.review.enums import AssignmentState, PanelPhase, PanelPurpose
from postdoc_base.review.models import Assignment
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.dispatches.enums import DispatchState
from postdoc_base.tenure.exits.enums import ExitDestination
from postdoc_base.tenure.models import (
    Appointment,
    Assessment,
    AssessmentScheme,
    CooperationAgreement,
    Dispatch,
    Output,
    PayRecord,
    Postdoc,
    ResearchTopic,
    Supervisor,
    TermExtension,
    TopicInterest,
    WithdrawalCase,
)
from postdoc_base.tenure.outputs.enums import OutputKind, OutputLevel, OutputRole, OutputState
from postdoc_base.tenure.people.enums import Gender, IdType, StudyMode
from postdoc_base.tenure.recruitment.enums import AgreementState, InterestState, TopicKind, TopicState
from postdoc_base.tenure.stay.enums import AppointmentState as AS
from postdoc_base.tenure.stay.enums import ExtensionState
from postdoc_base.tenure.withdrawals.enums import WithdrawalState

from . import vocab
from .gen_registry import RegistryMixin

APPOINTMENT_STATES = {
    AS.DRAFTED: 3, AS.SIGNED: 3, AS.ENTERED: 4, AS.FILING_SUBMITTED: 4, AS.IN_BASE: 50, AS.EXIT_REQUESTED: 4,
    AS.EXIT_ASSESSED: 3, AS.EXITED: 22, AS.WITHDRAWN: 7,
}  # fmt: skip
ENDED = (AS.EXITED, AS.WITHDRAWN)
AFTER_ENTRY = (AS.ENTERED, AS.FILING_SUBMITTED, AS.IN_BASE, AS.EXIT_REQUESTED, AS.EXIT_ASSESSED, *ENDED)
ACTIVE = (AS.SIGNED, AS.ENTERED, AS.FILING_SUBMITTED, AS.IN_BASE, AS.EXIT_REQUESTED, AS.EXIT_ASSESSED)
CONTRACT_BY_NATURE = {
    "enterprise": ContractType.LABOUR_CONTRACT,
    "institution": ContractType.EMPLOYMENT_CONTRACT,
    "other": ContractType.WORK_AGREEMENT,
}
OUTPUT_KINDS = {
    OutputKind.PAPER: 40, OutputKind.PATENT: 20, OutputKind.INVENTION: 5, OutputKind.STANDARD: 3,
    OutputKind.PROJECT: 12, OutputKind.AWARD: 5, OutputKind.TECH_TRANSFER: 5, OutputKind.ECONOMIC_BENEFIT: 3,
    OutputKind.NATIONAL_FUNDED: 4, OutputKind.CPSF_GRANT: 3,
}  # fmt: skip
WITHDRAWAL_REASONS = {1: 10, 2: 3, 3: 15, 4: 3, 5: 2, 6: 10, 7: 15, 8: 10, 9: 25, 10: 7}
SYSTEM_REASONS = (1, 8, 9)
RESIDENT_REGIONS = ("150102", "150203", "150402", "150502", "150602", "150702", "150802", "150902", "152201")


class TenureMixin(RegistryMixin):
    def recruitment(self) -> None:
        rng = self.rng
        agreements, topics, interests = [], [], []
        self.agreements_of: dict[int, list] = {}
        self.topics_of: dict[int, list] = {}
        for base in self.bases:
            stations = rng.sample(self.stations, 2 if rng.random() < 0.5 else 1)
            for k, station in enumerate(stations):
                state = AgreementState.ACTIVE if k == 0 else self.pick({
                    AgreementState.ACTIVE: 50, AgreementState.ENDED: 15, AgreementState.DRAFT: 13,
                    AgreementState.BASE_CONFIRMED: 11, AgreementState.STATION_CONFIRMED: 11})  # fmt: skip
                starts = base.filed_on + timedelta(days=rng.randint(0, 60))
                a = CooperationAgreement(
                    base=base, station=station, starts_on=starts, ends_on=starts + timedelta(days=365 * rng.randint(3, 6)),
                    supervisors_offered=rng.randint(1, 5), notes="", state=state,
                    created_at=self.at(min(starts, self.today)),
                )  # fmt: skip
                a._bench_at = a.created_at
                agreements.append(a)
                self.agreements_of.setdefault(id(base), []).append(a)
            for _ in range(rng.choice((1, 2, 2, 3))):
                state = self.pick({TopicState.PUBLISHED: 60, TopicState.DRAFT: 20, TopicState.CLOSED: 20})
                created = self.between(base.filed_on, self.today)
                t = ResearchTopic(
                    base=base, kind=self.pick({TopicKind.RESEARCH: 60, TopicKind.TECHNOLOGY: 30, TopicKind.MANAGEMENT: 10}),
                    title=f"{rng.choice(vocab.TOPIC_WORDS)}{rng.choice(('研究', '关键技术研究', '应用研究'))}",
                    fields=rng.choice(vocab.INDUSTRY), description="面向基地重点业务的博士后课题。",
                    annual_pay_yuan=rng.randrange(150_000, 300_000, 10_000), term_months=24,
                    station=rng.choice(stations), state=state,
                    published_at=self.at(created + timedelta(days=3)) if state != TopicState.DRAFT else None,
                    created_at=self.at(created),
                )  # fmt: skip
                t._bench_at = t.published_at or t.created_at
                topics.append(t)
                self.topics_of.setdefault(id(base), []).append(t)
                if state == TopicState.PUBLISHED:
                    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                        i = TopicInterest(
                            topic=t, name=self.person_name(), contact=self.phone(), message="希望进一步了解课题。",
                            state=self.pick({InterestState.NEW: 50, InterestState.CONTACTED: 30, InterestState.DECLINED: 20}),
                            created_at=self.at(self.between(created + timedelta(days=3), self.today)),
                        )  # fmt: skip
                        i._bench_at = i.created_at
                        interests.append(i)
        self.bulk(CooperationAgreement, agreements)
        self.bulk(ResearchTopic, topics)
        self.bulk(TopicInterest, interests)
        self.track("cooperation_agreement", agreements)
        self.track("research_topic", topics)
        self.track("topic_interest", interests)

    def supervisors_and_schemes(self) -> None:
        rng = self.rng
        sups, schemes = [], []
        self.base_sups: dict[int, list] = {}
        self.station_sups: dict[int, list] = {}  # by agreement
        for base in self.bases:
            for _ in range(rng.randint(2, 3)):
                s = Supervisor(base=base, name=self.person_name(), title=rng.choice(vocab.TITLES),
                               employer=base.unit.name, side=SupervisorSide.BASE, active=rng.random() < 0.97,
                               created_at=self.at(base.filed_on))  # fmt: skip
                sups.append(s)
                self.base_sups.setdefault(id(base), []).append(s)
            for a in self.agreements_of[id(base)]:
                for _ in range(rng.randint(1, 2)):
                    s = Supervisor(base=base, station=a.station, name=self.person_name(),
                                   title=rng.choice(vocab.TITLES[:3]), employer=a.station.university,
                                   side=SupervisorSide.STATION, created_at=self.at(a.starts_on))  # fmt: skip
                    sups.append(s)
                    self.station_sups.setdefault(id(a), []).append(s)
            if rng.random() < 0.7:
                schemes.append(AssessmentScheme(
                    base=base, midterm_months=MIDTERM_DEFAULT_MONTHS,
                    indicators=[{"key": i.key, "label": str(i.label), "weight": i.weight}
                                for i in DEFAULT_ASSESSMENT_INDICATORS],
                    updated_at=self.at(base.filed_on + timedelta(days=30)),
                ))  # fmt: skip
        self.supervisors = self.bulk(Supervisor, sups)
        self.bulk(AssessmentScheme, schemes)

    # --- people and appointments ----------------------------------------------------------------------------
    def _postdoc(self, base, entry: date | None) -> Postdoc:
        rng = self.rng
        gender = Gender.MALE if rng.random() < 0.58 else Gender.FEMALE
        birth = date(rng.randint(1984, 1998), rng.randint(1, 12), rng.randint(1, 28))
        foreign = rng.random() < 0.02
        if foreign:
            id_type, nationality = IdType.PASSPORT, rng.choice(("蒙古国", "俄罗斯", "巴基斯坦"))
            number = f"E{len(self._ids):08d}"
        else:
            id_type, nationality = IdType.RESIDENT_ID, "中国"
            # Region, birth date, a sequence whose last digit is odd for men (GB 11643-1999), and the check
            # character; the sequence moves on until the number is one nobody else has.
            region = rng.choice(RESIDENT_REGIONS)
            seq = rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
            number = complete_resident_id(f"{region}{birth:%Y%m%d}{seq:03d}")
            while number in self._ids:
                seq = (seq + 2) % 1000
                number = complete_resident_id(f"{region}{birth:%Y%m%d}{seq:03d}")
        self._ids.add(number)
        started = entry or self.today
        degree = started - timedelta(days=rng.randint(30, 900))
        # A degree date without a certificate is "not yet obtained" (Art. 23(1)): a few, for the sweep.
        certified = rng.random() > 0.05
        return Postdoc(
            base=base, name=self.person_name(), gender=gender, birth_date=birth, id_type=id_type, id_number=number,
            nationality=nationality, phd_institution=rng.choice(vocab.UNIVERSITIES_IN_REGION + vocab.UNIVERSITIES_OUTSIDE),
            phd_discipline=rng.choice(vocab.DISCIPLINES)[1], degree_date=degree,
            degree_certificate_number=f"10{rng.randint(10_000_000_000, 99_999_999_999)}" if certified and not foreign else "",
            foreign_degree_verification="教育部留学服务中心认证" if certified and foreign else "",
            study_mode=StudyMode.FULL_TIME if rng.random() < 0.9 else StudyMode.IN_SERVICE,
            created_at=self.at(started - timedelta(days=rng.randint(20, 120))),
        )  # fmt: skip

    def _term(self) -> tuple[int, bool]:
        months = self.pick({24: 75, 36: 15, 30: 5, 48: 5})
        return months, months > 36

    def _dates(self, state: str, term: int) -> dict:
        """Entry, filing and exit dates that fit ``state`` as of the generator's today."""
        rng, today = self.rng, self.today
        term_days = term * 30
        d: dict = {}
        if state == AS.DRAFTED:
            d["created"] = self.days_ago(0, 60)
        elif state == AS.SIGNED:
            d["created"] = self.days_ago(20, 120)
        elif state == AS.ENTERED:
            d["entry"] = self.days_ago(5, 150)
        elif state == AS.FILING_SUBMITTED:
            d["entry"] = self.days_ago(10, 100)
            d["submitted"] = self.between(d["entry"] + timedelta(days=5), today)
        elif state == AS.IN_BASE:
            # Mostly inside the term; some past it (Art. 23(9) candidates for the sweep).
            overdue = rng.random() < 0.06
            d["entry"] = (
                self.days_ago(term_days + 5, term_days + 400) if overdue else self.days_ago(90, term_days - 5)
            )
        elif state in (AS.EXIT_REQUESTED, AS.EXIT_ASSESSED):
            d["entry"] = self.days_ago(term_days - 60, term_days + 30)
        elif state == AS.EXITED:
            d["exit"] = self.days_ago(1, 1500)
            d["entry"] = d["exit"] - timedelta(days=term_days + rng.randint(-60, 120))
        elif state == AS.WITHDRAWN:
            d["entry"] = self.days_ago(200, 1900)
            d["ended"] = min(d["entry"] + timedelta(days=rng.randint(180, 700)), today - timedelta(days=1))
        if "entry" in d:
            d["created"] = d["entry"] - timedelta(days=rng.randint(20, 90))
            if state not in (AS.ENTERED, AS.FILING_SUBMITTED):
                d["submitted"] = d["entry"] + timedelta(days=rng.randint(5, 110))
                d["filed"] = d["submitted"] + timedelta(days=rng.randint(1, 20))
                if d["filed"] > today:
                    d["submitted"] = d["filed"] = self.between(d["entry"], today)
        return d

    def appointments(self) -> None:
        rng = self.rng
        self._ids: set[str] = set()
        with_postdocs = [b for b in self.active_bases if rng.random() > 0.1]
        weights = [rng.paretovariate(1.6) for _ in with_postdocs]
        total = self.n(2000)
        cumulative = list(itertools.accumulate(weights))
        chosen = rng.choices(with_postdocs, cum_weights=cumulative, k=total)
        plan = [(base, self.pick(APPOINTMENT_STATES)) for base in chosen]
        plan.sort(key=lambda p: p[1] not in ENDED)  # ended stays first: a later one may reuse their postdoc
        free: list[Postdoc] = []  # postdocs whose only appointments have ended
        postdocs, appointments = [], []
        for base, state in plan:
            term, major = self._term()
            d = self._dates(state, term)
            if free and rng.random() < 0.06:
                postdoc = free.pop(rng.randrange(len(free)))
            else:
                postdoc = self._postdoc(base, d.get("entry"))
                postdocs.append(postdoc)
            if state in ENDED:
                free.append(postdoc)
            agreements = self.agreements_of[id(base)]
            agreement = agreements[0] if rng.random() < 0.8 else rng.choice(agreements)
            supervised = state != AS.DRAFTED or rng.random() < 0.5
            a = Appointment(
                postdoc=postdoc, base=base, station=agreement.station,
                topic=rng.choice(self.topics_of[id(base)]) if rng.random() < 0.4 else None,
                contract_type=CONTRACT_BY_NATURE[base.unit.nature], term_months=term, has_major_project=major,
                major_project_note="承担国家重点研发计划课题。" if major else "",
                clauses_confirmed=list(AgreementClause.values) if state != AS.DRAFTED else [],
                signed_by=list(Party.values) if state != AS.DRAFTED else [],
                entry_date=d.get("entry"), entry_filing_submitted_on=d.get("submitted"), entry_filed_on=d.get("filed"),
                entry_filing_late=bool(d.get("filed")) and is_late(d["entry"], d["submitted"]),
                station_supervisor=rng.choice(self.station_sups[id(agreement)]) if supervised else None,
                base_supervisor=rng.choice(self.base_sups[id(base)]) if supervised else None, state=state,
                exit_policies_entitled=state != AS.WITHDRAWN, exit_date=d.get("exit"),
                created_at=self.at(d["created"]),
            )  # fmt: skip
            if state == AS.EXITED:
                a.destination = self.pick({ExitDestination.BASE_UNIT: 45, ExitDestination.IN_REGION: 25,
                                           ExitDestination.OUTSIDE: 30})  # fmt: skip
                a.destination_employer = (
                    base.unit.name
                    if a.destination == ExitDestination.BASE_UNIT
                    else rng.choice(vocab.UNIVERSITIES_OUTSIDE)
                )
            a._ended = d.get("ended") or d.get("exit")
            a._bench_at = self.at(
                min(
                    a._ended or d.get("filed") or d.get("submitted") or d.get("entry") or d["created"],
                    self.today,
                )
            )
            appointments.append(a)
        self.postdocs = self.bulk(Postdoc, postdocs)
        self.appointments_all = self.bulk(Appointment, appointments)
        self._extensions()
        # The term as extended: written after the extensions (bulk_update of one column).
        Appointment.objects.bulk_update(
            [a for a in appointments if a.extended_months], ["extended_months"], batch_size=2000
        )
        self.track("appointment", appointments)

    def _stay_end(self, a) -> date:
        return min(a._ended or self.today, self.today)

    def _extensions(self) -> None:
        rng = self.rng
        rows = []
        for a in self.appointments_all:
            if (
                a.state not in (AS.IN_BASE, AS.EXIT_REQUESTED, AS.EXIT_ASSESSED, AS.EXITED)
                or rng.random() > 0.06
            ):
                continue
            if a.state == AS.IN_BASE:
                state = self.pick({ExtensionState.REQUESTED: 25, ExtensionState.BASE_APPROVED: 15,
                                   ExtensionState.ACKNOWLEDGED: 40, ExtensionState.REFUSED: 20})  # fmt: skip
            elif a.state == AS.EXITED:
                state = self.pick({ExtensionState.ACKNOWLEDGED: 70, ExtensionState.REFUSED: 30})
            else:
                state = self.pick({ExtensionState.ACKNOWLEDGED: 60, ExtensionState.LAPSED: 40})
            months = rng.choice((6, 12))
            limit = 72 if a.has_major_project else 48
            if state == ExtensionState.ACKNOWLEDGED:
                if a.term_months + months > limit:
                    continue
                a.extended_months = months
            requested = self.between(add_months(a.entry_date, max(1, a.term_months - 6)), self._stay_end(a))
            decided = min(requested + timedelta(days=rng.randint(5, 40)), self.today)
            e = TermExtension(
                appointment=a, months=months, reason="研究任务尚未完成，需延长在基地时间。",
                requested_by_role=rng.choice(("postdoc", "unit_admin")), state=state,
                decided_on=decided if state in (ExtensionState.ACKNOWLEDGED, ExtensionState.REFUSED) else None,
                created_at=self.at(requested),
            )  # fmt: skip
            e._bench_at = self.at(decided) if state != ExtensionState.REQUESTED else e.created_at
            rows.append(e)
        self.bulk(TermExtension, rows)
        self.track("term_extension", rows)

    def dispatches(self) -> None:
        rng, today = self.rng, self.today
        rows = []
        for a in self.appointments_all:
            if a.entry_date is None:
                continue
            n = (rng.random() < 0.35) + (rng.random() < 0.1)
            overdue = a.state == AS.IN_BASE and rng.random() < 0.012  # Art. 23(8) candidates for the sweep
            for k in range(n + overdue):
                abroad = overdue and k == n or rng.random() < 0.3
                start = self.between(a.entry_date, self._stay_end(a))
                ret = start + timedelta(days=rng.randint(30, 180) if abroad else rng.randint(3, 60))
                returned_on = None
                if overdue and k == n:
                    ret = today - timedelta(days=rng.randint(31, min(200, (today - a.entry_date).days - 10)))
                    start = max(a.entry_date, ret - timedelta(days=rng.randint(30, 120)))
                    state = DispatchState.APPROVED
                elif start > today - timedelta(days=3) and a.state not in ENDED:
                    state = self.pick({DispatchState.REQUESTED: 70, DispatchState.REFUSED: 30})
                elif ret >= today and a.state not in ENDED:
                    state = DispatchState.APPROVED
                else:
                    state = self.pick({DispatchState.RETURNED: 92, DispatchState.REFUSED: 8})
                    if state == DispatchState.RETURNED:
                        returned_on = min(ret + timedelta(days=rng.randint(-5, 5)), today)
                d = Dispatch(
                    appointment=a, destination=DispatchDestination.ABROAD if abroad else DispatchDestination.DOMESTIC,
                    purpose=rng.choice(DispatchPurpose.values), place=rng.choice(vocab.PLACES), planned_start=start,
                    planned_return=ret, returned_on=returned_on, notes="", state=state,
                    created_at=self.at(min(start - timedelta(days=rng.randint(5, 30)), today)),
                )  # fmt: skip
                d._bench_at = (
                    self.at(min(returned_on or start, today))
                    if state != DispatchState.REQUESTED
                    else d.created_at
                )
                rows.append(d)
        self.bulk(Dispatch, rows)
        self.track("dispatch", rows)

    def outputs_and_pay(self) -> None:
        rng, today = self.rng, self.today
        outputs, pay = [], []
        for a in self.appointments_all:
            if a.entry_date is None:
                continue
            end = self._stay_end(a)
            years = max(0.1, (end - a.entry_date).days / 365)
            lam = 1.6 * years
            count = min(
                12, sum(1 for _ in range(int(lam * 3) + 1) if rng.random() < lam / (int(lam * 3) + 1))
            )
            for _ in range(count):
                kind = self.pick(OUTPUT_KINDS)
                occurred = self.between(a.entry_date, end)
                ended = a.state in (AS.EXITED, AS.WITHDRAWN)
                state = self.pick({OutputState.CONFIRMED: 90, OutputState.SUBMITTED: 8, OutputState.RETURNED: 2}
                                  if ended else {OutputState.CONFIRMED: 65, OutputState.SUBMITTED: 25,
                                                 OutputState.RETURNED: 10})  # fmt: skip
                leveled = kind in (OutputKind.PROJECT, OutputKind.AWARD, OutputKind.STANDARD)
                money = kind in (OutputKind.TECH_TRANSFER, OutputKind.ECONOMIC_BENEFIT, OutputKind.PROJECT)
                amount = rng.randrange(100_000, 5_000_000, 10_000) if money else None
                confirmer = a.station_supervisor if rng.random() < 0.5 else a.base_supervisor
                confirmed = state == OutputState.CONFIRMED and confirmer is not None
                o = Output(
                    appointment=a, kind=kind, title=f"{rng.choice(vocab.TOPIC_WORDS)}{rng.choice(vocab.OUTPUT_WORDS)}",
                    occurred_on=occurred,
                    level=self.pick({OutputLevel.NATIONAL: 15, OutputLevel.PROVINCIAL: 35, OutputLevel.MUNICIPAL: 30,
                                     OutputLevel.OTHER: 20}) if leveled else "",
                    role=self.pick({OutputRole.LED: 40, OutputRole.TOOK_PART: 60}) if leveled else "",
                    reference=f"ZL{rng.randint(2015, today.year)}{rng.randint(10**7, 10**8 - 1)}" if kind == OutputKind.PATENT else "",
                    amount_yuan=amount,
                    postdoc_share_yuan=amount // 5 if amount and kind == OutputKind.TECH_TRANSFER else None,
                    description="", state=state if confirmed or state != OutputState.CONFIRMED else OutputState.SUBMITTED,
                    confirmed_by=confirmer if confirmed else None,
                    confirmed_on=min(occurred + timedelta(days=rng.randint(5, 60)), today) if confirmed else None,
                    created_at=self.at(min(occurred + timedelta(days=rng.randint(0, 20)), today)),
                )  # fmt: skip
                o._bench_at = self.at(o.confirmed_on) if o.confirmed_on else o.created_at
                outputs.append(o)
            for year in range(a.entry_date.year, end.year + 1):
                annual = rng.randrange(100_000, 320_000, 1000)
                pay.append(PayRecord(
                    appointment=a, year=year, annual_pay_yuan=annual,
                    same_level_pay_yuan=annual + rng.randrange(-30_000, 30_000, 1000) if rng.random() < 0.8 else None,
                    social_insurance=rng.random() < 0.95, notes="",
                    created_at=self.at(min(date(year, 12, 20), today)),
                ))  # fmt: skip
        self.bulk(Output, outputs)
        self.bulk(PayRecord, pay)
        self.track("output", outputs)

    def assessments(self) -> None:
        today = self.today
        rows = []
        for a in self.appointments_all:
            if a.entry_date is None or a.state in (AS.ENTERED, AS.FILING_SUBMITTED):
                continue
            end = self._stay_end(a)
            due = add_months(a.entry_date, MIDTERM_DEFAULT_MONTHS)
            if a.state == AS.WITHDRAWN:
                mid = (self.pick({AssessmentState.GRADED: 70, AssessmentState.CANCELLED: 30})
                       if due <= end else AssessmentState.CANCELLED)  # fmt: skip
            elif a.state == AS.IN_BASE and due > today:
                mid = AssessmentState.SCHEDULED
            elif a.state == AS.IN_BASE:
                mid = self.pick({AssessmentState.GRADED: 80, AssessmentState.UNDER_REVIEW: 10,
                                 AssessmentState.SCHEDULED: 10})  # fmt: skip
            else:
                mid = AssessmentState.GRADED
            rows.append(self._assessment(a, AssessmentKind.MIDTERM, due, mid, failed=a.state == AS.WITHDRAWN))
            term_ends = term_end(a.entry_date, a.term_months + a.extended_months)
            if a.state == AS.EXIT_REQUESTED:
                state = self.pick({AssessmentState.SCHEDULED: 60, AssessmentState.UNDER_REVIEW: 40})
                rows.append(self._assessment(a, AssessmentKind.EXIT, max(today, term_ends), state))
            elif a.state in (AS.EXIT_ASSESSED, AS.EXITED):
                rows.append(
                    self._assessment(a, AssessmentKind.EXIT, min(term_ends, end), AssessmentState.GRADED)
                )
        self.bulk(Assessment, rows)
        self._assessment_panels([r for r in rows if r.state == AssessmentState.UNDER_REVIEW])
        self.track("assessment", rows)

    def _assessment(self, a, kind, due, state, failed=False) -> Assessment:
        rng = self.rng
        graded = state == AssessmentState.GRADED
        grade = ""
        if graded:
            grade = AssessmentGrade.FAIL if failed and rng.random() < 0.3 else self.pick(
                {AssessmentGrade.EXCELLENT: 25, AssessmentGrade.PASS: 73, AssessmentGrade.FAIL: 2})  # fmt: skip
        graded_on = min(due + timedelta(days=rng.randint(0, 30)), self.today) if graded else None
        x = Assessment(
            appointment=a, kind=kind, due_on=due, state=state,
            score=Decimal(rng.randint(5500, 9800)) / 100 if graded else None, grade=grade,
            result="考核小组同意该结果。" if graded else "", graded_on=graded_on,
            created_at=self.at(min(a.entry_filed_on or a.entry_date, self.today)),
        )  # fmt: skip
        x._bench_at = self.at(graded_on) if graded_on else x.created_at
        return x

    def _assessment_panels(self, under_review: list) -> None:
        self.assessment_rubric = self._rubric(
            "博士后考核评分标准", [str(i.label) for i in DEFAULT_ASSESSMENT_INDICATORS]
        )
        panels, assignments = [], []
        for x in under_review:
            panel = self.panel_with_members(
                name=f"{x.appointment.postdoc.name}{x.get_kind_display()}专家组", purpose=PanelPurpose.ASSESSMENT,
                context=x, rubric=self.assessment_rubric, phase=PanelPhase.INDEPENDENT,
                due_on=x.due_on + timedelta(days=30), size=3, created=self.at(min(x.due_on, self.today)),
            )  # fmt: skip
            x.panel = panel
            panels.append(panel)
            for member in panel._members:
                submitted = self.rng.random() < 0.4
                a = Assignment(
                    panel=panel, member=member, subject=x,
                    state=AssignmentState.SUBMITTED if submitted else AssignmentState.ASSIGNED,
                    total=Decimal(self.rng.randint(6000, 9600)) / 100 if submitted else None,
                    submitted_at=panel.created_at + timedelta(days=2) if submitted else None,
                    created_at=panel.created_at,
                )  # fmt: skip
                a._bench_at = a.submitted_at or a.created_at
                assignments.append(a)
        self.save_panels(panels, assignments)
        for x in under_review:
            x.panel = x.panel  # the saved panel's key, through the descriptor (which keeps the cached panel)
        Assessment.objects.bulk_update(under_review, ["panel"], batch_size=2000)

    def withdrawals(self) -> None:
        rng = self.rng
        rows = []
        for a in self.appointments_all:
            if a.state == AS.WITHDRAWN:
                state, day = WithdrawalState.DECIDED_WITHDRAWN, a._ended
            elif a.state in ACTIVE and rng.random() < 0.025:
                state = self.pick({WithdrawalState.PROPOSED: 60, WithdrawalState.DISMISSED: 40})
                day = self.between(a.entry_date or a.created_at.date(), self.today)
            else:
                continue
            reason = self.pick(WITHDRAWAL_REASONS)
            proposed = day - timedelta(days=rng.randint(10, 60)) if state != WithdrawalState.PROPOSED else day
            c = WithdrawalCase(
                appointment=a, reason=reason, facts=str(WithdrawalReason(reason).label),
                proposed_by_role="system" if reason in SYSTEM_REASONS else rng.choice(("unit_admin", "station_contact", "region_admin")),
                state=state, decision_article=withdrawal_article(reason) if state != WithdrawalState.PROPOSED else "",
                decided_on=day if state != WithdrawalState.PROPOSED else None, created_at=self.at(proposed),
            )  # fmt: skip
            c._bench_at = self.at(day)
            rows.append(c)
        self.bulk(WithdrawalCase, rows)
        self.track("withdrawal_case", rows)
