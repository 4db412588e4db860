"""The base file's section on Art. 24 (取消备案): whether the base has a postdoc in it now, since when it has had
none and when 2 years would be complete (``policy.oversight.revocation``), and its revocation cases."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART24
from postdoc_base.policy.oversight import empty_base_finding

from ..basefile import Section, register_section
from .models import RevocationCase
from .stays import stays_by_base


def revocation_context(base, user) -> dict:
    """Two queries: the base's stays and its cases."""
    today = timezone.localdate()
    return {
        "art24": empty_base_finding(base.watched_from, stays_by_base([base.pk]).get(base.pk, ()), today),
        "cases": list(RevocationCase.objects.filter(base=base).order_by("-created_at", "-id")),
    }


REVOCATION_SECTION = register_section(
    Section(
        key="revocation",
        title=_("在站情况与取消备案（第二十四条）"),
        article=ART24,
        template="oversight/revocations/_section.html",
        context=revocation_context,
        order=80,
    )
)
