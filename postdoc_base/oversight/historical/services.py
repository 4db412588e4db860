"""The write of a historical filing (历史备案基地): a base the region filed on paper before the system (Art. 11(3)
予以备案，并发文公布), recorded from its filing notice into the register as a filed (active) base, with one audited
creation through the base workflow's row ``record_historical``."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.directory.models import Unit
from postdoc_base.establishment.notices import BASE_NAME_SUFFIX
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.articles import ART11_3
from postdoc_base.policy.establishment import check_still_no_station
from postdoc_base.policy.establishment.procedure import (
    check_historical_filing,
    normalize_filing_number,
    parse_filing_number,
)
from postdoc_base.policy.findings import Finding, failures, lazy_format

from ..models import FilingSequence, PracticeBase
from ..workflow import base_workflow

# Which field of the record each finding of ``check_historical_filing`` is about (the import marks that cell).
_FINDING_FIELDS = {
    "art11.3.historical_in_future": "filed_on",
    "art11.3.historical_too_early": "filed_on",
    "art11.3.historical_year_mismatch": "filing_number",
    "art11.3.historical_bad_notice": "notice_number",
    "art11.3.historical_notice_before_filing": "notice_number",
}


def _field_limit(name: str) -> int:
    return PracticeBase._meta.get_field(name).max_length


def _shape_errors(unit, name: str, number: str, filed_on, notice_number: str) -> dict[str, list]:
    errors: dict[str, list] = {}
    if unit is None:
        errors["unit"] = [_("请选择设站单位。")]
    if not number:
        errors["filing_number"] = [_("请填写备案号。")]
    if not isinstance(filed_on, date):
        errors["filed_on"] = [_("请填写备案日期。")]
    if not notice_number:
        errors["notice_number"] = [_("请填写备案通知文号。")]
    for field, value in (("name", name), ("filing_number", number), ("notice_number", notice_number)):
        if len(value) > _field_limit(field):
            errors.setdefault(field, []).append(
                lazy_format(_("不能超过%(limit)s个字。"), limit=_field_limit(field))
            )
    return errors


def _register_errors(unit: Unit, number: str) -> dict[str, list]:
    """What the register already holds against this filing: the unit's base, the unit's station (Arts. 2, 24),
    the number (read under the unit's lock, so two recordings of one unit cannot both pass)."""
    errors: dict[str, list] = {}
    # Any base, not only an active one: the import records a base as still filed, and a unit whose base the
    # register already holds (filed, revoked or cancelled) has its history there; a second record would repeat
    # it or contradict it.
    held = PracticeBase.objects.filter(unit=unit).order_by("-filed_on").first()
    if held is not None:
        errors["unit"] = [
            lazy_format(
                _(
                    "单位“%(unit)s”已有博士后创新实践基地（备案号%(number)s，%(state)s），不能再登记历史备案基地。"
                ),
                unit=unit.name,
                number=held.filing_number,
                state=held.get_state_display(),
            )
        ]
    station = failures(check_still_no_station(unit.facts(), unit.name))
    if station:
        errors.setdefault("unit", []).extend(f.message for f in station)
    same = PracticeBase.objects.filter(filing_number=number).first()
    if same is not None:
        errors["filing_number"] = [
            lazy_format(_("备案号“%(number)s”已被基地“%(base)s”使用。"), number=number, base=same.name)
        ]
    elif (parsed := parse_filing_number(number)) is not None:
        year, serial = parsed
        taken = PracticeBase.objects.filter(filing_year=year, filing_serial=serial).first()
        if taken is not None:
            errors["filing_number"] = [
                lazy_format(
                    _(
                        "%(year)d年第%(serial)d号备案序号已由基地“%(base)s”（备案号%(other)s）占用，请核对备案号。"
                    ),
                    year=year,
                    serial=serial,
                    base=taken.name,
                    other=taken.filing_number,
                )
            ]
    return errors


def historical_base_file(
    *, actor, unit: Unit | None, filing_number: str, filed_on: date | None, notice_number: str, name: str = ""
) -> PracticeBase:
    """第十一条第（三）项 / Art. 11(3): record a base the region filed on paper before the system, from its notice.

    Only the region administrator (Art. 5: the region files bases). Refused (``ValidationError`` by field, in
    Chinese, nothing written) when the facts disagree (``policy…check_historical_filing``: the date not in the
    future nor before 2011, a system-format number of another year, the notice's number), when the unit already
    has a base in the register or has a postdoc station (Arts. 2, 24: ``check_still_no_station``, as filing in
    the system checks), or when the number is taken. A number in the system's format (蒙博基备〔YYYY〕NNN号) keeps its
    year and serial and the year's sequence moves up to it; any other number is kept as written and the base
    takes the year's next serial. ``name`` defaults to the unit's name with the filing's suffix.
    """
    assignment = region_admin_assignment(actor)
    if assignment is None:
        raise TransitionRefused(
            [
                Finding(
                    False,
                    "kernel.not_permitted",
                    ART11_3,
                    _("只有自治区人力资源和社会保障厅可以登记历史备案基地。"),
                )
            ]
        )
    number = normalize_filing_number(filing_number)
    notice_number = (notice_number or "").strip()
    name = (name or "").strip()
    if not name and unit is not None:
        name = f"{unit.name}{BASE_NAME_SUFFIX}"
    errors = _shape_errors(unit, name, number, filed_on, notice_number)
    if errors:
        raise ValidationError(errors)
    for finding in check_historical_filing(filed_on, number, notice_number, timezone.localdate()):
        errors.setdefault(_FINDING_FIELDS[finding.code], []).append(finding.message)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        for field, messages in _register_errors(locked, number).items():
            errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        parsed = parse_filing_number(number)
        if parsed is not None:
            year, serial = parsed
            FilingSequence.claim(year, serial)
        else:
            year, serial = filed_on.year, FilingSequence.next_serial(filed_on.year)
        try:
            with transaction.atomic():  # a concurrent recording of the same number: a refusal, not a 500
                base = PracticeBase.objects.create(
                    unit=locked, application=None, name=name, filing_number=number, filing_year=year,
                    filing_serial=serial, filed_on=filed_on, notice_number=notice_number,
                    recorded_on=timezone.localdate(),
                )  # fmt: skip
        except IntegrityError:  # the number, or its year's serial, was taken meanwhile
            raise ValidationError(
                {
                    "filing_number": [
                        lazy_format(
                            _("备案号“%(number)s”或其年度序号已被其他基地使用，请核对后重试。"), number=number
                        )
                    ]
                }
            ) from None
        base_workflow.created(base, "record_historical", actor=actor, assignment=assignment)
    return base
