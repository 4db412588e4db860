"""The importers: one ``ImportSpec`` per kind of record, registered by name, so a kind is added without
touching the framework (``services``, ``workbooks``, the pages and the API).

A spec names its columns (the Chinese header, the form field it fills, its type, whether it is required, a
note for the template), its natural key (the columns that identify a record: a row whose key is already in
the database is reported as existing and skipped, so re-importing a file creates nothing new), the form that
checks a row's shape and the service that writes it. Rows are checked by exactly the form and the service
the pages use, so an imported row meets the same rules with the same messages.

A spec also says who may import it (``permission``, a django-rules predicate of the user: by default the region
administrator; a base's records are imported by the base's unit administrator, whom their services let write
them). What reading rows needs once per file (``context``: the LOOKUP tables, and for a base's kinds the base
itself) is built for the user who imports, so a unit administrator picks only among its own base's stations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from postdoc_base.accounts.permissions import is_region_admin, region_admin_assignment
from postdoc_base.policy.findings import lazy_format

# Column types: what a cell may hold and what the form receives.
TEXT, BOOL, CHOICE, LOOKUP, DATE, INT, DECIMAL = "text", "bool", "choice", "lookup", "date", "int", "decimal"
TYPE_LABELS = {
    TEXT: gettext_lazy("文本"),
    BOOL: gettext_lazy("是/否"),
    CHOICE: gettext_lazy("从下拉列表中选择"),
    LOOKUP: gettext_lazy("从下拉列表中选择"),
    DATE: gettext_lazy("日期，如 2026-01-31"),
    INT: gettext_lazy("整数"),
    DECIMAL: gettext_lazy("数字"),
}
YES, NO = gettext_lazy("是"), gettext_lazy("否")
_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


class CellError(Exception):
    """A cell whose value cannot be read as its column's type; the message says what was expected."""


@dataclass(frozen=True)
class Column:
    header: object  # the Chinese header (lazy)
    field: str  # the form field it fills
    type: str = TEXT
    required: bool = False
    note: object = ""
    # CHOICE: the (value, label) pairs; LOOKUP: a function giving {name: id} and the message for an unknown name
    # (a spec whose names depend on the user builds the table in its own ``context`` and leaves ``lookup`` out)
    choices: Callable[[], Iterable[tuple[str, object]]] | None = None
    lookup: Callable[[], dict[str, int]] | None = None
    unknown: object = ""
    default: object = None  # what an empty BOOL cell means

    @property
    def title(self) -> str:
        return str(self.header)

    def options(self, context: dict) -> list[str]:
        """The values a user may pick (the template's drop-down list); [] for free input."""
        if self.type == BOOL:
            return [str(YES), str(NO)]
        if self.type == CHOICE:
            return [str(label) for _value, label in self.choices()]
        if self.type == LOOKUP:
            return list(context[self.field])
        return []

    def parse(self, raw, context: dict):
        """The cell's value as the form takes it; ``None`` for an empty cell; ``CellError`` when unreadable."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return self.default if self.type == BOOL else None
        return PARSERS[self.type](self, raw, context)


def _text(raw) -> str:
    if isinstance(raw, bool):
        return str(YES) if raw else str(NO)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if not (raw.hour or raw.minute or raw.second) else raw.isoformat(" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()


def _parse_text(column, raw, context):
    return _text(raw)


def _parse_bool(column, raw, context):
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in {str(YES), "是", "yes", "true", "1", "y"}:
        return True
    if text in {str(NO), "否", "no", "false", "0", "n"}:
        return False
    raise CellError(_("应填写“是”或“否”，不能是“%(value)s”。") % {"value": _text(raw)})


def _parse_choice(column, raw, context):
    text = _text(raw)
    for value, label in column.choices():
        if text in (str(label), value):
            return value
    options = "、".join(str(label) for _value, label in column.choices())
    raise CellError(_("“%(value)s”不是可选的值，可选：%(options)s。") % {"value": text, "options": options})


def _parse_lookup(column, raw, context):
    text = _text(raw)
    found = context[column.field].get(text)
    if found is None:
        raise CellError(str(lazy_format(column.unknown, value=text)))
    return found


def _parse_date(column, raw, context):
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    match = _DATE_RE.match(_text(raw))
    if match:
        try:
            return date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            pass
    raise CellError(_("“%(value)s”不是有效的日期，应写成 2026-01-31 这样的日期。") % {"value": _text(raw)})


def _parse_int(column, raw, context):
    if isinstance(raw, bool):
        raise CellError(_("应填写整数，不能是“%(value)s”。") % {"value": _text(raw)})
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = _text(raw)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise CellError(_("应填写整数，不能是“%(value)s”。") % {"value": text})


def _parse_decimal(column, raw, context):
    if isinstance(raw, bool):
        raise CellError(_("应填写数字，不能是“%(value)s”。") % {"value": _text(raw)})
    if isinstance(raw, int | float):
        return str(Decimal(str(raw)))
    text = _text(raw).replace(",", "").replace("，", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise CellError(_("应填写数字，不能是“%(value)s”。") % {"value": _text(raw)})
    return str(value)


PARSERS = {
    TEXT: _parse_text, BOOL: _parse_bool, CHOICE: _parse_choice, LOOKUP: _parse_lookup, DATE: _parse_date,
    INT: _parse_int, DECIMAL: _parse_decimal,
}  # fmt: skip


@dataclass
class ImportSpec:
    """One kind of import. Subclasses give ``form`` (the page's form, bound to a row's values), ``save`` (the
    page's service, given the form's cleaned data and the row's parsed values, e.g. a record's parent that the
    page takes from its URL) and ``existing_keys`` (which natural keys the database already holds). A kind
    whose rows depend on the importing user (a base's records) overrides ``context``, ``write`` and
    ``existing_keys_for``, which are given what ``context`` built."""

    kind: str
    title: object  # e.g. 单位
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the fields of the natural key
    description: object = ""
    notes: tuple = field(default_factory=tuple)
    # Who may import this kind: a predicate of the user (the region's records by default).
    permission: Callable = is_region_admin
    # Whether the region administrator reads the reports of others' jobs of this kind (a base's imports: the
    # region oversees the bases, Art. 5); a region kind's job stays its uploader's.
    overseen_by_region: bool = False

    def may_import(self, user) -> bool:
        return bool(self.permission(user))

    def context(self, user) -> dict:
        """What reading rows needs once per file, for ``user`` (the uploader): the name -> id table of each
        LOOKUP column. Raises ``ValidationError`` (a Chinese message) when ``user`` cannot import now."""
        return {c.field: c.lookup() for c in self.columns if c.type == LOOKUP}

    def assignment(self, user, context: dict):
        """The role assignment under which ``user`` imports (named in the job's audit event), or None when the
        user no longer may."""
        return region_admin_assignment(user)

    def key_of(self, values: dict) -> tuple | None:
        """The row's natural key, normalised; None when a part is missing (the form then says it is required)."""
        parts = tuple(self.normalise_key_part(name, values.get(name)) for name in self.key)
        return None if any(p in (None, "") for p in parts) else parts

    def normalise_key_part(self, name: str, value):
        return value.strip() if isinstance(value, str) else value

    def key_label(self) -> str:
        by_field = {c.field: c.title for c in self.columns}
        return "、".join(by_field[name] for name in self.key)

    def form(self, values: dict, context: dict):  # pragma: no cover - every spec overrides
        raise NotImplementedError

    def save(self, *, actor, cleaned: dict, values: dict):  # pragma: no cover - every spec overrides
        raise NotImplementedError

    def write(self, *, actor, cleaned: dict, values: dict, context: dict):
        """Write one checked row through the page's service (inside the row's transaction)."""
        return self.save(actor=actor, cleaned=cleaned, values=values)

    def existing_keys(self, keys: set[tuple]) -> set[tuple]:  # pragma: no cover - every spec overrides
        raise NotImplementedError

    def existing_keys_for(self, keys: set[tuple], context: dict) -> set[tuple]:
        """Which of ``keys`` are already imported, for the file's ``context`` (one query per batch of keys)."""
        return self.existing_keys(keys)


IMPORTS: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    if spec.kind in IMPORTS:
        raise ValueError(f"import {spec.kind!r} registered twice")
    if spec.kind in ("jobs", "kinds"):
        raise ValueError(f"{spec.kind!r} is not a valid import kind (it is a path of the API)")
    IMPORTS[spec.kind] = spec
    return spec


def import_spec(kind: str) -> ImportSpec | None:
    return IMPORTS.get(kind)
