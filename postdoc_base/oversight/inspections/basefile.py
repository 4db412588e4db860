"""The base file's sections of Art. 25: the base's self-inspections with, for each year it owes one, whether it
has a completed one (``policy.oversight.inspection``); and the archive check (档案完整性), per postdoc the
required records missing (``policy.oversight.archive``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART25
from postdoc_base.policy.oversight.inspection import InspectionRecord, yearly_findings

from ..basefile import Section, register_section
from .archive import base_archive
from .enums import InspectionState
from .models import SelfInspection
from .permissions import inspection_keeper
from .selectors import with_issue_counts


def _inspections(base) -> list[SelfInspection]:
    return list(
        with_issue_counts(SelfInspection.objects.filter(base_id=base.pk)).order_by("-year", "-half", "-id")
    )


def _yearly(base, inspections) -> list:
    records = [InspectionRecord(i.year, i.state == InspectionState.CLOSED) for i in inspections]
    return yearly_findings(base.watched_from, records, timezone.localdate())


def inspection_context(base, user) -> dict:
    """One query: the base's inspections with their issue counts; the yearly findings computed from them."""
    inspections = _inspections(base)
    return {
        "inspections": inspections,
        "yearly": _yearly(base, inspections),
        "can_keep": inspection_keeper(user, base) is not None,
    }


def inspection_completeness(base) -> list:
    """Art. 25: one finding per year the base owes a self-inspection for (one query)."""
    return _yearly(base, _inspections(base))


def archive_context(base, user) -> dict:
    """Five queries (``archive.base_archive``): every appointment of the base and its missing records."""
    archive = base_archive(base)
    return {"archive": archive, "incomplete": [a for a in archive if a.missing]}


INSPECTION_SECTION = register_section(
    Section(
        key="self_inspection",
        title=_("自查（第二十五条）"),
        article=ART25,
        template="oversight/inspections/_section.html",
        context=inspection_context,
        order=60,
        completeness=inspection_completeness,
    )
)

ARCHIVE_SECTION = register_section(
    Section(
        key="archive",
        title=_("档案完整性（第二十五条）"),
        article=ART25,
        template="oversight/inspections/_archive_section.html",
        context=archive_context,
        order=65,
    )
)
