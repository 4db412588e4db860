"""Writes of funding records (Art. 19): record, correct, delete; each by the party that records the source
(``permissions.funding_recorder``, from the policy's table), each in one transaction with its audit event and
field diff. Records, not cases: there is no workflow and no state."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.articles import ART19
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight.funding import (
    FUNDING_SOURCES,
    funding_findings,
    funding_year_finding,
    parse_amount,
)

from ..models import PracticeBase
from .models import FundingRecord
from .permissions import funding_recorder, funding_refusal, party_assignments

CENT = Decimal("0.01")
FIELDS = ("year", "source", "amount", "purpose", "note", "policy_title", "policy_number", "appointment_id")


def snapshot(record: FundingRecord) -> dict:
    return {name: getattr(record, name) for name in FIELDS}


def _not_permitted(message=None) -> TransitionRefused:
    return TransitionRefused(
        [Finding(False, "kernel.not_permitted", ART19, message or _("您没有记录该基地经费的权限。"))]
    )


def _recorder(actor, base, source):
    """The actor's assignment for ``source`` on ``base``; refused with who records it otherwise. An unknown
    source is the form's error (``_clean``), if the actor records anything on this base at all."""
    if source not in FUNDING_SOURCES:
        if not party_assignments(actor, base):
            raise _not_permitted()
        return None
    assignment = funding_recorder(actor, base, source)
    if assignment is None:
        refusal = funding_refusal(actor, base, source)
        raise TransitionRefused([refusal]) if refusal else _not_permitted()
    return assignment


def _clean(base, data: dict) -> dict:
    """The record's fields checked (Art. 19 findings as field errors); every problem reported at once."""
    errors: dict[str, list] = {}
    try:
        year = int(data["year"])
    except (TypeError, ValueError):
        year = None
    year_finding = funding_year_finding(year, base.filing_year, timezone.localdate().year)
    if not year_finding.ok:
        errors["year"] = [year_finding.message]
    for finding in funding_findings(
        data["source"], data["amount"], data["policy_title"], data["policy_number"]
    ):
        if not finding.ok:
            errors.setdefault(finding.code.split(".")[1], []).append(finding.message)
    purpose = (data["purpose"] or "").strip()
    if not purpose:
        errors["purpose"] = [_("请填写用途。")]
    appointment = data.get("appointment")
    if appointment is not None and appointment.base_id != base.pk:
        errors["appointment"] = [_("所选博士后研究人员不在该基地。")]
    if errors:
        raise ValidationError(errors)
    needs_document = FUNDING_SOURCES[data["source"]].needs_policy_document
    return {
        "year": year,
        "source": data["source"],
        "amount": parse_amount(data["amount"]).quantize(CENT),
        "purpose": purpose,
        "note": (data["note"] or "").strip(),
        # The unit's own money is granted under no policy: a title typed anyway is not kept.
        "policy_title": (data["policy_title"] or "").strip() if needs_document else "",
        "policy_number": (data["policy_number"] or "").strip() if needs_document else "",
        "appointment_id": appointment.pk if appointment is not None else None,
    }


def funding_record_create(*, actor, base: PracticeBase, year, source: str, amount, purpose: str, note: str = "",
                          policy_title: str = "", policy_number: str = "", appointment=None) -> FundingRecord:  # fmt: skip
    """第十九条: the party that pays ``source`` records a sum for ``base`` in ``year`` (for one of its postdocs
    when ``appointment`` is given): the unit its investment, the league/city bureau its subsidy, the region
    its subsidy; a subsidy names its policy document."""
    assignment = _recorder(actor, base, source)
    data = _clean(base, {"year": year, "source": source, "amount": amount, "purpose": purpose, "note": note,
                         "policy_title": policy_title, "policy_number": policy_number, "appointment": appointment})  # fmt: skip
    with transaction.atomic():
        record = FundingRecord.objects.create(base=base, **data)
        audit.record(actor=actor, subject=record, action="create", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(record)))  # fmt: skip
    return record


def funding_record_update(*, actor, record: FundingRecord, **fields) -> FundingRecord:
    """第十九条: whoever records the record's source corrects it (and, changing the source, must record the new
    one too). Fields left out keep their values; ``appointment`` None unlinks the postdoc."""
    base = record.base
    _recorder(actor, base, record.source)
    assignment = _recorder(actor, base, fields.get("source", record.source))
    current = {name: getattr(record, name) for name in FIELDS if name != "appointment_id"}
    current["appointment"] = record.appointment
    data = _clean(base, {**current, **fields})
    with transaction.atomic():
        locked = FundingRecord.objects.select_for_update().get(pk=record.pk)
        _recorder(actor, base, locked.source)  # changed meanwhile by someone else
        before = snapshot(locked)
        for name, value in data.items():
            setattr(locked, name, value)
        locked.save()
        diff = audit.field_diff(before, snapshot(locked))
        if diff:
            audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                         scope=assignment.scope_label, diff=diff)  # fmt: skip
    return locked


def funding_record_delete(*, actor, record: FundingRecord) -> None:
    """第十九条: whoever records the record's source deletes it (a sum recorded in error); the audit event keeps
    what it said."""
    with transaction.atomic():
        locked = (
            FundingRecord.objects.select_for_update(of=("self",))
            .select_related("base__unit__bureau")
            .get(pk=record.pk)
        )
        assignment = _recorder(actor, locked.base, locked.source)
        audit.record(actor=actor, subject=locked, action="delete", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(snapshot(locked), {}))  # fmt: skip
        locked.delete()
