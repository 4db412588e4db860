"""The base file's section "本单位发布的岗位" (Art. 21: 鼓励留在设立基地的单位工作): the positions the base's unit
posted for itself, in every state. One query (``selectors.unit_positions``)."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART21

from ..basefile import Section, register_section
from .forms import poster_choices
from .selectors import unit_positions


def positions_context(base, user) -> dict:
    return {
        "unit_positions": unit_positions(base.unit_id),
        "may_post_position": f"unit:{base.unit_id}" in {value for value, _label in poster_choices(user)},
    }


POSITIONS_SECTION = register_section(
    Section(
        key="unit_positions",
        title=_("本单位发布的岗位"),
        article=ART21,
        template="oversight/positions/_section.html",
        context=positions_context,
        order=55,
    )
)
