"""The base files a signed-in officer opens (基地档案): every state, the region all, a bureau its own, a base its
own; and the file page's cost at 1 and 20 sections' worth of rows stays fixed."""

import pytest
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.enums import BaseState
from tests.factories import user_with_role
from tests.factories.pages import assert_rows_shown
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db


@pytest.fixture
def bases():
    own = make_base("草原乳业", "呼和浩特市")
    revoked = make_base("旧煤化", "呼和浩特市", state=BaseState.REVOKED)
    other = make_base("稀土新材料", "包头市")
    return own, revoked, other


def names(response) -> set[str]:
    html = response.content.decode()
    return {n for n in ("草原乳业", "旧煤化", "稀土新材料") if n in html}


def test_the_region_sees_every_base_in_every_state(client, bases):
    client.force_login(user_with_role(Role.REGION_ADMIN))
    assert names(client.get(reverse("oversight:base_file_list"))) == {"草原乳业", "旧煤化", "稀土新材料"}


def test_a_bureau_sees_its_own_bases_revoked_ones_too(client, bases):
    own, _revoked, _other = bases
    client.force_login(user_with_role(Role.BUREAU_OFFICER, own.unit.bureau))
    url = reverse("oversight:base_file_list")
    assert names(client.get(url)) == {"草原乳业", "旧煤化"}
    assert names(client.get(url, {"state": BaseState.REVOKED})) == {"旧煤化"}
    assert names(client.get(url, {"q": "草原"})) == {"草原乳业"}


def test_a_base_sees_its_own_file_only(client, bases):
    own, _revoked, other = bases
    client.force_login(base_admin(own))
    assert names(client.get(reverse("oversight:base_file_list"))) == {"草原乳业"}
    assert client.get(reverse("oversight:base_file", args=[other.pk])).status_code == 404
    assert client.get(reverse("oversight:base_file", args=[own.pk])).status_code == 200


@pytest.mark.parametrize("junk", [{"state": "x"}, {"bureau": "abc"}, {"page": "-1"}, {"q": "a\x00b"}])
def test_junk_parameters_are_ignored_not_errors(client, bases, junk):
    client.force_login(user_with_role(Role.REGION_ADMIN))
    assert client.get(reverse("oversight:base_file_list"), junk).status_code == 200


def test_the_public_detail_links_the_file_only_for_its_readers(client, bases):
    own, _revoked, other = bases
    url = reverse("establishment:public_base_detail", args=[own.pk])
    assert 'data-testid="base-file-link"' not in client.get(url).content.decode()
    client.force_login(base_admin(other))
    assert 'data-testid="base-file-link"' not in client.get(url).content.decode()
    client.force_login(base_admin(own))
    assert 'data-testid="base-file-link"' in client.get(url).content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    made = [make_base(f"基地{i}", "呼和浩特市") for i in range(rows)]
    client.force_login(user_with_role(Role.BUREAU_OFFICER, made[0].unit.bureau))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("oversight:base_file_list"))
    assert_rows_shown(response, [b.name for b in made])
