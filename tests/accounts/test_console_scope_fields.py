"""Issue 14: the console's role-assignment form takes a station, expert, postdoc or supervisor by its number,
as it takes a unit by its credit code: no menu of every object (nor a decrypted ID number per postdoc), so the
user page costs the same whatever the region's size; an unknown number is a Chinese form error and writes
nothing."""

import re
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.kernel import crypto
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.policy.identifiers import complete_resident_id
from tests.factories import ExpertFactory, StationFactory, UserFactory, user_with_role
from tests.factories.people import make_postdoc, make_supervisor
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db

SCOPE_FIELDS = ("station", "expert", "postdoc", "supervisor")
ROLE_OF = {
    "station": Role.STATION_CONTACT,
    "expert": Role.EXPERT,
    "postdoc": Role.POSTDOC,
    "supervisor": Role.SUPERVISOR,
}
_serial = iter(range(1, 1000))


def make(kind: str, base):
    if kind == "station":
        return StationFactory()
    if kind == "expert":
        return ExpertFactory()
    if kind == "postdoc":
        n = next(_serial)
        return make_postdoc(base, complete_resident_id(f"15010219900307{n:03d}"), name=f"博士后{n}")
    return make_supervisor(base, name=f"导师{next(_serial)}")


@pytest.fixture
def admin_client(client):
    client.force_login(user_with_role(Role.REGION_ADMIN, username="admin"))
    return client


@pytest.fixture
def base():
    return make_base()


@pytest.fixture
def target():
    return UserFactory(username="wuyun", display_name="乌云")


@pytest.fixture
def decryptions(monkeypatch):
    """How many times an encrypted value (a postdoc's ID number) is decrypted."""
    calls = []
    real = crypto.decrypt

    def counting(token):
        calls.append(token)
        return real(token)

    monkeypatch.setattr(crypto, "decrypt", counting)
    return calls


def detail_url(user) -> str:
    return reverse("accounts:user_detail", args=[user.pk])


def add_url(user) -> str:
    return reverse("accounts:assignment_add", args=[user.pk])


def assignment_form_html(html: str) -> str:
    return re.search(r'<form method="post" action="[^"]*/assignments/".*?</form>', html, re.S).group(0)


def test_the_user_page_has_a_text_box_per_kind_not_a_menu(admin_client, base, target, decryptions):
    objects = {kind: [make(kind, base) for _ in range(20)] for kind in SCOPE_FIELDS}
    RoleAssignment.objects.create(user=target, role=Role.POSTDOC, postdoc=objects["postdoc"][0])
    decryptions.clear()
    response = admin_client.get(detail_url(target))
    assert response.status_code == 200
    form = assignment_form_html(response.content.decode())
    for kind in SCOPE_FIELDS:
        box = re.search(rf'<input type="text" name="{kind}"[^>]*>', form)
        assert box and 'inputmode="numeric"' in box.group(0), kind
        assert f'<select name="{kind}"' not in form
    assert form.count("<option") < 40  # the roles, the twelve bureaus and the departments only
    for kind, rows in objects.items():
        for row in rows:
            assert f'<option value="{row.pk}">{row}</option>' not in form, kind
    assert objects["postdoc"][0].name in response.content.decode()  # the target's postdoc assignment
    assert decryptions == []  # no ID number decrypted, not even for the assignment shown


def test_the_user_page_costs_the_same_queries_at_one_and_at_twenty_of_each(
    admin_client, base, target, django_assert_num_queries
):
    # The objects are not the page's rows (the point is that none is listed): the page checked at each size
    # is the target's, with a number box per kind and no option for any of the objects made.
    def assert_the_targets_page_without_a_menu(response, objects):
        html = response.content.decode()
        assert "wuyun" in html and "乌云" in html
        form = assignment_form_html(html)
        for kind in SCOPE_FIELDS:
            assert re.search(rf'<input type="text" name="{kind}"[^>]*>', form), kind
            assert f'<select name="{kind}"' not in form, kind
        for kind, rows in objects.items():
            assert len(rows) in (1, 20)
            for row in rows:
                assert f'<option value="{row.pk}">{escape(str(row))}</option>' not in form, (kind, row.pk)
                assert escape(str(row)) not in form, (kind, row.pk)

    objects = {kind: [make(kind, base)] for kind in SCOPE_FIELDS}
    url = detail_url(target)
    with CaptureQueriesContext(connection) as at_one:
        response = admin_client.get(url)
        assert response.status_code == 200
    assert_the_targets_page_without_a_menu(response, objects)
    for kind in SCOPE_FIELDS:
        for _ in range(19):
            objects[kind].append(make(kind, base))
    with django_assert_num_queries(len(at_one)):
        response = admin_client.get(url)
        assert response.status_code == 200
    assert_the_targets_page_without_a_menu(response, objects)


@pytest.mark.parametrize("kind", SCOPE_FIELDS)
def test_a_role_is_assigned_through_the_number_field(admin_client, base, target, kind):
    make(kind, base)
    scope = make(kind, base)
    response = admin_client.post(add_url(target), {"role": ROLE_OF[kind], kind: f" {scope.pk} "})
    assert response.status_code == 302 and response["Location"] == detail_url(target)
    row = RoleAssignment.objects.get(user=target)
    assert (row.role, getattr(row, f"{kind}_id"), row.active) == (ROLE_OF[kind], scope.pk, True)


def test_fullwidth_digits_are_read_as_digits(admin_client, base, target):
    station = make("station", base)
    fullwidth = "".join(chr(ord("０") + int(d)) for d in str(station.pk))
    assert (
        admin_client.post(add_url(target), {"role": Role.STATION_CONTACT, "station": fullwidth}).status_code
        == 302
    )
    assert RoleAssignment.objects.get(user=target).station_id == station.pk


MISSING = {
    "station": "名录中没有编号为 {n} 的流动站。",
    "expert": "专家库中没有编号为 {n} 的在库专家。",
    "postdoc": "没有编号为 {n} 的博士后研究人员。",
    "supervisor": "没有编号为 {n} 的有效合作导师。",
}


def assert_refused_and_nothing_written(response, kind, message, target):
    assert response.status_code == 200
    assert response.context["assignment_form"].errors == {kind: [message]}
    assert message in response.content.decode()
    assert not RoleAssignment.objects.filter(user=target).exists()
    assert not AuditEvent.objects.filter(action="assignment_add").exists()


@pytest.mark.parametrize("kind", SCOPE_FIELDS)
def test_an_unknown_number_is_a_chinese_form_error_and_writes_nothing(admin_client, base, target, kind):
    scope = make(kind, base)
    unknown = scope.pk + 1000
    response = admin_client.post(add_url(target), {"role": ROLE_OF[kind], kind: str(unknown)})
    assert_refused_and_nothing_written(response, kind, MISSING[kind].format(n=unknown), target)


@pytest.mark.parametrize("junk", ["abc", "12a", "-3", "1.5", "²", "9" * 20])
def test_a_number_that_is_not_one_is_a_chinese_form_error(admin_client, target, junk):
    response = admin_client.post(add_url(target), {"role": Role.EXPERT, "expert": junk})
    assert_refused_and_nothing_written(response, "expert", "请填写编号（数字）。", target)


@pytest.mark.parametrize("kind", ["expert", "supervisor"])
def test_an_inactive_expert_or_supervisor_cannot_be_assigned(admin_client, base, target, kind):
    scope = make(kind, base)
    type(scope).objects.filter(pk=scope.pk).update(active=False)
    response = admin_client.post(add_url(target), {"role": ROLE_OF[kind], kind: str(scope.pk)})
    assert_refused_and_nothing_written(response, kind, MISSING[kind].format(n=scope.pk), target)


def test_a_role_without_its_number_keeps_the_services_error_on_the_field(admin_client, target):
    response = admin_client.post(add_url(target), {"role": Role.POSTDOC, "postdoc": ""})
    assert response.status_code == 200
    assert list(response.context["assignment_form"].errors) == ["postdoc"]
    assert not RoleAssignment.objects.filter(user=target).exists()
