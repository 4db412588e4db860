"""Set-up for appointments (进基地, Arts. 13-15): a base, a partner station, a postdoc and two supervisors."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from postdoc_base.policy.tenure import AgreementClause, Party
from postdoc_base.tenure.recruitment.enums import AgreementState
from postdoc_base.tenure.stay.enums import AppointmentState
from postdoc_base.tenure.stay.models import Appointment

from . import PDF_BYTES
from .people import make_postdoc, make_supervisor
from .tenure import make_agreement


def pdf(name: str = "agreement.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def partner(base, station):
    """An active cooperation agreement between ``base`` and ``station`` (Art. 8)."""
    return make_agreement(base, station, state=AgreementState.ACTIVE)


def station_supervisor(base, station, **kwargs):
    fields = {"name": "李教授", "title": "教授", "employer": station.university, "side": "station", **kwargs}
    return make_supervisor(base, station=station, **fields)


def base_supervisor(base, **kwargs):
    return make_supervisor(base, **{"name": "王工", "side": "base", **kwargs})


def make_appointment(base, station, postdoc=None, state: str = AppointmentState.DRAFTED, complete=False,
                     **kwargs) -> Appointment:  # fmt: skip
    """An appointment row set up directly (no workflow); ``complete`` fills the agreement and supervisors."""
    fields = {"contract_type": "labour_contract", **kwargs}
    if complete:
        fields.setdefault("clauses_confirmed", list(AgreementClause.values))
        fields.setdefault("signed_by", list(Party.values))
        fields.setdefault("document", pdf())
        # Made only when not given (``setdefault`` would make them anyway: stray supervisor rows).
        if "station_supervisor" not in fields:
            fields["station_supervisor"] = station_supervisor(base, station)
        if "base_supervisor" not in fields:
            fields["base_supervisor"] = base_supervisor(base)
    if state in (AppointmentState.ENTERED, AppointmentState.FILING_SUBMITTED, AppointmentState.IN_BASE):
        fields.setdefault("entry_date", date(2026, 1, 31))
    return Appointment.objects.create(
        postdoc=postdoc or make_postdoc(base), base=base, station=station, state=state, **fields
    )
