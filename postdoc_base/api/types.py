"""Bounded input types for every API schema and query parameter: nothing a client sends can be more than the
database stores, so bad input is a 422 with a message per field, never a database error or a 500.

- Limits from ``kernel.bounds`` (shared with the forms) or from the model fields.
- Text: at most the model field's ``max_length`` (``text_of(Unit, "name")``; the number is typed once, on the
  model), free text (``TextField``) at most ``TEXT_MAX``, search terms and filter codes at most ``QUERY_MAX``;
  never a NUL character (PostgreSQL cannot store one). Lone surrogates are refused by pydantic itself
  (``string_unicode``); ``errors.py`` words both.
- Integers: ids within the primary key's range, counts and amounts within their column's range
  (``int_of(PayRecord, "annual_pay_yuan")``: the database range of the field type, narrowed by the field's own
  validators), page numbers and page sizes within ``MAX_PAGE`` / ``MAX_PAGE_SIZE``.
- Dates: ``MIN_DATE`` to ``MAX_DATE``; date arithmetic (terms, working days) stays far from the calendar's ends.
- Decimals: the column's digits and decimal places, finite.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from postdoc_base.kernel.bounds import ID_MAX, INT_RANGE, MAX_DATE, MIN_DATE, TEXT_MAX, int_range_of

# Search terms and filter codes in query strings.
QUERY_MAX = 100
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
# Lists and maps in a request body (researchers, subjects, weights, scores, ...).
MAX_ITEMS = 200


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("string_nul", "String should not contain NUL characters")
    return value


def text(max_length: int = TEXT_MAX, *, min_length: int = 0) -> Any:
    """A string of at most ``max_length`` characters without NUL."""
    bounds = StringConstraints(min_length=min_length or None, max_length=max_length)
    return Annotated[str, bounds, AfterValidator(_no_nul)]


def text_of(model, field_name: str, *, min_length: int = 0) -> Any:
    """A string for ``model.field_name``: its ``max_length`` (``TEXT_MAX`` for a ``TextField``)."""
    return text(model._meta.get_field(field_name).max_length or TEXT_MAX, min_length=min_length)


def int_of(model, field_name: str) -> Any:
    low, high = int_range_of(model, field_name)
    return Annotated[int, Field(ge=low, le=high)]


def decimal_of(model, field_name: str) -> Any:
    field = model._meta.get_field(field_name)
    return Annotated[
        Decimal, Field(max_digits=field.max_digits, decimal_places=field.decimal_places, allow_inf_nan=False)
    ]


def list_of(item: Any, max_length: int = MAX_ITEMS) -> Any:
    """A list of at most ``max_length`` ``item``s."""
    return Annotated[list[item], Field(max_length=max_length)]


def dict_of(key: Any, value: Any, max_length: int = MAX_ITEMS) -> Any:
    """A JSON object of at most ``max_length`` entries."""
    return Annotated[dict[key, value], Field(max_length=max_length)]


Text = text()
Query = text(QUERY_MAX)
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
# A whole number kept in JSON or checked by a rule before it is stored: the range of an IntegerField.
Int = Annotated[int, Field(ge=INT_RANGE[0], le=INT_RANGE[1])]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
Day = Annotated[date, Field(ge=MIN_DATE, le=MAX_DATE)]

__all__ = [
    "DEFAULT_PAGE_SIZE", "MAX_DATE", "MAX_ITEMS", "MAX_PAGE", "MAX_PAGE_SIZE", "MIN_DATE", "QUERY_MAX", "TEXT_MAX",
    "Day", "Id", "Int", "Page", "PageSize", "Query", "Text", "decimal_of", "int_of", "int_range_of", "list_of", "dict_of",
    "text", "text_of",
]  # fmt: skip
