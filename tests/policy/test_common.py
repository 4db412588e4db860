"""Dates in messages a person reads are written as the active language writes them, never ISO."""

from datetime import date

import pytest
from django.utils import translation

from postdoc_base.policy.common import person_date


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "2026年12月3日"), ("en", "Dec. 3, 2026"), (None, "2026年12月3日")]
)
def test_a_date_in_a_message_follows_the_active_language(msgids, language, expected):
    text = person_date(date(2026, 12, 3))  # lazy: rendered in the language active when shown
    with translation.override(language):
        assert str(text) == expected
