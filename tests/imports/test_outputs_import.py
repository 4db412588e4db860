"""A postdoc in a stay imports their own outputs (在站成果, Art. 17): the template, a good file (each row a draft
of the current appointment, audited through the import row), every bad row with its Chinese message and nothing
written, re-importing creates nothing; the administrators and the region do not see the kind; a postdoc not in
a stay is refused."""

import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.imports.models import ImportJob
from postdoc_base.kernel.models import AuditEvent, Notification
from postdoc_base.tenure.outputs.enums import OutputState
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.stay.enums import AppointmentState as S
from tests.factories import StationFactory
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.outputs import make_output
from tests.factories.people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from tests.factories.tenure import base_admin, make_base

from .helpers import errors_by_row, run, upload, workbook_bytes

pytestmark = pytest.mark.django_db

HEADERS = [
    "成果类型*",
    "名称*",
    "取得日期*",
    "级别",
    "本人角色",
    "编号或出处",
    "金额（元）",
    "本人所得（元）",
    "说明",
]
KINDS = ["专利", "发明", "论文", "标准", "科研项目", "奖励", "科技成果转化", "经济效益", "国家资助博士后研究人员计划",
         "中国博士后科学基金资助"]  # fmt: skip
NOT_IN_STAY = "只有在基地期间的博士后研究人员可以批量导入本人的在站成果（第十七条）。"


def row(kind="论文", title="乳酸菌代谢研究", day="2026-06-01", level=None, role=None, reference=None,
        amount=None, share=None, description=None):  # fmt: skip
    return [kind, title, day, level, role, reference, amount, share, description]


@pytest.fixture
def world(db):
    """Base A with a postdoc in the base (entered 2026-01-31, two supervisors) and a second postdoc whose
    appointment is only signed."""
    a = make_base("草原乳业", "呼和浩特市")
    station = StationFactory()
    partner(a, station)
    p1, p2 = make_postdoc(a), make_postdoc(a, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(a, station), base_supervisor(a)
    stay = make_appointment(a, station, p1, state=S.IN_BASE, complete=True, station_supervisor=ssup,
                            base_supervisor=bsup)  # fmt: skip
    signed = make_appointment(a, station, p2, state=S.SIGNED, complete=True)
    return {
        "base": a, "stay": stay, "signed": signed, "postdoc": postdoc_user(p1), "not_yet": postdoc_user(p2),
        "unit_admin": base_admin(a), "sup": supervisor_user(bsup), "sup_station": supervisor_user(ssup),
    }  # fmt: skip


@pytest.fixture
def me(client, world):
    client.force_login(world["postdoc"])
    return client


def upload_job(client, rows):
    response = client.post("/imports/outputs/", {"file": upload(workbook_bytes(rows, headers=HEADERS))})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportJob.objects.latest("id")


def written():
    return Output.objects.count(), AuditEvent.objects.exclude(subject_type="imports.importjob").count()


def test_the_postdoc_downloads_the_template_with_the_output_forms_columns(me):
    response = me.get("/imports/outputs/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, notes, lists = book.worksheets
    assert [c.value for c in data[1]] == HEADERS
    by_header = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert by_header["成果类型"] == KINDS
    assert by_header["级别"] == ["国家级", "省部级", "盟市级", "其他"] and by_header["本人角色"] == [
        "主持",
        "参与",
    ]
    text = " ".join(str(c.value) for r in notes.iter_rows() for c in r if c.value)
    assert "待补证明材料" in text and "提交导师确认" in text and "成果类型、名称、取得日期均相同" in text


def test_a_good_file_imports_drafts_of_the_current_stay_through_the_service(
    me, world, django_capture_on_commit_callbacks
):
    rows = [
        row("论文", "乳酸菌代谢研究", "2026-06-01", reference="食品科学, 2026(3)"),
        row("科研项目", "乳业关键技术攻关", "2026/7/15", level="省部级", role="主持", amount=300000),
        row(
            "科技成果转化",
            "发酵技术转让",
            date(2026, 8, 1),
            amount=500000,
            share=100000,
            description="许可使用",
        ),
    ]
    before = written()
    job = upload_job(me, rows)
    assert (job.state, job.total, job.valid, job.invalid, job.existing) == ("validated", 3, 3, 0, 0)
    assert written() == before  # checking writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert run(me, job).status_code == 302
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 3)

    outputs = {o.title: o for o in Output.objects.all()}
    assert {(o.appointment_id, o.state, o.evidence.name) for o in outputs.values()} == {
        (world["stay"].pk, OutputState.DRAFT, "")
    }
    project = outputs["乳业关键技术攻关"]
    assert (project.kind, project.occurred_on, project.level, project.role, project.amount_yuan) == (
        "project", date(2026, 7, 15), "provincial", "led", 300000,
    )  # fmt: skip
    transfer = outputs["发酵技术转让"]
    assert (transfer.amount_yuan, transfer.postdoc_share_yuan, transfer.description) == (
        500000,
        100000,
        "许可使用",
    )
    assert outputs["乳酸菌代谢研究"].reference == "食品科学, 2026(3)"
    events = AuditEvent.objects.filter(subject_type="tenure.output")
    assert (
        sorted(events.values_list("action", "role", "to_state", "actor_id"))
        == [("import", Role.POSTDOC, OutputState.DRAFT, world["postdoc"].pk)] * 3
    )
    (event,) = AuditEvent.objects.filter(subject_type="imports.importjob", action="import")
    assert (event.actor_id, event.role, event.diff["imported"]) == (
        world["postdoc"].pk,
        Role.POSTDOC,
        [None, 3],
    )
    assert not Notification.objects.exists()  # the supervisors hear of an output when it is submitted


def test_every_bad_row_gives_its_chinese_message_and_nothing_is_written(me, world):
    make_output(world["stay"], title="已登记的论文")  # entered on the page: paper, 2026-06-01
    rows = [
        row(title="好的论文"),  # 2: good
        row("诗歌", "一首诗"),  # 3: unknown kind label
        row(title="日期不对", day="2026-02-30"),  # 4: no such day
        row(title=None),  # 5: no title
        row(title="好的论文"),  # 6: repeats row 2
        row(title="已登记的论文"),  # 7: already in the database: skipped, not an error
        row("科研项目", "缺少级别", role="主持"),  # 8: the service's rule
        row(title="将来的论文", day="2099-01-01"),  # 9: in the future
        row(title="进基地前的论文", day="2026-01-30"),  # 10: before the entry
        row("科技成果转化", "转让", amount="五十万"),  # 11: not a whole number
    ]
    before = written()
    job = upload_job(me, rows)
    assert (job.total, job.valid, job.invalid, job.existing) == (10, 1, 8, 1)
    options = "、".join(KINDS)
    repeated = "与第 2 行重复（成果类型、名称、取得日期 相同）。"
    assert errors_by_row(job) == {
        3: {("A", f"“诗歌”不是可选的值，可选：{options}。")},
        4: {("C", "“2026-02-30”不是有效的日期，应写成 2026-01-31 这样的日期。")},
        5: {("B", "这个字段是必填项。")},
        6: {("A", repeated), ("B", repeated), ("C", repeated)},
        7: {("", "已存在，跳过")},
        8: {("D", "请选择级别。")},
        9: {("C", "取得日期不能晚于今天。")},
        10: {("C", "取得日期不能早于进基地日期2026-01-31。")},
        11: {("G", "应填写整数，不能是“五十万”。")},
    }
    assert written() == before
    response = run(me, job)
    assert response.status_code == 400 and "文件中有 8 行错误，不能全部导入。" in response.content.decode()
    assert written() == before
    run(me, job, only_valid=True)
    assert set(Output.objects.values_list("title", "state")) == {
        ("已登记的论文", OutputState.SUBMITTED), ("好的论文", OutputState.DRAFT),
    }  # fmt: skip


def test_reimporting_the_same_file_creates_nothing_new(me, world):
    rows = [row(title="论文甲"), row("专利", "专利乙", "2026-05-01"), row("论文", "论文甲", "2026-07-01")]
    run(me, upload_job(me, rows))
    assert Output.objects.count() == 3
    before = written()
    again = upload_job(me, [[" 论文 ", " 论文甲 ", "2026-06-01", *[None] * 6], *rows[1:]])
    assert (again.valid, again.invalid, again.existing) == (0, 0, 3)
    assert {e["errors"][0]["message"] for e in again.report["rows"]} == {"已存在，跳过"}
    assert "没有可导入的有效行。" in run(me, again).content.decode()
    assert written() == before


def test_another_postdocs_output_of_the_same_name_is_not_this_files(me, world):
    other = make_appointment(world["base"], world["stay"].station, make_postdoc(world["base"], name="乌云", id_type="passport", id_number="E00000001", nationality="蒙古国"), state=S.IN_BASE, complete=True)  # fmt: skip
    make_output(other, title="乳酸菌代谢研究")
    job = upload_job(me, [row()])
    assert (job.valid, job.existing) == (1, 0)


@pytest.mark.parametrize("who", ["unit_admin", "sup"])
def test_the_bases_and_the_supervisors_do_not_see_the_outputs_kind(client, world, who):
    client.force_login(world[who])
    kinds = client.get("/api/v1/imports/kinds")
    assert kinds.status_code == 403 or "outputs" not in [k["kind"] for k in kinds.json()]
    assert "/imports/outputs/" not in client.get("/imports/").content.decode()
    assert client.get("/imports/outputs/").status_code == 403
    assert client.get("/imports/outputs/template.xlsx").status_code == 403
    response = client.post(
        "/api/v1/imports/outputs", {"file": upload(workbook_bytes([row()], headers=HEADERS))}
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists() and not Output.objects.exists()


def test_the_region_does_not_see_the_outputs_kind(region_client):
    kinds = [k["kind"] for k in region_client.get("/api/v1/imports/kinds").json()]
    assert "outputs" not in kinds and "units" in kinds
    assert "/imports/outputs/" not in region_client.get("/imports/").content.decode()
    assert region_client.get("/imports/outputs/template.xlsx").status_code == 403
    assert (
        region_client.post(
            "/imports/outputs/", {"file": upload(workbook_bytes([row()], headers=HEADERS))}
        ).status_code
        == 403
    )
    assert not Output.objects.exists()


def test_the_postdoc_sees_only_the_outputs_kind(me):
    assert [k["kind"] for k in me.get("/api/v1/imports/kinds").json()] == ["outputs"]
    page = me.get("/imports/").content.decode()
    assert "/imports/outputs/" in page and "/imports/postdocs/" not in page
    assert me.get("/imports/postdocs/").status_code == 403


def test_a_postdoc_not_in_a_stay_cannot_import(client, world):
    client.force_login(world["not_yet"])  # the appointment is signed, the postdoc has not entered
    response = client.get("/imports/")
    assert response.status_code == 403 and NOT_IN_STAY in response.content.decode()
    assert client.get("/imports/outputs/template.xlsx").status_code == 403
    api = client.post("/api/v1/imports/outputs", {"file": upload(workbook_bytes([row()], headers=HEADERS))})
    assert (api.status_code, api.json()["message"]) == (403, NOT_IN_STAY)
    assert not ImportJob.objects.exists() and not Output.objects.exists()


def test_a_stay_ended_after_the_check_stops_the_import(me, world):
    job = upload_job(me, [row()])
    world["stay"].state = S.EXITED
    world["stay"].save(update_fields=["state"])
    assert run(me, job).status_code == 403
    job.refresh_from_db()
    assert job.state == "validated" and not Output.objects.exists()


def test_a_stay_ended_while_the_worker_waits_stops_the_import(
    me, world, settings, django_capture_on_commit_callbacks
):
    job = upload_job(me, [row()])
    settings.IMPORT_INLINE_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run(me, job)
    world["stay"].state = S.EXITED
    world["stay"].save(update_fields=["state"])
    queued[0]()
    job.refresh_from_db()
    assert (job.state, job.message) == ("failed", "上传人已无权导入此类数据，未导入。")
    assert not Output.objects.exists()


def test_the_context_says_why_when_the_stay_is_gone(world):
    from django.core.exceptions import ValidationError

    from postdoc_base.imports.registry import import_spec

    with pytest.raises(ValidationError) as error:
        import_spec("outputs").context(world["not_yet"])
    assert error.value.messages == [NOT_IN_STAY]


def test_the_api_imports_the_postdocs_file(me, world):
    body = me.post(
        "/api/v1/imports/outputs", {"file": upload(workbook_bytes([row(), row(title=None)], headers=HEADERS))}
    ).json()
    assert (body["kind"], body["valid"], body["invalid"]) == ("outputs", 1, 1)
    done = me.post(
        f"/api/v1/imports/jobs/{body['id']}/run", {"only_valid": True}, content_type="application/json"
    )
    assert (done.status_code, done.json()["imported"]) == (200, 1)
    assert Output.objects.get().state == OutputState.DRAFT
    other = Client()
    other.force_login(world["unit_admin"])
    assert other.get(f"/api/v1/imports/jobs/{body['id']}").status_code == 404
