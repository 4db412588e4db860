"""The declared exports by name (filled by ``registry.xlsx_export``), what an export's rows may read of a
request, and whose rows an export holds (its scope, named in the file's title row and file name); shared by
the page views and the worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext

from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.web.exports import Column, Sheet


@dataclass(frozen=True)
class ExportRequest:
    """What an export's rows may read of the request: who asks and the list's query string. The page's
    own request is one; the worker builds one from the job."""

    user: Any
    GET: QueryDict


Rows = Callable[[Any], Any]  # (request or ExportRequest) -> the scoped, filtered queryset


@dataclass(frozen=True)
class ExportSpec:
    name: str
    # The columns, or a function of the request giving them (when a column needs something read once per
    # export, e.g. the salary schedule).
    columns: Sequence[Column] | Callable[[Any], Sequence[Column]]
    # The list's title: the sheet's, the title row's, the file's and the job's; translated when used.
    sheet: Any
    filename_prefix: str  # the ASCII stem of the file name sent to clients that cannot read the UTF-8 one
    rows: Rows

    def columns_for(self, request) -> Sequence[Column]:
        return self.columns(request) if callable(self.columns) else self.columns

    def sheets(self, request, rows) -> list[Sheet]:
        return [Sheet(self.sheet, self.columns_for(request), rows)]


def scope_label(user) -> str:
    """Whose rows the user's exports hold: 全区 for the region, else the names of the user's scopes (a
    bureau, a department, a unit...), as the lists scope them."""
    if region_admin_assignment(user) is not None:
        return gettext("全区")
    labels = dict.fromkeys(str(a.scope) for a in getattr(user, "assignments", ()) if a.scope is not None)
    return "、".join(labels)


EXPORTS: dict[str, ExportSpec] = {}


def export_spec(name: str) -> ExportSpec:
    """The export declared as ``name``. Exports are declared where their views are, so a process that has
    not loaded the URLconf yet (the worker) loads it first."""
    if name not in EXPORTS:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - importing every view module declares every export
    return EXPORTS[name]
