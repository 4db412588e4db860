import pytest

from postdoc_base.accounts.enums import Role
from tests.factories import user_with_role


@pytest.fixture
def region(db):
    return user_with_role(Role.REGION_ADMIN, username="region_admin")


@pytest.fixture
def region_client(client, region):
    client.force_login(region)
    return client
