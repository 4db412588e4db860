"""The bureau's and the region's overview of their bases (Art. 6: 盟市…具体指导、监督管理; Art. 5): one row per base
with its state and what each oversight feature says about it (an open revocation case, the last self-inspection,
the latest evaluation, overdue to-do items), one page of bases at a time.

Features register columns here, as they register base-file sections (``basefile``): a column reads its values
for all the page's bases in one query (``values(bases) -> {base id: value}``), so the page costs a fixed number
of queries however many rows it shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role, ScopeKind
from postdoc_base.kernel.models import Obligation, ObligationStatus


@dataclass(frozen=True)
class Column:
    key: str
    title: Any
    article: str
    values: Callable[[list], dict[int, Any]]  # the page's bases -> {base id: the cell}
    order: int = 100


COLUMNS: dict[str, Column] = {}


def register_column(column: Column) -> Column:
    if column.key in COLUMNS and COLUMNS[column.key] != column:
        raise ValueError(f"overview column {column.key!r} is registered twice")
    COLUMNS[column.key] = column
    return column


def columns() -> list[Column]:
    return sorted(COLUMNS.values(), key=lambda c: (c.order, c.key))


def rows_for(bases: list) -> list[dict]:
    """Each base with its cells, in the columns' order: one query per column."""
    ordered = columns()
    values = [column.values(bases) for column in ordered]
    return [{"base": b, "cells": [v.get(b.pk) for v in values]} for b in bases]


def _overdue_items(bases: list) -> dict[int, int]:
    """Open to-do items the base's unit owes that are past their due date (one grouped query)."""
    by_unit = {b.unit_id: b.pk for b in bases}
    counts = (
        Obligation.objects.filter(
            status=ObligationStatus.OPEN, responsible_role=Role.UNIT_ADMIN, scope_kind=ScopeKind.UNIT, scope_id__in=list(by_unit),
            due_on__lt=timezone.localdate(),
        )
        .values_list("scope_id")
        .annotate(n=Count("id"))
        .order_by()
    )  # fmt: skip
    found = {by_unit[unit_id]: n for unit_id, n in counts}
    return {b.pk: found.get(b.pk, 0) for b in bases}


register_column(Column("overdue", _("逾期待办"), "", _overdue_items, order=90))
