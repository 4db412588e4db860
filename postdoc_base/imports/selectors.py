"""Which import jobs a user sees: their own; the region administrator also reads the reports of the kinds it
oversees (a base's imports, Art. 5). Only the uploader imports a job or downloads its marked workbook (the
uploaded file itself, e.g. a postdoc file's full ID numbers, whose showing is otherwise audited); anyone else
gets a 404."""

from django.db.models import Q

from postdoc_base.accounts.permissions import is_region_admin

from .models import ImportJob
from .registry import IMPORTS


def import_jobs_owned_by(user):
    """The jobs ``user`` uploaded: the ones they may import and whose file they may download."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=user)


def import_jobs_visible_to(user):
    """The jobs whose report ``user`` may read."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    mine = Q(created_by=user)
    if is_region_admin(user):
        overseen = [kind for kind, spec in IMPORTS.items() if spec.overseen_by_region]
        return ImportJob.objects.filter(mine | Q(kind__in=overseen))
    return ImportJob.objects.filter(mine)
