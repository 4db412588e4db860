"""Reads for panels and assignments. ``assignments_visible_to`` is the one place deciding which
assignments (and so which subjects' scores) a user may see: experts only their own."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from postdoc_base.accounts.enums import Role

from .enums import AssignmentState
from .models import Assignment, Panel


def subject_filter(subject) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def active_assignments_for(subject) -> QuerySet[Assignment]:
    return Assignment.objects.filter(**subject_filter(subject)).exclude(state=AssignmentState.WITHDRAWN)


def panels_visible_to(user) -> QuerySet[Panel]:
    qs = Panel.objects.select_related("rubric", "context_type")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.has_role(Role.REGION_ADMIN):
        return qs
    experts = user.scope_ids(Role.EXPERT)
    return qs.filter(members__expert_id__in=experts).distinct() if experts else qs.none()


def assignments_visible_to(user) -> QuerySet[Assignment]:
    qs = Assignment.objects.select_related("panel", "member", "member__expert", "subject_type")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.has_role(Role.REGION_ADMIN):
        return qs
    experts = user.scope_ids(Role.EXPERT)
    return qs.filter(member__expert_id__in=experts) if experts else qs.none()
