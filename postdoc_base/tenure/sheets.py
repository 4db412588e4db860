"""Cell formatters and the ``?state=`` reader shared by the features' Excel exports (``exports.py`` in
people/, stay/, dispatches/ and withdrawals/).

Each export is its list page as a sheet: the same ``*_visible_to`` selector (who sees what), the same filters
read from the same query string (so the page's "导出Excel" link carries them), the model's ordering, and
no personal data beyond the page: the ID number only masked (Postdoc.masked_id), no birth date (shown only
to those ``people.permissions.can_see_birth_date`` names, on the record's page and in the API), no contact
data. The selectors select_related what the columns read, so an export is
a constant number of queries whatever its length. Anonymous users are sent to log in, as on the pages; a
signed-in user without scope gets the header row only, as the page shows an empty list."""

from django.utils.translation import gettext


def _yes_no(value: bool) -> str:
    return gettext("是") if value else gettext("否")


def _station(station) -> str:
    return f"{station.university} {station.discipline}" if station else ""
