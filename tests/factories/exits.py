"""Set-up for term extensions (Art. 14), exits (Art. 18) and the Art. 22 title route: two bases in two
bureaus, each with a partner station, two postdocs of the first base, and one user per relation."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.tenure.outputs.enums import OutputState
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.stay.enums import AppointmentState, ExtensionState
from postdoc_base.tenure.stay.models import Appointment, TermExtension

from . import PDF_BYTES, ExpertFactory, StationFactory, bureau, user_with_role
from .appointments import base_supervisor, make_appointment, partner, station_supervisor
from .people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from .tenure import base_admin, make_base, station_contact

ENTRY = date(2026, 1, 31)
EXIT = date(2026, 11, 20)

ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station_same", "station_other",
         "postdoc_own", "postdoc_other", "supervisor_own", "expert"]  # fmt: skip
# Who sees the first postdoc's appointment and what hangs off it (the one appointment scope).
VISIBLE = {"region", "bureau_same", "base_same", "station_same", "postdoc_own", "supervisor_own"}


def make_exit_world() -> dict:
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(), StationFactory()
    partner(b1, st1), partner(b2, st2)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    return {
        "b1": b1, "b2": b2, "st1": st1, "st2": st2, "p1": p1, "p2": p2, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station_same": station_contact(st1), "station_other": station_contact(st2),
        "postdoc_own": postdoc_user(p1), "postdoc_other": postdoc_user(p2),
        "supervisor_own": supervisor_user(ssup), "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def appointment(w, state=AppointmentState.IN_BASE, postdoc=None, **kwargs) -> Appointment:
    """An appointment of base b1 with station st1, placed directly in ``state`` (entered on 2026-01-31)."""
    kwargs.setdefault("entry_date", ENTRY)
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"], **kwargs)  # fmt: skip


def with_materials(a: Appointment) -> Appointment:
    a.research_report = pdf("report.pdf")
    a.research_report_name, a.research_report_type = "研究报告.pdf", "application/pdf"
    a.work_summary = pdf("summary.pdf")
    a.work_summary_name, a.work_summary_type = "工作总结.pdf", "application/pdf"
    a.save()
    return a


def exited(w, destination="base_unit", postdoc=None, **kwargs) -> Appointment:
    """An appointment that exited normally on 2026-11-20 to ``destination``."""
    fields = {"exit_date": EXIT, "destination": destination, "destination_employer": "某单位", **kwargs}
    return appointment(w, AppointmentState.EXITED, postdoc=postdoc, **fields)


def extension(w, a=None, state=ExtensionState.REQUESTED, months=12, **kwargs) -> TermExtension:
    return TermExtension.objects.create(
        appointment=a or appointment(w), months=months, reason="项目需要", requested_by_role=Role.POSTDOC,
        state=state, **kwargs,
    )  # fmt: skip


def output(a, kind, occurred_on=date(2026, 6, 1), state=OutputState.CONFIRMED, **kwargs) -> Output:
    return Output.objects.create(appointment=a, kind=kind, title="成果", occurred_on=occurred_on, state=state,
                                 **kwargs)  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]
