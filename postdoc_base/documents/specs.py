"""What each kind of document is about and says: the item it is issued for, who may see and issue it, when it
may be issued, and its content built from the item (the ``OfficialDocument`` both renderers draw).

Seeing a document follows seeing its item: each kind reads the item through its app's scoped selector, and
whoever cannot see the item gets a 404. Issuing is by default the region's act (the numbers are the 自治区
人力资源和社会保障厅's), so it needs the region administrator; a kind another office issues names that office's
role and test (``issuer_role``, or ``issuer_role_of`` where two offices may; ``issued_by``) and, where the
number is that office's own, its prefix (``prefix_of``). A form (``layout=FORM``) has no prefix and so no
number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Model, QuerySet
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication, PublicNotice, Round
from postdoc_base.establishment.notices import notice_items
from postdoc_base.establishment.selectors import (
    applications_visible_to,
    notices_visible_to,
    round_bases,
    rounds_visible_to,
)
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.oversight.revocations.enums import RevocationGround, RevocationState
from postdoc_base.oversight.revocations.models import RevocationCase
from postdoc_base.oversight.revocations.selectors import revocations_visible_to
from postdoc_base.oversight.selectors import base_files_visible_to
from postdoc_base.oversight.upgrades.models import WorkstationApproval
from postdoc_base.policy.establishment import ART9, PriorityCategory
from postdoc_base.policy.tenure import AssessmentKind, assessment_article
from postdoc_base.policy.tenure.withdrawal import WithdrawalReason, withdrawal_article
from postdoc_base.review.enums import AssignmentState
from postdoc_base.review.models import Assignment
from postdoc_base.review.selectors import assignments_visible_to, member_label
from postdoc_base.review.workflow import panel_article
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.assessments.models import Assessment
from postdoc_base.tenure.assessments.selectors import assessments_visible_to
from postdoc_base.tenure.exits.enums import ExitDestination
from postdoc_base.tenure.exits.selectors import ACHIEVEMENTS, title_route_visible_to, with_title_route_facts
from postdoc_base.tenure.exits.services import is_eligible, title_route
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.stay.selectors import appointments_visible_to
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.selectors import withdrawals_visible_to

from .content import (
    ALL_BUREAUS,
    DOCUMENT,
    FORM,
    MEASURES,
    REGION_OFFICE,
    REGION_UNITS,
    OfficialDocument,
    Table,
    chinese_date,
)
from .kinds import BUREAU_SHORT_NAMES, NUMBER_PREFIXES, DocumentKind, bureau_prefix

REGION_LEVEL = "自治区本级"


@dataclass(frozen=True)
class DocumentSpec:
    kind: str
    model: type[Model]
    visible: Callable[[object], QuerySet]  # the items ``user`` may see (the app's scoped selector)
    ready: Callable[[Model], bool]  # whether the item is at the step that the document records
    build: Callable[[Model, str, date], OfficialDocument]
    sample: Callable[[str, date], OfficialDocument]  # fixed content, to check a replaced template
    issuer_role: str = Role.REGION_ADMIN  # the role the issue is recorded under in the audit chain
    # Where two offices may issue the kind, the role ``user`` issues it under (else ``issuer_role``).
    issuer_role_of: Callable[[object, Model], str] | None = None
    issued_by: Callable[[object, Model], bool] = lambda user, item: is_region_admin(user)
    prefix_of: Callable[[Model], str] | None = None  # the item's prefix, where it is not the kind's own
    layout: str = DOCUMENT
    sample_prefix: str = ""  # the prefix a replaced template is tried with, where ``prefix_of`` is given
    # Read by fewer than its item (``visible`` narrower than the item's page): its issue is then recorded on the
    # document itself, not in the item's history, which everyone who reads the item reads.
    narrower_than_item: bool = False

    @property
    def prefix(self) -> str:
        """The prefix as the templates page shows it ("" for a form)."""
        return NUMBER_PREFIXES[self.kind]

    @property
    def numbered(self) -> bool:
        return self.layout != FORM

    def prefix_for(self, item) -> str:
        """The prefix ``item``'s document is numbered under; "" for a form, which has no number."""
        if not self.numbered:
            return ""
        return self.prefix_of(item) if self.prefix_of is not None else self.prefix

    def sample_number(self, day: date) -> str:
        if not self.numbered:
            return ""
        return f"{self.sample_prefix or self.prefix}〔{day.year}〕1号"

    @property
    def label(self) -> str:
        return DocumentKind(self.kind).label

    def role_for(self, user, item) -> str:
        """The role ``user``'s issue of ``item``'s document is recorded under."""
        return self.issuer_role_of(user, item) if self.issuer_role_of is not None else self.issuer_role

    def may_issue(self, user, item) -> bool:
        return bool(self.issued_by(user, item)) and self.ready(item)


def _bureau_name(bureau) -> str:
    return bureau.name if bureau is not None else REGION_LEVEL


def _bureau_office(bureau) -> str:
    return f"{bureau.name}人力资源和社会保障局" if bureau is not None else ""


# --- 备案名单通知: the bases filed from a round (第十一条第（三）项: 予以备案并公布) ---------------------------
def filing_title(year: int) -> str:
    return f"关于公布{year}年度内蒙古自治区博士后创新实践基地备案名单的通知"


def _filing_content(year: int, rows: list[tuple[str, str, str]], number: str, issued_on: date):
    return OfficialDocument(
        title=filing_title(year),
        number=number,
        issued_on=issued_on,
        addressees=(ALL_BUREAUS, REGION_UNITS),
        body=(
            f"根据{MEASURES}第十一条规定，经单位申报、盟市初审推荐、专家论证评议和公示，公示期内无异议，"
            f"现将{year}年度{len(rows)}家内蒙古自治区博士后创新实践基地予以备案。名单如下：",
        ),
        tables=(
            Table(
                headers=("序号", "备案号", "基地名称", "所在盟市"),
                rows=tuple((str(i), *row) for i, row in enumerate(rows, start=1)),
            ),
        ),
        closing=(
            "请各基地按照管理办法要求，健全管理制度，做好博士后研究人员招收、培养和管理工作。"
            "各盟市人力资源和社会保障局要加强对辖区内基地的指导和监督。",
        ),
        public=True,
    )


def _filing_build(round_: Round, number: str, issued_on: date) -> OfficialDocument:
    rows = [(b.filing_number, b.name, _bureau_name(b.unit.bureau)) for b in round_bases(round_)]
    return _filing_content(round_.year, rows, number, issued_on)


def _filing_sample(number: str, issued_on: date) -> OfficialDocument:
    return _filing_content(
        issued_on.year, [(f"蒙博基备〔{issued_on.year}〕001号", "示例单位博士后创新实践基地", "满洲里市")],
        number, issued_on,
    )  # fmt: skip


# --- 取消基地备案通知: a revoked base (第二十四条; 第五条 after a failed evaluation) ------------------------------
def revocation_title(base_name: str) -> str:
    return f"关于取消{base_name}备案的通知"


def _revocation_content(
    *, base_name, unit_name, filing_number, bureau, ground, revoked_on, number, issued_on
):
    if ground == RevocationGround.FAILED_EVALUATION:
        reason = "评估结果为不合格，且整改后复核仍不通过"
        basis = "第五条"
        after = ()
    else:
        reason = "获批备案后连续2年无在站博士后研究人员"
        basis = "第二十四条"
        after = ("该单位自取消备案之日起3年后，符合条件的可重新申报。",)
    office = _bureau_office(bureau)
    return OfficialDocument(
        title=revocation_title(base_name),
        number=number,
        issued_on=issued_on,
        addressees=(ALL_BUREAUS, REGION_UNITS),
        body=(
            f"经核查，{unit_name}的{base_name}（备案号：{filing_number}）{reason}。根据{MEASURES}{basis}规定，"
            f"经研究，决定自{chinese_date(revoked_on)}起取消其内蒙古自治区博士后创新实践基地备案。",
        ),
        closing=(
            *after,
            "请"
            + (office or "自治区人力资源和社会保障厅博士后管理工作机构")
            + "督促该单位妥善做好在基地博士后研究人员的后续安排和档案移交工作。",
        ),
        public=True,
        cc=tuple(name for name in (unit_name,) if name),
    )


def _revocation_build(case: RevocationCase, number: str, issued_on: date) -> OfficialDocument:
    base = case.base
    return _revocation_content(
        base_name=base.name, unit_name=base.unit.name, filing_number=base.filing_number, bureau=base.unit.bureau,
        ground=case.ground, revoked_on=case.revoked_on or issued_on, number=number, issued_on=issued_on,
    )  # fmt: skip


def _revocation_sample(number: str, issued_on: date) -> OfficialDocument:
    return _revocation_content(
        base_name="示例单位博士后创新实践基地", unit_name="示例单位", filing_number="蒙博基备〔2024〕001号",
        bureau=None, ground=RevocationGround.EMPTY_TWO_YEARS, revoked_on=issued_on, number=number,
        issued_on=issued_on,
    )  # fmt: skip


# --- 退出基地决定: a postdoc withdrawn from a base (第二十三条) -------------------------------------------------
def withdrawal_title(postdoc_name: str) -> str:
    return f"关于{postdoc_name}同志退出博士后创新实践基地的决定"


def _withdrawal_content(*, postdoc, base_name, unit_name, station, bureau, reason, facts, number, issued_on):
    article = withdrawal_article(reason)
    return OfficialDocument(
        title=withdrawal_title(postdoc),
        number=number,
        issued_on=issued_on,
        addressees=tuple(
            name for name in (unit_name, f"{station}博士后科研流动站" if station else "") if name
        ),
        body=(
            f"{base_name}博士后研究人员{postdoc}，经核实，存在“{WithdrawalReason(reason).label}”的情形。"
            + facts,
            f"根据{MEASURES}{article}规定，决定{postdoc}同志退出{base_name}。退出基地的博士后研究人员，"
            "不再享受正常出基地的相关政策。",
        ),
        closing=("请设站单位和合作流动站按规定办理相关手续，并将办理情况报自治区人力资源和社会保障厅备案。",),
        public=False,
        cc=tuple(name for name in (_bureau_office(bureau),) if name),
    )


def _withdrawal_build(case: WithdrawalCase, number: str, issued_on: date) -> OfficialDocument:
    appointment = case.appointment
    facts = case.facts.strip()
    if facts and facts[-1] not in "。！？":
        facts += "。"
    return _withdrawal_content(
        postdoc=appointment.postdoc.name, base_name=appointment.base.name, unit_name=appointment.base.unit.name,
        station=str(appointment.station) if appointment.station_id else "", bureau=appointment.base.unit.bureau,
        reason=case.reason, facts=facts, number=number, issued_on=case.decided_on or issued_on,
    )  # fmt: skip


def _withdrawal_sample(number: str, issued_on: date) -> OfficialDocument:
    return _withdrawal_content(
        postdoc="张三", base_name="示例单位博士后创新实践基地", unit_name="示例单位", station="示例大学·化学",
        bureau=None, reason=WithdrawalReason.ABROAD_OVERDUE, facts="", number=number, issued_on=issued_on,
    )  # fmt: skip


# --- 盟市书面推荐意见: the bureau's letter recommending one application (第十一条第（二）项) --------------------
# The states of an application the bureau recommended: 拟推荐, then on at the region. Not 未通过: that state
# is also the bureau's own 不予推荐, and the letter is only for a recommendation.
RECOMMENDED_STATES = frozenset({
    ApplicationState.RECOMMENDED, ApplicationState.AT_REGION, ApplicationState.EXPERT_REVIEW,
    ApplicationState.PASSED, ApplicationState.IN_NOTICE, ApplicationState.FILED,
})  # fmt: skip


def recommendation_title(unit_name: str) -> str:
    return f"关于推荐{unit_name}设立内蒙古自治区博士后创新实践基地的函"


def _recommendations_visible_to(user) -> QuerySet[BaseApplication]:
    """The preliminary review is the reviewing authorities' working document (``establishment.permissions``:
    ``view_preliminary_review``): the region, and the bureau of the unit; not the applicant, the competent
    department or the experts."""
    qs = applications_visible_to(user).select_related("preliminary_review")
    if is_region_admin(user):
        return qs
    return qs.filter(scope_q(user, Role.BUREAU_OFFICER, "unit__bureau"))


def _is_the_bureau(user, app: BaseApplication) -> bool:
    return (
        getattr(user, "is_active", False)
        and app.unit.bureau_id is not None
        and app.unit.bureau_id in user.scope_ids(Role.BUREAU_OFFICER)
    )


def _recommended(app: BaseApplication) -> bool:
    review = getattr(app, "preliminary_review", None)
    return (
        app.unit.bureau_id is not None
        and app.state in RECOMMENDED_STATES
        and review is not None
        and bool(review.recommendation.strip())
    )


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in "。！？；" else text + "。"


def _recommendation_content(
    *, bureau_name, unit_name, round_name, checks, comments, inspection, inspected_on, recommendation, rank,
    number, issued_on,
):  # fmt: skip
    office = f"{bureau_name}人力资源和社会保障局"
    verdicts = {True: "符合", False: "不符合"}
    rows = tuple(
        (article, verdicts.get(checks.get(key), "未审"), comments.get(key, "") or "—")
        for key, article in zip(("1", "2", "3", "4", "5"), ART9, strict=True)
    )
    visited = f"（考察日期：{chinese_date(inspected_on)}）" if inspected_on else ""
    body = [
        f"根据{MEASURES}第十一条第（二）项规定，我局对{unit_name}在{round_name}中申报设立内蒙古自治区博士后"
        f"创新实践基地的材料进行了初审，并对该单位进行了综合考察{visited}。逐项审核情况见下表。",
    ]
    if inspection.strip():
        body.append("综合考察情况：" + _sentence(inspection))
    body.append("推荐意见：" + _sentence(recommendation))
    if rank:
        body.append(f"该单位在我局本批次推荐的单位中排序第{rank}位。")
    return OfficialDocument(
        title=recommendation_title(unit_name),
        number=number,
        issued_on=issued_on,
        addressees=(REGION_OFFICE,),
        body=tuple(body),
        tables=(Table(headers=("设立条件", "审核结论", "审核意见"), rows=rows),),
        closing=("经研究，同意推荐该单位设立内蒙古自治区博士后创新实践基地，请予审核。", "特此函告。"),
        signature=office,
        issuer_mark=office,
    )


def _recommendation_build(app: BaseApplication, number: str, issued_on: date) -> OfficialDocument:
    review = app.preliminary_review
    return _recommendation_content(
        bureau_name=app.unit.bureau.name, unit_name=app.unit.name, round_name=app.round.name,
        checks=review.condition_checks, comments=review.condition_comments, inspection=review.inspection,
        inspected_on=review.inspected_on, recommendation=review.recommendation, rank=review.rank,
        number=number, issued_on=issued_on,
    )  # fmt: skip


def _recommendation_sample(number: str, issued_on: date) -> OfficialDocument:
    return _recommendation_content(
        bureau_name="满洲里市", unit_name="示例单位", round_name=f"{issued_on.year}年度申报",
        checks={"1": True}, comments={}, inspection="", inspected_on=None, recommendation="同意推荐", rank=1,
        number=number, issued_on=issued_on,
    )  # fmt: skip


# --- 进站备案表: the base's form of one postdoc's entry filing (第十三条第（二）项) --------------------------------
ENTRY_FILING_TITLE = "内蒙古自治区博士后创新实践基地博士后研究人员进站备案表"


def _is_the_unit(user, appointment: Appointment) -> bool:
    return getattr(user, "is_active", False) and appointment.base.unit_id in user.scope_ids(Role.UNIT_ADMIN)


def _d(day) -> str:
    return chinese_date(day) if day else "—"


def _entry_form_content(*, person, placement, supervisors, stay, unit_name, issued_on):
    """``person`` (name, gender, ID type, masked ID, nationality), ``placement`` (base, filing number, unit,
    station), ``supervisors`` ((side, name, title, employer), ...), ``stay`` (entry, contract, term,
    submitted, filed): the birth date is left out, since beside the masked ID it narrows the number."""
    name, gender, id_type, masked_id, nationality, phd = person
    return OfficialDocument(
        title=ENTRY_FILING_TITLE,
        number="",
        issued_on=issued_on,
        addressees=(),
        body=("证件号码已作脱敏处理；完整信息以设站单位留存的进站材料为准。",),
        tables=(
            Table(caption="一、博士后研究人员基本情况", headers=("姓名", "性别", "证件类型", "证件号码", "国籍"),
                  rows=((name, gender, id_type, masked_id, nationality),)),
            Table(caption="二、博士学位情况", headers=("博士毕业院校", "博士学科", "学位授予日期", "在站方式"),
                  rows=(phd,)),
            Table(caption="三、进站基地及合作流动站", headers=("基地名称", "备案号", "设站单位", "合作流动站"),
                  rows=(placement,)),
            Table(caption="四、合作导师", headers=("导师类别", "姓名", "职称", "工作单位"),
                  rows=supervisors or (("—", "—", "—", "—"),)),
            Table(caption="五、在基地期限及备案", headers=("进基地日期", "合同类型", "在基地期限", "备案报送日期",
                                                         "备案日期"),
                  rows=(stay,)),
        ),
        signature=f"{unit_name}（盖章）",
        layout=FORM,
    )  # fmt: skip


def _entry_form_build(appointment: Appointment, number: str, issued_on: date) -> OfficialDocument:
    postdoc = appointment.postdoc
    base = appointment.base
    supervisors = tuple(
        (label, s.name, s.title, s.employer)
        for label, s in (("流动站合作导师", appointment.station_supervisor), ("基地合作导师", appointment.base_supervisor))
        if s is not None
    )  # fmt: skip
    return _entry_form_content(
        person=(postdoc.name, postdoc.get_gender_display(), postdoc.get_id_type_display(), postdoc.masked_id,
                postdoc.nationality,
                (postdoc.phd_institution, postdoc.phd_discipline, _d(postdoc.degree_date),
                 postdoc.get_study_mode_display())),
        placement=(base.name, base.filing_number or "—", base.unit.name, str(appointment.station)),
        supervisors=supervisors,
        stay=(_d(appointment.entry_date), appointment.get_contract_type_display(),
              f"{appointment.term_months}个月", _d(appointment.entry_filing_submitted_on),
              _d(appointment.entry_filed_on)),
        unit_name=base.unit.name, issued_on=issued_on,
    )  # fmt: skip


def _entry_form_sample(number: str, issued_on: date) -> OfficialDocument:
    return _entry_form_content(
        person=("张三", "男", "居民身份证", "15***************7", "中国", ("示例大学", "化学", "2024年6月30日", "全职")),
        placement=("示例单位博士后创新实践基地", "蒙博基备〔2024〕001号", "示例单位", "示例大学·化学"),
        supervisors=(("流动站合作导师", "李四", "教授", "示例大学"),),
        stay=(_d(issued_on), "劳动合同", "24个月", _d(issued_on), "—"), unit_name="示例单位", issued_on=issued_on,
    )  # fmt: skip


# --- 基地资格注销通知: a base whose unit got a workstation (第二十四条第二句: 资格自动注销) ----------------------
# Issued for the base (its file shows the workstation approval), once the approval is recorded and the base
# cancelled in the same step (``oversight.upgrades.services.workstation_approval_record``).
def cancellation_title(base_name: str) -> str:
    return f"关于注销{base_name}备案资格的通知"


def _cancelled(base: PracticeBase) -> bool:
    return base.state == BaseState.CANCELLED and WorkstationApproval.objects.filter(base=base).exists()


def _cancellation_content(
    *, base_name, unit_name, filing_number, bureau, approver, approval_number, approved_on, number, issued_on
):  # fmt: skip
    office = _bureau_office(bureau) or "自治区人力资源和社会保障厅博士后管理工作机构"
    return OfficialDocument(
        title=cancellation_title(base_name),
        number=number,
        issued_on=issued_on,
        addressees=(ALL_BUREAUS, REGION_UNITS),
        body=(
            f"{unit_name}经{approver}批准（{approval_number}），于{chinese_date(approved_on)}获批设立博士后科研"
            f"工作站。根据{MEASURES}第二十四条规定，基地所在单位获批设立博士后科研工作站的，基地资格自动注销。"
            f"现将{base_name}（备案号：{filing_number}）资格予以注销。",
        ),
        closing=(
            f"基地注销前招收的博士后研究人员，由设站单位按规定补齐设站相关待遇。请{office}督促该单位做好"
            "在基地博士后研究人员的衔接和待遇补齐工作。",
        ),
        public=True,
        cc=tuple(name for name in (unit_name,) if name),
    )


def _cancellation_build(base: PracticeBase, number: str, issued_on: date) -> OfficialDocument:
    approval = WorkstationApproval.objects.get(base=base)
    return _cancellation_content(
        base_name=base.name, unit_name=base.unit.name, filing_number=base.filing_number, bureau=base.unit.bureau,
        approver=approval.approver, approval_number=approval.document_number, approved_on=approval.approved_on,
        number=number, issued_on=issued_on,
    )  # fmt: skip


def _cancellation_sample(number: str, issued_on: date) -> OfficialDocument:
    return _cancellation_content(
        base_name="示例单位博士后创新实践基地", unit_name="示例单位", filing_number="蒙博基备〔2024〕001号",
        bureau=None, approver="人力资源社会保障部、全国博士后管委会", approval_number="人社部函〔2026〕1号",
        approved_on=issued_on, number=number, issued_on=issued_on,
    )  # fmt: skip


# --- 考核结果表: the base's record of a graded mid-term or exit assessment (第十七条、第十八条) -------------------
# A form like the entry filing form: the base's unit has no 机关代字 in the system, so it is not numbered.
def assessment_title(kind_label: str) -> str:
    return f"内蒙古自治区博士后创新实践基地博士后研究人员{kind_label}结果表"


def _assessment_content(
    *, kind_label, article, postdoc, placement, supervisors, outcome, opinion, unit_name, issued_on
):  # fmt: skip
    return OfficialDocument(
        title=assessment_title(kind_label),
        number="",
        issued_on=issued_on,
        addressees=(),
        body=(
            f"根据{MEASURES}{article}规定，由基地学术委员会和合作流动站专家组成的联合考核专家组对该博士后研究"
            f"人员进行了{kind_label}，结果如上。",
        ),
        tables=(
            Table(caption="一、博士后研究人员及基地", headers=("姓名", "基地名称", "设站单位", "合作流动站"),
                  rows=((postdoc, *placement),)),
            Table(caption="二、合作导师", headers=("导师类别", "姓名", "职称"),
                  rows=supervisors or (("—", "—", "—"),)),
            Table(caption="三、考核结果", headers=("考核类别", "考核时间", "考核得分", "考核结果", "评定日期"),
                  rows=(outcome,)),
            Table(caption="四、考核意见", headers=("考核意见",), rows=((opinion or "—",),)),
        ),
        signature=f"{unit_name}（盖章）",
        layout=FORM,
    )  # fmt: skip


def _is_the_assessing_unit(user, assessment: Assessment) -> bool:
    return _is_the_unit(user, assessment.appointment)


def _assessment_build(assessment: Assessment, number: str, issued_on: date) -> OfficialDocument:
    appointment = assessment.appointment
    base = appointment.base
    supervisors = tuple(
        (label, s.name, s.title)
        for label, s in (("流动站合作导师", appointment.station_supervisor), ("基地合作导师", appointment.base_supervisor))
        if s is not None
    )  # fmt: skip
    kind_label = assessment.get_kind_display()
    score = f"{assessment.score:.2f}" if assessment.score is not None else "—"
    return _assessment_content(
        kind_label=kind_label, article=assessment_article(assessment.kind), postdoc=appointment.postdoc.name,
        placement=(base.name, base.unit.name, str(appointment.station)), supervisors=supervisors,
        outcome=(kind_label, _d(assessment.due_on), score, assessment.get_grade_display(), _d(assessment.graded_on)),
        opinion=" ".join(assessment.result.split()), unit_name=base.unit.name, issued_on=issued_on,
    )  # fmt: skip


def _assessment_sample(number: str, issued_on: date) -> OfficialDocument:
    label = AssessmentKind.MIDTERM.label
    return _assessment_content(
        kind_label=label, article="第十七条", postdoc="张三",
        placement=("示例单位博士后创新实践基地", "示例单位", "示例大学·化学"),
        supervisors=(("流动站合作导师", "李四", "教授"),),
        outcome=(label, _d(issued_on), "85.00", "合格", _d(issued_on)), opinion="按计划完成阶段研究任务。",
        unit_name="示例单位", issued_on=issued_on,
    )  # fmt: skip


# --- 直接申报副高级职称资格说明: the region's statement that an exited postdoc meets Art. 22 ------------------------
# Issued for an exited appointment whose Art. 22 findings all pass (``tenure.exits.services.title_route``: exited
# normally, not withdrawn, staying in the region, one of the three achievements confirmed within the stay).
ACHIEVEMENT_LABELS = (
    ("tr_national_funded", "获选国家资助博士后研究人员计划"),
    ("tr_cpsf_grant", "获得中国博士后科学基金资助"),
    ("tr_led_project", "主持省部级以上项目"),
)


def title_route_title(postdoc_name: str) -> str:
    return f"关于{postdoc_name}同志可直接申报副高级职称的函"


def _title_route_content(
    *, postdoc, base_name, entry_date, exit_date, employer, achievements, bureau, unit_name, number, issued_on
):  # fmt: skip
    return OfficialDocument(
        title=title_route_title(postdoc),
        number=number,
        issued_on=issued_on,
        addressees=(employer,),
        body=(
            f"{postdoc}同志于{_d(entry_date)}进入{base_name}从事博士后研究工作，于{_d(exit_date)}期满出基地，"
            f"出基地后在{employer}工作。经核实，该同志在站期间"
            + "、".join(f"“{a}”" for a in achievements)
            + "，未被作退出基地处理。",
            f"根据{MEASURES}第二十二条规定，该同志符合在站期间满足“获选国家资助博士后研究人员计划”“获得中国"
            "博士后科学基金资助”“主持省部级以上项目”条件之一、出站后留在内蒙古自治区工作的条件，经用人单位"
            "推荐，可直接申报副高级职称。",
        ),
        closing=("特此函告。",),
        cc=tuple(
            name for name in (_bureau_office(bureau), unit_name if unit_name != employer else "") if name
        ),
    )


def _title_route_ready(appointment: Appointment) -> bool:
    return is_eligible(title_route(appointment))


def _title_route_build(appointment: Appointment, number: str, issued_on: date) -> OfficialDocument:
    facts = _achievements_of(appointment)
    base = appointment.base
    employer = (
        base.unit.name
        if appointment.destination == ExitDestination.BASE_UNIT
        else appointment.destination_employer
    ) or "有关用人单位"
    return _title_route_content(
        postdoc=appointment.postdoc.name, base_name=base.name, entry_date=appointment.entry_date,
        exit_date=appointment.exit_date, employer=employer,
        achievements=[label for name, label in ACHIEVEMENT_LABELS if facts.get(name)], bureau=base.unit.bureau,
        unit_name=base.unit.name, number=number, issued_on=issued_on,
    )  # fmt: skip


def _achievements_of(appointment: Appointment) -> dict:
    """The three Art. 22 achievements of ``appointment`` (as annotated on the Art. 22 list, or read afresh)."""
    if all(hasattr(appointment, name) for name in ACHIEVEMENTS):
        return {name: getattr(appointment, name) for name in ACHIEVEMENTS}
    return (
        with_title_route_facts(Appointment.objects.filter(pk=appointment.pk)).values(*ACHIEVEMENTS).first()
        or {}
    )


def _title_route_sample(number: str, issued_on: date) -> OfficialDocument:
    return _title_route_content(
        postdoc="张三", base_name="示例单位博士后创新实践基地", entry_date=issued_on, exit_date=issued_on,
        employer="示例单位", achievements=["获得中国博士后科学基金资助"], bureau=None, unit_name="示例单位",
        number=number, issued_on=issued_on,
    )  # fmt: skip


# --- 公示名单: the list of one public notice (第十一条第（三）项: 评议通过、公示无异议后予以备案) -----------------
# Numbered as the region's letters (内人社函): a 公示 is not a 发文 notice to the bureaus, and shares the run of
# the region's other published items below 内人社发. The period is printed as stored on the notice: its dates
# and its number of working days, counted when it was published (``establishment.notices.notice_publish``).
def _notice_list_content(
    *, title, intro, rows, working_days, published_on, ends_on, contact, number, issued_on
):
    body = [_sentence(intro)] if intro.strip() else []
    body.append(
        f"根据{MEASURES}第十一条第（三）项规定，经单位申报、盟市初审推荐和专家论证评议，现将拟备案的"
        f"{len(rows)}家内蒙古自治区博士后创新实践基地申报单位名单予以公示（名单见下表）。"
    )
    body.append(
        f"公示期为{chinese_date(published_on)}至{chinese_date(ends_on)}（{working_days}个工作日）。"
        "公示期间，对公示对象有异议的，请以真实姓名提出，并提供必要的证明材料。"
    )
    if contact.strip():
        body.append(f"受理异议联系方式：{' '.join(contact.split())}")
    return OfficialDocument(
        title=title,
        number=number,
        issued_on=issued_on,
        addressees=(),
        body=tuple(body),
        tables=(
            Table(
                headers=("序号", "申报单位", "所在盟市", "申报批次"),
                rows=tuple((str(i), *row) for i, row in enumerate(rows, start=1)),
            ),
        ),
        public=True,
    )


def _notice_list_build(notice: PublicNotice, number: str, issued_on: date) -> OfficialDocument:
    rows = [
        (item.application.unit.name, _bureau_name(item.application.unit.bureau), notice.round.name)
        for item in notice_items(notice)
    ]
    return _notice_list_content(
        title=notice.title, intro=notice.body, rows=rows, working_days=notice.working_days,
        published_on=notice.published_on, ends_on=notice.ends_on, contact=notice.contact, number=number,
        issued_on=issued_on,
    )  # fmt: skip


def _notice_list_sample(number: str, issued_on: date) -> OfficialDocument:
    return _notice_list_content(
        title=f"{issued_on.year}年度申报拟备案博士后创新实践基地名单公示", intro="",
        rows=[("示例单位", "满洲里市", f"{issued_on.year}年度申报")], working_days=5, published_on=issued_on,
        ends_on=issued_on, contact="0471-0000000", number=number, issued_on=issued_on,
    )  # fmt: skip


# --- 基地设立申报书: the application the unit prints and seals (第九条、第十条; 第十一条第（一）项) ---------------
# Issued by the applying unit's administrator from the draft on, so that it can be printed, sealed and
# checked before it is submitted; read by whoever reads the application. A withdrawn application has none.
APPLICATION_FORM_TITLE = "内蒙古自治区博士后创新实践基地设立申报书"
_YES_NO = {True: "是", False: "否"}


def _is_the_applicant(user, app: BaseApplication) -> bool:
    return getattr(user, "is_active", False) and app.unit_id in user.scope_ids(Role.UNIT_ADMIN)


def _text(value) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else "—"


def _application_form_content(*, unit_rows, art9, researchers, projects, claims, unit_name, issued_on):
    """``unit_rows`` ((item, value), ...), ``art9`` the five Art. 9 answers in order, ``researchers`` (name,
    title, field, full-time, senior, supervises), ``projects`` (title, summary), ``claims`` (category,
    description, year, evidence)."""
    return OfficialDocument(
        title=APPLICATION_FORM_TITLE,
        number="",
        issued_on=issued_on,
        addressees=(),
        body=(
            f"本单位根据{MEASURES}第九条、第十条规定，申请设立内蒙古自治区博士后创新实践基地，"
            "承诺所填报内容及所附材料真实、准确、完整。",
        ),
        tables=(
            Table(caption="一、申报单位基本情况", headers=("项目", "内容"), rows=unit_rows),
            Table(caption="二、申报条件（第九条）", headers=("设立条件", "申报情况"),
                  rows=tuple(zip(ART9, art9, strict=True))),
            Table(caption="三、研究开发团队（第九条第（三）项）",
                  headers=("姓名", "职称", "研究方向", "本单位全职", "高级职称或相应水平", "可担任合作导师"),
                  rows=researchers or (("—",) * 6,)),
            Table(caption="四、博士后研究项目（第九条第（四）项）", headers=("序号", "项目名称", "项目简介"),
                  rows=tuple((str(i), *p) for i, p in enumerate(projects, start=1)) or (("—", "—", "—"),)),
            Table(caption="五、优先设立条件（第十条）", headers=("优先条件", "具体情况", "年份", "证明材料"),
                  rows=claims or (("无", "—", "—", "—"),)),
        ),
        signature=f"{unit_name}（单位盖章）",
        layout=FORM,
    )  # fmt: skip


def _application_form_build(app: BaseApplication, number: str, issued_on: date) -> OfficialDocument:
    unit = app.unit
    pay = f"{app.offered_annual_pay_yuan}元" if app.offered_annual_pay_yuan is not None else "—"
    recruits = f"{app.planned_recruits}人" if app.planned_recruits is not None else "—"
    art9 = (
        f"具有独立法人资格：{_YES_NO[unit.independent_legal_person]}；注册地在自治区范围内："
        f"{_YES_NO[unit.registered_in_region]}；运行或经营状况良好：{_YES_NO[app.operating_well]}。"
        f"运行或经营状况说明：{_text(app.operating_status)}",
        f"专门的科学研究开发机构及条件：{_text(app.rnd_institution)}",
        f"高级职称或相应水平、可担任合作导师的本单位全职科研人员"
        f"{sum(r.full_time and r.senior_title and r.can_supervise for r in app.researchers.all())}人"
        f"（研究开发团队共{len(app.researchers.all())}人，见表三）",
        f"合作流动站：{app.station if app.station_id else '—'}；计划招收人数：{recruits}；"
        f"博士后招收计划：{_text(app.recruitment_plan)}；博士后研究项目{len(app.projects.all())}项（见表四）",
        f"博士后工作管理办法要点：{_text(app.management_rules)}；科研条件：{_text(app.research_conditions)}；"
        f"生活条件：{_text(app.living_conditions)}；拟提供年薪：{pay}",
    )
    return _application_form_content(
        unit_rows=(
            ("单位名称", unit.name), ("统一社会信用代码", unit.uscc), ("单位性质", unit.get_nature_display()),
            ("隶属关系", unit.get_affiliation_display()), ("所在盟市", _bureau_name(unit.bureau)),
            ("主管部门", unit.department.name if unit.department_id else "—"), ("单位地址", _text(unit.address)),
            ("联系人", _text(app.contact_name or unit.contact_name)),
            ("联系电话", _text(app.contact_phone or unit.contact_phone)), ("申报批次", app.round.name),
        ),
        art9=art9,
        researchers=tuple(
            (r.name, r.title, _text(r.field), _YES_NO[r.full_time], _YES_NO[r.senior_title], _YES_NO[r.can_supervise])
            for r in app.researchers.all()
        ),
        projects=tuple((p.title, _text(p.summary)) for p in app.projects.all()),
        claims=tuple(
            (c.get_category_display(), _text(c.description), str(c.year) if c.year else "—",
             "已附" if c.evidence_id else "未附")
            for c in app.claims.all()
        ),
        unit_name=unit.name, issued_on=issued_on,
    )  # fmt: skip


def _application_form_sample(number: str, issued_on: date) -> OfficialDocument:
    return _application_form_content(
        unit_rows=(("单位名称", "示例单位"), ("统一社会信用代码", "91150100000000000X")),
        art9=("具有独立法人资格：是", "—", "—", "—", "—"),
        researchers=(("李四", "研究员", "化学", "是", "是", "是"),), projects=(("示例项目", "—"),),
        claims=((PriorityCategory.PLATFORM.label, "自治区重点实验室", str(issued_on.year), "已附"),),
        unit_name="示例单位", issued_on=issued_on,
    )  # fmt: skip


# --- 专家评分表: one expert's scores on one subject (第十一条第（三）项; 第十七条、第十八条, 第五条) ----------------
# Confidential (论证评议): read only by the region administrator, who organises the review, and by the
# expert who scored, whatever the assignment's page shows others (a unit organising an assessment panel
# reads the assignment, not the sheet). The expert is named as a non-organiser sees them, so a blind panel's
# sheet carries the alias only; no other expert's score or name is on it. Issued once the scores are
# submitted, by the region or by the expert (who signs it).
def score_sheet_title(purpose_label: str) -> str:
    return f"内蒙古自治区博士后创新实践基地专家评分表（{purpose_label}）"


def _score_sheets_visible_to(user) -> QuerySet[Assignment]:
    qs = assignments_visible_to(user)
    if not getattr(user, "is_authenticated", False) or is_region_admin(user):
        return qs
    return qs.filter(member__expert_id__in=user.scope_ids(Role.EXPERT))


def _is_the_expert(user, assignment: Assignment) -> bool:
    return getattr(user, "is_active", False) and assignment.member.expert_id in user.scope_ids(Role.EXPERT)


def _score_sheet_issuer(user, assignment: Assignment) -> bool:
    return is_region_admin(user) or _is_the_expert(user, assignment)


def _score_sheet_role(user, assignment: Assignment) -> str:
    return Role.REGION_ADMIN if is_region_admin(user) else Role.EXPERT


def _score_sheet_content(
    *, purpose_label, article, panel_name, subject, expert, rubric, rows, total, comment, submitted_on, issued_on
):  # fmt: skip
    return OfficialDocument(
        title=score_sheet_title(purpose_label),
        number="",
        issued_on=issued_on,
        addressees=(),
        body=(
            f"根据{MEASURES}{article}规定进行评审。本表仅供自治区人力资源和社会保障厅及评分专家本人查阅，"
            "请予保密。",
        ),
        tables=(
            Table(caption="一、评审对象", headers=("评审对象", "评审专家组", "评审专家", "评分标准", "提交日期"),
                  rows=((subject, panel_name, expert, rubric, submitted_on),)),
            Table(caption="二、评分", headers=("评分项", "权重", "满分", "得分"),
                  rows=(*rows, ("加权总分（百分制）", "—", "100", total))),
            Table(caption="三、评审意见", headers=("评审意见",), rows=((comment or "—",),)),
        ),
        signature="评审专家（签名）：",
        layout=FORM,
    )  # fmt: skip


def _number(value) -> str:
    return f"{value:.2f}" if value is not None else "—"


def _score_sheet_build(assignment: Assignment, number: str, issued_on: date) -> OfficialDocument:
    panel = assignment.panel
    scores = {s.item_id: s.score for s in assignment.scores.all()}
    submitted = assignment.submitted_at
    return _score_sheet_content(
        purpose_label=panel.get_purpose_display(), article=panel_article(panel), panel_name=panel.name,
        subject=str(assignment.subject), expert=member_label(assignment.member, panel, organiser=False),
        rubric=panel.rubric.name,
        rows=tuple((i.label, _number(i.weight), _number(i.max_score), _number(scores.get(i.pk)))
                   for i in panel.rubric.items.all()),
        total=_number(assignment.total), comment=" ".join(assignment.comment.split()),
        submitted_on=_d(timezone.localdate(submitted) if submitted else None), issued_on=issued_on,
    )  # fmt: skip


def _score_sheet_sample(number: str, issued_on: date) -> OfficialDocument:
    return _score_sheet_content(
        purpose_label="基地设立论证评议", article="第十一条第（三）项", panel_name="论证评议专家组",
        subject="示例单位", expert="专家A", rubric="基地设立评分标准", rows=(("研发条件", "3.00", "100.00", "85.00"),),
        total="85.00", comment="研发条件较好。", submitted_on=_d(issued_on), issued_on=issued_on,
    )  # fmt: skip


SPECS: dict[str, DocumentSpec] = {
    spec.kind: spec
    for spec in (
        DocumentSpec(
            DocumentKind.FILING_NOTICE, Round, rounds_visible_to,
            ready=lambda round_: round_bases(round_).exists(), build=_filing_build, sample=_filing_sample,
        ),
        DocumentSpec(
            DocumentKind.REVOCATION_NOTICE, RevocationCase, revocations_visible_to,
            ready=lambda case: case.state == RevocationState.REVOKED, build=_revocation_build,
            sample=_revocation_sample,
        ),
        DocumentSpec(
            DocumentKind.WITHDRAWAL_DECISION, WithdrawalCase, withdrawals_visible_to,
            ready=lambda case: case.state == WithdrawalState.DECIDED_WITHDRAWN, build=_withdrawal_build,
            sample=_withdrawal_sample,
        ),
        DocumentSpec(
            DocumentKind.BUREAU_RECOMMENDATION, BaseApplication, _recommendations_visible_to,
            ready=_recommended, build=_recommendation_build, sample=_recommendation_sample,
            issuer_role=Role.BUREAU_OFFICER, issued_by=_is_the_bureau,
            prefix_of=lambda app: bureau_prefix(app.unit.bureau),
            sample_prefix=f"{BUREAU_SHORT_NAMES['150781']}人社函", narrower_than_item=True,
        ),
        DocumentSpec(
            DocumentKind.ENTRY_FILING_FORM, Appointment, appointments_visible_to,
            ready=lambda appointment: appointment.entry_filing_submitted_on is not None,
            build=_entry_form_build, sample=_entry_form_sample, issuer_role=Role.UNIT_ADMIN,
            issued_by=_is_the_unit, layout=FORM,
        ),
        DocumentSpec(
            DocumentKind.UPGRADE_CANCELLATION, PracticeBase, base_files_visible_to,
            ready=_cancelled, build=_cancellation_build, sample=_cancellation_sample,
        ),
        DocumentSpec(
            DocumentKind.ASSESSMENT_RESULT, Assessment, assessments_visible_to,
            ready=lambda a: a.state == AssessmentState.GRADED and bool(a.grade), build=_assessment_build,
            sample=_assessment_sample, issuer_role=Role.UNIT_ADMIN, issued_by=_is_the_assessing_unit, layout=FORM,
        ),
        DocumentSpec(
            DocumentKind.TITLE_ROUTE_STATEMENT, Appointment, title_route_visible_to,
            ready=_title_route_ready, build=_title_route_build, sample=_title_route_sample,
        ),
        DocumentSpec(
            DocumentKind.NOTICE_LIST, PublicNotice, notices_visible_to,
            ready=lambda notice: notice.items.exists(), build=_notice_list_build, sample=_notice_list_sample,
        ),
        DocumentSpec(
            DocumentKind.APPLICATION_FORM, BaseApplication, applications_visible_to,
            ready=lambda app: app.state != ApplicationState.WITHDRAWN, build=_application_form_build,
            sample=_application_form_sample, issuer_role=Role.UNIT_ADMIN, issued_by=_is_the_applicant,
            layout=FORM,
        ),
        DocumentSpec(
            DocumentKind.SCORE_SHEET, Assignment, _score_sheets_visible_to,
            ready=lambda a: a.state == AssignmentState.SUBMITTED, build=_score_sheet_build,
            sample=_score_sheet_sample, issuer_role=Role.EXPERT, issuer_role_of=_score_sheet_role,
            issued_by=_score_sheet_issuer, layout=FORM, narrower_than_item=True,
        ),
    )
}  # fmt: skip


def spec_for(kind: str) -> DocumentSpec:
    return SPECS[kind]


def specs_for_model(model: type[Model]) -> list[DocumentSpec]:
    return [spec for spec in SPECS.values() if spec.model is model]
