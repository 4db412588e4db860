"""One region-administrator predicate for the whole project (accounts/permissions.py): services act under the
assignment it gives; rules, selectors, pages and the API ask the same question through ``is_region_admin``."""

import pytest
from django.contrib.auth.models import AnonymousUser

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment, User
from postdoc_base.accounts.permissions import is_region_admin, region_admin_assignment
from postdoc_base.directory.models import Bureau
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # assignments are read once per user object


def test_an_active_region_administrator_is_the_region_everywhere():
    admin = _fresh(user_with_role(Role.REGION_ADMIN))
    assert region_admin_assignment(admin).role == Role.REGION_ADMIN
    assert (is_region_admin(admin), admin.is_region_admin, admin.has_perm("accounts.manage_users")) == (
        True, True, True,
    )  # fmt: skip


@pytest.mark.parametrize("case", ["deactivated_user", "withdrawn_assignment", "bureau_officer", "anonymous"])
def test_no_one_else_is_the_region(case):
    if case == "anonymous":
        user = AnonymousUser()
    elif case == "bureau_officer":
        user = _fresh(user_with_role(Role.BUREAU_OFFICER, Bureau.objects.first()))
    else:
        user = user_with_role(Role.REGION_ADMIN)
        if case == "deactivated_user":
            User.objects.filter(pk=user.pk).update(is_active=False)
        else:
            RoleAssignment.objects.filter(user=user).update(active=False)
        user = _fresh(user)
    assert region_admin_assignment(user) is None
    assert (is_region_admin(user), user.has_perm("accounts.manage_users")) == (False, False)
    if case != "anonymous":
        assert user.is_region_admin is False
