"""What recruitment ends when a base leaves the register (Art. 24; ``oversight.ending``): its published topics
close, whichever way it left; its active cooperation agreements end when its filing is revoked (a base cancelled
because it became a workstation keeps them for the postdocs still in it). Each a step the rules take, with its
own audit event."""

from django.utils.translation import gettext as _

from postdoc_base.oversight.enums import BaseState

from .enums import AgreementState, TopicState
from .models import CooperationAgreement, ResearchTopic
from .workflow import agreement_workflow, topic_workflow


def end_recruitment(base, state: str, on) -> list[str]:
    comment = _("基地已不在备案名单（第二十四条）")
    ended = []
    for topic in ResearchTopic.objects.filter(base=base, state=TopicState.PUBLISHED).order_by("pk"):
        topic_workflow.apply_by_rule(topic, "close", comment=comment, on=on)
        ended.append(_("关闭课题：%(title)s") % {"title": topic.title})
    if state == BaseState.REVOKED:
        agreements = CooperationAgreement.objects.filter(
            base=base, state=AgreementState.ACTIVE
        ).select_related("station")
        for agreement in agreements.order_by("pk"):
            agreement_workflow.apply_by_rule(agreement, "end", comment=comment, on=on)
            ended.append(_("终止合作协议：%(agreement)s") % {"agreement": str(agreement)})
    return ended
