"""The base file's section on evaluation (评估, Arts. 5, 6): the base's evaluations with their campaign, score,
grade and rectification state. Importing this module also registers the evaluation purpose of the review module
and what a base leaving the register ends (its open evaluations)."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART5

from ..basefile import Section, register_section
from ..ending import register_ender
from . import review_purpose
from .models import Evaluation
from .workflow import end_evaluations


def evaluation_context(base, user) -> dict:
    """One query: the base's evaluations with their campaigns, newest campaign first."""
    return {
        "evaluations": list(
            Evaluation.objects.filter(base_id=base.pk)
            .select_related("campaign")
            .order_by("-campaign__year", "-id")
        )
    }


EVALUATION_SECTION = register_section(
    Section(
        key="evaluation",
        title=_("评估（第五条、第六条）"),
        article=ART5,
        template="oversight/evaluations/_section.html",
        context=evaluation_context,
        order=70,
    )
)

review_purpose.register()  # the Arts. 5, 6 purpose of the review module
register_ender(end_evaluations)  # a base leaving the register ends its open evaluations (Art. 24)
