"""The base file's tenure sections (ch. 4): cooperation agreements with stations (Art. 8), research topics
(Arts. 3, 12), postdocs by appointment state (Arts. 13-15), mid-term and exit assessments (Arts. 17-18) and
outputs with the Art. 22 achievements. Registered from ``TenureConfig.ready``.

Each section reads one base's rows through the feature's own scoping selector (``agreements_visible_to``,
``topics_visible_to``, ``appointments_visible_to``, ``assessments_visible_to``, ``outputs_visible_to``)
narrowed to the base, so it shows a reader no row the feature's own list would not, and only the columns those
lists show (names and states; never an ID number). A fixed number of queries each: the counts in one grouped
query, the latest ``SECTION_ROWS`` rows in another."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.oversight.basefile import Section, register_section
from postdoc_base.oversight.permissions import base_keeper_assignment
from postdoc_base.policy.articles import ART13, ART17, ART22
from postdoc_base.policy.tenure import AssessmentKind

from .assessments.enums import AssessmentState
from .assessments.selectors import assessments_visible_to
from .exits.selectors import ACHIEVEMENT_OUTPUTS
from .outputs.enums import OutputKind, OutputState
from .outputs.selectors import outputs_visible_to
from .recruitment.enums import ART8, ART12
from .recruitment.selectors import agreements_visible_to, topics_visible_to
from .stay.enums import AppointmentState
from .stay.selectors import appointments_visible_to

# The latest rows each section lists; the feature's own list (one click away) has the rest.
SECTION_ROWS = 20


def _counted(qs, field: str, choices) -> list[tuple[str, str, int]]:
    """(value, label, count) for every choice, zeros included, from one grouped query."""
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("id")))
    return [(value, label, counts.get(value, 0)) for value, label in choices]


def agreements_context(base, user) -> dict:
    """Art. 8: the base's cooperation agreements with stations (two queries)."""
    qs = agreements_visible_to(user).filter(base=base)
    return {"rows": list(qs[:SECTION_ROWS]), "total": qs.count(), "limit": SECTION_ROWS}


def topics_context(base, user) -> dict:
    """Arts. 3, 12(2): the base's research topics; a bureau sees the published ones, as on the topics board
    (two queries). The base's unit and the region open a topic's own page, others its public page."""
    qs = topics_visible_to(user).filter(base=base)
    manages = base_keeper_assignment(user, base) is not None or region_admin_assignment(user) is not None
    return {"rows": list(qs[:SECTION_ROWS]), "total": qs.count(), "limit": SECTION_ROWS, "manages": manages}


def appointments_context(base, user) -> dict:
    """Arts. 13-15: the base's postdocs by appointment state (counts) and the latest appointments (two
    queries); names and states only, as on the appointment list."""
    qs = appointments_visible_to(user).filter(base=base)
    counts = _counted(qs, "state", AppointmentState.choices)
    list_url = reverse("tenure:appointment_list") + "?" + urlencode({"base": base.pk})
    return {
        "counts": counts,
        "rows": list(qs[:SECTION_ROWS]),
        "total": sum(n for _v, _l, n in counts),
        "limit": SECTION_ROWS,
        "list_url": list_url,
    }


def assessments_context(base, user) -> dict:
    """Arts. 17-18: the base's mid-term and exit assessments, counted by kind and graded, and the latest
    (two queries)."""
    qs = assessments_visible_to(user).filter(appointment__base=base)
    rows = (
        qs.order_by()
        .values_list("kind")
        .annotate(n=Count("id"), graded=Count("id", filter=Q(state=AssessmentState.GRADED)))
    )
    found = {kind: (n, graded) for kind, n, graded in rows}
    kinds = [(value, label, *found.get(value, (0, 0))) for value, label in AssessmentKind.choices]
    return {
        "kinds": kinds,
        "rows": list(qs.order_by("-due_on", "-id")[:SECTION_ROWS]),
        "total": sum(k[2] for k in kinds),
        "limit": SECTION_ROWS,
    }


def _any_achievement() -> Q:
    match = Q()
    for condition in ACHIEVEMENT_OUTPUTS.values():
        match |= condition
    return match


def outputs_context(base, user) -> dict:
    """Arts. 17, 22: the base's confirmed outputs counted by kind, and the confirmed outputs that are one of
    the three Art. 22 achievements (国家资助博士后研究人员计划, 中国博士后科学基金资助, 主持省部级以上项目), the
    latest listed (three queries)."""
    qs = outputs_visible_to(user).filter(appointment__base=base)
    confirmed = qs.filter(state=OutputState.CONFIRMED)
    counts = _counted(confirmed, "kind", OutputKind.choices)
    achievements = confirmed.filter(_any_achievement())
    return {
        "counts": [c for c in counts if c[2]],
        "confirmed_total": sum(c[2] for c in counts),
        "rows": list(achievements[:SECTION_ROWS]),
        "total": achievements.count(),
        "limit": SECTION_ROWS,
    }


SECTIONS = (
    Section(key="tenure_agreements", title=_("合作协议（第八条）"), article=ART8,
            template="tenure/basefile/agreements.html", context=agreements_context, order=20),
    Section(key="tenure_topics", title=_("研究课题（第十二条）"), article=ART12,
            template="tenure/basefile/topics.html", context=topics_context, order=30),
    Section(key="tenure_appointments", title=_("博士后研究人员（第十三条至第十五条）"), article=ART13,
            template="tenure/basefile/appointments.html", context=appointments_context, order=40),
    Section(key="tenure_assessments", title=_("中期考核与出基地考核（第十七条、第十八条）"), article=ART17,
            template="tenure/basefile/assessments.html", context=assessments_context, order=50),
    Section(key="tenure_outputs", title=_("在站成果（第十七条、第二十二条）"), article=ART22,
            template="tenure/basefile/outputs.html", context=outputs_context, order=60),
)  # fmt: skip

for _section in SECTIONS:  # registered on import (TenureConfig.ready)
    register_section(_section)
