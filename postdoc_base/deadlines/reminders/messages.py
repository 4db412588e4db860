"""The words of a reminder or an escalation, as officials write them: dates through the project's formatter
(``policy.common.person_date``: 2026年12月4日), the article cited."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from postdoc_base.kernel.models import DateMeaning
from postdoc_base.policy.common import person_date
from postdoc_base.policy.deadlines import BEFORE, Stage


def reminder_message(obligation, stage: Stage, today: date, told: str = "") -> tuple[str, str]:
    """``(title, body)`` of one reminder; ``told`` names whom an escalation also informs."""
    values = {
        "title": obligation.title,
        "subject": obligation.subject_label,
        "date": str(person_date(obligation.due_on)),
        "days": abs((obligation.due_on - today).days),
        "told": told,
    }
    opens = obligation.date_means == DateMeaning.FROM
    if stage.level == BEFORE:
        if opens:
            title = _("待办提醒：%(title)s（%(subject)s）自%(date)s起可以办理") % values
            body = _("%(subject)s：%(title)s自%(date)s起可以办理，请及时办理。") % values
        elif obligation.due_on < today:  # a reminder caught up after its date (no escalation level applies)
            title = _("逾期提醒：%(title)s（%(subject)s）已逾期%(days)d天") % values
            body = _("%(subject)s：%(title)s的截止日期是%(date)s，已逾期%(days)d天，请尽快办理。") % values
        elif values["days"] == 0:
            title = _("待办提醒：%(title)s（%(subject)s）今天截止") % values
            body = _("%(subject)s：%(title)s的截止日期是%(date)s，请于今天办结。") % values
        else:
            title = _("待办提醒：%(title)s（%(subject)s）将于%(date)s截止") % values
            body = _("%(subject)s：%(title)s的截止日期是%(date)s，还有%(days)d天。") % values
    elif opens:
        title = _("逾期提醒：%(title)s（%(subject)s）已%(days)d天未办理") % values
        body = (
            _("%(subject)s：%(title)s自%(date)s起可以办理，至今已%(days)d天未办理，已告知%(told)s。") % values
        )
    else:
        title = _("逾期提醒：%(title)s（%(subject)s）已逾期%(days)d天") % values
        body = _("%(subject)s：%(title)s的截止日期是%(date)s，已逾期%(days)d天，已告知%(told)s。") % values
    if obligation.article:
        body += _("依据：%(article)s。") % {"article": obligation.article}
    return title, body
