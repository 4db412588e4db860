"""Demo self-inspections (自查, Art. 25): on one base a completed inspection whose two issues were rectified (one
with evidence), on another (or the same base's other half-year) an open one with an issue still open and a
comment of the base's bureau; so the list, the detail, the to-do and the base file show both. Written through
the services by each base's unit administrator; run after the other demo loaders."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.inspections import services
from postdoc_base.oversight.inspections.models import SelfInspection
from postdoc_base.oversight.inspections.workflow import inspection_workflow
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.oversight.inspection import InspectionHalf

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _holder(role, **scope):
    assignment = RoleAssignment.objects.filter(role=role, **scope).select_related("user").first()
    return assignment.user if assignment else None


def _closed(base, admin) -> None:
    today = timezone.localdate()
    inspection = services.inspection_open(
        actor=admin, base=base, year=base.filed_on.year, half=InspectionHalf.FIRST_HALF,
        summary="对照《内蒙古自治区博士后创新实践基地管理办法》第二十五条，检查日常管理、检查制度、信息收集归档和博士后工作台账。",
    )  # fmt: skip
    ledger = services.issue_add(actor=admin, inspection=inspection, description="博士后工作台账未按季度更新。",
                                action="指定专人负责，每季度末更新台账并由办公室负责人签字。",
                                deadline=today + timedelta(days=30))  # fmt: skip
    pay = services.issue_add(actor=admin, inspection=inspection, description="部分年度薪酬与社会保险记录未归档。",
                             action="会同财务部门补齐各年度薪酬与社保缴纳记录。", deadline=today + timedelta(days=60))  # fmt: skip
    services.issue_fix(actor=admin, issue=ledger, fixed_on=today, fix_note="已补齐台账，建立季度更新制度。",
                       uploaded=SimpleUploadedFile("台账更新记录.pdf", PDF, content_type="application/pdf"))  # fmt: skip
    services.issue_fix(actor=admin, issue=pay, fixed_on=today, fix_note="已补齐并归档各年度薪酬与社保记录。")
    inspection_workflow.apply(inspection, "close", actor=admin, comment="问题均已整改。")


def _open(base, admin, half) -> None:
    inspection = services.inspection_open(
        actor=admin, base=base, year=base.filed_on.year, half=half,
        summary="重点检查博士后进站备案、中期考核和出基地材料的归档情况。",
    )  # fmt: skip
    services.issue_add(actor=admin, inspection=inspection, description="一名博士后研究人员中期考核材料未归档。",
                       action="收集专家组评定意见并归档。", deadline=timezone.localdate() + timedelta(days=20))  # fmt: skip
    officer = _holder(Role.BUREAU_OFFICER, bureau_id=base.unit.bureau_id)
    if officer is not None:
        services.inspection_comment(
            actor=officer, inspection=inspection, body="请按期完成整改并上传佐证材料。"
        )


def load() -> None:
    kept = [
        (base, admin)
        for base in PracticeBase.objects.filter(state=BaseState.ACTIVE).select_related("unit").order_by("pk")
        if (admin := _holder(Role.UNIT_ADMIN, unit_id=base.unit_id)) is not None
    ]
    if not kept or SelfInspection.objects.exists():
        return
    first_base, first_admin = kept[0]
    _closed(first_base, first_admin)
    if len(kept) > 1:
        _open(*kept[1], half=InspectionHalf.WHOLE_YEAR)
    else:
        _open(first_base, first_admin, half=InspectionHalf.SECOND_HALF)
