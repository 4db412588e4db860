"""The overview's Art. 25 column: the last period the base completed a self-inspection for."""

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART25

from ..overview import Column, register_column
from .enums import InspectionState
from .models import SelfInspection


def _last_year(bases: list) -> dict:
    rows = (
        SelfInspection.objects.filter(base__in=[b.pk for b in bases], state=InspectionState.CLOSED)
        .values_list("base_id")
        .annotate(year=Max("year"))
        .order_by()
    )
    return {base_id: _("%(year)d年") % {"year": year} for base_id, year in rows}


INSPECTION_COLUMN = register_column(Column("inspection", _("最近完成自查"), ART25, _last_year, order=50))
