import pytest

from postdoc_base.accounts.enums import Role
from tests.factories import bureau, user_with_role


@pytest.fixture
def hohhot():
    return bureau("呼和浩特市")


@pytest.fixture
def baotou():
    return bureau("包头市")


@pytest.fixture
def region_admin(db):
    return user_with_role(Role.REGION_ADMIN)


@pytest.fixture
def baotou_officer(db, baotou):
    return user_with_role(Role.BUREAU_OFFICER, baotou)


@pytest.fixture
def hohhot_officer(db, hohhot):
    return user_with_role(Role.BUREAU_OFFICER, hohhot)
