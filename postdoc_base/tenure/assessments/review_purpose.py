"""The assessment purpose of the review module (Arts. 17, 18): a joint panel formed for one postdoc's
assessment reviews exactly that assessment; it is formed as a whole while the assessment is scheduled and
fixed afterwards; a base's unit administrator organises its own postdocs' panels."""

from django.db.models import QuerySet

from postdoc_base.review.enums import PanelPurpose
from postdoc_base.review.subjects import ReviewPurpose, register_purpose

from .enums import AssessmentState
from .models import Assessment


def _subjects() -> QuerySet:
    return Assessment.objects.select_related(
        "appointment__postdoc", "appointment__base__unit", "appointment__station"
    )


def _candidates(panel) -> QuerySet:
    return _subjects().filter(
        pk=panel.context_id, state__in=[AssessmentState.SCHEDULED, AssessmentState.UNDER_REVIEW]
    )


def _membership_open(panel) -> bool:
    # The joint-panel rules of Art. 17 are checked when the panel is formed (assessments.services.form_panel).
    return panel.context.state == AssessmentState.SCHEDULED


def _unit_context_ids(unit_ids) -> QuerySet:
    return Assessment.objects.filter(appointment__base__unit_id__in=unit_ids).values("pk")


def register() -> None:
    register_purpose(
        PanelPurpose.ASSESSMENT,
        ReviewPurpose(
            subjects=_subjects,
            candidates=_candidates,
            contexts=_subjects,
            membership_open=_membership_open,
            unit_context_ids=_unit_context_ids,
        ),
    )
