"""The workflow kernel, exercised through the establishment application workflow."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.models import BaseApplication, Round
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel import tasks
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation, ObligationStatus, OutboundEmail
from postdoc_base.kernel.workflow import TransitionRefused, UnknownAction
from tests.factories import UserFactory
from tests.factories.world import (
    application_in,
    complete_review,
    events_for,
    fresh,
    put_in_state,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def app(world):
    return application_in(world, world.local_unit)


def _options(options):
    return [(o.action, o.allowed, [f.code for f in o.findings]) for o in options]


def _obligations(app):
    return list(
        Obligation.objects.filter(subject_type="establishment.baseapplication", subject_id=str(app.pk))
        .order_by("id")
        .values_list("kind", "status", "met_late", "due_on", "responsible_role", "scope_kind", "scope_id")
    )


# --- available_actions ---------------------------------------------------------------------------------
def test_applicant_sees_submit_and_withdraw_allowed_on_a_ready_draft(world, app):
    options = application_workflow.available_actions(app, fresh(world["local_admin"]))
    assert _options(options) == [("submit", True, []), ("withdraw", True, [])]


def test_submit_is_listed_as_refused_with_the_reason_when_the_round_is_closed(world, app):
    Round.objects.filter(pk=app.round_id).update(state="closed")
    app.refresh_from_db()
    app.round.refresh_from_db()

    options = application_workflow.available_actions(app, fresh(world["local_admin"]))

    assert _options(options) == [("submit", False, ["art11.round_not_open"]), ("withdraw", True, [])]
    refused = options[0].as_dict()
    assert refused["allowed"] is False
    assert refused["article"] == "第十一条第（一）项"
    assert [r["code"] for r in refused["reasons"]] == ["art11.round_not_open"]
    assert refused["reasons"][0]["message"] == "本批次不在申报期内，不能提交申请。"


def test_bureau_officer_sees_review_actions_with_comment_flags(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    options = application_workflow.available_actions(app, fresh(world["bureau_own"]))
    assert _options(options) == [
        ("bureau_recommend", False, ["art11.2.review_missing"]),
        ("bureau_return", True, []),
        ("bureau_reject", True, []),
    ]
    assert [o.comment_required for o in options] == [False, True, True]


def test_batch_only_action_is_listed_only_when_asked_for(world):
    app = application_in(world, world.local_unit, S.RECOMMENDED)
    officer = fresh(world["bureau_own"])
    assert [o.action for o in application_workflow.available_actions(app, officer)] == [
        "bureau_unrecommend", "bureau_return", "bureau_reject",
    ]  # fmt: skip
    assert [o.action for o in application_workflow.available_actions(app, officer, include_batch=True)] == [
        "bureau_unrecommend", "bureau_return", "bureau_reject", "bureau_forward",
    ]  # fmt: skip


def test_officer_of_another_bureau_sees_the_actions_refused_as_not_permitted(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    options = application_workflow.available_actions(app, fresh(world["bureau_other"]))
    assert _options(options) == [
        ("bureau_recommend", False, ["kernel.not_permitted"]),
        ("bureau_return", False, ["kernel.not_permitted"]),
        ("bureau_reject", False, ["kernel.not_permitted"]),
    ]


def test_actions_of_roles_the_user_does_not_hold_are_left_out(world, app):
    assert application_workflow.available_actions(app, fresh(world["region_admin"])) == []
    assert application_workflow.available_actions(app, fresh(world["expert"])) == []
    assert application_workflow.available_actions(app, AnonymousUser()) == []


# --- apply ---------------------------------------------------------------------------------------------
def test_apply_changes_state_and_writes_exactly_one_audit_event(world, app):
    admin = fresh(world["local_admin"])
    before = AuditEvent.objects.count()

    updated = application_workflow.apply(app, "submit", actor=admin, comment="  请审核。 ")

    assert updated.state == S.BUREAU_REVIEW
    assert BaseApplication.objects.get(pk=app.pk).state == S.BUREAU_REVIEW
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.subject_type, event.subject_id) == ("establishment.baseapplication", str(app.pk))
    assert (event.action, event.from_state, event.to_state) == ("submit", "draft", "bureau_review")
    assert (event.role, event.scope, event.comment) == ("unit_admin", "呼和浩特本地公司", "请审核。")
    assert (event.actor_id, event.actor_name) == (admin.pk, str(admin))
    assert sorted(event.diff) == ["affiliation", "state", "submitted_at", "updated_at"]
    assert event.diff["state"] == ["draft", "bureau_review"]
    assert event.diff["affiliation"] == ["", "local"]


def test_apply_locks_the_row_it_changes(world, app):
    admin = fresh(world["local_admin"])
    with mock.patch.object(
        BaseApplication.objects, "select_for_update", wraps=BaseApplication.objects.select_for_update
    ) as sfu:
        application_workflow.apply(app, "submit", actor=admin)
    assert sfu.call_count == 1


def test_apply_uses_the_stored_state_not_the_callers_copy(world, app):
    admin = fresh(world["local_admin"])
    application_workflow.apply(app, "submit", actor=admin)
    assert app.state == S.DRAFT  # the caller's stale copy

    with pytest.raises(TransitionRefused) as exc:
        application_workflow.apply(app, "submit", actor=admin)
    assert [f.code for f in exc.value.findings] == ["kernel.wrong_state"]


def test_refused_apply_changes_nothing(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    application_workflow.sync_obligations(app, app.state)
    officer = fresh(world["bureau_own"])
    audit_before, obligations_before = AuditEvent.objects.count(), _obligations(app)

    with pytest.raises(TransitionRefused) as exc:
        application_workflow.apply(app, "bureau_recommend", actor=officer)

    assert [f.code for f in exc.value.findings] == ["art11.2.review_missing"]
    assert BaseApplication.objects.get(pk=app.pk).state == S.BUREAU_REVIEW
    assert AuditEvent.objects.count() == audit_before
    assert _obligations(app) == obligations_before


def test_comment_is_required_where_the_table_says_so(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    officer = fresh(world["bureau_own"])
    audit_before = AuditEvent.objects.count()

    for blank in ("", "   "):
        with pytest.raises(TransitionRefused) as exc:
            application_workflow.apply(app, "bureau_return", actor=officer, comment=blank)
        assert [(f.code, f.article) for f in exc.value.findings] == [
            ("kernel.comment_required", "第十一条第（二）项")
        ]
        assert str(exc.value.findings[0].message) == "请填写意见或理由。"

    assert BaseApplication.objects.get(pk=app.pk).state == S.BUREAU_REVIEW
    assert AuditEvent.objects.count() == audit_before
    application_workflow.apply(app, "bureau_return", actor=officer, comment="请补充材料。")
    assert BaseApplication.objects.get(pk=app.pk).state == S.RETURNED


def test_permission_is_checked_before_the_comment(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    with pytest.raises(TransitionRefused) as exc:
        application_workflow.apply(app, "bureau_return", actor=fresh(world["bureau_other"]))
    assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]


def test_batch_only_action_is_refused_outside_its_batch_service(world):
    app = application_in(world, world.local_unit, S.RECOMMENDED)
    complete_review(app)
    with pytest.raises(TransitionRefused) as exc:
        application_workflow.apply(app, "bureau_forward", actor=fresh(world["bureau_own"]))
    assert [f.code for f in exc.value.findings] == ["kernel.batch_only"]
    assert BaseApplication.objects.get(pk=app.pk).state == S.RECOMMENDED


def test_unknown_action_raises(world, app):
    with pytest.raises(UnknownAction):
        application_workflow.apply(app, "approve_everything", actor=fresh(world["region_admin"]))


# --- obligations ---------------------------------------------------------------------------------------
def test_obligation_opened_on_entering_a_state_and_met_on_leaving_it(world, app):
    hohhot = world.hohhot.pk
    assert _obligations(app) == [
        (
            "application_submit",
            "open",
            False,
            app.round.application_deadline,
            "unit_admin",
            "unit",
            app.unit_id,
        ),
    ]

    application_workflow.apply(app, "submit", actor=fresh(world["local_admin"]))

    assert _obligations(app) == [
        (
            "application_submit",
            "met",
            False,
            app.round.application_deadline,
            "unit_admin",
            "unit",
            app.unit_id,
        ),
        (
            "bureau_recommendation",
            "open",
            False,
            app.round.review_deadline,
            "bureau_officer",
            "bureau",
            hohhot,
        ),
    ]
    met = Obligation.objects.get(subject_id=str(app.pk), kind="application_submit")
    assert met.closed_at is not None
    assert Obligation.objects.get(subject_id=str(app.pk), kind="bureau_recommendation").closed_at is None


def test_obligation_met_after_its_due_date_is_marked_late(world, app):
    Obligation.objects.filter(subject_id=str(app.pk), kind="application_submit").update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    application_workflow.apply(app, "submit", actor=fresh(world["local_admin"]))
    row = Obligation.objects.get(subject_id=str(app.pk), kind="application_submit")
    assert (row.status, row.met_late) == (ObligationStatus.MET, True)


def test_obligation_met_on_its_due_date_is_not_late(world, app):
    Obligation.objects.filter(subject_id=str(app.pk), kind="application_submit").update(
        due_on=timezone.localdate()
    )
    application_workflow.apply(app, "submit", actor=fresh(world["local_admin"]))
    row = Obligation.objects.get(subject_id=str(app.pk), kind="application_submit")
    assert (row.status, row.met_late) == (ObligationStatus.MET, False)


def test_obligation_spanning_two_states_stays_open_between_them(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    application_workflow.sync_obligations(app, app.state)
    complete_review(app)
    application_workflow.apply(app, "bureau_recommend", actor=fresh(world["bureau_own"]))
    assert [(k, s) for k, s, *_ in _obligations(app)] == [
        ("application_submit", "met"),
        ("bureau_recommendation", "open"),
    ]


def test_return_and_resubmit_close_and_reopen_obligations(world, app):
    admin, officer = fresh(world["local_admin"]), fresh(world["bureau_own"])
    application_workflow.apply(app, "submit", actor=admin)
    application_workflow.apply(app, "bureau_return", actor=officer, comment="请补充。")
    application_workflow.apply(app, "submit", actor=admin)
    assert [(k, s) for k, s, *_ in _obligations(app)] == [
        ("application_submit", "met"),
        ("bureau_recommendation", "met"),
        ("application_revise", "met"),
        ("bureau_recommendation", "open"),
    ]


# --- notifications -------------------------------------------------------------------------------------
def test_notifications_are_created_after_commit_for_the_next_actor_only(
    world, app, django_capture_on_commit_callbacks
):
    admin = fresh(world["local_admin"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_workflow.apply(app, "submit", actor=admin)
    assert Notification.objects.count() == 0  # nothing before commit
    assert len(callbacks) == 1

    callbacks[0]()

    rows = list(Notification.objects.values_list("recipient__username", "title", "body", "url"))
    assert rows == [
        (
            "hohhot",
            f"呼和浩特本地公司（{app.round.name}）：提交申请",
            "当前状态：盟市初审中。",
            app.get_absolute_url(),
        )
    ]


def test_fellow_unit_admins_are_told_but_the_actor_is_not(world, app, django_capture_on_commit_callbacks):
    from postdoc_base.accounts.enums import Role
    from tests.factories import user_with_role

    colleague = user_with_role(Role.UNIT_ADMIN, world.local_unit, username="colleague")
    with django_capture_on_commit_callbacks(execute=True):
        application_workflow.apply(app, "submit", actor=fresh(world["local_admin"]))
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "colleague",
        "hohhot",
    ]
    assert not Notification.objects.filter(recipient=world["local_admin"]).exists()
    assert Notification.objects.filter(recipient=colleague).count() == 1


def test_one_outbound_email_per_recipient_with_an_address(world, app, django_capture_on_commit_callbacks):
    officer = world["bureau_own"]
    silent = UserFactory(username="noaddress", email="")
    from postdoc_base.accounts.enums import Role
    from postdoc_base.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=silent, role=Role.BUREAU_OFFICER, bureau=world.hohhot)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        application_workflow.apply(app, "submit", actor=fresh(world["local_admin"]))

    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "hohhot",
        "noaddress",
    ]
    emails = list(OutboundEmail.objects.values_list("to", "subject"))
    assert emails == [(officer.email, f"呼和浩特本地公司（{app.round.name}）：提交申请")]
    body = OutboundEmail.objects.get().body
    assert body == f"当前状态：盟市初审中。\n\n{app.get_absolute_url()}"
    # Tests run Huey in immediate mode: the outbox is sent at once.
    assert OutboundEmail.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [[officer.email]]


def test_decision_notifies_the_applicant(world, django_capture_on_commit_callbacks):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        application_workflow.apply(
            app, "bureau_reject", actor=fresh(world["bureau_own"]), comment="不符合条件。"
        )
    assert list(Notification.objects.values_list("recipient__username", "body")) == [
        ("local_admin", "当前状态：未通过。")
    ]


def test_refused_apply_queues_no_notification(world, app, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(TransitionRefused):
        application_workflow.apply(app, "submit", actor=fresh(world["unit_other"]))
    assert callbacks == []
    assert Notification.objects.count() == 0


# --- e-mail delivery -----------------------------------------------------------------------------------
def test_deliver_pending_sends_unsent_mail_and_marks_it_sent(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    done = OutboundEmail.objects.create(to="old@example.org", subject="旧", body="b", sent_at=timezone.now())
    first = OutboundEmail.objects.create(to="a@example.org", subject="通知一", body="正文一")
    second = OutboundEmail.objects.create(to="b@example.org", subject="通知二", body="正文二")

    assert tasks.deliver_pending() == 2

    assert [(m.to, m.subject, m.body, m.from_email) for m in mail.outbox] == [
        (["a@example.org"], "通知一", "正文一", settings.DEFAULT_FROM_EMAIL),
        (["b@example.org"], "通知二", "正文二", settings.DEFAULT_FROM_EMAIL),
    ]
    for row in (first, second):
        row.refresh_from_db()
        assert row.sent_at is not None
        assert (row.attempts, row.last_error) == (1, "")
    done.refresh_from_db()
    assert done.attempts == 0
    assert tasks.deliver_pending() == 0
    assert len(mail.outbox) == 2


def test_failed_delivery_is_recorded_and_retried_until_the_limit(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = OutboundEmail.objects.create(to="a@example.org", subject="s", body="b")

    with mock.patch.object(tasks, "send_mail", side_effect=ConnectionRefusedError("SMTP down")):
        for _ in range(tasks.MAX_ATTEMPTS + 2):
            assert tasks.deliver_pending() == 0

    row.refresh_from_db()
    assert (row.attempts, row.sent_at, row.last_error) == (tasks.MAX_ATTEMPTS, None, "SMTP down")


def test_delivery_resumes_after_a_transient_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    row = OutboundEmail.objects.create(to="a@example.org", subject="s", body="b")
    with mock.patch.object(tasks, "send_mail", side_effect=OSError("timeout")):
        tasks.deliver_pending()
    assert tasks.deliver_pending() == 1
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.sent_at is not None
    assert len(mail.outbox) == 1


def test_put_in_state_helper_keeps_the_route(world):
    """Guard for the set-up helper itself: a central unit's application submitted to its department."""
    app = put_in_state(application_in(world, world.central_unit), S.DEPT_REVIEW)
    assert (app.state, app.affiliation, app.submitted_at is not None) == ("dept_review", "central", True)
    assert events_for(app) == []


def test_obligation_is_cancelled_not_met_when_someone_else_moves_the_case_on(world, app):
    application_workflow.apply(app, "submit", actor=fresh(world["local_admin"]))
    Obligation.objects.filter(subject_id=str(app.pk), kind="bureau_recommendation").update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    application_workflow.apply(app, "withdraw", actor=fresh(world["local_admin"]), comment="不再申报。")
    row = Obligation.objects.get(subject_id=str(app.pk), kind="bureau_recommendation")
    assert (row.status, row.met_late) == (ObligationStatus.CANCELLED, False)
    assert row.closed_at is not None
