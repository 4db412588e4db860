"""``{% review_summary subject user %}``: the review panel of a subject (e.g. a base application) for the
region administrator, who decides pass or fail from it; nothing for anyone else."""

from collections import defaultdict

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from postdoc_base.policy.review import aggregate

from ..enums import AssignmentState
from ..models import Assignment
from ..selectors import is_organiser, member_label

register = template.Library()


@register.inclusion_tag("review/_summary.html")
def review_summary(subject, user):
    if not is_organiser(user):
        return {"show": False}
    assignments = (
        Assignment.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
        .select_related("panel", "member", "member__expert")
        .order_by("panel_id", "member__alias", "id")
    )
    by_panel = defaultdict(list)
    for a in assignments:
        a.label = member_label(a.member, a.panel, organiser=True)
        by_panel[a.panel].append(a)
    panels = [
        {
            "panel": panel,
            "assignments": rows,
            "aggregate": aggregate(
                [a.total for a in rows if a.state == AssignmentState.SUBMITTED and a.total is not None],
                panel.disagreement_threshold,
            ),
        }
        for panel, rows in by_panel.items()
    ]
    # Nothing to say before the subject reaches the organiser (a base application: at the region).
    show = bool(panels) or getattr(subject, "state", "") == "at_region"
    return {"show": show, "panels": panels, "panel_list_url": reverse("review:panel_list")}
