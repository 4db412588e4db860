"""Demo data of the region's oversight (ch. 5), through the services: the 2024 round's bases filed in November
2024; each oversight feature's records (its own loader: duties, funding, self-inspections, positions, an evaluation
campaign with a base in rectification); then Art. 24 in every state: the empty 乌兰察布 base with
its revocation case open, the empty 乌海 base revoked by the region, and the 鄂尔多斯 base upgraded to a
workstation with its postdoc's 补齐设站相关待遇 checklist half done."""

from datetime import date, timedelta

from django.utils import timezone

from postdoc_base.establishment.models import Round
from postdoc_base.oversight.models import FilingSequence, PracticeBase
from postdoc_base.oversight.revocations import services as revocations
from postdoc_base.oversight.revocations.sweeps import empty_base_sweep
from postdoc_base.oversight.upgrades import services as upgrades
from postdoc_base.oversight.upgrades.models import TreatmentChecklist
from postdoc_base.policy.establishment.procedure import filing_number

from . import (
    oversight_duties,
    oversight_evaluations,
    oversight_funding,
    oversight_inspections,
    oversight_positions,
)

FILED_2024 = date(2024, 11, 20)


def _file_the_2024_round_in_2024() -> None:
    """The filing service stamps the day it runs; the demo's 2024 round was filed on 20 November 2024, so its
    bases take that day, their 2024 numbers and the year's sequence (demo data only)."""
    bases = list(
        PracticeBase.objects.filter(application__round__in=Round.objects.filter(year=2024)).order_by(
            "filing_serial"
        )
    )
    for serial, base in enumerate(bases, start=1):
        PracticeBase.objects.filter(pk=base.pk).update(
            filed_on=FILED_2024, filing_year=FILED_2024.year, filing_serial=serial,
            filing_number=filing_number(FILED_2024.year, serial),
        )  # fmt: skip
    moved_from = {b.filing_year for b in bases}
    FilingSequence.objects.update_or_create(year=FILED_2024.year, defaults={"last_number": len(bases)})
    for year in moved_from - {FILED_2024.year}:
        left = PracticeBase.objects.filter(filing_year=year).order_by("-filing_serial")
        FilingSequence.objects.filter(year=year).update(
            last_number=left.values_list("filing_serial", flat=True).first() or 0
        )


def _art24(region, units, unit_admins) -> None:
    today = timezone.localdate()
    cases = {c.base.unit_id: c for c in empty_base_sweep()}
    revoked = cases[units["cokechem"].pk]
    revocations.revocation_decide(
        actor=region, case=revoked, revoked_on=today, document_number=f"内人社发〔{today.year}〕86号",
        comment="基地备案后连续2年无在站博士后研究人员，依第二十四条取消备案。",
    )  # fmt: skip
    cashmere = PracticeBase.objects.get(unit=units["cashmere"])
    upgrades.workstation_approval_record(
        actor=region, base=cashmere, approved_on=today - timedelta(days=20),
        document_number=f"人社部函〔{today.year}〕118号", approver="人力资源社会保障部、全国博士后管委会",
    )  # fmt: skip
    admin = unit_admins["cashmere"]
    for item in TreatmentChecklist.objects.get(approval__base=cashmere).items.order_by("position")[:2]:
        upgrades.treatment_item_record(
            actor=admin, item=item, done_on=today - timedelta(days=5), note="已按工作站标准落实。"
        )


def load(region, units, unit_admins) -> None:
    _file_the_2024_round_in_2024()
    oversight_duties.load()
    oversight_funding.load()
    oversight_inspections.load()
    oversight_positions.load()
    _art24(region, units, unit_admins)
    oversight_evaluations.load()  # of the bases still filed
