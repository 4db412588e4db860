"""What self-inspection ends when a base leaves the register (Art. 24; ``oversight.ending``): an inspection still
open ends, and with it the rectification the unit owed."""

from django.utils.translation import gettext as _

from .enums import InspectionState
from .models import SelfInspection
from .workflow import inspection_workflow


def end_inspections(base, state: str, on) -> list[str]:
    ended = []
    for inspection in SelfInspection.objects.filter(base=base, state=InspectionState.OPEN).order_by("pk"):
        inspection_workflow.apply_by_rule(
            inspection, "end", comment=_("基地已不在备案名单（第二十四条）"), on=on
        )
        ended.append(_("自查终止：%(inspection)s") % {"inspection": str(inspection)})
    return ended
