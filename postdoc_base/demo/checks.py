"""A production database must hold no demo account: their password is printed in the README.

``manage.py check --deploy`` fails (postdoc_base.E001) while any active account still accepts the demo
password, so a database that was once loaded with ``make run`` cannot go live unnoticed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

DEMO_PREFIX = "demo_"


def accounts_with_demo_password() -> list[str]:
    """Active accounts named like demo accounts whose password is still the published demo password."""
    users = get_user_model().objects.filter(username__startswith=DEMO_PREFIX, is_active=True)
    return [u.username for u in users if u.check_password(settings.DEMO_PASSWORD)]


@register(Tags.security, deploy=True)
def no_demo_accounts(app_configs=None, **kwargs):
    try:
        found = accounts_with_demo_password()
    except DatabaseError:
        return []  # not migrated yet: nothing to find
    if not found:
        return []
    return [
        Error(
            f"{len(found)} demo account(s) with the published demo password are active: "
            f"{', '.join(sorted(found)[:5])}{' …' if len(found) > 5 else ''}",
            hint="This database was loaded with demo data; deploy on a new database (see docs/deploy.md).",
            id="postdoc_base.E001",
        )
    ]
