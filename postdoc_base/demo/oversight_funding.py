"""Demo Art. 19 funding (经费) and Arts. 6/19 support policies (配套支持政策): for every filed base, the unit's
own investment in each of two years (one sum for a postdoc when the base has one), a league/city subsidy and a
region subsidy under named policy documents; one support policy for every league/city that has bases. Written
through the services by the party that records each (the unit, the bureau's officer, the region); run after
the other demo loaders. Idempotent: a base with funding records, a bureau with policies are left alone."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.oversight.funding import services as funding
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.oversight.support import services as support
from postdoc_base.oversight.support.models import SupportPolicy
from postdoc_base.policy.oversight.funding import FundingSource

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REGION_POLICY = ("内蒙古自治区博士后创新实践基地建设资助办法", "内人社发〔2026〕15号")


def _holder(role, **scope):
    assignment = (
        RoleAssignment.objects.filter(role=role, active=True, user__is_active=True, **scope)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _fund(base, region, this_year: int) -> None:
    unit_admin = _holder(Role.UNIT_ADMIN, unit_id=base.unit_id)
    officer = _holder(Role.BUREAU_OFFICER, bureau_id=base.unit.bureau_id) if base.unit.bureau_id else None
    first = max(base.filing_year, this_year - 1)
    postdoc = base.appointments.select_related("postdoc").order_by("pk").first()
    bureau = base.unit.bureau.name if base.unit.bureau_id else ""
    for year in (first, first + 1):
        if unit_admin is not None:
            funding.funding_record_create(
                actor=unit_admin, base=base, year=year, source=FundingSource.UNIT, amount=Decimal("300000"),
                purpose="博士后科研启动经费及实验条件建设", note="单位年度预算安排",
            )  # fmt: skip
            if postdoc is not None:
                funding.funding_record_create(
                    actor=unit_admin, base=base, year=year, source=FundingSource.UNIT, amount=Decimal("36000"),
                    purpose="博士后人才公寓及生活补贴", appointment=postdoc,
                )  # fmt: skip
        if officer is not None:
            funding.funding_record_create(
                actor=officer, base=base, year=year, source=FundingSource.LEAGUE_CITY, amount=Decimal("100000"),
                purpose="基地建设补助", policy_title=f"{bureau}博士后创新实践基地配套支持办法",
                policy_number=f"{bureau[:1]}人社发〔{year}〕6号",
            )  # fmt: skip
    if region is not None:
        funding.funding_record_create(
            actor=region, base=base, year=first, source=FundingSource.REGION, amount=Decimal("200000"),
            purpose="新设基地一次性建站资助", policy_title=REGION_POLICY[0], policy_number=REGION_POLICY[1],
        )  # fmt: skip


def _policy(bureau, region) -> None:
    actor = _holder(Role.BUREAU_OFFICER, bureau_id=bureau.pk) or region
    if actor is None:
        return
    support.support_policy_create(
        actor=actor, bureau=bureau, title=f"{bureau.name}支持博士后创新实践基地建设若干措施",
        document_number=f"{bureau.name[:1]}人社发〔2026〕3号", issued_on=date(2026, 3, 18),
        summary="对新备案的博士后创新实践基地给予一次性建站补助；对在站博士后研究人员按年给予生活补贴；"
        "博士后研究人员出站后留在本地工作的，给予安家补助。",
        uploaded=SimpleUploadedFile("支持措施.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip


def load() -> None:
    region = _holder(Role.REGION_ADMIN)
    this_year = timezone.localdate().year
    bases = list(PracticeBase.objects.select_related("unit__bureau").order_by("pk"))
    for base in bases:
        if not FundingRecord.objects.filter(base=base).exists():
            _fund(base, region, this_year)
    bureaus = {b.unit.bureau_id: b.unit.bureau for b in bases if b.unit.bureau_id}
    for bureau_id, bureau in sorted(bureaus.items()):
        if not SupportPolicy.objects.filter(bureau_id=bureau_id).exists():
            _policy(bureau, region)
