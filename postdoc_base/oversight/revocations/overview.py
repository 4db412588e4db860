"""The overview's Art. 24 column: the state of the base's latest revocation case, if any."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART24

from ..overview import Column, register_column
from .models import RevocationCase


def _latest_case(bases: list) -> dict:
    cases = RevocationCase.objects.filter(base__in=[b.pk for b in bases]).order_by(
        "base_id", "-created_at", "-id"
    )
    latest: dict = {}
    for case in cases.only("pk", "base_id", "state"):
        latest.setdefault(case.base_id, case.get_state_display())
    return latest


REVOCATION_COLUMN = register_column(Column("revocation", _("取消备案案件"), ART24, _latest_case, order=40))
