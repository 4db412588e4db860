"""What a panel of each purpose reviews, registered by the apps that use the review module.

The review module imports none of its users: the establishment app registers the Art. 11(3) purpose (panels
formed for a round, reviewing its applications), the tenure app the Arts. 17-18 purpose (a panel formed for
one assessment). Each registration names, lazily, the subject and context querysets and the purpose's own
rules. A subject must offer ``review_parties()`` (conflict parties) and ``get_absolute_url()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class ReviewPurpose:
    # Every subject of the purpose, with what its labels and links read.
    subjects: Callable[[], QuerySet]
    # The subjects a panel may be assigned now, for its context (a round's applications at the region).
    candidates: Callable[[Any], QuerySet]
    # What panels of the purpose are formed for (a round; an assessment).
    contexts: Callable[[], QuerySet]
    # The contexts a user may form a panel for through the API (default: none).
    contexts_visible_to: Callable[[Any], QuerySet] | None = None
    # Whether experts may still be added to or assigned in a panel (default: until the panel closes).
    membership_open: Callable[[Any], bool] = lambda panel: True
    # The subject's own step once experts are assigned (a base application enters expert review).
    after_assign: Callable[..., None] | None = None
    # For purposes a base's unit administrator organises: the context ids of those units' panels.
    unit_context_ids: Callable[[list[int]], QuerySet] | None = None


_PURPOSES: dict[str, ReviewPurpose] = {}


def register_purpose(purpose: str, spec: ReviewPurpose) -> None:
    """Called from an app's ``ready``; one registration per purpose."""
    _PURPOSES[purpose] = spec


def purpose_spec(purpose: str) -> ReviewPurpose:
    return _PURPOSES[purpose]


def registered_purposes() -> dict[str, ReviewPurpose]:
    return dict(_PURPOSES)


def contexts_visible_to(purpose: str, user) -> QuerySet:
    spec = purpose_spec(purpose)
    return spec.contexts_visible_to(user) if spec.contexts_visible_to else spec.contexts().none()


def context_querysets() -> list[QuerySet]:
    """One queryset per context model, for ``GenericPrefetch`` of ``Panel.context`` (labels without N+1)."""
    return [spec.contexts() for spec in _PURPOSES.values()]


def membership_open(panel) -> bool:
    return purpose_spec(panel.purpose).membership_open(panel)


def subject_queryset(purpose: str) -> QuerySet:
    return purpose_spec(purpose).subjects()


def candidate_subjects(panel) -> QuerySet:
    """Subjects of the panel's context that may be assigned now."""
    return purpose_spec(panel.purpose).candidates(panel)


def subject_querysets() -> list[QuerySet]:
    """One queryset per subject model, for ``GenericPrefetch`` of ``Assignment.subject``."""
    return [spec.subjects() for spec in _PURPOSES.values()]


def after_assign(panel, subject, *, actor) -> None:
    """The subject's own step once experts are assigned, when its purpose has one."""
    hook = purpose_spec(panel.purpose).after_assign
    if hook is not None:
        hook(subject, actor=actor)
