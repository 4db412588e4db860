"""Excel exports of the postdoc (Art. 13) and supervisor (Art. 15) lists; the rules every export follows are
in ``tenure/sheets.py``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from postdoc_base.web.exports import xlsx_response

from ..sheets import _station, _yes_no
from .selectors import postdocs_visible_to, search_people, supervisors_visible_to

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
