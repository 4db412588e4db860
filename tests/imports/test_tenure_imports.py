"""A base's unit administrator imports its postdocs, each with the appointment the page would draft (Art. 13):
the template lists only its own partner stations and topics; every row is checked by the postdoc form and the
two services (the ID's check digit, the person already recorded, the station of another base); a good file
creates each postdoc and its drafted appointment through the services, audited; only-valid and re-importing
work as for the region's kinds; the job is the uploader's (the region reads its report)."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from postdoc_base.imports.models import ImportJob
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.enums import BaseState
from postdoc_base.policy.identifiers import complete_resident_id
from postdoc_base.tenure.people.models import Postdoc
from postdoc_base.tenure.recruitment.enums import AgreementState
from postdoc_base.tenure.stay.models import Appointment
from tests.factories import StationFactory
from tests.factories.appointments import partner
from tests.factories.people import make_postdoc
from tests.factories.tenure import base_admin, make_agreement, make_base, make_topic

from .helpers import errors_by_row, run, upload, workbook_bytes

pytestmark = pytest.mark.django_db

HEADERS = [
    "姓名*", "性别*", "出生日期*", "证件类型*", "证件号码*", "国籍", "博士毕业院校*", "博士学科*", "博士学位授予日期",
    "博士学位证书编号", "国（境）外学位认证情况", "在站方式*", "合作流动站*", "课题",
]  # fmt: skip
BAD_DIGIT = "居民身份证号码无效（GB 11643-1999）：应为18位，前17位为数字，末位校验码须正确（X 表示10）。"
UNKNOWN_STATION = "合作流动站“%s”不是与本基地有生效合作协议的流动站，请从下拉列表中选择。"


def resident_id(birth: str, serial: int) -> str:
    """A valid resident ID number of a person born on ``birth`` (YYYYMMDD)."""
    return complete_resident_id(f"150102{birth}{serial:03d}")


def row(name, number, station, topic=None, **changes):
    values = {
        "name": name, "gender": "男", "birth": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
        "id_type": "居民身份证", "number": number, "nationality": None, "institution": "内蒙古大学",
        "discipline": "生物学", "degree": "2025-06-30", "certificate": "1012632025000123", "verification": None,
        "mode": "全职", "station": station, "topic": topic, **changes,
    }  # fmt: skip
    return list(values.values())


@pytest.fixture
def world(db):
    """Base A (its administrator, two partner stations, a topic, a draft topic, a station it has only a draft
    agreement with) and base B (its administrator and its own partner station)."""
    a = make_base("草原乳业", "呼和浩特市")
    b = make_base("稀土材料", "包头市")
    st1 = StationFactory(university="内蒙古大学", discipline="生物学")
    st2 = StationFactory(university="内蒙古农业大学", discipline="食品科学与工程")
    st_b = StationFactory(university="内蒙古科技大学", discipline="材料科学与工程")
    pending = StationFactory(university="内蒙古工业大学", discipline="化学工程与技术")
    partner(a, st1)
    partner(a, st2)
    partner(b, st_b)
    make_agreement(a, pending, state=AgreementState.DRAFT)
    topic = make_topic(a, state="published", title="乳酸菌发酵工艺优化")
    make_topic(a, state="draft", title="奶酪风味研究")
    make_topic(b, state="published", title="稀土永磁材料")
    return {
        "a": a, "b": b, "st1": st1, "st2": st2, "st_b": st_b, "pending": pending, "topic": topic,
        "admin_a": base_admin(a, username="hr_a"), "admin_b": base_admin(b, username="hr_b"),
    }  # fmt: skip


@pytest.fixture
def hr(client, world):
    client.force_login(world["admin_a"])
    return client


def post_file(client, rows, headers=HEADERS):
    return client.post("/imports/postdocs/", {"file": upload(workbook_bytes(rows, headers=headers))})


def upload_job(client, rows):
    response = post_file(client, rows)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportJob.objects.latest("id")


def written():
    return (
        Postdoc.objects.count(),
        Appointment.objects.count(),
        AuditEvent.objects.exclude(subject_type="imports.importjob").count(),
    )


def test_the_template_lists_only_the_bases_own_partner_stations_and_topics(hr, world):
    response = hr.get("/imports/postdocs/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, notes, lists = book.worksheets
    assert [c.value for c in data[1]] == HEADERS
    assert data.column_dimensions["E"].number_format == "@"  # an 18-digit number keeps its digits
    by_header = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert sorted(by_header["合作流动站"]) == ["内蒙古农业大学·食品科学与工程", "内蒙古大学·生物学"]
    assert by_header["课题"] == ["乳酸菌发酵工艺优化"]
    assert by_header["性别"] == ["男", "女"] and by_header["证件类型"] == ["居民身份证", "护照"]
    text = " ".join(str(c.value) for r in notes.iter_rows() for c in r if c.value)
    assert "在站成果不能批量导入" in text and "三方协议草拟" in text


def test_a_good_file_records_each_postdoc_and_drafts_the_appointment_through_the_services(hr, world):
    first, second = resident_id("19900307", 123), resident_id("19881231", 45)
    rows = [
        row("巴特尔·朝鲁", first, "内蒙古大学·生物学", "乳酸菌发酵工艺优化"),
        row("李娜", second, "内蒙古农业大学·食品科学与工程", gender="女", mode="在职", nationality="中国"),
    ]
    before = written()
    job = upload_job(hr, rows)
    assert (job.state, job.total, job.valid, job.invalid, job.existing) == ("validated", 2, 2, 0, 0)
    assert written() == before  # checking writes nothing
    assert run(hr, job).status_code == 302
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 2)

    bater = Postdoc.objects.get(name="巴特尔·朝鲁")
    assert (bater.base, bater.id_number, bater.birth_date, bater.nationality, bater.gender) == (
        world["a"], first, date(1990, 3, 7), "中国", "male",
    )  # fmt: skip
    (appointment,) = bater.appointments.all()
    assert (appointment.base, appointment.station, appointment.topic, appointment.state) == (
        world["a"], world["st1"], world["topic"], "drafted",
    )  # fmt: skip
    assert appointment.term_months == 24 and appointment.contract_type
    li = Appointment.objects.get(postdoc__name="李娜")
    assert (li.station, li.topic, li.state, li.postdoc.study_mode) == (
        world["st2"],
        None,
        "drafted",
        "in_service",
    )

    admin = world["admin_a"]
    for subject in ("tenure.postdoc", "tenure.appointment"):
        events = AuditEvent.objects.filter(subject_type=subject, action="create")
        assert events.count() == 2
        assert set(events.values_list("actor_id", "role")) == {(admin.pk, "unit_admin")}
    assert set(
        AuditEvent.objects.filter(subject_type="tenure.appointment").values_list("to_state", flat=True)
    ) == {"drafted"}
    # the ID number is masked in the audit diff, as on the page
    assert first not in str(
        AuditEvent.objects.filter(subject_type="tenure.postdoc").values_list("diff", flat=True)
    )
    (event,) = AuditEvent.objects.filter(subject_type="imports.importjob", action="import")
    assert (event.actor_id, event.role, event.scope, event.diff["imported"]) == (
        admin.pk, "unit_admin", world["a"].unit.name, [None, 2],
    )  # fmt: skip


def test_every_bad_row_gives_its_chinese_message_and_nothing_is_written(hr, world):
    other_base_person = resident_id("19850101", 2)
    make_postdoc(world["b"], other_base_person, name="王芳")
    good, twice = resident_id("19900307", 123), resident_id("19920202", 7)
    bad_digit = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        row("张三", good, "内蒙古大学·生物学"),  # 2: good
        row("李四", bad_digit, "内蒙古大学·生物学"),  # 3
        row("王五", twice, "火星大学·化学"),  # 4: unknown station
        row("赵六", resident_id("19930303", 8), "内蒙古科技大学·材料科学与工程"),  # 5: base B's station
        row("孙七", resident_id("19940404", 9), "内蒙古工业大学·化学工程与技术"),  # 6: agreement not active
        row("周八", twice, "内蒙古大学·生物学"),  # 7: repeats row 4's ID
        [None] * 14,  # 8: empty, skipped
        row("吴九", other_base_person, "内蒙古大学·生物学"),  # 9: recorded by base B
        row("郑十", resident_id("19950505", 10), "内蒙古大学·生物学", birth="1995-02-30"),  # 10: no such day
        row("钱一", resident_id("19960606", 11), "内蒙古大学·生物学", birth="1996-06-07"),  # 11: not the ID's
        row("", resident_id("19970707", 12), "内蒙古大学·生物学", topic="奶酪风味研究"),  # 12: draft topic
        row("陈二", resident_id("19980808", 13), ""),  # 13: no station
    ]
    before = written()
    job = upload_job(hr, rows)
    assert (job.total, job.valid, job.invalid, job.existing) == (11, 1, 10, 0)
    assert errors_by_row(job) == {
        3: {("E", BAD_DIGIT)},
        4: {("M", UNKNOWN_STATION % "火星大学·化学")},
        5: {("M", UNKNOWN_STATION % "内蒙古科技大学·材料科学与工程")},
        6: {("M", UNKNOWN_STATION % "内蒙古工业大学·化学工程与技术")},
        7: {("E", "与第 4 行重复（证件号码 相同）。")},
        9: {("E", "该证件号码的博士后研究人员已有记录，不能重复录入。")},
        10: {("C", "“1995-02-30”不是有效的日期，应写成 2026-01-31 这样的日期。")},
        11: {("C", "出生日期与居民身份证号码中的出生日期（1996-06-06）不一致。")},
        12: {
            ("A", "这个字段是必填项。"),
            ("N", "课题“奶酪风味研究”不是本基地的课题（草稿除外），请从下拉列表中选择，或留空。"),
        },
        13: {("M", "这个字段是必填项。")},
    }
    assert {e["header"] for entry in job.report["rows"] for e in entry["errors"]} >= {
        "证件号码",
        "合作流动站",
    }
    assert written() == before
    response = run(hr, job)
    assert response.status_code == 400
    assert "文件中有 10 行错误，不能全部导入。" in response.content.decode()
    assert written() == before

    marked = hr.get(f"/imports/jobs/{job.pk}/marked.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(marked.streaming_content))).active
    assert sheet["E3"].comment.text == BAD_DIGIT and sheet["O3"].value == f"证件号码：{BAD_DIGIT}"
    assert sheet["M5"].fill.start_color.rgb == "FFFFC7CE" and sheet["A2"].fill.fill_type is None


def test_a_passport_holder_names_a_nationality(hr, world):
    rows = [
        row("Anna Petrova", "E12345678", "内蒙古大学·生物学", birth="1991-04-05", id_type="护照"),
        row(
            "Bat-Erdene",
            "MN1234567",
            "内蒙古大学·生物学",
            birth="1990-01-02",
            id_type="护照",
            nationality="蒙古国",
        ),
    ]
    job = upload_job(hr, rows)
    assert errors_by_row(job) == {2: {("F", "这个字段是必填项。")}}
    run(hr, job, only_valid=True)
    assert Postdoc.objects.get(name="Bat-Erdene").nationality == "蒙古国"


def test_only_valid_rows_writes_exactly_those_rows(hr, world):
    good, other = resident_id("19900307", 123), resident_id("19910101", 5)
    rows = [
        row("张三", good, "内蒙古大学·生物学"),
        row("李四", good[:17] + ("0" if good[17] != "0" else "1"), "内蒙古大学·生物学"),
        row("王五", other, "内蒙古科技大学·材料科学与工程"),
        row("赵六", resident_id("19920202", 6), "内蒙古农业大学·食品科学与工程"),
    ]
    job = upload_job(hr, rows)
    assert (job.valid, job.invalid) == (2, 2)
    run(hr, job, only_valid=True)
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 2)
    assert set(Postdoc.objects.values_list("name", flat=True)) == {"张三", "赵六"}
    assert set(Appointment.objects.values_list("postdoc__name", "state")) == {
        ("张三", "drafted"),
        ("赵六", "drafted"),
    }
    assert AuditEvent.objects.filter(subject_type="tenure.postdoc", action="create").count() == 2


def test_reimporting_the_same_file_creates_nothing_new(hr, world):
    rows = [
        row("张三", resident_id("19900307", 123), "内蒙古大学·生物学"),
        row("李四", resident_id("19910101", 5), "内蒙古农业大学·食品科学与工程"),
    ]
    run(hr, upload_job(hr, rows))
    assert Appointment.objects.count() == 2
    before = written()
    again = upload_job(hr, rows)
    assert (again.valid, again.invalid, again.existing) == (0, 0, 2)
    assert {e["errors"][0]["message"] for e in again.report["rows"]} == {"已存在，跳过"}
    assert "没有可导入的有效行。" in run(hr, again).content.decode()
    assert written() == before


def test_the_same_id_typed_in_lower_case_is_the_same_person(hr, world):
    number = complete_resident_id("15010219910615107")
    assert number.endswith("X")
    make_postdoc(world["a"], number, name="已录入")
    job = upload_job(hr, [row("已录入", number.lower(), "内蒙古大学·生物学")])
    assert (job.valid, job.existing) == (0, 1)


def test_the_region_and_the_bases_each_see_only_their_own_kinds(client, world, region):
    client.force_login(world["admin_a"])
    page = client.get("/imports/").content.decode()
    assert "/imports/postdocs/" in page and "/imports/units/" not in page and "/imports/funding/" not in page
    assert [k["kind"] for k in client.get("/api/v1/imports/kinds").json()] == ["postdocs"]
    for kind in ("units", "experts", "funding"):
        assert client.get(f"/imports/{kind}/").status_code == 403
        assert client.get(f"/imports/{kind}/template.xlsx").status_code == 403
        response = client.post(f"/api/v1/imports/{kind}", {"file": upload(workbook_bytes([["甲"]]))})
        assert response.status_code == 403
    assert not ImportJob.objects.exists()

    client.force_login(region)
    page = client.get("/imports/").content.decode()
    assert "/imports/postdocs/" not in page and "/imports/units/" in page
    kinds = [k["kind"] for k in client.get("/api/v1/imports/kinds").json()]
    assert "postdocs" not in kinds and {"units", "experts", "funding"} <= set(kinds)
    assert client.get("/imports/postdocs/template.xlsx").status_code == 403
    assert (
        post_file(client, [row("张三", resident_id("19900307", 1), "内蒙古大学·生物学")]).status_code == 403
    )
    assert not ImportJob.objects.exists() and not Postdoc.objects.exists()


def test_the_kinds_list_gives_each_column(hr):
    (kind,) = hr.get("/api/v1/imports/kinds").json()
    assert (kind["kind"], kind["title"], kind["key"]) == ("postdocs", "博士后研究人员及进基地", "证件号码")
    station = next(c for c in kind["columns"] if c["field"] == "station")
    assert (station["header"], station["required"], station["format"]) == (
        "合作流动站",
        True,
        "从下拉列表中选择",
    )


def test_another_bases_administrator_cannot_see_or_run_the_job(hr, world):
    job = upload_job(hr, [row("张三", resident_id("19900307", 123), "内蒙古大学·生物学")])
    other = Client()
    other.force_login(world["admin_b"])
    assert other.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/imports/jobs/{job.pk}/marked.xlsx").status_code == 404
    assert other.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "1"}).status_code == 404
    assert other.get(f"/api/v1/imports/jobs/{job.pk}").status_code == 404
    assert other.post(f"/api/v1/imports/jobs/{job.pk}/run", {"only_valid": True},
                      content_type="application/json").status_code == 404  # fmt: skip
    assert "/imports/jobs/" not in other.get("/imports/").content.decode()
    assert not Postdoc.objects.exists()


def test_the_region_reads_a_bases_report_but_neither_imports_it_nor_downloads_its_file(hr, world, region):
    job = upload_job(hr, [row("张三", resident_id("19900307", 123), "火星大学·化学")])
    viewer = Client()
    viewer.force_login(region)
    index = viewer.get("/imports/").content.decode()
    assert index.count('data-testid="overseen-job-row"') == 1 and f'href="/imports/jobs/{job.pk}/"' in index
    page = viewer.get(f"/imports/jobs/{job.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "火星大学·化学" in text and str(world["admin_a"]) in text and 'data-testid="marked"' not in text
    assert viewer.get(f"/api/v1/imports/jobs/{job.pk}").json()["invalid"] == 1
    assert viewer.get(f"/imports/jobs/{job.pk}/marked.xlsx").status_code == 404  # the file holds full IDs
    assert viewer.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "1"}).status_code == 404
    assert viewer.post(f"/api/v1/imports/jobs/{job.pk}/run", {"only_valid": True},
                       content_type="application/json").status_code == 404  # fmt: skip


def test_a_unit_without_an_active_filed_base_is_told_why(client, world):
    world["a"].state = BaseState.REVOKED
    world["a"].save(update_fields=["state"])
    client.force_login(world["admin_a"])
    response = client.get("/imports/")
    assert response.status_code == 403
    message = "本单位没有已备案的博士后创新实践基地，不能批量导入博士后研究人员。"
    assert message in response.content.decode()
    assert client.get("/imports/postdocs/template.xlsx").status_code == 403
    api = client.post("/api/v1/imports/postdocs", {"file": upload(workbook_bytes([["甲"]], headers=HEADERS))})
    assert (api.status_code, api.json()["message"]) == (403, message)


def test_a_base_revoked_after_the_check_stops_the_import(hr, world):
    job = upload_job(hr, [row("张三", resident_id("19900307", 123), "内蒙古大学·生物学")])
    world["a"].state = BaseState.REVOKED
    world["a"].save(update_fields=["state"])
    assert run(hr, job).status_code == 403
    job.refresh_from_db()
    assert job.state == "validated" and not Postdoc.objects.exists()


def test_a_base_revoked_while_the_worker_waits_stops_the_import(
    hr, world, settings, django_capture_on_commit_callbacks
):
    job = upload_job(hr, [row("张三", resident_id("19900307", 123), "内蒙古大学·生物学")])
    settings.IMPORT_INLINE_MAX_ROWS = 0  # checked at once, imported by the worker
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run(hr, job)
    world["a"].state = BaseState.REVOKED
    world["a"].save(update_fields=["state"])
    queued[0]()  # the worker, with the uploader's scope as it is now
    job.refresh_from_db()
    assert (job.state, job.message) == ("failed", "上传人已无权导入此类数据，未导入。")
    assert (
        not Postdoc.objects.exists() and not AuditEvent.objects.filter(subject_type="tenure.postdoc").exists()
    )


def test_an_administrator_of_two_bases_is_told_the_file_cannot_say_which(client, world):
    from postdoc_base.accounts.enums import Role
    from postdoc_base.accounts.models import RoleAssignment

    user = world["admin_a"]
    RoleAssignment.objects.create(user=user, role=Role.UNIT_ADMIN, unit=world["b"].unit)
    client.force_login(user)
    response = post_file(client, [row("张三", resident_id("19900307", 123), "内蒙古大学·生物学")])
    assert response.status_code == 400
    assert "您同时管理多个博士后创新实践基地，批量导入无法确定导入到哪个基地。" in response.content.decode()
    assert client.get("/imports/postdocs/template.xlsx").status_code == 400
    assert not ImportJob.objects.exists()


def test_a_bureau_officer_has_no_imports(client, hr, world):
    from postdoc_base.accounts.enums import Role
    from tests.factories import user_with_role

    job = upload_job(hr, [row("张三", resident_id("19900307", 123), "内蒙古大学·生物学")])
    client.force_login(user_with_role(Role.BUREAU_OFFICER, world["a"].unit.bureau))
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/postdocs/").status_code == 403
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert client.get("/api/v1/imports/kinds").status_code == 403
    assert client.get(f"/api/v1/imports/jobs/{job.pk}").status_code == 404


def test_the_api_imports_a_bases_file(hr, world):
    rows = [
        row("张三", resident_id("19900307", 123), "内蒙古大学·生物学"),
        row("李四", "1", "内蒙古大学·生物学"),
    ]
    body = hr.post("/api/v1/imports/postdocs", {"file": upload(workbook_bytes(rows, headers=HEADERS))}).json()
    assert (body["kind"], body["valid"], body["invalid"]) == ("postdocs", 1, 1)
    done = hr.post(
        f"/api/v1/imports/jobs/{body['id']}/run", {"only_valid": True}, content_type="application/json"
    )
    assert (done.status_code, done.json()["imported"]) == (200, 1)
    assert Appointment.objects.get().postdoc.name == "张三"


def test_a_large_file_is_checked_and_imported_by_the_worker_for_its_uploader(
    hr, world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_ROWS = 2
    rows = [
        row(f"后台{n}", resident_id("19900307", 200 + i), "内蒙古大学·生物学")
        for i, n in enumerate("甲乙丙丁")
    ]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_file(hr, rows)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == "validating" and len(queued) == 1
    queued[0]()  # the worker: the context is built for the job's uploader, not for whoever is signed in
    job.refresh_from_db()
    assert (job.state, job.valid) == ("validated", 4)
    with django_capture_on_commit_callbacks(execute=True):
        run(hr, job)
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 4)
    assert set(Appointment.objects.values_list("base", "state")) == {(world["a"].pk, "drafted")}


def test_the_regions_list_of_the_bases_imports_costs_the_same_queries_at_1_and_20(
    world, region, django_assert_num_queries
):
    def job(n: int) -> ImportJob:
        return ImportJob.objects.create(kind="postdocs", created_by=world["admin_a"], filename=f"人员{n}.xlsx",
                                        state="validated", file=f"imports/{n}.xlsx")  # fmt: skip

    viewer = Client()
    viewer.force_login(region)
    job(0)
    viewer.get("/imports/")  # the session's first read
    with CaptureQueriesContext(connection) as one:
        page = viewer.get("/imports/")
    at_one = len(one)
    assert page.content.decode().count('data-testid="overseen-job-row"') == 1
    for n in range(1, 20):
        job(n)
    with django_assert_num_queries(at_one):
        page = viewer.get("/imports/")
    html = page.content.decode()
    assert html.count('data-testid="overseen-job-row"') == 20
    assert all(f"人员{n}.xlsx" in html for n in range(20)) and html.count(str(world["admin_a"])) >= 20
