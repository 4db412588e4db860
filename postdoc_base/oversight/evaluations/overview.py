"""The overview's evaluation column (Arts. 5, 6): the base's latest evaluation, as its grade (the final one
after a rectification) or, while under way, its state."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART5

from ..overview import Column, register_column
from .models import Evaluation


def _latest(bases: list) -> dict:
    rows = (
        Evaluation.objects.filter(base__in=[b.pk for b in bases])
        .select_related("campaign")
        .only("pk", "base_id", "state", "grade", "final_grade", "campaign__year", "campaign__name")
        .order_by("base_id", "-campaign__year", "-pk")
    )
    latest: dict = {}
    for e in rows:
        if e.base_id not in latest:
            result = e.get_final_grade_display() or e.get_grade_display() or e.get_state_display()
            latest[e.base_id] = f"{e.campaign.year}：{result}"
    return latest


EVALUATION_COLUMN = register_column(Column("evaluation", _("最近评估"), ART5, _latest, order=45))
