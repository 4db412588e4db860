"""Demo Art. 7 duties (第七条): one base with every duty met (office, two versions of its rules, two named
administrators, a committee of five with its chair), another with them only begun (an office and one
administrator; a committee of two without a chair), so the base file shows both met and missing duties.
Written through the services by each base's unit administrator; run after the other demo loaders."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.oversight.duties import services
from postdoc_base.oversight.duties.enums import CommitteeRole
from postdoc_base.oversight.duties.models import ManagementOffice
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _keeper(base):
    assignment = (
        RoleAssignment.objects.filter(role=Role.UNIT_ADMIN, unit_id=base.unit_id)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def _complete(base, admin) -> None:
    services.office_save(actor=admin, base=base, name=f"{base.unit.name}人力资源部博士后管理办公室", head="张丽",
                         phone="0471-5928800")  # fmt: skip
    services.rules_add(actor=admin, base=base, title="博士后创新实践基地管理办法（试行）",
                       adopted_on=date(2025, 3, 1), uploaded=_pdf("管理办法（试行）.pdf"))  # fmt: skip
    services.rules_add(actor=admin, base=base, title="博士后创新实践基地管理办法（2026年修订）",
                       adopted_on=date(2026, 3, 1), uploaded=_pdf("管理办法（2026年修订）.pdf"))  # fmt: skip
    services.administrator_add(
        actor=admin, base=base, name="刘晓燕", position="博士后管理专员", phone="13904710001"
    )
    services.administrator_add(
        actor=admin, base=base, name="巴特尔·朝鲁", position="人事科科长", phone="0471-5928801"
    )
    for name, title, affiliation, role in (
        ("王建国", "正高级工程师、总工程师", base.unit.name, CommitteeRole.CHAIR),
        ("乌兰", "教授", "内蒙古大学", CommitteeRole.VICE_CHAIR),
        ("李明", "研究员", "内蒙古农业大学", CommitteeRole.MEMBER),
        ("赵志刚", "教授", "内蒙古工业大学", CommitteeRole.MEMBER),
        ("苏日娜", "高级工程师", base.unit.name, CommitteeRole.MEMBER),
    ):
        services.member_add(
            actor=admin, base=base, name=name, title=title, affiliation=affiliation, role=role
        )


def _begun(base, admin) -> None:
    services.office_save(actor=admin, base=base, name=f"{base.unit.name}综合办公室", head="高峰",
                         phone="13847200002")  # fmt: skip
    services.administrator_add(
        actor=admin, base=base, name="孙丽娜", position="综合办公室干事", phone="13847200003"
    )
    services.member_add(actor=admin, base=base, name="陈伟", title="教授", affiliation="内蒙古科技大学",
                        role=CommitteeRole.VICE_CHAIR)  # fmt: skip
    services.member_add(actor=admin, base=base, name="周敏", title="高级工程师", affiliation=base.unit.name,
                        role=CommitteeRole.MEMBER)  # fmt: skip


def load() -> None:
    """Idempotent: once any base has an office, the demo's duties are there (the bases it chose may since have
    left the register)."""
    if ManagementOffice.objects.exists():
        return
    bases = [
        b
        for b in PracticeBase.objects.filter(state=BaseState.ACTIVE).select_related("unit").order_by("pk")
        if _keeper(b) is not None
    ]
    for base, fill in zip(bases, (_complete, _begun), strict=False):
        if not ManagementOffice.objects.filter(base=base).exists():
            fill(base, _keeper(base))
