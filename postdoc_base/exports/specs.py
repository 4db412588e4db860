"""The declared exports by name (filled by ``registry.xlsx_export``) and what an export's rows may read of
a request; shared by the page views and the worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from postdoc_base.web.exports import Column


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
    sheet: Any  # the sheet's (and the job's) title, translated when used
    filename_prefix: str
    rows: Rows

    def columns_for(self, request) -> Sequence[Column]:
        return self.columns(request) if callable(self.columns) else self.columns


EXPORTS: dict[str, ExportSpec] = {}


def export_spec(name: str) -> ExportSpec:
    """The export declared as ``name``. Exports are declared where their views are, so a process that has
    not loaded the URLconf yet (the worker) loads it first."""
    if name not in EXPORTS:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - importing every view module declares every export
    return EXPORTS[name]
