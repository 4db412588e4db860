"""Excel exports of the tenure lists: postdocs, supervisors, appointments, dispatches and withdrawal cases.

Each export is its list page as a sheet: the same ``*_visible_to`` selector (who sees what), the same filters
read from the same query string (so the page's "导出Excel" link carries them), the model's ordering, and
no personal data beyond the page: the ID number only masked (Postdoc.masked_id; the birth date it hides is
not exported either), no contact data. The selectors select_related what the columns read, so an export is
a constant number of queries whatever its length. Anonymous users are sent to log in, as on the pages; a
signed-in user without scope gets the header row only, as the page shows an empty list.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.exports import xlsx_response
from postdoc_base.web.pages import int_param

from .enums import AppointmentState, DispatchState, WithdrawalState
from .selectors import (
    appointments_visible_to,
    dispatches_visible_to,
    filter_appointments,
    postdocs_visible_to,
    search_people,
    supervisors_visible_to,
    withdrawals_visible_to,
)


def _yes_no(value: bool) -> str:
    return gettext("是") if value else gettext("否")


def _station(station) -> str:
    return f"{station.university} {station.discipline}" if station else ""


def _state(request, states) -> str:
    """``?state=`` as the list pages read it: unknown values are ignored."""
    state = request.GET.get("state") or ""
    return state if state in states.values else ""


POSTDOC_COLUMNS = (
    (_("姓名"), lambda p: p.name),
    (_("性别"), lambda p: p.get_gender_display()),
    (_("证件类型"), lambda p: p.get_id_type_display()),
    (_("证件号码"), lambda p: p.masked_id),
    (_("国籍"), lambda p: p.nationality),
    (_("博士毕业院校"), lambda p: p.phd_institution),
    (_("博士学科"), lambda p: p.phd_discipline),
    (_("博士学位授予日期"), lambda p: p.degree_date),
    (_("在站方式"), lambda p: p.get_study_mode_display()),
    (_("录入基地"), lambda p: p.base.name),
)

SUPERVISOR_COLUMNS = (
    (_("姓名"), lambda s: s.name),
    (_("职称"), lambda s: s.title),
    (_("工作单位"), lambda s: s.employer),
    (_("导师类别"), lambda s: s.get_side_display()),
    (_("博士后科研流动站"), lambda s: _station(s.station)),
    (_("录入基地"), lambda s: s.base.name),
    (_("有效"), lambda s: _yes_no(s.active)),
)

APPOINTMENT_COLUMNS = (
    (_("博士后研究人员"), lambda a: a.postdoc.name),
    (_("证件号码"), lambda a: a.postdoc.masked_id),
    (_("基地"), lambda a: a.base.name),
    (_("合作流动站"), lambda a: _station(a.station)),
    (_("合同类型"), lambda a: a.get_contract_type_display()),
    (_("在基地期限（月）"), lambda a: a.term_months),
    (_("已延期（月）"), lambda a: a.extended_months),
    (_("进基地日期"), lambda a: a.entry_date),
    (_("期满日期"), lambda a: a.term_ends_on),
    (_("进站备案截止日期"), lambda a: a.entry_filing_due),
    (_("进站备案日期"), lambda a: a.entry_filed_on),
    (_("逾期备案"), lambda a: _yes_no(a.entry_filing_late)),
    (_("状态"), lambda a: a.get_state_display()),
    (_("出基地日期"), lambda a: a.exit_date),
    (_("出基地去向"), lambda a: a.get_destination_display()),
)

DISPATCH_COLUMNS = (
    (_("博士后研究人员"), lambda d: d.appointment.postdoc.name),
    (_("基地"), lambda d: d.appointment.base.name),
    (_("派出地域"), lambda d: d.get_destination_display()),
    (_("派出事由"), lambda d: d.get_purpose_display()),
    (_("派往单位或地点"), lambda d: d.place),
    (_("计划派出日期"), lambda d: d.planned_start),
    (_("计划返回日期"), lambda d: d.planned_return),
    (_("实际返回日期"), lambda d: d.returned_on),
    (_("状态"), lambda d: d.get_state_display()),
)

# The facts and evidence stay on the case page: they may carry personal details the list never shows.
WITHDRAWAL_COLUMNS = (
    (_("博士后研究人员"), lambda c: c.appointment.postdoc.name),
    (_("基地"), lambda c: c.appointment.base.name),
    (_("合作流动站"), lambda c: _station(c.appointment.station)),
    (_("退出事由"), lambda c: f"{c.article}：{c.get_reason_display()}"),
    (_("提出日期"), lambda c: timezone.localdate(c.created_at)),  # Excel takes no time zones
    (_("状态"), lambda c: c.get_state_display()),
    (_("决定依据"), lambda c: c.decision_article),
    (_("决定日期"), lambda c: c.decided_on),
)


@login_required
def postdoc_export(request):
    """The postdoc list (Art. 13) as .xlsx, filtered by ``?q=`` (name) like the page."""
    qs = search_people(postdocs_visible_to(request.user), request.GET.get("q", "").strip())
    return xlsx_response(qs, POSTDOC_COLUMNS, sheet=_("博士后研究人员"), filename_prefix="postdocs")


@login_required
def supervisor_export(request):
    """The supervisor list (Art. 15) as .xlsx, filtered by ``?q=`` (name) like the page."""
    qs = search_people(supervisors_visible_to(request.user), request.GET.get("q", "").strip())
    return xlsx_response(qs, SUPERVISOR_COLUMNS, sheet=_("合作导师"), filename_prefix="supervisors")


@login_required
def appointment_export(request):
    """The appointment list (进基地, Arts. 13-15) as .xlsx, filtered by ``?state=`` and ``?base=``."""
    qs = filter_appointments(
        appointments_visible_to(request.user),
        state=_state(request, AppointmentState),
        base_id=int_param(request.GET.get("base")),
    )
    return xlsx_response(qs, APPOINTMENT_COLUMNS, sheet=_("进基地"), filename_prefix="appointments")


@login_required
def dispatch_export(request):
    """The dispatch list (派出, Art. 16) as .xlsx, filtered by ``?state=``."""
    qs = dispatches_visible_to(request.user)
    if state := _state(request, DispatchState):
        qs = qs.filter(state=state)
    return xlsx_response(qs, DISPATCH_COLUMNS, sheet=_("派出"), filename_prefix="dispatches")


@login_required
def withdrawal_export(request):
    """The withdrawal case list (退出基地, Art. 23) as .xlsx, filtered by ``?state=``."""
    qs = withdrawals_visible_to(request.user)
    if state := _state(request, WithdrawalState):
        qs = qs.filter(state=state)
    return xlsx_response(qs, WITHDRAWAL_COLUMNS, sheet=_("退出基地案件"), filename_prefix="withdrawals")
