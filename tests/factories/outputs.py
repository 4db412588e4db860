"""Set-up for outputs (在站成果, Art. 17) and pay records (Arts. 9(5), 20)."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from postdoc_base.tenure.outputs.enums import OutputKind, OutputState
from postdoc_base.tenure.outputs.models import Output, PayRecord

from . import PDF_BYTES

# Valid fields for each kind, as the postdoc would enter them (the appointment factory enters on 2026-01-31).
KIND_FIELDS: dict[str, dict] = {
    OutputKind.PATENT: {"title": "一种乳酸菌发酵装置", "reference": "ZL202610000001.X"},
    OutputKind.INVENTION: {"title": "低温发酵控制方法"},
    OutputKind.PAPER: {"title": "乳酸菌代谢研究", "reference": "食品科学, 2026(3)"},
    OutputKind.STANDARD: {"title": "发酵乳生产规范", "level": "provincial"},
    OutputKind.PROJECT: {"title": "乳业关键技术攻关", "level": "provincial", "role": "led"},
    OutputKind.AWARD: {"title": "自治区科技进步奖", "level": "provincial"},
    OutputKind.TECH_TRANSFER: {"title": "发酵技术转让", "amount_yuan": 500000, "postdoc_share_yuan": 100000},
    OutputKind.ECONOMIC_BENEFIT: {"title": "新工艺投产", "amount_yuan": 3000000},
    OutputKind.NATIONAL_FUNDED: {"title": "博士后创新人才支持计划"},
    OutputKind.CPSF_GRANT: {"title": "中国博士后科学基金面上资助", "amount_yuan": 80000},
}


def output_fields(kind: str = OutputKind.PAPER, **kwargs) -> dict:
    return {"kind": kind, "occurred_on": date(2026, 6, 1), **KIND_FIELDS[kind], **kwargs}


def make_output(appointment, kind: str = OutputKind.PAPER, state: str = OutputState.SUBMITTED, **kwargs):
    """An output row set up directly (no service, no workflow), with an evidence file."""
    fields = output_fields(kind, **kwargs)
    fields.setdefault("evidence", ContentFile(PDF_BYTES, name="evidence.pdf"))
    fields.setdefault("evidence_name", "证明.pdf")
    fields.setdefault("evidence_type", "application/pdf")
    return Output.objects.create(appointment=appointment, state=state, **fields)


def make_pay(appointment, year: int = 2026, annual_pay_yuan: int = 150000, **kwargs) -> PayRecord:
    fields = {"same_level_pay_yuan": 140000, "social_insurance": True, **kwargs}
    return PayRecord.objects.create(
        appointment=appointment, year=year, annual_pay_yuan=annual_pay_yuan, **fields
    )
