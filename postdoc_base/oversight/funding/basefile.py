"""The base file's section "经费" (Art. 19): the base's funding records by year, with each year's totals per
source. Two queries however many records (``selectors.base_funding``)."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART19
from postdoc_base.policy.oversight.funding import FundingSource

from ..basefile import Section, register_section
from .permissions import funding_recorder, sources_for
from .selectors import base_funding, with_texts, yuan_text


def funding_context(base, user) -> dict:
    records, totals = base_funding(base)
    by_year: dict[int, list] = {}
    for record in records:
        record.amount_text = yuan_text(record.amount)
        record.may_edit = funding_recorder(user, base, record.source) is not None
        by_year.setdefault(record.year, []).append(record)
    years = [{"total": row, "records": by_year.get(row["year"], [])} for row in with_texts(totals)]
    return {"funding_years": years, "funding_sources": FundingSource.choices,
            "may_record_funding": bool(sources_for(user, base))}  # fmt: skip


FUNDING_SECTION = register_section(
    Section(
        key="funding",
        title=_("经费"),
        article=ART19,
        template="oversight/funding/_section.html",
        context=funding_context,
        order=60,
    )
)
