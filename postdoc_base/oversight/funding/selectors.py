"""Reads of funding records (Art. 19): scoped as the base file (the region all; a bureau its bases'; a unit
its own bases'), the list's filters, and the totals per base, per bureau and per year, each one aggregate
query over the same scoped, filtered rows."""

from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import SEARCH, declare
from postdoc_base.policy.oversight.funding import FundingSource

from .models import FundingRecord

# The list (kernel.listing), ordered as the model's Meta.ordering: newest year first.
FUNDING_LIST = declare(
    "funding", FundingRecord,
    filters={"year": "year", "source": "source", "base": "base_id", "bureau": "base__unit__bureau_id"},
    scopes=("base__unit__bureau_id", "base__unit_id"),
    unindexed={"q": SEARCH},
    pages=("oversight:funding_list",), apis=("funding_list",),
)  # fmt: skip


def funding_visible_to(user) -> QuerySet[FundingRecord]:
    """The region every record; a bureau officer those of its units' bases; a unit administrator its bases'.
    (The same three scopes as the base file, ``oversight.selectors.base_files_visible_to``.)"""
    qs = FundingRecord.objects.select_related("base__unit__bureau", "appointment__postdoc")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
    )


def filter_funding(qs, *, year=None, bureau=None, source=None, base=None, q: str = "") -> QuerySet:
    """The list's filters; an unknown source is ignored, as on the other lists. ``q`` searches the base's and
    its unit's names and the filing number."""
    qs = FUNDING_LIST.filter(
        qs, year=year, bureau=bureau, base=base, source=source if source in FundingSource.values else None
    )
    if q:
        qs = qs.filter(
            Q(base__name__icontains=q)
            | Q(base__unit__name__icontains=q)
            | Q(base__filing_number__icontains=q)
        )
    return qs


_ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=2))


def _sums() -> dict:
    """Each source's sum and the total, 0 where there is none."""
    sums = {
        f"{source}_total": Coalesce(Sum("amount", filter=Q(source=source)), _ZERO)
        for source in FundingSource.values
    }
    return {**sums, "total": Coalesce(Sum("amount"), _ZERO)}


TOTAL_GROUPS = {
    # what the rows are grouped by -> (the columns of a row, their order)
    "base": (("base_id", "base__name", "base__filing_number", "base__unit__bureau__name"), ("base__name", "base_id")),
    "bureau": (("base__unit__bureau_id", "base__unit__bureau__name", "base__unit__bureau__order"),
               ("base__unit__bureau__order", "base__unit__bureau_id")),
    "year": (("year",), ("-year",)),
}  # fmt: skip


def funding_totals(qs: QuerySet, by: str) -> QuerySet:
    """The sums of ``qs`` (already scoped and filtered) grouped ``by`` base, bureau or year: one query, a dict
    per group with ``unit_total``, ``region_total``, ``league_city_total`` and ``total``."""
    columns, ordering = TOTAL_GROUPS[by]
    return qs.order_by().values(*columns).annotate(**_sums()).order_by(*ordering)


def base_funding(base) -> tuple[list[FundingRecord], list[dict]]:
    """A base's records, newest year first, and its totals per year (the base file's section): two queries."""
    qs = FundingRecord.objects.filter(base=base)
    records = list(qs.select_related("appointment__postdoc").order_by("-year", "source", "-id"))
    return records, list(funding_totals(qs, "year"))


def yuan_text(amount) -> str:
    """An amount as officials write it: thousands separated, two decimal places (120,000.00)."""
    return "—" if amount is None else f"{Decimal(amount):,.2f}"


def with_texts(rows) -> list[dict]:
    """Totals rows with each sum also written out (``<key>_text``) for the pages."""
    keys = [f"{s}_total" for s in FundingSource.values] + ["total"]
    return [{**row, **{f"{k}_text": yuan_text(row[k]) for k in keys}} for row in rows]
