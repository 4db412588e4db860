"""The shared page helpers: junk in a number field is ignored, never a 500."""

import pytest

from postdoc_base.web.pages import int_param


@pytest.mark.parametrize(
    "value, expected",
    [("12", 12), (" 7 ", 7), ("0", 0), ("", None), (None, None), ("²", None), ("١٢", None), ("-3", None),
     ("1.5", None), ("abc", None), (42, 42)],
)  # fmt: skip
def test_int_param(value, expected):
    assert int_param(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/registry/units/?bureau=²", "/tenure/appointments/?base=²", "/tenure/appointments/export/?base=²",
     "/admin-console/calendar/?year=²", "/tenure/title-route/?base=²"],
)  # fmt: skip
def test_non_ascii_digits_in_filters_are_ignored(client, url):
    from postdoc_base.accounts.enums import Role
    from tests.factories import user_with_role

    client.force_login(user_with_role(Role.REGION_ADMIN))
    assert client.get(url).status_code == 200
