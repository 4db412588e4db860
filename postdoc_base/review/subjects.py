"""What a panel may review, per purpose: the candidate subjects for a panel's context and how to load them.

Keeps the review module free of any one subject model: each purpose names, lazily, its subject queryset.
A subject must offer ``review_parties()`` (conflict parties) and ``get_absolute_url()``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .enums import PanelPurpose


def _establishment_subjects() -> QuerySet:
    from postdoc_base.establishment.models import BaseApplication

    return BaseApplication.objects.select_related("unit", "round", "station")


def _establishment_candidates(panel) -> QuerySet:
    from postdoc_base.establishment.enums import ApplicationState

    return (
        _establishment_subjects()
        .filter(
            round_id=panel.context_id, state__in=[ApplicationState.AT_REGION, ApplicationState.EXPERT_REVIEW]
        )
        .order_by("unit__name", "id")
    )


def _assessment_subjects() -> QuerySet:
    from postdoc_base.tenure.assessments.models import Assessment

    return Assessment.objects.select_related(
        "appointment__postdoc", "appointment__base__unit", "appointment__station"
    )


def _assessment_candidates(panel) -> QuerySet:
    """An assessment panel reviews exactly its context, the one postdoc's assessment (Arts. 17, 18)."""
    from postdoc_base.tenure.assessments.enums import AssessmentState

    return _assessment_subjects().filter(
        pk=panel.context_id, state__in=[AssessmentState.SCHEDULED, AssessmentState.UNDER_REVIEW]
    )


SUBJECTS = {
    PanelPurpose.ESTABLISHMENT: _establishment_subjects,
    PanelPurpose.ASSESSMENT: _assessment_subjects,
}
CANDIDATES = {
    PanelPurpose.ESTABLISHMENT: _establishment_candidates,
    PanelPurpose.ASSESSMENT: _assessment_candidates,
}


def _round_contexts() -> QuerySet:
    from postdoc_base.establishment.models import Round

    return Round.objects.all()


# What a panel of each purpose is formed for: an establishment round; for an assessment, the assessment itself.
CONTEXTS = {PanelPurpose.ESTABLISHMENT: _round_contexts, PanelPurpose.ASSESSMENT: _assessment_subjects}


def context_querysets() -> list[QuerySet]:
    """One queryset per context model, for ``GenericPrefetch`` of ``Panel.context`` (labels without N+1)."""
    return [factory() for factory in CONTEXTS.values()]


def membership_open(panel) -> bool:
    """Whether experts may still be added to or assigned in ``panel``: an assessment panel is formed as a
    whole while its assessment is scheduled (the joint-panel rules of Art. 17 are checked then) and fixed
    afterwards; other panels stay open until closed."""
    if panel.purpose != PanelPurpose.ASSESSMENT:
        return True
    from postdoc_base.tenure.assessments.enums import AssessmentState

    return panel.context.state == AssessmentState.SCHEDULED


def subject_queryset(purpose: str) -> QuerySet:
    return SUBJECTS[purpose]()


def candidate_subjects(panel) -> QuerySet:
    """Subjects of the panel's context that may be assigned now (for a round: applications at the region)."""
    return CANDIDATES[panel.purpose](panel)


def subject_querysets() -> list[QuerySet]:
    """One queryset per subject model, for ``GenericPrefetch`` of ``Assignment.subject``."""
    return [factory() for factory in SUBJECTS.values()]


def after_assign(subject, *, actor) -> None:
    """The subject's own step once experts are assigned: a base application enters expert review. (An
    assessment enters review through its own service, ``tenure.assessments.services.form_panel``.)"""
    from postdoc_base.establishment.enums import ApplicationState
    from postdoc_base.establishment.models import BaseApplication
    from postdoc_base.establishment.workflow import application_workflow

    if not isinstance(subject, BaseApplication):
        return
    state = BaseApplication.objects.filter(pk=subject.pk).values_list("state", flat=True).first()
    if state == ApplicationState.AT_REGION:
        application_workflow.apply(subject, "start_review", actor=actor)
