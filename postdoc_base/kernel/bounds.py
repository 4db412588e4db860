"""What the database can store, in one place: the API's bounded types (api.types) and every form
(web.forms.BoundedInputMixin) read their limits here or from the model fields, so input past them is refused
with a message instead of failing in the database (PostgreSQL refuses it; SQLite overflows past 64 bits).
"""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations

# Free text without a column limit (TextField): far beyond any real answer, small enough for one request.
TEXT_MAX = 10_000
# Dates anyone enters: a birth date, a deadline, a term's end; date arithmetic stays far from year 1 and 9999.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)

# The range of each integer field type on every supported database (Django's portable table; SQLite alone
# would accept any 64-bit value).
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
INT_RANGE = INTEGER_RANGES["IntegerField"]
ID_MAX = INTEGER_RANGES["BigAutoField"][1]


def int_range_of(model, field_name: str) -> tuple[int, int]:
    """The values ``model.field_name`` can store: its type's range, narrowed by the field's own
    ``MinValueValidator`` / ``MaxValueValidator``."""
    field = model._meta.get_field(field_name)
    low, high = INTEGER_RANGES[field.get_internal_type()]
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            high = min(high, validator.limit_value)
    return low, high
