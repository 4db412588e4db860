"""Excel exports of the postdoc (Art. 13) and supervisor (Art. 15) lists; the rules every export follows are
in ``tenure/sheets.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label, narrowed
from postdoc_base.web.pages import text_param

from ..sheets import _station, _yes_no
from .selectors import postdocs_visible_to, search_people, supervisors_visible_to

POSTDOC_COLUMNS = (
    (_("姓名"), lambda p: p.name),
    (_("性别"), choice_label("gender")),
    (_("证件类型"), choice_label("id_type")),
    (_("证件号码"), lambda p: p.masked_id),
    (_("国籍"), lambda p: p.nationality),
    (_("博士毕业院校"), lambda p: p.phd_institution),
    (_("博士学科"), lambda p: p.phd_discipline),
    (_("博士学位授予日期"), lambda p: p.degree_date),
    (_("在站方式"), choice_label("study_mode")),
    (_("录入基地"), lambda p: p.base.name),
)


SUPERVISOR_COLUMNS = (
    (_("姓名"), lambda s: s.name),
    (_("职称"), lambda s: s.title),
    (_("工作单位"), lambda s: s.employer),
    (_("导师类别"), choice_label("side")),
    (_("博士后科研流动站"), lambda s: _station(s.station)),
    (_("录入基地"), lambda s: s.base.name),
    (_("有效"), lambda s: _yes_no(s.active)),
)


@xlsx_export("postdocs", columns=POSTDOC_COLUMNS, sheet=_("博士后研究人员"), filename_prefix="postdocs")
def postdoc_export(request):
    """The postdoc list (Art. 13) as .xlsx, filtered by ``?q=`` (name) like the page."""
    rows = search_people(postdocs_visible_to(request.user), text_param(request.GET.get("q")))
    return narrowed(rows, {"base": ("name",)})


@xlsx_export("supervisors", columns=SUPERVISOR_COLUMNS, sheet=_("合作导师"), filename_prefix="supervisors")
def supervisor_export(request):
    """The supervisor list (Art. 15) as .xlsx, filtered by ``?q=`` (name) like the page."""
    return search_people(supervisors_visible_to(request.user), text_param(request.GET.get("q")))
