"""Large files are checked and imported by the worker (Huey runs at commit in tests), with progress."""

import pytest

from postdoc_base.directory.models import Unit
from postdoc_base.imports import services
from postdoc_base.imports.models import ImportJob

from .helpers import unit_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def test_a_large_file_is_checked_and_imported_in_the_background(
    region_client, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.IMPORT_INLINE_MAX_ROWS = 2
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    seen = []
    real = services._set_progress

    def spy(job_id, done, total):
        seen.append((done, total))
        real(job_id, done, total)

    monkeypatch.setattr(services, "_set_progress", spy)
    data = workbook_bytes([unit_row(name=f"后台单位{i}") for i in range(5)])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = region_client.post("/imports/units/", {"file": upload(data)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == "validating" and len(queued) == 1
    page = region_client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "校验中" in page
    queued[0]()  # the worker
    job.refresh_from_db()
    assert (job.state, job.valid, job.progress) == ("validated", 5, 100)
    assert seen == [(2, 5), (4, 5)]
    with django_capture_on_commit_callbacks(execute=True) as ran:
        region_client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "0"})
    assert len(ran) == 1
    job.refresh_from_db()
    assert (job.state, job.imported, job.progress) == ("done", 5, 100)
    assert Unit.objects.filter(name__startswith="后台单位").count() == 5
    assert "refresh" not in region_client.get(f"/imports/jobs/{job.pk}/").content.decode()


def test_while_importing_the_page_refreshes_and_shows_the_workers_count(region_client, region):
    from django.core.cache import cache

    job = ImportJob.objects.create(
        kind="units", created_by=region, filename="a.xlsx", state="importing", total=10
    )
    cache.set(services.progress_key(job.pk), 40)
    page = region_client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert 'value="40"' in page and "导入中" in page and 'http-equiv="refresh"' in page


def test_old_jobs_are_removed_with_their_files(region_client, settings):
    from datetime import timedelta

    from django.utils import timezone

    response = region_client.post("/imports/units/", {"file": upload(workbook_bytes([unit_row()]))})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    path = job.file.path
    assert services.import_jobs_expire() == 0
    later = timezone.now() + timedelta(days=settings.EXPORT_KEEP_DAYS + 1)
    assert services.import_jobs_expire(now=later) == 1
    assert not ImportJob.objects.exists()
    import os

    assert not os.path.exists(path)
