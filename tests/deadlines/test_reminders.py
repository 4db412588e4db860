"""Issue 12 item 2: reminders before a date and escalation after it, each sent once, to the owner's role and scope,
then the owner's bureau, then the region; the region's schedule per kind; the daily digest."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from postdoc_base.accounts.enums import Role, ScopeKind
from postdoc_base.deadlines.models import ReminderSent, ReminderSetting
from postdoc_base.deadlines.reminders.rules import reminder_sweep
from postdoc_base.deadlines.reminders.services import reminder_setting_reset, reminder_setting_set
from postdoc_base.kernel import tasks
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.digests import send_digests
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation, ObligationStatus, OutboundEmail
from postdoc_base.kernel.services import NotAllowed
from postdoc_base.policy.deadlines import ReminderSchedule
from tests.factories import UnitFactory, bureau, user_with_role
from tests.factories.concurrency import at_once

DUE = date(2026, 12, 15)  # a Tuesday


@pytest.fixture
def desk(db):
    hohhot, baotou = bureau("呼和浩特市"), bureau("包头市")
    unit_a, unit_b = UnitFactory(bureau=hohhot, name="甲单位"), UnitFactory(bureau=baotou, name="乙单位")
    return {
        "hohhot": hohhot,
        "baotou": baotou,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "admin_a": user_with_role(Role.UNIT_ADMIN, unit_a),
        "admin_b": user_with_role(Role.UNIT_ADMIN, unit_b),
        "officer_a": user_with_role(Role.BUREAU_OFFICER, hohhot),
        "officer_b": user_with_role(Role.BUREAU_OFFICER, baotou),
        "region": user_with_role(Role.REGION_ADMIN),
    }


def owe(
    scope_kind, scope_id, *, kind="entry_filing", role=Role.UNIT_ADMIN, due=DUE, means="due", label="张三"
):
    return Obligation.objects.create(
        subject_type="tenure.appointment", subject_id=str(Obligation.objects.count() + 1), subject_label=label,
        url="/tenure/appointments/1/", kind=kind, title="进站备案", due_on=due, date_means=means,
        responsible_role=role, scope_kind=scope_kind, scope_id=scope_id, article="第十三条第（二）项",
        opened_at=timezone.now(),
    )  # fmt: skip


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True))


def stages_sent(obligation) -> list[tuple[str, date]]:
    return list(
        ReminderSent.objects.filter(obligation=obligation).order_by("id").values_list("stage", "sent_on")
    )


def test_entry_filing_is_reminded_a_month_a_week_and_a_day_ahead_then_escalated_each_stage_once(desk):
    item = owe(ScopeKind.UNIT, desk["unit_a"].pk)
    day = DUE - timedelta(days=40)
    while day <= DUE + timedelta(days=20):
        reminder_sweep(day)
        reminder_sweep(day)  # a second run the same night sends nothing more
        day += timedelta(days=1)
    assert stages_sent(item) == [
        ("before:30", date(2026, 11, 15)),
        ("before:7", date(2026, 12, 8)),
        ("before:1", date(2026, 12, 14)),
        ("bureau", date(2026, 12, 16)),
        ("region", date(2026, 12, 25)),
    ]
    assert inbox(desk["admin_a"]) == [
        "待办提醒：进站备案（张三）将于2026年12月15日截止",
        "待办提醒：进站备案（张三）将于2026年12月15日截止",
        "待办提醒：进站备案（张三）将于2026年12月15日截止",
        "逾期提醒：进站备案（张三）已逾期1天",
        "逾期提醒：进站备案（张三）已逾期10天",
    ]
    assert inbox(desk["officer_a"]) == [
        "逾期提醒：进站备案（张三）已逾期1天",
        "逾期提醒：进站备案（张三）已逾期10天",
    ]
    assert inbox(desk["region"]) == ["逾期提醒：进站备案（张三）已逾期10天"]
    # Nobody in the other bureau hears of it.
    assert inbox(desk["admin_b"]) == inbox(desk["officer_b"]) == []
    body = Notification.objects.filter(recipient=desk["officer_a"]).order_by("id").first().body
    assert (
        body
        == "张三：进站备案的截止日期是2026年12月15日，已逾期1天，已告知呼和浩特市人社局。依据：第十三条第（二）项。"
    )


def test_the_day_before_on_and_after_each_boundary(desk):
    item = owe(ScopeKind.UNIT, desk["unit_a"].pk, kind="dispatch_return")  # default schedule: 7, 1; +1, +10
    expected = {-8: [], -7: ["before:7"], -6: [], -2: [], -1: ["before:1"], 0: [], 1: ["bureau"], 9: [],
                10: ["region"], 11: []}  # fmt: skip
    assert {
        offset: [r.stage for r in reminder_sweep(DUE + timedelta(days=offset))] for offset in expected
    } == expected
    assert len(stages_sent(item)) == 4


def test_a_missed_night_sends_only_the_latest_stage(desk):
    item = owe(ScopeKind.UNIT, desk["unit_a"].pk, kind="dispatch_return")
    assert [r.stage for r in reminder_sweep(DUE + timedelta(days=30))] == ["region"]
    assert reminder_sweep(DUE + timedelta(days=31)) == []
    assert stages_sent(item) == [("region", DUE + timedelta(days=30))]
    # The region stage tells the owner, the owner's bureau (whose own level the missed nights skipped) and the
    # region, once each; the other bureau hears nothing.
    assert len(inbox(desk["region"])) == len(inbox(desk["admin_a"])) == len(inbox(desk["officer_a"])) == 1
    assert inbox(desk["officer_b"]) == []
    assert Notification.objects.get(recipient=desk["officer_a"]).body == (
        "张三：进站备案的截止日期是2026年12月15日，已逾期30天，已告知呼和浩特市人社局和自治区人社厅。依据：第十三条第（二）项。"
    )


def test_a_date_put_back_is_reminded_and_escalated_again_once(desk):
    # A dispatch's planned return extended: the reminders of the old date do not count for the new one.
    item = owe(ScopeKind.UNIT, desk["unit_a"].pk, kind="dispatch_return")
    for offset in (-7, -1, 1):
        reminder_sweep(DUE + timedelta(days=offset))
    later = DUE + timedelta(days=30)
    Obligation.objects.filter(pk=item.pk).update(due_on=later)
    assert reminder_sweep(DUE + timedelta(days=2)) == []  # nothing reached for the new date yet
    assert [r.stage for r in reminder_sweep(later - timedelta(days=7))] == ["before:7"]
    assert reminder_sweep(later - timedelta(days=7)) == []
    assert [r.stage for r in reminder_sweep(later + timedelta(days=1))] == ["bureau"]
    assert list(ReminderSent.objects.filter(obligation=item).order_by("id").values_list("stage", "due_on")) == [
        ("before:7", DUE), ("before:1", DUE), ("bureau", DUE), ("before:7", later), ("bureau", later),
    ]  # fmt: skip


def test_a_closed_or_undated_item_is_never_reminded(desk):
    met = owe(ScopeKind.UNIT, desk["unit_a"].pk)
    Obligation.objects.filter(pk=met.pk).update(status=ObligationStatus.MET)
    owe(ScopeKind.UNIT, desk["unit_a"].pk, due=None)
    assert reminder_sweep(DUE + timedelta(days=1)) == []
    assert Notification.objects.count() == 0


def test_an_item_the_bureau_owes_escalates_straight_to_the_region(desk):
    item = owe(ScopeKind.BUREAU, desk["hohhot"].pk, kind="evaluation_check", role=Role.BUREAU_OFFICER)
    assert [r.stage for r in reminder_sweep(DUE + timedelta(days=1))] == ["before:1"]  # catch-up of the last
    assert reminder_sweep(DUE + timedelta(days=9)) == []
    assert [r.stage for r in reminder_sweep(DUE + timedelta(days=10))] == ["region"]
    assert [s for s, _ in stages_sent(item)] == ["before:1", "region"]
    assert inbox(desk["officer_b"]) == []
    # The reminder caught up after the date says so; the region's step names whom it told.
    assert inbox(desk["officer_a"]) == [
        "逾期提醒：进站备案（张三）已逾期1天",
        "逾期提醒：进站备案（张三）已逾期10天",
    ]
    assert Notification.objects.filter(recipient=desk["officer_a"]).order_by("id").first().body == (
        "张三：进站备案的截止日期是2026年12月15日，已逾期1天，请尽快办理。依据：第十三条第（二）项。"
    )
    assert inbox(desk["region"]) == ["逾期提醒：进站备案（张三）已逾期10天"]


def test_an_item_the_region_owes_is_only_reminded(desk):
    item = owe(ScopeKind.REGION, None, kind="withdrawal_decision", role=Role.REGION_ADMIN)
    for offset in (-7, -1, 1, 10, 30):
        reminder_sweep(DUE + timedelta(days=offset))
    assert [s for s, _ in stages_sent(item)] == ["before:7", "before:1"]
    assert len(inbox(desk["region"])) == 2


def test_a_from_item_is_announced_on_its_first_day(desk):
    owe(ScopeKind.REGION, None, kind="region_filing", role=Role.REGION_ADMIN, means="from", label="甲单位")
    assert reminder_sweep(DUE - timedelta(days=1)) == []
    assert [r.stage for r in reminder_sweep(DUE)] == ["before:0"]
    assert inbox(desk["region"]) == ["待办提醒：进站备案（甲单位）自2026年12月15日起可以办理"]


def test_the_regions_schedule_replaces_the_default_and_can_be_switched_off(desk):
    item = owe(ScopeKind.UNIT, desk["unit_a"].pk, kind="dispatch_return")
    reminder_setting_set(
        actor=desk["region"], kind="dispatch_return",
        schedule=ReminderSchedule(before=(3,), working_days=True, escalate_bureau_after=2, escalate_region_after=4),
    )  # fmt: skip
    # 3 working days before Tuesday 15 December 2026: Thursday 10.
    assert reminder_sweep(date(2026, 12, 9)) == []
    assert [r.stage for r in reminder_sweep(date(2026, 12, 10))] == ["before:3"]
    assert [r.stage for r in reminder_sweep(date(2026, 12, 17))] == ["bureau"]  # 2 working days after
    reminder_setting_set(
        actor=desk["region"], kind="dispatch_return", schedule=ReminderSchedule(enabled=False)
    )
    assert reminder_sweep(date(2026, 12, 30)) == []
    reminder_setting_reset(actor=desk["region"], kind="dispatch_return")
    assert [r.stage for r in reminder_sweep(date(2026, 12, 30))] == ["region"]
    assert [s for s, _ in stages_sent(item)] == ["before:3", "bureau", "region"]


def test_only_the_region_sets_schedules_and_a_bad_one_changes_nothing(desk):
    with pytest.raises(NotAllowed):
        reminder_setting_set(actor=desk["officer_a"], kind="entry_filing", schedule=ReminderSchedule())
    with pytest.raises(ValidationError) as bad:
        reminder_setting_set(
            actor=desk["region"], kind="entry_filing",
            schedule=ReminderSchedule(escalate_bureau_after=5, escalate_region_after=3),
        )  # fmt: skip
    assert bad.value.message_dict == {
        "escalate_region_after": ["告知自治区须晚于告知盟市（先盟市、后自治区）。"]
    }
    with pytest.raises(ValidationError) as unknown:
        reminder_setting_set(actor=desk["region"], kind="nope", schedule=ReminderSchedule())
    assert unknown.value.message_dict == {"kind": ["未知的待办事项类别。"]}
    with pytest.raises(ValidationError):
        reminder_setting_reset(actor=desk["region"], kind="entry_filing")  # nothing set yet
    assert ReminderSetting.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="reminder_setting").count() == 0


def test_setting_and_resetting_a_schedule_are_audited_with_before_and_after(desk):
    reminder_setting_set(actor=desk["region"], kind="entry_filing", schedule=ReminderSchedule(before=(1, 14)))
    event = AuditEvent.objects.get(action="reminder_setting_set")
    assert event.diff == {"before": [[30, 7, 1], [14, 1]]}
    reminder_setting_reset(actor=desk["region"], kind="entry_filing")
    assert AuditEvent.objects.get(action="reminder_setting_reset").diff == {"before": [[14, 1], [30, 7, 1]]}
    assert verify_chain() == []


def test_a_digest_user_gets_one_mail_a_day_listing_every_message(desk):
    admin = desk["admin_a"]
    admin.email_digest = True
    admin.save(update_fields=["email_digest"])
    owe(ScopeKind.UNIT, desk["unit_a"].pk, kind="dispatch_return", label="张三")
    owe(ScopeKind.UNIT, desk["unit_a"].pk, kind="dispatch_return", label="李四")
    owe(ScopeKind.UNIT, desk["unit_b"].pk, kind="dispatch_return", label="王五")
    OutboundEmail.objects.all().delete()
    reminder_sweep(DUE - timedelta(days=1))
    assert len(inbox(admin)) == 2  # in the inbox at once
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [desk["admin_b"].email]  # one per item
    assert send_digests() == 1
    mail = OutboundEmail.objects.get(to=admin.email)
    assert mail.subject.endswith("2条消息")
    assert "1. 待办提醒：调回派出人员" not in mail.body
    assert mail.body.count("待办提醒：") == 2 and "张三" in mail.body and "李四" in mail.body
    assert send_digests() == 0  # each message mailed once


def test_the_sweep_reads_a_fixed_number_of_queries_however_many_items(desk, monkeypatch):
    # The mail worker runs inline in tests (huey immediate mode); it is the worker's cost, not the sweep's.
    monkeypatch.setattr(tasks, "send_outbox", lambda: None)

    def queries(n, day):
        for i in range(n):
            owe(
                ScopeKind.UNIT,
                desk["unit_a" if i % 2 else "unit_b"].pk,
                kind="dispatch_return",
                label=f"人{i}",
            )
        with CaptureQueriesContext(connection) as ctx:
            sent = reminder_sweep(day)
        return len(ctx.captured_queries), len(sent)

    one = queries(1, DUE - timedelta(days=7))
    Obligation.objects.all().delete()
    twenty = queries(20, DUE - timedelta(days=1))
    assert one[1] == 1 and twenty[1] == 20
    assert one[0] == twenty[0]


def test_reminder_settings_pages_for_the_region_only(desk):
    client = Client()
    client.force_login(desk["officer_a"])
    assert client.get("/deadlines/reminders/").status_code == 403
    client.force_login(desk["region"])
    page = client.get("/deadlines/reminders/")
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="reminder-kind"') == 32
    assert client.get("/deadlines/reminders/nope/").status_code == 404
    bad = client.post(
        "/deadlines/reminders/entry_filing/",
        {"enabled": "on", "before": "7、一", "escalate_bureau_after": "1", "escalate_region_after": "10"},
    )
    assert bad.status_code == 200 and "提前天数须为整数" in bad.content.decode()
    worse = client.post(
        "/deadlines/reminders/entry_filing/",
        {"enabled": "on", "before": "7", "escalate_bureau_after": "9", "escalate_region_after": "3"},
    )
    assert "告知自治区须晚于告知盟市" in worse.content.decode()
    assert ReminderSetting.objects.count() == 0
    ok = client.post(
        "/deadlines/reminders/entry_filing/",
        {"enabled": "on", "before": "14, 3", "working_days": "on", "escalate_bureau_after": "2"},
    )
    assert ok.status_code == 302
    row = ReminderSetting.objects.get(kind="entry_filing")
    assert (row.before, row.working_days, row.escalate_bureau_after, row.escalate_region_after) == (
        [14, 3], True, 2, None,
    )  # fmt: skip
    assert client.post("/deadlines/reminders/entry_filing/", {"reset": "1"}).status_code == 302
    assert ReminderSetting.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once():
    hohhot = bureau("呼和浩特市")
    unit = UnitFactory(bureau=hohhot)
    admin = user_with_role(Role.UNIT_ADMIN, unit)
    user_with_role(Role.BUREAU_OFFICER, hohhot)
    for i in range(12):
        owe(ScopeKind.UNIT, unit.pk, kind="dispatch_return", label=f"人{i}")
    sent = at_once(lambda: len(reminder_sweep(DUE + timedelta(days=1))))
    assert sum(sent) == 12
    assert ReminderSent.objects.filter(stage="bureau").count() == 12
    assert Notification.objects.filter(recipient=admin).count() == 12


def test_reminder_settings_api_for_the_region_only(desk):
    client = Client()
    assert client.get("/api/v1/deadlines/reminder-settings").status_code == 401
    client.force_login(desk["officer_a"])
    assert client.get("/api/v1/deadlines/reminder-settings").status_code == 403
    assert (
        client.put(
            "/api/v1/deadlines/reminder-settings/entry_filing",
            {"before": [3]},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(desk["region"])
    listed = client.get("/api/v1/deadlines/reminder-settings").json()
    entry = next(k for k in listed if k["kind"] == "entry_filing")
    assert (len(listed), entry["before"], entry["custom"], entry["date_means"]) == (
        32,
        [30, 7, 1],
        False,
        "due",
    )
    bad = client.put(
        "/api/v1/deadlines/reminder-settings/entry_filing",
        {"before": [3], "escalate_bureau_after": 4, "escalate_region_after": 2}, content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["errors"] == {
        "escalate_region_after": ["告知自治区须晚于告知盟市（先盟市、后自治区）。"]
    }
    assert ReminderSetting.objects.count() == 0
    assert (
        client.put(
            "/api/v1/deadlines/reminder-settings/nope", {}, content_type="application/json"
        ).status_code
        == 404
    )
    ok = client.put(
        "/api/v1/deadlines/reminder-settings/entry_filing",
        {"before": [3, 10], "escalate_bureau_after": 2, "escalate_region_after": 5}, content_type="application/json",
    )  # fmt: skip
    assert ok.status_code == 200
    assert (ok.json()["before"], ok.json()["custom"]) == ([10, 3], True)
    reset = client.delete("/api/v1/deadlines/reminder-settings/entry_filing")
    assert (reset.status_code, reset.json()["before"], reset.json()["custom"]) == (200, [30, 7, 1], False)
    assert client.delete("/api/v1/deadlines/reminder-settings/entry_filing").status_code == 422
