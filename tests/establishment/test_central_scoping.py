"""Art. 11(1) 中央驻区企事业单位须经主管部门同意后向所在盟市人力资源社会保障部门提出申请: a central-in-region unit's
application reaches its bureau only once its competent department agreed.

The application of 中央驻区公司 (registered in 呼和浩特市, under 自治区工业和信息化厅) is walked through the
department's answers: waiting for it, returned by it, refused by it, and submitted again after the bureau had
returned it (each submission needs the department's own agreement). In each, the Hohhot bureau officer gets
404 from every page and /api/v1 route that takes the application's id and changes nothing, and no list, export
or count names it; the department's officer, who may see it, gets the given non-404 answer from the same URL,
so a 404 is never a typo. Once the department agrees, the same bureau officer sees it everywhere.
"""

import json
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.enums import RoundState
from postdoc_base.establishment.models import Attachment, BaseApplication, PreliminaryReview, Round
from postdoc_base.establishment.selectors import applications_visible_to
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel.models import AuditEvent
from tests.factories import RoundFactory
from tests.factories.world import application_in, complete_review, fast_passwords, fresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]

UNIT = "中央驻区公司"
INTRUDER = "bureau_own"  # the bureau the unit is registered in: on its route, but not before the department
CONTROL = "dept_own"


def _apply(world, app, action: str, who: str, comment: str = "") -> BaseApplication:
    return application_workflow.apply(app, action, actor=fresh(world[who]), comment=comment)


def _waiting(world, app):
    return app


def _returned(world, app):
    return _apply(world, app, "dept_return", "dept_own", "请补充主管部门意见。")


def _refused(world, app):
    return _apply(world, app, "dept_reject", "dept_own", "不同意申报。")


def _resubmitted(world, app):
    """Agreed, returned by the bureau, submitted again: with the department again, not with the bureau."""
    app = _apply(world, app, "dept_consent", "dept_own")
    app = _apply(world, app, "bureau_return", "bureau_own", "请补充研发场地证明。")
    return _apply(world, app, "submit", "central_admin")


def _agreed(world, app):
    return _apply(world, app, "dept_consent", "dept_own")


BEFORE_AGREEMENT = {
    "waiting": (_waiting, S.DEPT_REVIEW),
    "returned": (_returned, S.RETURNED),
    "refused": (_refused, S.REJECTED),
    "resubmitted": (_resubmitted, S.DEPT_REVIEW),
}


def _submitted(world) -> BaseApplication:
    """中央驻区公司's application submitted in a round of its own (one open round at a time)."""
    Round.objects.filter(state=RoundState.OPEN).update(state=RoundState.CLOSED)
    app = application_in(world, world.central_unit, round_=RoundFactory(state=RoundState.OPEN))
    return _apply(world, app, "submit", "central_admin")


def login(user) -> Client:
    c = Client()
    c.force_login(fresh(user))
    return c


# (name, method, url, body, control statuses). {app}, {attachment}, {round} are filled in.
A = "/applications/{app}"
V = "/api/v1/base-applications/{app}"
REVIEW = {
    "condition_checks": {k: True for k in "12345"},
    "inspection": "实地考察。",
    "recommendation": "同意推荐。",
}
ENDPOINTS = [
    ("page detail", "get", A + "/", None, {200}),
    ("page edit", "get", A + "/edit/", None, {403}),
    ("page transition", "post", A + "/transition/", {"action": "bureau_recommend"}, {302}),
    ("page preliminary review", "get", A + "/preliminary-review/", None, {403}),
    ("page preliminary review post", "post", A + "/preliminary-review/",
     {"check_1": "yes", "inspection": "实地考察。", "recommendation": "同意推荐。"}, {403}),
    ("page attachment", "get", "/attachments/{attachment}/", None, {200}),
    ("api detail", "get", V, None, {200}),
    ("api actions", "get", V + "/transitions", None, {200}),
    ("api apply", "json", V + "/transitions", {"action": "bureau_recommend"}, {403, 409}),
    ("api history", "get", V + "/history", None, {200}),
    ("api attachment", "get", V + "/attachments/{attachment}", None, {200}),
    ("api preliminary review", "put", V + "/preliminary-review", REVIEW, {403, 409}),
]  # fmt: skip
LISTS = [
    "/applications/", "/applications/?q=中央驻区", "/applications/?state={state}", "/rounds/{round}/",
    "/rounds/{round}/bureau-batch/", "/",
    "/api/v1/base-applications", "/api/v1/base-applications?q=中央驻区", "/api/v1/base-applications?state={state}",
]  # fmt: skip
EXPORTS = ["/applications/export.xlsx", "/applications/export.xlsx?q=中央驻区"]


def _fill(value, pks: dict):
    if isinstance(value, str):
        return value.format(**pks)
    return value


def _pks(app) -> dict:
    return {"app": app.pk, "attachment": Attachment.objects.filter(application=app).first().pk,
            "round": app.round_id, "state": app.state}  # fmt: skip


def _call(client: Client, method: str, url: str, body):
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, body or {})
    if method == "json":
        return client.post(url, body, content_type="application/json")
    return client.put(url, body, content_type="application/json")


def _snapshot(app) -> tuple:
    return (
        AuditEvent.objects.count(),
        BaseApplication.objects.filter(pk=app.pk)
        .values_list("state", "dept_consented_at", "updated_at")
        .get(),
        PreliminaryReview.objects.count(),
        Attachment.objects.count(),
    )


def _text(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(raw), ensure_ascii=False)
    if raw[:2] != b"PK":
        return raw.decode()
    sheet = load_workbook(BytesIO(raw)).active
    return "\n".join(
        " ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("phase", sorted(BEFORE_AGREEMENT))
@pytest.mark.parametrize("name, method, url, body, control", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_the_bureau_gets_404_until_the_department_agrees(world, phase, name, method, url, body, control):
    step, state = BEFORE_AGREEMENT[phase]
    app = step(world, _submitted(world))
    assert (app.state, app.dept_consented_at) == (state, None)
    pks = _pks(app)
    url = _fill(url, pks)
    before = _snapshot(app)

    r = _call(login(world[INTRUDER]), method, url, body)
    assert r.status_code == 404, (name, phase, r.status_code)
    assert UNIT not in _text(r)
    assert _snapshot(app) == before
    # The same URL answers the department, who may see the application: the 404 is the scope, not a typo.
    r = _call(login(world[CONTROL]), method, url, body)
    assert r.status_code in control, (name, phase, r.status_code)


@pytest.mark.parametrize("phase", sorted(BEFORE_AGREEMENT))
@pytest.mark.parametrize("url", LISTS + EXPORTS)
def test_no_list_export_or_count_of_the_bureau_names_it_until_the_department_agrees(world, phase, url):
    step, _state = BEFORE_AGREEMENT[phase]
    app = step(world, _submitted(world))
    url = _fill(url, _pks(app))
    r = login(world[INTRUDER]).get(url)
    assert r.status_code == 200, (url, r.status_code)
    assert UNIT not in _text(r), url
    if url.startswith("/api/"):
        assert app.pk not in {i["id"] for i in r.json()["items"]}
    if url.startswith("/rounds/") and "bureau-batch" not in url:
        assert (r.context["total"], r.context["state_counts"]) == (0, [])  # the round page's count by state
    assert not applications_visible_to(fresh(world[INTRUDER])).filter(pk=app.pk).exists()


@pytest.mark.parametrize("phase", sorted(BEFORE_AGREEMENT))
@pytest.mark.parametrize("url", [u for u in LISTS + EXPORTS if "bureau-batch" not in u and u != "/"])
def test_the_department_sees_it_in_every_list_and_export(world, phase, url):
    """The control for the lists: the same lists name it to the department."""
    step, _state = BEFORE_AGREEMENT[phase]
    app = step(world, _submitted(world))
    url = _fill(url, _pks(app))
    r = login(world[CONTROL]).get(url)
    if url.startswith("/rounds/"):
        assert r.context["total"] == 1  # the round page counts by state; the department's count includes it
    else:
        assert UNIT in _text(r), url


def test_once_the_department_agrees_the_bureau_sees_it_everywhere(world):
    app = _agreed(world, _submitted(world))
    assert app.state == S.BUREAU_REVIEW and app.dept_consented_at is not None
    complete_review(app)
    pks = _pks(app)
    bureau = login(world[INTRUDER])
    for name, method, url, _body, _control in ENDPOINTS:
        if method == "get" and "edit" not in url:
            assert bureau.get(_fill(url, pks)).status_code == 200, name
    for url in LISTS + EXPORTS:
        if url == "/rounds/{round}/":
            assert bureau.get(_fill(url, pks)).context["total"] == 1
        elif url != "/":
            assert UNIT in _text(bureau.get(_fill(url, pks))), url
    assert applications_visible_to(fresh(world[INTRUDER])).filter(pk=app.pk).exists()
    # The bureau may now act on it (Art. 11(2)): the URL and the scope above were the only difference.
    assert _apply(world, app, "bureau_recommend", "bureau_own").state == S.RECOMMENDED


def test_a_bureau_returned_application_stays_with_the_bureau_until_resubmitted(world):
    app = _apply(world, _agreed(world, _submitted(world)), "bureau_return", "bureau_own", "请补充。")
    assert applications_visible_to(fresh(world[INTRUDER])).filter(pk=app.pk).exists()
    app = _apply(world, app, "submit", "central_admin")
    assert (app.state, app.dept_consented_at) == (S.DEPT_REVIEW, None)
    assert not applications_visible_to(fresh(world[INTRUDER])).filter(pk=app.pk).exists()


# --- the data migration ----------------------------------------------------------------------------------
MIGRATION = "postdoc_base.establishment.migrations.0004_baseapplication_dept_consented_at"


def test_the_migration_recovers_the_departments_agreement_from_the_audit_trail(world):
    from importlib import import_module

    from django.apps import apps

    from tests.factories.world import put_in_state

    agreed = _agreed(world, _submitted(world))
    waiting = _submitted(world)
    refused = _refused(world, _submitted(world))
    resubmitted = _resubmitted(world, _submitted(world))
    untraced_with_bureau = put_in_state(application_in(world, world.central_unit), S.BUREAU_REVIEW)
    untraced_rejected = put_in_state(application_in(world, world.central_unit), S.REJECTED)
    local = put_in_state(application_in(world, world.local_unit), S.BUREAU_REVIEW)
    consent = AuditEvent.objects.get(subject_id=str(agreed.pk), action="dept_consent").at
    rows = [agreed, waiting, refused, resubmitted, untraced_with_bureau, untraced_rejected, local]
    BaseApplication.objects.filter(pk__in=[a.pk for a in rows]).update(dept_consented_at=None)

    import_module(MIGRATION).forwards(apps, None)

    stored = dict(
        BaseApplication.objects.filter(pk__in=[a.pk for a in rows]).values_list("pk", "dept_consented_at")
    )
    assert [stored[a.pk] for a in rows] == [
        consent, None, None, None, BaseApplication.objects.get(pk=untraced_with_bureau.pk).submitted_at, None, None,
    ]  # fmt: skip
    bureau = fresh(world[INTRUDER])
    assert set(applications_visible_to(bureau).filter(pk__in=[a.pk for a in rows]).values_list("pk", flat=True)) == {
        agreed.pk, untraced_with_bureau.pk, local.pk,
    }  # fmt: skip
