"""Demo evaluation (评估, Arts. 5, 6) and rectification (整改, Art. 25): the region opens the 2026 campaign, which
covers the active bases filed at least 2 years before today (the 2024 round's, filed 20 November 2024); their
evaluations are then taken, through the services and by the party owning each step, to every state: waiting for
the self-evaluation, a draft, submitted, returned by the bureau, forwarded, graded, in rectification,
rectification reported, rectified and failed, in that order of preference (the demo has two bases filed in 2024:
one reaches the region's re-check of its rectification after a 不合格 grade, the other is graded 良好). Run after the other demo loaders. Idempotent: an
existing campaign of that name is left alone."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.oversight.evaluations import services
from postdoc_base.oversight.evaluations.enums import EvaluationState as ES
from postdoc_base.oversight.evaluations.models import Evaluation, EvaluationCampaign
from postdoc_base.oversight.evaluations.workflow import evaluation_workflow

NAME = "2026年度博士后创新实践基地评估"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

DRAFT = "draft"  # the self-evaluation saved, not yet submitted
# The state each covered base's evaluation is taken to, in the order of the bases, and its self-score.
PLAN = (
    (ES.RECTIFICATION_SUBMITTED, 55), (ES.GRADED, 84), (ES.CHECKED, 92), (ES.SUBMITTED, 78), (ES.RETURNED, 70),
    (ES.RECTIFYING, 52), (ES.RECTIFIED, 50), (ES.FAILED, 45), (DRAFT, 80), (ES.OPENED, None),
)  # fmt: skip
STATEMENT = (
    "一、管理与制度建设：设立博士后管理办公室，制定进站、考核、经费管理等制度。\n"
    "二、招收及与流动站合作：与合作流动站签订协议，联合招收博士后研究人员。\n"
    "三、科研项目：承担自治区重点研发项目，博士后参与核心课题。\n"
    "四、成果与转化：申请发明专利，推动成果在本单位转化。\n"
    "五、博士后待遇：工资待遇不低于本单位同层次科研人员，缴纳社会保险。"
)


def _holder(role, **scope):
    assignment = (
        RoleAssignment.objects.filter(role=role, active=True, user__is_active=True, **scope)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _take(evaluation: Evaluation, target: str, score: int, region) -> None:
    base = evaluation.base
    unit_admin = _holder(Role.UNIT_ADMIN, unit_id=base.unit_id)
    checker = _holder(Role.BUREAU_OFFICER, bureau_id=base.unit.bureau_id) if base.unit.bureau_id else region
    if unit_admin is None or checker is None or target == ES.OPENED:
        return
    scores = {i.pk: score for i in evaluation.campaign.indicators.all()}
    services.evaluation_fill(actor=unit_admin, evaluation=evaluation, scores=scores, statement=STATEMENT,
                             uploaded=_pdf("基地管理制度汇编.pdf"))  # fmt: skip
    if target == DRAFT:
        return
    evaluation_workflow.apply(evaluation, "submit", actor=unit_admin)
    if target == ES.SUBMITTED:
        return
    if target == ES.RETURNED:
        services.evaluation_check(actor=checker, evaluation=evaluation, forward=False,
                                  comment="请补充博士后待遇相关的工资发放和社保缴纳佐证材料。")  # fmt: skip
        return
    services.evaluation_check(actor=checker, evaluation=evaluation, forward=True,
                              comment="材料齐全，自评情况属实，同意报送。")  # fmt: skip
    if target == ES.CHECKED:
        return
    graded = services.evaluation_grade(actor=region, evaluation=evaluation, comment="按评估指标加权评定。")
    if target in (ES.GRADED, ES.RECTIFYING) or graded.state != ES.RECTIFYING:
        return
    services.rectification_fill(actor=unit_admin, evaluation=graded,
                                report="已修订博士后管理制度，补签合作协议，落实博士后工资和社会保险。",
                                uploaded=_pdf("整改报告.pdf"))  # fmt: skip
    evaluation_workflow.apply(graded, "submit_rectification", actor=unit_admin)
    if target == ES.RECTIFIED:
        evaluation_workflow.apply(graded, "pass_recheck", actor=region, comment="整改到位，复核通过。")
    elif target == ES.FAILED:
        evaluation_workflow.apply(
            graded, "fail_recheck", actor=region, comment="整改措施未落实，复核不通过。"
        )


def load() -> None:
    region = _holder(Role.REGION_ADMIN)
    if region is None or EvaluationCampaign.objects.filter(name=NAME).exists():
        return
    today = timezone.localdate()
    campaign = services.campaign_open(
        actor=region, name=NAME, year=today.year, reference_date=today,
        self_due_on=today + timedelta(days=30), check_due_on=today + timedelta(days=60),
        grade_due_on=today + timedelta(days=90),
    )  # fmt: skip
    evaluations = Evaluation.objects.filter(campaign=campaign).select_related("campaign", "base__unit")
    for evaluation, (target, score) in zip(
        evaluations.order_by("base__filing_serial", "pk"), PLAN, strict=False
    ):
        _take(evaluation, target, score, region)
