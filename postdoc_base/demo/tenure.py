"""Demo postdocs for ``make run`` (ch. 4): one filed base carries postdocs in every appointment state, with an
overdue entry filing, an overdue dispatch abroad, a failed mid-term and an exit that opens the Art. 22 title
route; a second base in another bureau shows scoping. Everything goes through the services and workflows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.demo.accounts import demo_user
from postdoc_base.directory.models import Expert, MobileStation
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.identifiers import complete_resident_id
from postdoc_base.policy.tenure import AgreementClause, Party, add_months
from postdoc_base.tenure.assessments import services as assessment_services
from postdoc_base.tenure.dispatches import services as dispatch_services
from postdoc_base.tenure.dispatches.workflow import dispatch_workflow
from postdoc_base.tenure.exits import services as exit_services
from postdoc_base.tenure.outputs import services as output_services
from postdoc_base.tenure.outputs.workflow import output_workflow
from postdoc_base.tenure.people import services as people_services
from postdoc_base.tenure.stay import services as stay_services
from postdoc_base.tenure.stay.workflow import appointment_workflow
from postdoc_base.tenure.withdrawals import services as withdrawal_services
from postdoc_base.tenure.withdrawals.workflow import withdrawal_workflow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "Demo-2026!"

# name, gender, birth (yyyymmdd), target state, months since entry (None before entry)
POSTDOCS = [
    ("阿拉坦·巴根", "male", "19930412", "drafted", None),
    ("赵雪", "female", "19940718", "signed", None),
    ("孟和", "male", "19920903", "entered_overdue", 4),
    ("刘佳", "female", "19951126", "filing_submitted", 1),
    ("王晨", "male", "19910215", "in_base", 8),
    ("苏日娜", "female", "19930630", "dispatch_overdue", 10),
    ("陈浩", "male", "19900808", "midterm_failed", 14),
    ("杨帆", "female", "19920101", "exit_requested", 24),
    ("格日勒", "female", "19911010", "exit_assessed", 24),
    ("李明", "male", "19890505", "exited", 25),
    ("张伟", "male", "19940320", "withdrawn", 6),
]


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _postdoc(admin, base, serial: int, name: str, gender: str, birth: str):
    number = complete_resident_id(f"150203{birth}{serial:03d}")
    return people_services.postdoc_create(
        actor=admin, base=base, name=name, gender=gender,
        birth_date=date(int(birth[:4]), int(birth[4:6]), int(birth[6:])), id_type="resident_id",
        id_number=number, nationality="中国", phd_institution="内蒙古大学", phd_discipline="材料科学与工程",
        degree_date=date(2024, 6, 30), degree_certificate_number=f"10126320240{serial:05d}",
        study_mode="full_time",
    )  # fmt: skip


def _signed(admin, base, station, postdoc, supervisors, topic=None):
    appointment = stay_services.appointment_create(
        actor=admin, base=base, postdoc=postdoc, station=station, topic=topic
    )
    appointment = stay_services.appointment_update_agreement(
        actor=admin, appointment=appointment, uploaded=pdf("三方协议.pdf"),
        clauses_confirmed=list(AgreementClause.values), signed_by=list(Party.values),
        station_supervisor=supervisors["station"], base_supervisor=supervisors["base"],
    )  # fmt: skip
    return appointment_workflow.apply(appointment, "sign", actor=admin)


def _account(admin, postdoc, username: str) -> None:
    people_services.postdoc_account_create(actor=admin, postdoc=postdoc, username=username,
                                  email=f"{username}@example.org", password=PASSWORD)  # fmt: skip


def _user_of(username: str):
    return RoleAssignment.objects.select_related("user").get(user__username=username).user


def _output(postdoc_user, appointment, supervisor_user=None, **fields):
    """The postdoc enters an output with evidence; the supervisor confirms it when given (Art. 17)."""
    output = output_services.output_create(
        actor=postdoc_user, appointment=appointment, uploaded=pdf("证明材料.pdf"), **fields
    )
    if supervisor_user is not None:
        output_workflow.apply(output, "confirm", actor=supervisor_user)
    return output


def _assess(assessment, admin, experts: dict, chair, grade: str, result: str, record_award=False):
    """A joint panel (base committee, station expert, outside chair) scores; the base records the grade."""
    from postdoc_base.review import services as review
    from postdoc_base.review.models import Assignment
    from postdoc_base.review.workflow import assignment_workflow

    today = timezone.localdate()
    assessment = assessment_services.form_panel(
        actor=admin, assessment=assessment, expert_ids=[e.pk for e in experts], chair_id=chair.pk,
        due_on=today + timedelta(days=7),
    )  # fmt: skip
    base_score = {"excellent": 92, "pass": 80, "fail": 52}[grade]
    for n, assignment in enumerate(
        Assignment.objects.filter(panel=assessment.panel).select_related("member")
    ):
        expert_user = experts[assignment.member.expert]
        items = assessment.panel.rubric.items.all()
        scores = {item.pk: Decimal(base_score + (n + item.order) % 5) for item in items}
        review.scores_save(actor=expert_user, assignment=assignment, scores=scores, comment=result)
        assignment_workflow.apply(assignment, "submit", actor=expert_user)
    return assessment_services.grade(
        actor=admin, assessment=assessment, grade=grade, result=result, record_award=record_award
    )


def load(users: dict, units: dict, unit_admins: dict, experts: dict) -> None:
    """Called by demo.establishment.load once the filed bases, their agreements and topics exist."""
    today = timezone.localdate()
    region = users["demo_region"]
    station = MobileStation.objects.get(university="内蒙古大学", discipline="化学")
    station_contact = users["demo_station"]
    base = PracticeBase.objects.get(unit=units["rareearth"])
    admin = unit_admins["rareearth"]
    committee = Expert.objects.create(
        name="其其格", field="稀土材料", title="正高级工程师", employer=base.unit.name
    )
    committee_user = _expert_account("demo_expert4", "专家·其其格", committee)
    supervisors = {
        "station": people_services.supervisor_create(
            actor=admin, base=base, name="巴特尔·朝鲁", title="教授", employer="内蒙古大学", side="station",
            station_id=station.pk, expert_id=experts["expert:1"].pk,
        ),
        "base": people_services.supervisor_create(
            actor=admin, base=base, name="其其格", title="正高级工程师", employer=base.unit.name, side="base",
            expert_id=committee.pk,
        ),
    }  # fmt: skip
    people_services.supervisor_account_create(actor=admin, supervisor=supervisors["station"], username="demo_supervisor",
                                     email="demo_supervisor@example.org", password=PASSWORD)  # fmt: skip
    supervisor_user = _user_of("demo_supervisor")
    # The supervisors sit on the joint panel; the outside expert 孙伟 chairs it (Art. 17).
    panel = {experts["expert:1"]: users["demo_expert1"], committee: committee_user,
             experts["expert:2"]: users["demo_expert2"]}  # fmt: skip
    chair = experts["expert:2"]
    topic = base.topics.first()
    for serial, (name, gender, birth, target, months) in enumerate(POSTDOCS, start=1):
        postdoc = _postdoc(admin, base, serial, name, gender, birth)
        username = POSTDOC_ACCOUNTS.get(name)
        if username:
            _account(admin, postdoc, username)
        if target == "drafted":
            stay_services.appointment_create(
                actor=admin, base=base, postdoc=postdoc, station=station, topic=topic
            )
            continue
        appointment = _signed(admin, base, station, postdoc, supervisors, topic)
        if target == "signed":
            continue
        entry = add_months(today, -months)
        appointment = stay_services.entry_complete(
            actor=station_contact, appointment=appointment, entry_date=entry
        )
        if target == "entered_overdue":
            continue  # entered four months ago, filing still not submitted: overdue on the to-do lists
        appointment = appointment_workflow.apply(appointment, "submit_filing", actor=admin)
        if target == "filing_submitted":
            continue
        appointment = appointment_workflow.apply(appointment, "accept_filing", actor=region)
        _pay(admin, appointment, entry, low=(target == "dispatch_overdue"))
        _stay(target, appointment, admin, region, station_contact, supervisor_user, panel, chair, entry,
              _user_of(username) if username else None)  # fmt: skip
    _second_bureau(units, unit_admins, users, station)


# Accounts printed by ``make run`` next to demo.establishment.ACCOUNTS (same password).
ACCOUNTS = [
    ("demo_postdoc", "博士后·王晨（在基地）"),
    ("demo_postdoc4", "博士后·李明（已出基地）"),
    ("demo_supervisor", "合作导师·巴特尔·朝鲁"),
    ("demo_expert4", "专家·其其格（基地学术委员会）"),
]

POSTDOC_ACCOUNTS = {
    "王晨": "demo_postdoc",
    "杨帆": "demo_postdoc2",
    "格日勒": "demo_postdoc3",
    "李明": "demo_postdoc4",
}


def _expert_account(username: str, display: str, expert):
    from postdoc_base.accounts.enums import Role

    user = demo_user(username, display)
    RoleAssignment.objects.create(user=user, role=Role.EXPERT, expert=expert)
    return user


def _pay(admin, appointment, entry: date, low: bool) -> None:
    """Each year's pay (Arts. 9(5), 20); one base pays below the C-tier floor so the warning shows."""
    for year in range(entry.year, timezone.localdate().year + 1):
        output_services.pay_record_save(
            actor=admin, appointment=appointment, year=year, annual_pay_yuan=100000 if low else 200000,
            same_level_pay_yuan=180000, social_insurance=not low,
        )  # fmt: skip


def _stay(target, appointment, admin, region, station_contact, supervisor_user, panel, chair, entry, me):
    today = timezone.localdate()
    midterm = appointment.assessments.get(kind="midterm")
    if target == "in_base":
        _output(me, appointment, supervisor_user, kind="paper", title="稀土永磁材料晶界扩散机理研究",
                occurred_on=today - timedelta(days=40), reference="《稀土学报》2026年第3期")  # fmt: skip
        _output(me, appointment, kind="patent", title="一种高矫顽力钕铁硼磁体的制备方法",
                occurred_on=today - timedelta(days=10), reference="CN2026100012345")  # fmt: skip
        stay_services.extension_request(actor=me, appointment=appointment, months=6,
                                        reason="中试验证需延长6个月。")  # fmt: skip
        return
    if target == "dispatch_overdue":
        dispatch = dispatch_services.dispatch_request(
            actor=admin, appointment=appointment, destination="abroad", purpose="exchange",
            place="德国亚琛工业大学", planned_start=today - timedelta(days=120),
            planned_return=today - timedelta(days=40), notes="联合培养交流。",
        )  # fmt: skip
        dispatch_workflow.apply(dispatch, "approve", actor=admin)
        dispatch_services.dispatch_overdue_sweep(
            today
        )  # 40 days past the planned return abroad: Art. 23(8) case
        return
    if target == "midterm_failed":
        _assess(
            midterm, admin, panel, chair, "fail", "研究进展明显滞后，未完成中期目标。"
        )  # opens Art. 23(3)
        return
    if target == "withdrawn":
        case = withdrawal_services.withdrawal_propose(actor=admin, appointment=appointment, reason=7,
                                         facts="因病长期休养，难以完成研究工作。", uploaded=pdf("诊断证明.pdf"))  # fmt: skip
        withdrawal_workflow.apply(case, "decide_withdraw", actor=region, comment="经核实，予以退出基地。")
        return
    # exit_requested, exit_assessed, exited: a mid-term passed a year ago, then the exit.
    _assess(midterm, admin, panel, chair, "excellent" if target == "exited" else "pass",
            "按计划完成中期研究任务。", record_award=target == "exited")  # fmt: skip
    if target == "exited":
        _output(me, appointment, supervisor_user, kind="cpsf_grant", title="中国博士后科学基金第78批面上资助",
                occurred_on=entry + timedelta(days=200), amount_yuan=80000)  # fmt: skip
        _output(me, appointment, supervisor_user, kind="tech_transfer", title="稀土抛光粉制备技术转让",
                occurred_on=entry + timedelta(days=400), amount_yuan=500000, postdoc_share_yuan=150000)  # fmt: skip
    exit_services.exit_materials_upload(actor=me, appointment=appointment, research_report=pdf("研究报告.pdf"),
                                        work_summary=pdf("工作总结.pdf"))  # fmt: skip
    appointment = appointment_workflow.apply(appointment, "request_exit", actor=me)
    if target == "exit_requested":
        return
    exit_assessment = appointment.assessments.get(kind="exit")
    _assess(exit_assessment, admin, panel, chair, "pass", "完成在基地研究任务，同意出基地。")
    if target == "exit_assessed":
        return
    exit_services.exit_complete(actor=station_contact, appointment=appointment, exit_date=today - timedelta(days=3),
                                destination="base_unit", employer="")  # fmt: skip


def _second_bureau(units, unit_admins, users, station) -> None:
    """A postdoc at a base in another bureau (鄂尔多斯市): bureau officers see only their own."""
    base = PracticeBase.objects.get(unit=units["cashmere"])
    admin = unit_admins["cashmere"]
    supervisors = {
        "station": people_services.supervisor_create(actor=admin, base=base, name="刘建华", title="教授", employer="内蒙古大学",
                                            side="station", station_id=station.pk),
        "base": people_services.supervisor_create(actor=admin, base=base, name="高娃", title="高级工程师",
                                         employer=base.unit.name, side="base"),
    }  # fmt: skip
    postdoc = _postdoc(admin, base, 90, "乌云毕力格", "male", "19920214")
    appointment = _signed(admin, base, station, postdoc, supervisors, base.topics.first())
    appointment = stay_services.entry_complete(actor=users["demo_station"], appointment=appointment,
                                        entry_date=add_months(timezone.localdate(), -2))  # fmt: skip
    appointment = appointment_workflow.apply(appointment, "submit_filing", actor=admin)
    appointment_workflow.apply(appointment, "accept_filing", actor=users["demo_region"])
