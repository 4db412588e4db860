"""Helpers the chapters' checks share: calendar arithmetic, amounts in yuan and list separators."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.functional import lazy
from django.utils.translation import pgettext_lazy

__all__ = ["ENUM_SEPARATOR", "LIST_SEPARATOR", "add_months", "add_years", "blank", "person_date", "yuan"]

LIST_SEPARATOR = pgettext_lazy("list separator", "；")
ENUM_SEPARATOR = pgettext_lazy("enumeration separator", "、")


def blank(text: str | None) -> bool:
    return not (text or "").strip()


def yuan(amount: int) -> str:
    """An amount in yuan as officials write it: thousands separated (120,000)."""
    return f"{amount:,}"


# The source language's way (Chinese msgids): used when no language is active, as the messages then are.
SOURCE_DATE_FORMAT = "Y年n月j日"


def _date_text(day: date) -> str:
    from django.utils import dateformat
    from django.utils.formats import date_format
    from django.utils.translation import get_language

    return date_format(day, "DATE_FORMAT") if get_language() else dateformat.format(day, SOURCE_DATE_FORMAT)


# A date in a message a person reads, as the active language writes it (2026年12月3日; Dec. 3, 2026), evaluated
# when the message is rendered, like the messages themselves.
person_date = lazy(_date_text, str)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day when that day does not exist.

    31 January + 3 months is 30 April; 30 November + 3 months is 28 (or 29) February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Same month and day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
