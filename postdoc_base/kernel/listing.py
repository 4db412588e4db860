"""What each paged list reads (issue 10): every list page and list API declares, next to its selector, the
model it lists, its default ordering, the query parameters it filters on and the columns its viewers' scopes
read. The list code orders and filters through its declaration, and ``tests/test_list_indexes.py`` reads the
same declarations and checks the live schema has an index for each:

- ``ordering`` (by default the model's ``Meta.ordering``, which the list then gets from Django): an index on
  (``where``..., ordering...), so the first page is read in order and the scan stops after a page. An
  ordering through a relation (``panel__due_on``) needs the foreign key and the related column indexed;
- each of ``filters`` (``?param=value``, equality) on a column of the list's table, and each of ``scopes``
  (what a bureau's or a base's viewer is limited to: many rows each): an index on (``where``..., column,
  ordering...), the same first page among the matching rows. A scope through a relation (``base__unit_id``)
  puts the first foreign key in the column's place and needs each further hop indexed;
- ``joins``, and filters through a relation: lookups that leave a handful of rows per value (a person's own,
  an appointment's outputs) or that a join checks against the page read in order (the base is active, the
  bureau of the unit): an index leading with each hop's column;
- ``unindexed``: parameters no B-tree index can serve, each with the reason (a substring search, a condition
  computed over several columns).

A tuple in ``scopes`` or ``joins`` is one condition on several columns of the same table (any order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.db.models import Model, QuerySet

SEARCH = "substring search (icontains): a B-tree index cannot serve a leading wildcard"

_LISTS: dict[str, ListSpec] = {}


@dataclass(frozen=True)
class ListSpec:
    name: str
    model: type[Model]
    ordering: tuple[str, ...]
    filters: Mapping[str, str] = field(default_factory=dict)
    where: tuple[str, ...] = ()
    scopes: tuple[str | tuple[str, ...], ...] = ()
    joins: tuple[str | tuple[str, ...], ...] = ()
    unindexed: Mapping[str, str] = field(default_factory=dict)
    pages: tuple[str, ...] = ()  # URL names ("tenure:appointment_list")
    apis: tuple[str, ...] = ()  # API operation ids (the handlers' names, "appointment_list")

    def order(self, qs: QuerySet) -> QuerySet:
        return qs.order_by(*self.ordering)

    def filter(self, qs: QuerySet, **values) -> QuerySet:
        """``qs`` with each given value of a declared filter. ``None``, ``""`` and ``0`` (never an id or a
        year) mean "not filtered"; ``False`` is a value. An undeclared parameter is a programming error."""
        for param, value in values.items():
            lookup = self.filters[param]
            if isinstance(value, bool) or value not in (None, "", 0):
                qs = qs.filter(**{lookup: value})
        return qs


def declare(
    name: str,
    model: type[Model],
    *,
    ordering: tuple[str, ...] | None = None,
    filters: Mapping[str, str] | None = None,
    where: tuple[str, ...] = (),
    scopes: tuple = (),
    joins: tuple = (),
    unindexed: Mapping[str, str] | None = None,
    pages: tuple[str, ...] = (),
    apis: tuple[str, ...] = (),
) -> ListSpec:
    """Declare one list (once, at import of its selectors) and return its spec."""
    if name in _LISTS:
        raise ValueError(f"list {name!r} is declared twice")
    spec = ListSpec(
        name=name,
        model=model,
        ordering=tuple(model._meta.ordering if ordering is None else ordering),
        filters=MappingProxyType(dict(filters or {})),
        where=where,
        scopes=scopes,
        joins=joins,
        unindexed=MappingProxyType(dict(unindexed or {})),
        pages=pages,
        apis=apis,
    )
    _LISTS[name] = spec
    return spec


def declared_lists() -> tuple[ListSpec, ...]:
    """Every declared list (the modules that declare them are imported by the URL configuration and the API)."""
    return tuple(_LISTS.values())
