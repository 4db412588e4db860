"""Who may import which kind (imports.permissions): each kind's predicate, ``imports.import`` for anyone who may
import some kind, and the refused page saying why."""

import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.imports.permissions import kinds_for
from postdoc_base.imports.registry import ImportSpec, register
from postdoc_base.oversight.enums import BaseState
from tests.factories import ExpertFactory, StationFactory, UnitFactory, bureau, user_with_role
from tests.factories.people import make_postdoc, postdoc_user
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

REGION_KINDS = {"units", "experts", "funding"}


def test_the_region_imports_the_regions_kinds_and_a_base_its_postdocs():
    region = user_with_role(Role.REGION_ADMIN)
    hr = base_admin(make_base())
    regions = {s.kind for s in kinds_for(region)}
    assert regions >= REGION_KINDS and "postdocs" not in regions
    assert [s.kind for s in kinds_for(hr)] == ["postdocs"]
    assert region.has_perm("imports.import") and hr.has_perm("imports.import")


@pytest.mark.parametrize(
    "make",
    [
        lambda: user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        lambda: user_with_role(Role.UNIT_ADMIN, UnitFactory()),  # a unit that has no filed base
        lambda: base_admin(make_base(state=BaseState.REVOKED)),
        lambda: user_with_role(Role.EXPERT, ExpertFactory()),
        lambda: user_with_role(Role.STATION_CONTACT, StationFactory()),
    ],
    ids=["bureau", "unit_without_base", "revoked_base", "expert", "station"],
)
def test_others_import_nothing(make):
    user = make()
    assert kinds_for(user) == [] and not user.has_perm("imports.import")


def test_the_refused_page_says_why(client):
    client.force_login(user_with_role(Role.BUREAU_OFFICER, bureau("包头市")))
    response = client.get("/imports/")
    assert response.status_code == 403 and "您没有批量导入的权限。" in response.content.decode()


def test_a_kind_may_not_take_the_name_of_an_api_path():
    for name in ("jobs", "kinds"):
        with pytest.raises(ValueError, match="not a valid import kind"):
            register(ImportSpec(kind=name, title="x", columns=(), key=()))


@pytest.mark.parametrize(
    "make, shown",
    [
        (lambda: user_with_role(Role.REGION_ADMIN), True),
        (lambda: base_admin(make_base()), True),
        # The menu asks no query: a unit administrator without a filed base sees the entry, and the page says why.
        (lambda: user_with_role(Role.UNIT_ADMIN, UnitFactory()), True),
        (lambda: user_with_role(Role.BUREAU_OFFICER, bureau("包头市")), False),
        # A postdoc sees it too (its own outputs; the page says why when it is not in a stay).
        (lambda: postdoc_user(make_postdoc(make_base())), True),
        (lambda: user_with_role(Role.EXPERT, ExpertFactory()), False),
    ],
    ids=["region", "base", "unit_without_base", "bureau", "postdoc", "expert"],
)
def test_the_menu_shows_imports_to_those_who_may_import(client, make, shown):
    client.force_login(make())
    html = client.get("/").content.decode()
    assert ('href="/imports/"' in html) is shown


def test_a_unit_without_a_base_is_told_why_on_the_page(client):
    client.force_login(user_with_role(Role.UNIT_ADMIN, UnitFactory()))
    response = client.get("/imports/")
    assert response.status_code == 403
    assert "本单位没有已备案的博士后创新实践基地，不能批量导入博士后研究人员。" in response.content.decode()


def test_a_postdoc_not_in_a_stay_is_told_why_on_the_page(client):
    client.force_login(postdoc_user(make_postdoc(make_base())))
    response = client.get("/imports/")
    assert response.status_code == 403
    assert (
        "只有在基地期间的博士后研究人员可以批量导入本人的在站成果（第十七条）。" in response.content.decode()
    )
