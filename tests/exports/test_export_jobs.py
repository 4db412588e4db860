"""Large exports run in the background (performance issue 14: no export depends on a request's time): past
EXPORT_INLINE_MAX_ROWS the export link answers with a job and its progress page; the worker writes the same
rows the inline export would, for the same user and filters; only the asker sees the job and its file."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.exports import services
from postdoc_base.exports.models import ExportJob, ExportJobStatus
from postdoc_base.exports.specs import EXPORTS
from tests.factories import UnitFactory, bureau, user_with_role
from tests.factories.pages import xlsx_rows

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def rows_of(content: bytes) -> list[tuple]:
    """The header and data rows (below the title rows, which carry the time of export)."""
    return xlsx_rows(content)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_INLINE_MAX_ROWS = 2
    hohhot, baotou = bureau("呼和浩特市"), bureau("包头市")
    for i in range(3):
        UnitFactory(name=f"呼和浩特单位{i}", bureau=hohhot)
    UnitFactory(name="包头单位", bureau=baotou)
    return {
        "region": user_with_role(Role.REGION_ADMIN),
        "hohhot": user_with_role(Role.BUREAU_OFFICER, hohhot),
        "baotou": user_with_role(Role.BUREAU_OFFICER, baotou),
        "hohhot_bureau": hohhot,
    }


def export_in_background(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # the worker runs the job (Huey immediate in tests)
        response = client.get(url)
    assert response.status_code == 302
    job = ExportJob.objects.latest("id")
    assert response["Location"] == f"/exports/{job.pk}/"
    return job


def test_a_large_export_becomes_a_job_whose_file_has_the_same_rows_as_the_inline_export(
    world, settings, django_capture_on_commit_callbacks
):
    c = login(world["region"])
    url = f"/registry/units/export.xlsx?bureau={world['hohhot_bureau'].pk}"
    job = export_in_background(c, url, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.name, job.percent) == (
        ExportJobStatus.DONE,
        3,
        3,
        "units",
        100,
    )
    assert job.params == {"bureau": [str(world["hohhot_bureau"].pk)]}
    assert job.filename == f"单位名录_全区_{timezone.localdate():%Y%m%d}.xlsx"

    page = c.get(f"/exports/{job.pk}/").content.decode()
    assert "已完成" in page and f"/exports/{job.pk}/download/" in page and 'http-equiv="refresh"' not in page
    download = c.get(f"/exports/{job.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    from_job = rows_of(body(download))

    settings.EXPORT_INLINE_MAX_ROWS = 1000
    inline = c.get(url)
    assert inline.status_code == 200
    assert from_job == rows_of(body(inline))
    assert sorted(r[0] for r in from_job[1:]) == ["呼和浩特单位0", "呼和浩特单位1", "呼和浩特单位2"]


def test_a_small_export_is_answered_at_once_without_a_job(world):
    response = login(world["baotou"]).get("/registry/units/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert [r[0] for r in rows_of(body(response))[1:]] == ["包头单位"]
    assert not ExportJob.objects.exists()


def test_the_worker_exports_what_the_asker_may_see_not_more(world, django_capture_on_commit_callbacks):
    """A bureau officer's job holds their bureau's units, not the four of the region."""
    c = login(world["hohhot"])
    job = export_in_background(c, "/registry/units/export.xlsx", django_capture_on_commit_callbacks)
    rows = rows_of(body(c.get(f"/exports/{job.pk}/download/")))
    assert sorted(r[0] for r in rows[1:]) == ["呼和浩特单位0", "呼和浩特单位1", "呼和浩特单位2"]


def test_only_the_asker_sees_the_job_and_its_file(world, django_capture_on_commit_callbacks):
    job = export_in_background(
        login(world["region"]), "/registry/units/export.xlsx", django_capture_on_commit_callbacks
    )
    for intruder in (world["hohhot"], world["baotou"]):
        c = login(intruder)
        assert c.get(f"/exports/{job.pk}/").status_code == 404
        assert c.get(f"/exports/{job.pk}/download/").status_code == 404
        assert f"/exports/{job.pk}/" not in c.get("/exports/").content.decode()
    assert Client().get(f"/exports/{job.pk}/download/").status_code == 302  # to the login page


def test_a_queued_job_shows_its_progress_and_refreshes_itself(world):
    job = ExportJob.objects.create(
        user=world["region"], name="units", title="单位名录", total=4000, done=1000
    )
    job.status = ExportJobStatus.RUNNING
    job.save()
    c = login(world["region"])
    page = c.get(f"/exports/{job.pk}/").content.decode()
    assert 'http-equiv="refresh" content="2"' in page
    assert 'value="25"' in page and "已写 1000 / 4000 行（25%）" in page and "生成中" in page
    assert c.get(f"/exports/{job.pk}/download/").status_code == 404  # not written yet


def test_the_job_is_written_in_the_askers_language(world, django_capture_on_commit_callbacks):
    c = login(world["region"])
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    job = export_in_background(c, "/registry/units/export.xlsx", django_capture_on_commit_callbacks)
    assert job.language == "en"
    header = rows_of(body(c.get(f"/exports/{job.pk}/download/")))[0]
    assert header[0] == "Unit name"


def test_a_job_of_a_user_deactivated_meanwhile_or_of_an_unknown_export_fails_and_writes_no_file(world):
    inactive = user_with_role(Role.REGION_ADMIN, is_active=False)
    failed = [
        ExportJob.objects.create(user=inactive, name="units", title="单位名录"),
        ExportJob.objects.create(user=world["region"], name="no-such-export", title="?"),
    ]
    for job in failed:
        services.export_job_run(job.pk)
        job.refresh_from_db()
        assert (job.status, bool(job.file)) == (ExportJobStatus.FAILED, False)
    page = login(world["region"]).get(f"/exports/{failed[1].pk}/").content.decode()
    assert "导出失败" in page and "/download/" not in page


def test_a_job_runs_once_even_if_the_task_is_delivered_twice(world):
    job = ExportJob.objects.create(user=world["region"], name="units", title="单位名录")
    services.export_job_run(job.pk)
    first = ExportJob.objects.get(pk=job.pk).file.name
    services.export_job_run(job.pk)
    assert ExportJob.objects.get(pk=job.pk).file.name == first


def test_old_jobs_are_removed_with_their_files(world, tmp_path):
    old = ExportJob.objects.create(
        user=world["region"], name="units", title="单位名录", status=ExportJobStatus.DONE
    )
    old.file.save("old.xlsx", ContentFile(b"x"))
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = ExportJob.objects.create(user=world["region"], name="units", title="单位名录")
    path = tmp_path / old.file.name
    assert path.exists()
    assert services.export_jobs_expire() == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not path.exists()


def test_the_job_list_costs_the_same_queries_for_1_and_20_jobs(world):
    c = login(world["region"])
    c.get("/exports/")
    counts = []
    for n in (1, 20):
        ExportJob.objects.all().delete()
        ExportJob.objects.bulk_create(
            ExportJob(user=world["region"], name="units", title=f"导出{i:02d}") for i in range(n)
        )
        with CaptureQueriesContext(connection) as ctx:
            page = c.get("/exports/").content.decode()
        assert page.count('data-testid="job-row"') == n
        assert all(f"导出{i:02d}" in page for i in range(n))
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_every_list_export_is_declared():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - declares every export
    assert {"appointments", "postdocs", "supervisors", "dispatches", "withdrawals", "extensions", "title_route",
            "assessments", "applications", "units"} <= set(EXPORTS)  # fmt: skip
