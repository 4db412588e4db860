"""The base file's section of Art. 7 duties (基地职责（第七条）), and the duties it checks for the file's
completeness box (``policy.oversight.duties.check_duties``)."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART7

from ..basefile import Section, register_section
from .permissions import base_keeper_assignment
from .selectors import administrators_for, duties_of, duty_completeness


def duties_context(base, user) -> dict:
    """Four queries for the records (``duties_of``); the administrators masked unless ``user`` is the unit
    or the region."""
    duties = duties_of(base)
    return {
        "duties": duties,
        "administrators": administrators_for(user, base, duties.administrators),
        "can_keep": base_keeper_assignment(user, base) is not None,
        "in_file": True,
    }


DUTIES_SECTION = register_section(
    Section(
        key="duties",
        title=_("基地职责（第七条）"),
        article=ART7,
        template="oversight/duties/_section.html",
        context=duties_context,
        order=10,
        completeness=duty_completeness,
    )
)
