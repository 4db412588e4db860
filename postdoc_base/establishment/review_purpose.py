"""The establishment purpose of the review module (Art. 11(3)): a panel formed for a round reviews the
round's applications that reached the region; assigning experts moves an application into expert review."""

from django.db.models import QuerySet

from postdoc_base.review.enums import PanelPurpose
from postdoc_base.review.subjects import ReviewPurpose, register_purpose

from .enums import ApplicationState
from .models import BaseApplication, Round
from .selectors import rounds_visible_to
from .workflow import application_workflow


def _subjects() -> QuerySet:
    return BaseApplication.objects.select_related("unit", "round", "station")


def _candidates(panel) -> QuerySet:
    return (
        _subjects()
        .filter(
            round_id=panel.context_id, state__in=[ApplicationState.AT_REGION, ApplicationState.EXPERT_REVIEW]
        )
        .order_by("unit__name", "id")
    )


def _after_assign(subject, *, actor) -> None:
    state = BaseApplication.objects.filter(pk=subject.pk).values_list("state", flat=True).first()
    if state == ApplicationState.AT_REGION:
        application_workflow.apply(subject, "start_review", actor=actor)


def register() -> None:
    register_purpose(
        PanelPurpose.ESTABLISHMENT,
        ReviewPurpose(
            subjects=_subjects,
            candidates=_candidates,
            contexts=Round.objects.all,
            contexts_visible_to=rounds_visible_to,
            after_assign=_after_assign,
        ),
    )
