from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.kernel.models import Notification, Obligation, ObligationStatus
from postdoc_base.kernel.selectors import obligations_for
from tests.factories import ApplicationFactory, UnitFactory, UserFactory
from tests.factories.pages import assert_rows_shown

pytestmark = pytest.mark.django_db


def obligation(title, role=Role.BUREAU_OFFICER, scope_kind="bureau", scope_id=None, **kwargs):
    fields = {
        "subject_type": "establishment.baseapplication",
        "subject_id": "1",
        "subject_label": f"{title}的对象",
        "url": "/applications/1/",
        "kind": "bureau_recommendation",
        "title": title,
        "due_on": timezone.localdate() + timedelta(days=10),
        "responsible_role": role,
        "scope_kind": scope_kind,
        "scope_id": scope_id,
        "article": "第十一条第（二）项",
        "opened_at": timezone.now(),
    }
    fields.update(kwargs)
    return Obligation.objects.create(**fields)


def test_bureau_officer_sees_own_bureau_todos_and_not_another_bureaus(client, baotou, hohhot, baotou_officer):
    obligation("包头初审", scope_id=baotou.pk)
    obligation("呼和浩特初审", scope_id=hohhot.pk)
    obligation("包头已办", scope_id=baotou.pk, status=ObligationStatus.MET)
    obligation("自治区评议", role=Role.REGION_ADMIN, scope_kind="region")
    client.force_login(baotou_officer)

    response = client.get(reverse("home"))

    assert [t.title for t in response.context["todos"]] == ["包头初审"]
    html = response.content.decode()
    assert "包头初审" in html and '<a href="/applications/1/">包头初审的对象</a>' in html
    assert "呼和浩特初审" not in html


def test_region_admin_sees_region_scope_todos(baotou, region_admin):
    obligation("自治区评议", role=Role.REGION_ADMIN, scope_kind="region")
    obligation("包头初审", scope_id=baotou.pk)
    assert [o.title for o in obligations_for(region_admin)] == ["自治区评议"]


def test_overdue_todo_is_marked_red(client, baotou, baotou_officer):
    obligation("逾期初审", scope_id=baotou.pk, due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(baotou_officer)
    html = client.get(reverse("home")).content.decode()
    assert 'class="text-danger fw-bold" data-testid="overdue"' in html


def test_obligations_for_is_one_query(django_assert_num_queries, baotou, baotou_officer):
    obligation("包头初审", scope_id=baotou.pk)
    baotou_officer.assignments  # loaded once per request by the navigation
    with django_assert_num_queries(1):
        todos = list(obligations_for(baotou_officer))
    assert [t.title for t in todos] == ["包头初审"]


def _submitted(unit, state):
    return ApplicationFactory(unit=unit, state=state, affiliation="local", submitted_at=timezone.now())


def test_home_counts_only_applications_visible_to_the_user(client, baotou, hohhot, baotou_officer):
    _submitted(UnitFactory(bureau=baotou), ApplicationState.BUREAU_REVIEW)
    _submitted(UnitFactory(bureau=baotou), ApplicationState.BUREAU_REVIEW)
    _submitted(UnitFactory(bureau=baotou), ApplicationState.RECOMMENDED)
    _submitted(UnitFactory(bureau=hohhot), ApplicationState.BUREAU_REVIEW)
    ApplicationFactory(unit=UnitFactory(bureau=baotou))  # a draft: the unit's own business
    client.force_login(baotou_officer)

    response = client.get(reverse("home"))

    assert [(value, n) for value, _label, n in response.context["state_counts"]] == [
        ("bureau_review", 2),
        ("recommended", 1),
    ]
    assert response.context["application_total"] == 3
    assert (
        f'href="{reverse("establishment:application_list")}?state=bureau_review"' in response.content.decode()
    )


def test_home_lists_the_users_role_assignments(client, baotou_officer):
    client.force_login(baotou_officer)
    html = client.get(reverse("home")).content.decode()
    assert "盟市人社局经办人 · 包头市" in html


@pytest.mark.parametrize("rows", [1, 20])
def test_home_query_count_does_not_grow_with_todos(
    client, django_assert_num_queries, baotou, baotou_officer, rows
):
    for i in range(rows):
        obligation(f"初审{i}", scope_id=baotou.pk)
    _submitted(UnitFactory(bureau=baotou), ApplicationState.BUREAU_REVIEW)
    client.force_login(baotou_officer)
    # session, user, assignments, obligations, application counts
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assert len(response.context["todos"]) == rows
    assert_rows_shown(response, [f"初审{i}" for i in range(rows)])


def test_inbox_shows_only_own_notifications_and_marks_read(client):
    me, other = UserFactory(), UserFactory()
    mine = Notification.objects.create(recipient=me, title="我的消息")
    Notification.objects.create(recipient=other, title="别人的消息")
    client.force_login(me)

    html = client.get(reverse("inbox")).content.decode()
    assert "我的消息" in html and "别人的消息" not in html

    assert client.post(reverse("inbox"), {"id": mine.pk}).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_inbox_cannot_mark_another_users_notification_read(client):
    me, other = UserFactory(), UserFactory()
    theirs = Notification.objects.create(recipient=other, title="别人的消息")
    client.force_login(me)
    client.post(reverse("inbox"), {"id": theirs.pk})
    client.post(reverse("inbox"), {"all": "1"})
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("rows", [1, 20])
def test_inbox_query_count_does_not_grow(client, django_assert_num_queries, rows):
    me = UserFactory()
    Notification.objects.bulk_create(Notification(recipient=me, title=f"消息{i}") for i in range(rows))
    client.force_login(me)
    # session, user, assignments (navigation), count, rows
    with django_assert_num_queries(5):
        response = client.get(reverse("inbox"))
    assert len(response.context["page_obj"]) == rows
    assert_rows_shown(response, [f"消息{i}" for i in range(rows)])


@pytest.mark.parametrize("role, shown", [(Role.UNIT_ADMIN, True), (Role.EXPERT, False), (Role.POSTDOC, False),
                                         (Role.SUPERVISOR, False)])  # fmt: skip
def test_establishment_menu_only_for_those_who_take_part_in_establishment(client, role, shown):
    from tests.factories import ExpertFactory, user_with_role
    from tests.factories.people import make_postdoc, make_supervisor
    from tests.factories.tenure import make_base

    scope = {
        Role.UNIT_ADMIN: lambda: UnitFactory(),
        Role.EXPERT: lambda: ExpertFactory(),
        Role.POSTDOC: lambda: make_postdoc(make_base()),
        Role.SUPERVISOR: lambda: make_supervisor(make_base()),
    }[role]()
    client.force_login(user_with_role(role, scope))
    html = client.get(reverse("home")).content.decode()
    assert (reverse("establishment:round_list") in html) is shown
    assert (reverse("establishment:application_list") in html) is shown


@pytest.mark.parametrize("role, shown", [(Role.POSTDOC, True), (Role.SUPERVISOR, False)])
def test_pay_menu_follows_who_sees_pay(client, role, shown):
    from tests.factories import user_with_role
    from tests.factories.people import make_postdoc, make_supervisor
    from tests.factories.tenure import make_base

    person = make_postdoc(make_base()) if role == Role.POSTDOC else make_supervisor(make_base())
    client.force_login(user_with_role(role, person))
    html = client.get(reverse("home")).content.decode()
    assert (reverse("tenure:pay_list") in html) is shown
