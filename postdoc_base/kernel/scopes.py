"""Which bureau (盟市) an obligation's owner sits in, by scope kind (``accounts.enums.ScopeKind``).

The deadline desk reads it: a bureau's dashboard shows what is owed in its bases, the region's counts items
per bureau, and an overdue item escalates to its owner's bureau. The apps that own the scope objects register
how to reach the bureau from them (directory: a unit's ``bureau``; tenure: a postdoc's or a supervisor's base's
unit), as the review module learns its purposes: the kernel imports none of them. A bureau scope is its own
bureau; the region, competent departments, mobile stations and experts sit in none (their overdue items
escalate to the region directly)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, F, Model, OuterRef, Q, Subquery, Value, When

from postdoc_base.accounts.enums import ScopeKind


@dataclass(frozen=True)
class ScopeBureau:
    kind: str  # a ScopeKind value
    model: type[Model]
    bureau_path: (
        str  # the lookup from the scope object to its bureau's id: "bureau_id", "base__unit__bureau_id"
    )


SCOPE_BUREAUS: dict[str, ScopeBureau] = {}


def register_scope_bureau(kind: str, model: type[Model], bureau_path: str) -> None:
    ScopeKind(kind)  # a kind the role-scope map does not know is a programming error
    entry = ScopeBureau(kind, model, bureau_path)
    if SCOPE_BUREAUS.get(kind, entry) != entry:
        raise ValueError(f"scope kind {kind!r} is registered twice")
    SCOPE_BUREAUS[kind] = entry


def in_bureaus(bureau_ids: Iterable[int]) -> Q:
    """Obligations owed within the bureaus ``bureau_ids`` (by the bureau itself or by a scope object in it):
    one condition with a semi-join per registered kind."""
    ids = list(bureau_ids)
    match = Q(scope_kind=ScopeKind.BUREAU, scope_id__in=ids)
    for entry in SCOPE_BUREAUS.values():
        inside = entry.model._default_manager.filter(**{f"{entry.bureau_path}__in": ids}).values("pk")
        match |= Q(scope_kind=entry.kind, scope_id__in=inside)
    return match


def bureau_of_scope() -> Case:
    """An annotation: the bureau id of an obligation's scope, or None (region, department, station, expert)."""
    whens = [When(scope_kind=ScopeKind.BUREAU, then=F("scope_id"))]
    for entry in SCOPE_BUREAUS.values():
        bureau = entry.model._default_manager.filter(pk=OuterRef("scope_id")).values(entry.bureau_path)[:1]
        whens.append(When(scope_kind=entry.kind, then=Subquery(bureau)))
    return Case(*whens, default=Value(None), output_field=BigIntegerField())


def bureaus_of(scopes: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int], int | None]:
    """``{(scope kind, scope id): bureau id}`` for many scopes: one query per registered kind present."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind, scope_id in scopes:
        if scope_id is not None:
            wanted[kind].add(scope_id)
    found: dict[tuple[str, int], int | None] = {}
    for kind, ids in wanted.items():
        if kind == ScopeKind.BUREAU:
            found.update({(kind, i): i for i in ids})
        elif (entry := SCOPE_BUREAUS.get(kind)) is not None:
            rows = entry.model._default_manager.filter(pk__in=ids).values_list("pk", entry.bureau_path)
            found.update({(kind, pk): bureau for pk, bureau in rows})
    return found
